"""Editors use the Wagtail admin: bad input gets a Japanese message and nothing is saved."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from directory.models import Area, ProblemReport, Resource
from directory.services import resource_request_reconfirmation
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def listing_form(**overrides):
    rule = {
        "frequency": "weekly",
        "weekdays": ["2"],
        "start_time": "13:30",
        "end_time": "15:30",
        "closed_over_new_year": "on",
    }
    rule.update(overrides.pop("rule", {}))
    data = {
        "kind": "salon",
        "name": "水曜いきいきサロン",
        "name_kana": "すいようびいきいきさろん",
        "summary": "お茶とおしゃべりの会です。",
        "description": rich_text("<p>どなたでもどうぞ。</p>"),
        "status": "active",
        "area": Area.objects.get(slug="omori-nishi").pk,
        "address": "東京都大田区大森西2-16-2",
        "latitude": "35.576557",
        "longitude": "139.730251",
        "location_privacy": "exact",
        "is_free": "on",
        "schedule_rules": inline_formset([rule]),
        "schedule_exceptions": inline_formset([]),
    }
    data.update(overrides)
    # nested_form_data would flatten the checkbox lists into "-0" keys; post them as lists instead.
    multi = {key: rule.pop(key) for key in ("weekdays", "week_positions") if key in rule}
    form = nested_form_data(data)
    form.update({f"schedule_rules-0-{key}": values for key, values in multi.items()})
    return form


def add(editor, data):
    return editor.post(reverse("wagtailsnippets_directory_resource:add"), data)


def test_a_valid_listing_is_saved_as_a_draft_with_its_schedule(editor):
    response = add(editor, listing_form())
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    resource = Resource.objects.get()
    assert resource.live is False  # saved, not published
    assert resource.schedule_description() == "毎週水曜 13:30〜15:30（年末年始休み）"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"latitude": "35.6812", "longitude": "139.7671"}, "範囲外"),  # 東京駅
        ({"latitude": "139.730251", "longitude": "35.576557"}, "入れ替えていないか"),
        ({"address": ""}, "住所が必要"),
        ({"rule": {"start_time": "15:30", "end_time": "13:30"}}, "終了時刻は開始時刻より後"),
        (
            {
                "rule": {
                    "frequency": "monthly_nth",
                    "week_positions": ["5"],
                    "weekdays": ["1"],
                    "valid_from": "2026-02-01",
                    "valid_until": "2026-02-28",
                }
            },
            "開催日が1日もありません",
        ),
        ({"rule": {"weekdays": []}}, "曜日を1つ以上"),
        ({"is_free": "", "cost": ""}, "費用を入力"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_saves_nothing(editor, overrides, message):
    response = add(editor, listing_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Resource.objects.count() == 0


def test_editors_can_preview_a_listing(editor):
    response = editor.post(
        reverse("wagtailsnippets_directory_resource:preview_on_add"), listing_form()
    )
    assert response.json()["is_valid"] is True
    html = editor.get(reverse("wagtailsnippets_directory_resource:preview_on_add")).content.decode()
    assert "水曜いきいきサロン" in html and "毎週水曜 13:30〜15:30" in html


def test_listing_index_filters_and_exports(editor):
    add(editor, listing_form())
    url = reverse("wagtailsnippets_directory_resource:list")
    assert "水曜いきいきサロン" in editor.get(url, {"kind": "salon"}).content.decode()
    assert "水曜いきいきサロン" not in editor.get(url, {"kind": "food"}).content.decode()
    export = editor.get(url, {"export": "csv"})
    assert export.status_code == 200
    assert "水曜いきいきサロン" in b"".join(export.streaming_content).decode("utf-8")


def test_the_edit_page_shows_open_reports_and_a_reconfirmation_beside_their_fields(editor):
    resource = ResourceFactory(name="ひまわり食堂", phone="03-0000-0001")
    ProblemReport.objects.create(resource=resource, kind="unreachable", comment="電話が通じない")
    ProblemReport.objects.create(resource=resource, kind="outdated", status="done")
    resource_request_reconfirmation(resource=resource, reason="情報が古い（つなぎ不成立）")
    html = editor.get(
        reverse("wagtailsnippets_directory_resource:edit", args=[resource.pk])
    ).content.decode()
    # 連絡がつかない, just before the contact fields; the request, just before 情報確認日.
    assert html.index("電話が通じない") < html.index('name="phone"')
    assert html.index("電話が通じない") > html.index('name="confirmed_on"')
    reason = html.index("情報が古い（つなぎ不成立）")
    assert html.index('name="status"') < reason < html.index('name="confirmed_on"')
    assert html.count("未対応の「情報の誤り」の報告") == 1  # the report that is done is not shown


def test_the_edit_page_of_a_listing_without_problems_shows_no_notice(editor):
    resource = ResourceFactory()
    html = editor.get(
        reverse("wagtailsnippets_directory_resource:edit", args=[resource.pk])
    ).content.decode()
    assert "help-warning" not in html and "再確認の依頼（" not in html

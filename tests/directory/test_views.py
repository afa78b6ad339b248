"""The public pages, tested from the outside as a resident would use them."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from directory.models import (
    AccessibilityFeature,
    Audience,
    Category,
    Frequency,
    Kind,
    Language,
    LocationPrivacy,
    ScheduleException,
    Status,
)
from tests.factories import ResourceFactory, ScheduleRuleFactory, area

pytestmark = pytest.mark.django_db

FRIDAY = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def names(response) -> list[str]:
    return [r.name for r in response.context["page_obj"].object_list]


def test_home_page_offers_keyword_search_kinds_and_all_areas(client, directory_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in html
    assert f'action="{directory_page.url}"' in html and 'name="q"' in html
    for label in ("居場所", "サロン・通いの場", "フード支援", "ボランティア募集"):
        assert label in html
    for area_name in ("大森東", "田園調布", "蒲田西", "羽田"):
        assert area_name in html
    assert html.count("/area/") == 18


def test_directory_lists_published_listings_with_a_count(client, directory_page):
    ResourceFactory(name="水曜いきいきサロン")
    response = client.get(directory_page.url)
    assert response.status_code == 200
    assert names(response) == ["水曜いきいきサロン"]
    assert "1件" in response.content.decode()


def test_drafts_hidden_and_ended_listings_stay_off_the_list(client, directory_page):
    ResourceFactory(name="公開中の会")
    ResourceFactory(name="下書きの会", live=False)
    ResourceFactory(name="非公開の会", location_privacy=LocationPrivacy.HIDDEN)
    ResourceFactory(name="終了した会", status=Status.ENDED)
    assert names(client.get(directory_page.url)) == ["公開中の会"]


def test_draft_and_hidden_detail_pages_are_not_found(client, directory_page):
    draft = ResourceFactory(live=False)
    hidden = ResourceFactory(location_privacy=LocationPrivacy.HIDDEN)
    assert client.get(directory_page.resource_url(draft)).status_code == 404
    assert client.get(directory_page.resource_url(hidden)).status_code == 404


def test_unpublished_changes_never_reach_the_public_page(client, directory_page):
    resource = ResourceFactory(name="公開済みの名前")
    resource.save_revision()  # the published state
    resource.name = "まだ承認されていない名前"
    resource.save_revision()  # a draft: DraftStateMixin keeps the live row unchanged
    html = client.get(directory_page.resource_url(resource)).content.decode()
    assert "公開済みの名前" in html
    assert "まだ承認されていない名前" not in html


def test_approximate_location_shows_the_area_but_not_the_address(client, directory_page):
    resource = ResourceFactory(
        location_privacy=LocationPrivacy.APPROXIMATE,
        address="東京都大田区大森西9-9-9 山田様方",
        access="梅屋敷駅から徒歩3分",
        venue="山田さんの自宅",
        latitude=Decimal("35.571111"),
        longitude=Decimal("139.722222"),
    )
    html = client.get(directory_page.resource_url(resource)).content.decode()
    assert "大森西エリア" in html
    for secret in ("9-9-9", "山田", "梅屋敷駅から徒歩3分", "35.571111", "139.722222"):
        assert secret not in html


def test_detail_page_shows_everything_public(client, directory_page):
    resource = ResourceFactory(
        name="ひだまりサロン",
        summary="お茶を飲みながらおしゃべりする会です。",
        phone="03-0000-1234",
        is_free=False,
        cost="1回100円",
        capacity=15,
        newcomer_welcome=True,
        confirmed_on=dt.date(2026, 11, 27),
        confirmed_by="代表（電話で確認）",
        easy_japanese_summary="だれでも きて ください。",
    )
    ScheduleRuleFactory(
        resource=resource,
        frequency=Frequency.MONTHLY_NTH_WEEKDAY,
        weekdays=[1],
        week_positions=[2, 4],
    )
    with time_machine.travel(FRIDAY):
        html = client.get(directory_page.resource_url(resource)).content.decode()
    for text in (
        "ひだまりサロン",
        "お茶を飲みながら",
        "03-0000-1234",
        "1回100円",
        "15人",
        "初めての方歓迎",
        "毎月第2・第4火曜 13:30〜15:30",
        "2026年12月8日（火）",
        "情報確認日: 2026年11月27日（金）（代表（電話で確認））",
        resource.organization.name,
        "だれでも きて ください。",
    ):
        assert text in html, text


def test_detail_page_marks_a_cancelled_date_as_a_holiday(client, directory_page):
    rule = ScheduleRuleFactory()  # 毎週水曜
    ScheduleException.objects.create(
        resource=rule.resource, date=dt.date(2026, 12, 2), cancelled=True
    )
    with time_machine.travel(FRIDAY):
        html = client.get(directory_page.resource_url(rule.resource)).content.decode()
    assert "<del>2026年12月2日（水）</del> <strong>休み</strong>" in html
    assert "2026年12月9日（水）" in html


def test_filters_combine_and_live_in_the_url(client, directory_page):
    go = Category.objects.get(slug="go-shogi")
    elders = Audience.objects.get(slug="older-people")
    ResourceFactory(name="大森西の囲碁", categories=[go], audiences=[elders])
    ResourceFactory(
        name="大森西の体操", categories=[Category.objects.get(slug="exercise")], audiences=[elders]
    )
    ResourceFactory(name="蒲田の囲碁", categories=[go], area=area("kamata-nishi"))
    response = client.get(
        directory_page.url,
        {"area": "omori-nishi", "category": "go-shogi", "audience": "older-people"},
    )
    assert names(response) == ["大森西の囲碁"]
    assert names(client.get(directory_page.url, {"region": "kamata"})) == ["蒲田の囲碁"]
    assert names(client.get(directory_page.url, {"category": "go-shogi"})) == [
        "大森西の囲碁",
        "蒲田の囲碁",
    ]


def test_kind_free_language_and_barrier_free_filters(client, directory_page):
    english = Language.objects.get(slug="en")
    wheelchair = AccessibilityFeature.objects.get(slug="wheelchair")
    chairs = AccessibilityFeature.objects.get(slug="chairs")
    food = ResourceFactory(name="フードパントリー", kind=Kind.FOOD)
    food.languages.set([english])
    food.accessibility_features.set([wheelchair])
    food.save()
    paid = ResourceFactory(name="有料の会", is_free=False, cost="100円")
    paid.accessibility_features.set([chairs])
    paid.save()
    assert names(client.get(directory_page.url, {"kind": "food"})) == ["フードパントリー"]
    assert names(client.get(directory_page.url, {"free": "on"})) == ["フードパントリー"]
    assert names(client.get(directory_page.url, {"language": "en"})) == ["フードパントリー"]
    assert names(client.get(directory_page.url, {"barrier_free": "on"})) == ["フードパントリー"]


def test_weekday_and_time_of_day_filters(client, directory_page):
    ScheduleRuleFactory(
        resource=ResourceFactory(name="水曜午後の会"), weekdays=[2], start_time=dt.time(13, 30)
    )
    ScheduleRuleFactory(
        resource=ResourceFactory(name="月木午前の会"),
        weekdays=[0, 3],
        start_time=dt.time(10),
        end_time=dt.time(11),
    )
    assert names(client.get(directory_page.url, {"weekday": "3"})) == ["月木午前の会"]
    assert names(client.get(directory_page.url, {"weekday": "2", "time_of_day": "afternoon"})) == [
        "水曜午後の会"
    ]
    assert names(client.get(directory_page.url, {"weekday": "2", "time_of_day": "morning"})) == []


def test_this_week_finds_only_listings_meeting_in_the_next_seven_days(client, directory_page):
    # The next dates are computed when the schedule is saved, from that day on.
    with time_machine.travel(FRIDAY):
        ScheduleRuleFactory(resource=ResourceFactory(name="毎週水曜の会"))
        ScheduleRuleFactory(
            resource=ResourceFactory(name="来月だけの会"),
            frequency=Frequency.ONCE,
            weekdays=[],
            date=dt.date(2026, 12, 20),
        )
        cancelled = ScheduleRuleFactory(resource=ResourceFactory(name="今週休みの会"))
        ScheduleException.objects.create(
            resource=cancelled.resource, date=dt.date(2026, 12, 2), cancelled=True
        )
        assert names(client.get(directory_page.url, {"this_week": "on"})) == ["毎週水曜の会"]


def test_keyword_searches_name_reading_and_summary(client, directory_page):
    ResourceFactory(name="子ども食堂ひまわり", name_kana="こどもしょくどうひまわり")
    ResourceFactory(name="囲碁クラブ", summary="初心者も歓迎の囲碁の会")
    assert names(client.get(directory_page.url, {"q": "食堂"})) == ["子ども食堂ひまわり"]
    assert names(client.get(directory_page.url, {"q": "ひまわり"})) == ["子ども食堂ひまわり"]
    assert names(client.get(directory_page.url, {"q": "初心者"})) == ["囲碁クラブ"]


def test_bad_filter_values_get_a_message_not_an_error(client, directory_page):
    ResourceFactory(name="ある会")
    response = client.get(
        directory_page.url, {"area": "atlantis", "weekday": "9", "kind": "<script>"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "条件の一部が正しくないため" in html
    assert "<script>" not in html


def test_empty_result_explains_what_to_do(client, directory_page):
    response = client.get(directory_page.url, {"q": "存在しないキーワード"})
    html = response.content.decode()
    assert "条件にあう場所は見つかりませんでした" in html
    assert "すべての場所を表示する" in html


def test_pages_of_twenty_keep_the_filters_in_their_links(client, directory_page):
    for n in range(25):
        ResourceFactory(name=f"会{n:02d}", name_kana=f"かい{n:02d}", kind=Kind.SALON)
    first = client.get(directory_page.url, {"kind": "salon"})
    assert len(names(first)) == 20
    assert "25件（1／2ページ）" in first.content.decode()
    assert "?kind=salon&amp;page=2" in first.content.decode()
    second = client.get(directory_page.url, {"kind": "salon", "page": "2"})
    assert len(names(second)) == 5
    # A page number past the end shows the last page rather than an error.
    assert names(client.get(directory_page.url, {"kind": "salon", "page": "99"})) == names(second)


def test_area_page_lists_only_its_area_with_counts(client, directory_page):
    ResourceFactory(name="大森西のサロン", kind=Kind.SALON)
    ResourceFactory(name="羽田の居場所", area=area("haneda"))
    response = client.get(directory_page.area_url(area("omori-nishi")))
    html = response.content.decode()
    assert response.status_code == 200
    assert names(response) == ["大森西のサロン"]
    assert "大森西エリア" in html and "サロン・通いの場 1件" in html
    assert client.get(f"{directory_page.url}area/atlantis/").status_code == 404


def test_paused_listing_is_listed_with_its_status(client, directory_page):
    ResourceFactory(name="お休み中の会", status=Status.PAUSED)
    html = client.get(directory_page.url).content.decode()
    assert "お休み中の会" in html and "休止中" in html


def test_listing_text_is_escaped(client, directory_page):
    resource = ResourceFactory(
        name='<script>alert("x")</script>', summary="<img src=x onerror=alert(1)>"
    )
    html = (
        client.get(directory_page.url).content.decode()
        + client.get(directory_page.resource_url(resource)).content.decode()
    )
    assert "<script>alert" not in html and "<img src=x" not in html


def test_dates_read_in_japanese_with_the_weekday(directory_page):
    from django.template import Context, Template

    with time_machine.travel(FRIDAY):
        rendered = Template("{{ today|date }}").render(Context({"today": timezone.localdate()}))
    assert rendered == "2026年11月27日（金）"

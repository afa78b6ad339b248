"""The workspace pages, used as a coordinator would use them."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from directory.models import Category
from matching import services
from matching.models import (
    AuditEntry,
    Client,
    FollowUp,
    Placement,
    ReferralSource,
    ResourceGap,
    Stage,
)
from matching.services import STALE_MESSAGE
from tests.factories import ResourceFactory, ScheduleRuleFactory, login_verified
from tests.markup import described_by_without_target
from tests.matching.conftest import NOW, TODAY
from tests.matching.factories import ClientFactory, FollowUpFactory, ResourceGapFactory, area

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_omori(client, coordinator_omori):
    login_verified(client, coordinator_omori)
    return client


def html(response) -> str:
    return response.content.decode()


def client_form_data(**overrides):
    data = {
        "area": area().pk,
        "age_band": "70s",
        "interests": [Category.objects.get(slug="go-shogi").pk],
        "strengths": "聞き上手",
        "wishes": "週1回外に出たい",
        "free_weekdays": ["2"],
        "free_times": ["1"],
        "referral_source": ReferralSource.objects.get(slug="minsei-iin").pk,
        "referred_on": "2026-11-20",
        "consent_given_on": "2026-11-20",
        "consent_scope": "host",
        "consent_method": "written",
    }
    data.update(overrides)
    return data


def test_the_login_page_is_in_japanese_and_leads_to_the_workspace(client, coordinator_omori):
    coordinator_omori.set_password("correct-horse-battery")
    coordinator_omori.save()
    page = client.get(reverse("matching:login"))
    assert page.status_code == 200 and "コーディネーター ログイン" in html(page)
    response = client.post(
        reverse("matching:login"),
        {"username": "coord_omori", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("matching:dashboard")


def test_a_wrong_password_gets_an_error_summary(client, coordinator_omori):
    response = client.post(reverse("matching:login"), {"username": "coord_omori", "password": "x"})
    assert response.status_code == 200
    assert 'role="alert"' in html(response)


def test_the_dashboard_shows_overdue_and_this_weeks_follow_ups(as_omori, coordinator_omori):
    client = ClientFactory(coordinator=coordinator_omori)
    placement = Placement.objects.create(
        client=client,
        resource=ResourceFactory(name="水曜サロン"),
        proposed_on=dt.date(2026, 8, 1),
        started_on=dt.date(2026, 8, 1),
        stage=Stage.STARTED,
        coordinator=coordinator_omori,
    )
    FollowUp.objects.create(placement=placement, offset_days=91, due_on=dt.date(2026, 10, 31))
    FollowUp.objects.create(placement=placement, offset_days=120, due_on=dt.date(2026, 11, 28))
    page = html(as_omori.get(reverse("matching:dashboard")))
    assert '期限を過ぎたフォローアップ <span class="count">1件</span>' in page
    assert '今週のフォローアップ（11月23日〜11月29日） <span class="count">1件</span>' in page
    assert client.case_code in page


def test_the_dashboards_count_and_the_list_it_links_to_say_the_same_number(
    as_omori, coordinator_omori, coordinator_kamata
):
    for _ in range(2):
        ClientFactory(coordinator=coordinator_omori)
    ClientFactory(coordinator=coordinator_omori, status="closed")
    ClientFactory(coordinator=coordinator_kamata)  # a colleague's client in the same area
    page = html(as_omori.get(reverse("matching:dashboard")))
    link = re.search(r'href="([^"]+)">担当している支援中の本人 2人</a>', page)
    assert link, page
    listed = html(as_omori.get(link.group(1).replace("&amp;", "&")))
    assert '<p class="results__count" role="status">2人</p>' in listed
    everyone = html(as_omori.get(reverse("matching:client_list")))
    assert "4人<span" in everyone and "支援中・支援終了・同意撤回" in everyone


def test_a_gap_with_no_place_reads_as_such_on_the_board(as_omori):
    ResourceGapFactory(area=area("magome"), reason="none")
    page = html(as_omori.get(reverse("matching:gap_list")))
    assert "理由: 合う場がない" in page and "理由: ない" not in page


def test_scrolling_tables_can_be_reached_from_the_keyboard(as_omori):
    page = html(as_omori.get(reverse("matching:indicators")))
    assert '<div class="table-wrap" tabindex="0" role="region" aria-labelledby=' in page


def test_registering_a_client_gives_a_case_code_and_opens_the_record(as_omori):
    response = as_omori.post(reverse("matching:client_create"), client_form_data())
    client = Client.objects.get()
    assert client.case_code == "OTA-2026-0001"
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:client_detail", args=[client.case_code])
    page = html(as_omori.get(response["Location"]))
    assert "本人 OTA-2026-0001" in page and "囲碁・将棋" in page and "聞き上手" in page


def test_the_client_form_asks_for_no_name_and_offers_only_covered_areas(as_omori):
    page = html(as_omori.get(reverse("matching:client_create")))
    assert "氏名" in page  # only in the sentence saying that no name is entered
    assert 'name="name"' not in page and 'name="address"' not in page
    assert ">大森西<" in page and ">蒲田西<" not in page


def test_bad_input_is_reported_in_an_error_summary_and_nothing_is_saved(as_omori):
    response = as_omori.post(
        reverse("matching:client_create"),
        client_form_data(
            referral_source="", referred_on="2027-01-01", area=area("kamata-nishi").pk
        ),
    )
    page = html(response)
    assert response.status_code == 200
    assert '<div class="error-summary" role="alert"' in page
    assert 'href="#id_referral_source"' in page and 'aria-invalid="true"' in page
    assert re.search(r'aria-describedby="[^"]*id_referral_source_error', page)
    assert described_by_without_target(page) == []
    assert not Client.objects.exists()


def test_errors_on_a_group_of_radio_buttons_describe_the_whole_group(as_omori):
    follow_up = FollowUpFactory(placement__stage=Stage.STARTED)
    response = as_omori.post(reverse("matching:follow_up_record", args=[follow_up.pk]), {})
    page = html(response)
    assert re.search(r'<fieldset[^>]*aria-describedby="id_outcome_error"', page)
    assert '<p class="field__error" id="id_outcome_error">' in page
    assert described_by_without_target(page) == []
    assert not FollowUp.objects.filter(done_on__isnull=False).exists()


def test_a_service_error_appears_on_the_form(as_omori):
    response = as_omori.post(
        reverse("matching:client_create"), client_form_data(referred_on="2026-12-01")
    )
    assert "未来の日付は入力できません。" in html(response)
    assert not Client.objects.exists()


def test_the_client_list_filters_by_area_status_referral_source_and_interest(
    as_omori, coordinator_omori
):
    go = Category.objects.get(slug="go-shogi")
    a = ClientFactory(area=area("omori-nishi"), interests=[go], coordinator=coordinator_omori)
    b = ClientFactory(area=area("magome"), status="closed")
    c = ClientFactory(
        area=area("magome"), referral_source=ReferralSource.objects.get(slug="jobota")
    )
    ClientFactory(area=area("kamata-nishi"))  # another region: never listed

    def listed(**params):
        page = as_omori.get(reverse("matching:client_list"), params)
        return {x.case_code for x in page.context["page_obj"].object_list}

    assert listed() == {a.case_code, b.case_code, c.case_code}
    assert listed(area=area("magome").pk) == {b.case_code, c.case_code}
    assert listed(status="closed") == {b.case_code}
    assert listed(referral_source=ReferralSource.objects.get(slug="jobota").pk) == {c.case_code}
    assert listed(interests=[go.pk]) == {a.case_code}
    assert listed(coordinator=coordinator_omori.pk) == {a.case_code}
    assert listed(case_code=a.case_code[-4:]) == {a.case_code}


def test_saving_an_edit_made_on_an_old_page_is_refused_with_a_clear_message(as_omori, omori):
    client = services.client_create(actor=omori, data={**services_data(), "wishes": "最初の希望"})
    stale = client_form_data(version=1, wishes="二人目の編集")
    services.client_update(
        actor=omori, client=client, version=1, data={**services_data(), "wishes": "先に保存"}
    )
    response = as_omori.post(reverse("matching:client_update", args=[client.case_code]), stale)
    assert STALE_MESSAGE in html(response)
    client.refresh_from_db()
    assert client.wishes == "先に保存" and client.version == 2


def services_data():
    return {
        "area": area(),
        "age_band": "70s",
        "referral_source": ReferralSource.objects.get(slug="minsei-iin"),
        "referred_on": dt.date(2026, 11, 20),
        "consent_given_on": dt.date(2026, 11, 20),
        "consent_scope": "host",
        "consent_method": "written",
    }


def test_suggestions_show_reasons_and_lead_to_a_proposal(as_omori):
    go = Category.objects.get(slug="go-shogi")
    client = ClientFactory(interests=[go], free_weekdays=[2], free_times=[1])
    listing = ResourceFactory(name="水曜囲碁クラブ", categories=[go], companion_welcome=True)
    ScheduleRuleFactory(resource=listing)
    page = html(as_omori.get(reverse("matching:client_suggestions", args=[client.case_code])))
    assert "水曜囲碁クラブ" in page and "関心: 囲碁・将棋 ✓ · 0.0 km · 水曜午後 ✓" in page
    propose_url = reverse("matching:placement_create", args=[client.case_code])
    assert f"{propose_url}?resource={listing.pk}" in page
    form = as_omori.get(propose_url, {"resource": listing.pk})
    assert form.status_code == 200
    response = as_omori.post(
        propose_url, {"resource": listing.pk, "proposed_on": "2026-11-27", "note": ""}
    )
    placement = Placement.objects.get()
    assert response["Location"] == reverse("matching:placement_detail", args=[placement.pk])
    assert placement.stage == Stage.PROPOSED


def test_when_nothing_fits_one_click_opens_a_gap_filled_in_from_the_client(as_omori):
    go = Category.objects.get(slug="go-shogi")
    client = ClientFactory(interests=[go], free_weekdays=[4], free_times=[2])
    page = html(as_omori.get(reverse("matching:client_suggestions", args=[client.case_code])))
    assert "条件にあう地域資源が見つかりませんでした" in page
    gap_url = f"{reverse('matching:gap_create')}?client={client.case_code}"
    assert gap_url in page
    form = as_omori.get(gap_url).context["form"]
    assert form.initial["area"] == client.area_id and form.initial["category"] == go
    assert form.initial["weekdays"] == [4] and form.initial["times_of_day"] == [2]
    response = as_omori.post(
        reverse("matching:gap_create"),
        {
            "area": client.area_id,
            "category": go.pk,
            "weekdays": ["4"],
            "times_of_day": ["2"],
            "reason": "none",
            "description": "金曜夜に囲碁ができる場所",
            "opened_on": "2026-11-27",
            "client_code": client.case_code,
        },
    )
    gap = ResourceGap.objects.get()
    assert response["Location"] == reverse("matching:gap_detail", args=[gap.pk])
    assert list(gap.clients.all()) == [client]


def test_a_placement_without_consent_is_refused_on_the_page(as_omori):
    client = ClientFactory(consent_given_on=None, consent_scope="", consent_method="")
    listing = ResourceFactory()
    url = reverse("matching:placement_create", args=[client.case_code])
    response = as_omori.post(url, {"resource": listing.pk, "proposed_on": "2026-11-27"})
    assert "同意が記録されていないため" in html(response)
    assert not Placement.objects.exists()


def test_transitions_follow_ups_and_the_settlement_prompt_work_through_the_pages(as_omori, omori):
    client = ClientFactory(referred_on=dt.date(2026, 7, 1))
    placement = services.placement_propose(
        actor=omori, client=client, resource=ResourceFactory(), proposed_on=dt.date(2026, 7, 10)
    )
    url = reverse("matching:placement_transition", args=[placement.pk])
    detail = reverse("matching:placement_detail", args=[placement.pk])
    response = as_omori.post(url, {"version": 1, "to_stage": "started", "on_date": "2026-08-01"})
    assert response["Location"] == detail
    page = html(as_omori.get(detail))
    assert "参加開始" in page and "期限切れ" in page  # the 14/30/91-day follow-ups are overdue
    three_months = FollowUp.objects.get(placement=placement, offset_days=91)
    record_url = reverse("matching:follow_up_record", args=[three_months.pk])
    too_early = as_omori.post(
        record_url,
        {
            "done_on": "2026-07-31",
            "method": "phone",
            "outcome": "continuing",
            "wellbeing": "4",
            "new_connections": "0",
        },
    )
    assert "参加開始日（2026年8月1日）より前にはできません" in html(too_early)
    as_omori.post(
        record_url,
        {
            "done_on": "2026-11-02",
            "method": "at_place",
            "outcome": "continuing",
            "wellbeing": "4",
            "new_connections": "2",
        },
    )
    page = html(as_omori.get(detail))
    assert "定着にしますか？" in page
    as_omori.post(url, {"version": 2, "to_stage": "settled", "on_date": "2026-11-27"})
    placement.refresh_from_db()
    assert placement.stage == Stage.SETTLED and placement.settled_on == TODAY
    assert "定着にしますか？" not in html(as_omori.get(detail))


def test_an_impossible_transition_posted_by_hand_is_refused(as_omori, omori):
    placement = services.placement_propose(
        actor=omori, client=ClientFactory(), resource=ResourceFactory()
    )
    url = reverse("matching:placement_transition", args=[placement.pk])
    response = as_omori.post(url, {"version": 1, "to_stage": "settled", "on_date": "2026-11-27"})
    assert response.status_code == 200 and 'role="alert"' in html(response)
    response = as_omori.post(
        url, {"version": 1, "to_stage": "not_realised", "on_date": "2026-11-27"}
    )
    assert "不成立の理由を選んでください。" in html(response)
    placement.refresh_from_db()
    assert placement.stage == Stage.PROPOSED


def test_withdrawing_consent_through_the_page_freezes_the_record(as_omori):
    client = ClientFactory()
    as_omori.post(
        reverse("matching:client_withdraw", args=[client.case_code]),
        {"version": 1, "withdrawn_on": "2026-11-27", "confirm": "on"},
    )
    client.refresh_from_db()
    assert client.status == "withdrawn"
    response = as_omori.get(reverse("matching:client_update", args=[client.case_code]))
    assert response.status_code == 302
    page = html(as_omori.get(response["Location"]))
    assert "凍結されています" in page and "編集する" not in page


def test_the_gap_board_groups_gaps_by_region_and_area_with_counts(as_omori):
    gap = ResourceGapFactory(area=area("magome"), category=Category.objects.get(slug="chat"))
    gap.clients.set([ClientFactory(), ClientFactory()])
    ResourceGapFactory(area=area("kamata-nishi"))  # another region
    page = html(as_omori.get(reverse("matching:gap_list")))
    assert "大森地域" in page and "馬込" in page and "本人 2人" in page
    assert "蒲田地域" not in page


def test_the_indicators_page_draws_charts_without_javascript(as_omori):
    page = html(as_omori.get(reverse("matching:indicators")))
    assert "<svg" in page and 'role="img"' in page and "<script" not in page.split("<main")[1]
    assert "2026年度" in page and "大森西" in page and "蒲田西" not in page


def test_the_indicators_csv_holds_counts_and_no_case_codes(as_omori, omori):
    client = ClientFactory(referred_on=dt.date(2026, 7, 1))
    placement = services.placement_propose(
        actor=omori, client=client, resource=ResourceFactory(), proposed_on=dt.date(2026, 7, 10)
    )
    services.placement_transition(
        actor=omori, placement=placement, to_stage="started", version=1, on_date=dt.date(2026, 8, 3)
    )
    response = as_omori.get(reverse("matching:indicators_export"), {"fiscal_year": 2026})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "つなげた件数（参加開始）,月別,2026年8月,＊" in text  # one person: hidden
    assert "OTA-" not in text and client.case_code not in text
    assert AuditEntry.objects.filter(action="export").exists()


def test_workspace_pages_are_never_cached(as_omori):
    response = as_omori.get(reverse("matching:dashboard"))
    assert "no-store" in response["Cache-Control"]


def test_an_idle_coordinator_is_logged_out_after_the_configured_time(
    as_omori, frozen_time, settings
):
    settings.COORDINATOR_IDLE_TIMEOUT_MINUTES = 30
    assert as_omori.get(reverse("matching:dashboard")).status_code == 200
    frozen_time.move_to(NOW + dt.timedelta(minutes=29))
    assert as_omori.get(reverse("matching:client_list")).status_code == 200
    frozen_time.move_to(NOW + dt.timedelta(minutes=29 + 31))
    response = as_omori.get(reverse("matching:client_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("matching:login"))
    assert "next=%2Fcoordinator%2Fclients%2F" in response["Location"]
    page = as_omori.get(response["Location"])
    assert "しばらく操作がなかったため" in html(page)
    assert as_omori.get(reverse("matching:dashboard")).status_code == 302


def test_the_idle_timeout_is_configurable(as_omori, frozen_time, settings):
    settings.COORDINATOR_IDLE_TIMEOUT_MINUTES = 5
    as_omori.get(reverse("matching:dashboard"))
    frozen_time.move_to(NOW + dt.timedelta(minutes=6))
    assert as_omori.get(reverse("matching:dashboard")).status_code == 302


def test_the_coordinator_listing_page_shows_hidden_listings_with_their_address(as_omori):
    hidden = ResourceFactory(name="非公開の会", location_privacy="hidden", address="大森西1-1-1")
    page = html(as_omori.get(reverse("matching:resource_detail", args=[hidden.pk])))
    assert "非公開の会" in page and "大森西1-1-1" in page


def test_the_workspace_navigation_replaces_the_public_menu(as_omori):
    page = html(as_omori.get(reverse("matching:dashboard")))
    assert 'aria-label="参加支援メニュー"' in page and "不足ボード" in page
    assert 'aria-label="メインメニュー"' not in page


def test_the_idle_timeout_watches_only_the_workspace(as_omori, frozen_time, home_page):
    as_omori.get(reverse("matching:dashboard"))
    frozen_time.move_to(NOW + dt.timedelta(hours=2))
    assert as_omori.get("/").status_code == 200
    assert "_auth_user_id" in as_omori.session  # the public site logged nobody out
    assert as_omori.get(reverse("matching:dashboard")).status_code == 302

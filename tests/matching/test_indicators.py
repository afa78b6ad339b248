"""Indicators: counts per fiscal year (April–March), month, region, area and kind — nothing else."""

import datetime as dt

import pytest
from django.urls import reverse

from directory.models import Category, Kind, Region
from matching import services
from matching.indicator_display import indicators_csv_rows
from matching.indicators import indicators_compute
from matching.models import FollowUp, GapStatus, Stage
from tests.factories import ResourceFactory, login_verified
from tests.matching.factories import ClientFactory, ResourceGapFactory, area

pytestmark = pytest.mark.django_db


def start(actor, on, *, area_slug="omori-nishi", kind=Kind.PLACE, end_on=None):
    client = ClientFactory(area=area(area_slug), referred_on=dt.date(2025, 1, 1))
    placement = services.placement_propose(
        actor=actor,
        client=client,
        resource=ResourceFactory(kind=kind),
        proposed_on=on,
    )
    placement = services.placement_transition(
        actor=actor, placement=placement, to_stage=Stage.STARTED, version=1, on_date=on
    )
    if end_on:
        placement = services.placement_transition(
            actor=actor, placement=placement, to_stage=Stage.ENDED, version=2, on_date=end_on
        )
    return placement


def by_label(rows):
    return {r.label: r.total for r in rows}


def test_placements_are_counted_by_fiscal_month_area_region_and_kind(boss):
    start(boss, dt.date(2026, 3, 31))  # fiscal year 2025
    start(boss, dt.date(2026, 4, 1))
    start(boss, dt.date(2026, 4, 20), kind=Kind.SALON)
    start(boss, dt.date(2026, 10, 5), area_slug="kamata-nishi", kind=Kind.VOLUNTEER)
    ind = indicators_compute(user=boss.user, fiscal_year=2026)
    assert [m.month for m in ind.months] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
    assert ind.placements_by_month == [2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert ind.placements_total == 3
    assert by_label(ind.placements_by_area)["大森西"] == 2
    assert by_label(ind.placements_by_area)["蒲田西"] == 1
    assert by_label(ind.placements_by_region) == {"大森": 2, "調布": 0, "蒲田": 1, "糀谷・羽田": 0}
    assert by_label(ind.placements_by_kind) == {
        "居場所": 1,
        "サロン・通いの場": 1,
        "フード支援": 0,
        "ボランティア募集": 1,
    }
    assert indicators_compute(user=boss.user, fiscal_year=2025).placements_total == 1


def test_a_month_region_or_area_narrows_the_counts(boss):
    start(boss, dt.date(2026, 4, 1))
    start(boss, dt.date(2026, 10, 5), area_slug="kamata-nishi")
    april = indicators_compute(user=boss.user, fiscal_year=2026, month=4)
    assert april.placements_total == 1 and april.start == dt.date(2026, 4, 1)
    assert april.end == dt.date(2026, 4, 30)
    january = indicators_compute(user=boss.user, fiscal_year=2026, month=1)
    assert (january.start, january.end) == (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    kamata = Region.objects.get(slug="kamata")
    assert (
        indicators_compute(user=boss.user, fiscal_year=2026, region_id=kamata.pk).placements_total
        == 1
    )
    one_area = indicators_compute(user=boss.user, fiscal_year=2026, area_id=area().pk)
    assert [a.name for a in one_area.areas] == ["大森西"] and one_area.placements_total == 1


def test_coordinators_see_only_their_own_areas(boss, coordinator_omori):
    start(boss, dt.date(2026, 4, 1))
    start(boss, dt.date(2026, 5, 1), area_slug="kamata-nishi")
    ind = indicators_compute(user=coordinator_omori, fiscal_year=2026)
    assert ind.placements_total == 1
    assert "蒲田西" not in by_label(ind.placements_by_area)
    # Asking for an area outside their scope gives nothing rather than someone else's figures.
    other = indicators_compute(
        user=coordinator_omori, fiscal_year=2026, area_id=area("kamata-nishi").pk
    )
    assert other.areas == [] and other.placements_total == 0


def test_the_share_still_attending_at_three_months(boss):
    start(boss, dt.date(2026, 4, 1))  # still attending
    start(boss, dt.date(2026, 4, 1), end_on=dt.date(2026, 5, 1))  # stopped within 91 days
    start(boss, dt.date(2026, 4, 1), end_on=dt.date(2026, 8, 1))  # ended after 3 months
    start(boss, dt.date(2026, 11, 1))  # too recent to judge
    ind = indicators_compute(user=boss.user, fiscal_year=2026)
    assert (ind.retention.numerator, ind.retention.denominator) == (2, 3)
    assert ind.retention.percent == 66.7


def test_follow_ups_done_on_time_late_or_missed(boss, settings):
    settings.FOLLOW_UP_ON_TIME_GRACE_DAYS = 7
    placement = start(boss, dt.date(2026, 8, 1))
    two_weeks, one_month, three_months, _ = placement.follow_ups.order_by("offset_days")
    for f, done in ((two_weeks, dt.date(2026, 8, 20)), (one_month, dt.date(2026, 9, 30))):
        services.follow_up_record(
            actor=boss, follow_up=f, done_on=done, method="phone", outcome="continuing", wellbeing=3
        )
    # three_months (due 2026-10-31) is not done: missed. The 182-day one is not due yet.
    ind = indicators_compute(user=boss.user, fiscal_year=2026)
    assert (ind.follow_ups_on_time.numerator, ind.follow_ups_late, ind.follow_ups_missed) == (
        1,
        1,
        1,
    )
    assert FollowUp.objects.count() == 4


def test_gaps_opened_and_closed_by_area_and_category_and_listings_created_from_them(boss):
    chat = Category.objects.get(slug="chat")
    ResourceGapFactory(area=area("magome"), category=chat, opened_on=dt.date(2026, 5, 1))
    answered = ResourceGapFactory(area=area("magome"), category=chat, opened_on=dt.date(2026, 5, 2))
    services.resource_gap_transition(
        actor=boss, gap=answered, to_status=GapStatus.CREATED, answered_by=ResourceFactory()
    )
    ResourceGapFactory(area=area("haneda"), category=None, opened_on=dt.date(2025, 5, 1))
    ind = indicators_compute(user=boss.user, fiscal_year=2026)
    gaps = {r.label: r.values for r in ind.gaps_by_area}
    assert gaps["馬込"] == [2, 1, 1] and gaps["羽田"] == [0, 0, 0]
    assert {r.label: r.values for r in ind.gaps_by_category} == {"おしゃべり・交流": [2, 1]}
    assert (ind.gaps_opened, ind.gaps_closed, ind.listings_from_gaps_total) == (2, 1, 1)


def test_the_csv_has_only_counts(boss):
    placement = start(boss, dt.date(2026, 6, 1))
    rows = indicators_csv_rows(indicators_compute(user=boss.user, fiscal_year=2026), threshold=1)
    text = "\n".join(",".join(r) for r in rows)
    assert rows[0] == ["指標", "区分", "項目", "値"]
    assert "つなげた件数（参加開始）,月別,2026年6月,1" in text
    assert placement.client.case_code not in text and "OTA-" not in text


def test_the_indicators_page_filters_by_year_month_region_and_area(client, supervisor, boss):
    start(boss, dt.date(2026, 6, 1))
    login_verified(client, supervisor)
    page = client.get(
        reverse("matching:indicators"),
        {"fiscal_year": 2026, "month": 6, "region": Region.objects.get(slug="omori").pk},
    )
    assert page.status_code == 200
    ind = page.context["ind"]
    assert ind.placements_total == 1 and ind.month == dt.date(2026, 6, 1)
    assert "蒲田西" not in [a.name for a in ind.areas]
    nonsense = client.get(reverse("matching:indicators"), {"fiscal_year": "abc", "month": "13"})
    assert nonsense.status_code == 200 and nonsense.context["ind"].fiscal_year == 2026


def test_the_area_chart_and_tables_render_for_a_supervisor(client, supervisor, boss):
    start(boss, dt.date(2026, 6, 1))
    login_verified(client, supervisor)
    page = client.get(reverse("matching:indicators")).content.decode()
    assert "6月: 1件" in page  # the SVG bar's title
    assert page.count("<tr>") >= 18

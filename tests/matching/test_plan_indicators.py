"""The plan's indicator table: known counts per month, area and region, the year before, small
counts hidden for coordinators and in the CSV."""

import datetime as dt

import pytest
from django.urls import reverse

from directory.models import Kind, Region
from matching import services
from matching.models import AuditEntry, ReferralSource
from matching.plan_display import plan_csv_rows, plan_display
from matching.plan_indicators import plan_indicators_compute
from matching.small_counts import HIDDEN
from tests.factories import login_verified
from tests.matching.factories import ClientFactory, area
from tests.matching.test_indicators import start

pytestmark = pytest.mark.django_db


def by_label(table):
    return {ind.label: ind for ind in table.indicators}


@pytest.fixture
def year_of_work(boss):
    """Fiscal 2026 in 大森西 and 蒲田西, and a little of fiscal 2025 to compare with."""
    sapota = ReferralSource.objects.get(slug="sapota")
    for on in (dt.date(2026, 4, 10), dt.date(2026, 4, 11), dt.date(2026, 9, 1)):
        ClientFactory(referral_source=sapota, referred_on=on, consent_given_on=on)
    ClientFactory(referral_source=sapota, referred_on=dt.date(2025, 5, 1))
    for on, slug in ((dt.date(2026, 4, 2), "omori-nishi"), (dt.date(2026, 5, 2), "kamata-nishi")):
        start(boss, on, area_slug=slug)
    start(boss, dt.date(2026, 6, 1), kind=Kind.VOLUNTEER)
    services.community_action_record(
        actor=boss,
        area=area(),
        on=dt.date(2026, 7, 1),
        kind="launch",
        result="launched",
        participants=8,
    )
    services.community_action_record(
        actor=boss,
        area=area("kamata-nishi"),
        on=dt.date(2025, 7, 1),
        kind="volunteers",
        result="done",
        participants=2,
    )
    services.agency_referral_record(
        actor=boss, area=area(), on=dt.date(2026, 8, 3), agency="health"
    )
    client = ClientFactory()
    meeting = services.meeting_record(
        actor=boss,
        area=area(),
        kind="multi_layered",
        on=dt.date(2026, 10, 5),
        attendance={"ward": 2},
        cases=[client],
    )
    services.meeting_record(
        actor=boss, area=area(), kind="case", on=dt.date(2026, 10, 6), attendance={}
    )
    services.outreach_plan_create(
        actor=boss,
        meeting=meeting,
        client=client,
        made_on=dt.date(2026, 10, 5),
        review_on=dt.date(2027, 1, 5),
    )


def test_every_indicator_counts_what_it_says_by_month_and_the_year_before(boss, year_of_work):
    table = plan_indicators_compute(user=boss.user, fiscal_year=2026)
    ind = by_label(table)
    youth = ind["ひきこもり支援室ＳＡＰＯＴＡや若者サポートセンターフラットおおたの支援件数"]
    assert youth.by_month[:6] == [2, 0, 0, 0, 0, 1] and youth.total == 3
    assert youth.previous == 1 and youth.change_percent == 200.0
    placed = ind["地域福祉コーディネート事業（参加支援事業）において地域資源等につなげた件数"]
    assert placed.total == 3 and placed.by_month[:3] == [1, 1, 1]
    assert ind["地域活動を支援した件数又は多様な主体が参加するための事業数"].total == 1
    joined = ind["区民や団体・事業者などが参加した数"]
    assert (joined.total, joined.previous) == (9, 2)  # 8 participants + 1 volunteer placement
    assert ind["他課題に気づき、関係機関につないだ件数"].total == 1
    assert ind["重層的支援会議の件数"].total == 1  # the ケース会議 is not one
    assert ind["重層的支援会議によって作成したアウトリーチ支援プランの件数"].by_month[6] == 1
    assert [i.goal for i in table.indicators] == [1, 1, 2, 2, 3, 3, 3]


def test_areas_regions_and_a_month_narrow_the_table(boss, coordinator_omori, year_of_work):
    kamata = Region.objects.get(slug="kamata")
    table = plan_indicators_compute(user=boss.user, fiscal_year=2026, region_id=kamata.pk)
    assert [a.name for a in table.areas] == ["六郷", "矢口", "蒲田西", "蒲田東"]
    assert by_label(table)["区民や団体・事業者などが参加した数"].previous == 2
    april = plan_indicators_compute(user=boss.user, fiscal_year=2026, month=4)
    placed = april.indicators[1]
    assert (placed.total, placed.by_area[area().pk]) == (1, 1)
    mine = plan_indicators_compute(user=coordinator_omori, fiscal_year=2026)
    assert mine.indicators[1].total == 2  # 蒲田西 is not theirs


def test_the_display_hides_small_counts_unless_a_supervisor_looks(boss, year_of_work):
    table = plan_indicators_compute(user=boss.user, fiscal_year=2026)
    open_view = plan_display(table, protect=False, threshold=3)
    assert open_view.rows[0].months[0] == "2" and open_view.rows[0].change == "+200.0%"
    shown = plan_display(table, protect=True, threshold=3)
    youth = shown.rows[0]
    assert youth.months[0] == HIDDEN and youth.total == "3" and youth.change == "—"
    for row in shown.rows:
        assert not {"1", "2"} & {*row.months, row.total, row.previous}
    for area_row in shown.area_rows:
        assert not {"1", "2"} & set(area_row.values)
    rows = plan_csv_rows(table)
    assert rows[0] == ["基本目標", "指標", "区分", "項目", "値"]
    assert rows[-1][0] == "注"
    assert not any(r[4] in ("1", "2") for r in rows[2:])


def test_the_page_and_its_csv_for_a_supervisor_and_a_coordinator(
    client, supervisor, coordinator_omori, year_of_work
):
    login_verified(client, supervisor)
    page = client.get(reverse("matching:plan_indicators"), {"fiscal_year": 2026}).content.decode()
    assert "基本目標１「つながりを感じることができる地域をめざします」" in page
    assert "重層的支援会議によって作成したアウトリーチ支援プランの件数" in page
    assert "+200.0%" in page and "＊ は伏せた件数です" not in page
    response = client.get(reverse("matching:plan_indicators_export"), {"fiscal_year": 2026})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == 'attachment; filename="plan-indicators-2026.csv"'
    assert "重層的支援会議の件数,合計,2026年度,＊" in text and "OTA-" not in text
    assert AuditEntry.objects.filter(action="export", detail="plan-indicators-2026").exists()
    client.logout()
    login_verified(client, coordinator_omori)
    page = client.get(reverse("matching:plan_indicators"), {"fiscal_year": 2026}).content.decode()
    assert "＊ は伏せた件数です" in page and "蒲田西" not in page


def test_the_plan_table_is_refused_to_people_without_a_workspace_role(client, editor):
    login_verified(client, editor)
    assert client.get(reverse("matching:plan_indicators")).status_code == 403
    assert client.get(reverse("matching:plan_indicators_export")).status_code == 403

"""A supervisor reads the plan's indicator table on a phone and downloads it for the 推進会議.

The table and its CSV come from activity records and placements made through the services; the
page passes axe-core (WCAG 2.2 AA), its wide tables scroll inside a focusable region, and the
file holds counts only, small ones hidden.
"""

from pathlib import Path

from django.utils import timezone

from directory.dates import fiscal_year
from matching.models import ReferralSource, Role
from matching.reference_data import load_referral_sources
from matching.services import Actor, agency_referral_record, coordinator_assign, meeting_record
from tests.browser.conftest import axe_violations, sign_in
from tests.matching.factories import UserFactory, area

PASSWORD = "browser-test-password-2026"


def test_a_supervisor_walks_through_the_plan_table_and_exports_it(site, phone):
    load_referral_sources(ReferralSource)
    boss = UserFactory(username="supervisor")
    boss.set_password(PASSWORD)
    boss.save()
    coordinator_assign(user=boss, role=Role.SUPERVISOR)
    actor = Actor(user=boss)
    today = timezone.localdate()
    for _ in range(4):
        meeting_record(actor=actor, area=area(), kind="multi_layered", on=today, attendance={})
    agency_referral_record(actor=actor, area=area("magome"), on=today, agency="health")

    page = phone
    sign_in(page, site[0] + "/coordinator/", "supervisor", PASSWORD)
    page.get_by_role("link", name="計画の指標").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("計画の指標")
    table = page.get_by_role("table", name="基本目標と指標（月別・年度計・前年同期比）")
    meetings = table.get_by_role("row").filter(has_text="重層的支援会議の件数").first
    assert meetings.locator("td strong").inner_text() == "4"  # a supervisor sees every count
    assert page.get_by_role(
        "region", name="基本目標と指標（月別・年度計・前年同期比）"
    ).is_visible()
    assert axe_violations(page) == []

    with page.expect_download() as info:
        page.get_by_role("link", name="CSVで書き出す").click()
    download = info.value
    assert download.suggested_filename == f"plan-indicators-{fiscal_year(today)}.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "重層的支援会議の件数,合計" in text and "OTA-" not in text
    referrals = [line for line in text.splitlines() if line.startswith("基本目標3,他課題")]
    assert any(line.endswith(",合計," + f"{fiscal_year(today)}年度,＊") for line in referrals)

"""A coordinator takes a client from referral to 定着 in a real browser, on a phone.

client → suggestions → placement → follow-up → 定着, through the workspace pages only. The pages
on the way pass axe-core (WCAG 2.2 AA).
"""

import datetime as dt

import pytest
from django.utils import timezone

from directory.models import Category, Region
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import ResourceFactory, ScheduleRuleFactory

PASSWORD = "browser-test-password-2026"


@pytest.fixture
def workspace(site):
    """The live site with referral sources (the flush removed them), a coordinator and a listing."""
    from matching.models import ReferralSource
    from matching.reference_data import load_referral_sources
    from matching.services import coordinator_assign
    from tests.matching.factories import UserFactory

    load_referral_sources(ReferralSource)
    user = UserFactory(username="coord_omori")
    user.set_password(PASSWORD)
    user.save()
    coordinator_assign(user=user, regions=[Region.objects.get(slug="omori")])
    salon = ResourceFactory(
        name="水曜囲碁サロン",
        categories=[Category.objects.get(slug="go-shogi")],
        companion_welcome=True,
    )
    ScheduleRuleFactory(resource=salon, weekdays=[2], start_time=dt.time(13, 30))
    return site[0]


def iso(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def test_a_coordinator_takes_a_client_from_referral_to_settled(workspace, phone):
    page = phone
    # Anonymous: sent to the login page; then the password and the authenticator app's code.
    sign_in(page, workspace + "/coordinator/", "coord_omori", PASSWORD)
    assert page.get_by_role("heading", name="参加支援ホーム").is_visible()

    # 1. Register the client (no name anywhere).
    page.get_by_role("link", name="本人を登録する").first.click()
    assert axe_violations(page) == []
    page.get_by_label("特別出張所エリア").select_option(label="大森西")
    page.get_by_label("年代").select_option(label="70代")
    page.get_by_role("group", name="関心のあること").get_by_label("囲碁・将棋").check()
    page.get_by_role("group", name="参加しやすい曜日").get_by_label("水").check()
    page.get_by_role("group", name="参加しやすい時間帯").get_by_label("午後").check()
    page.get_by_label("同行が必要").check()
    page.get_by_label("紹介元").select_option(label="民生委員")
    page.get_by_label("紹介を受けた日").fill(iso(130))
    page.get_by_label("同意を得た日").fill(iso(125))
    page.get_by_label("同意の範囲").select_option(index=2)
    page.get_by_label("同意の方法").select_option(label="書面")
    page.get_by_role("button", name="保存する").click()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("本人 OTA-")
    case_code = heading.split()[1]

    # 2. Suggestions, with their reasons.
    page.get_by_role("link", name="提案候補を見る").click()
    card = page.locator(".suggestion-list li").first
    assert (
        card.locator(".reasons").inner_text()
        == "関心: 囲碁・将棋 ✓ · 0.0 km · 水曜午後 ✓ · 同行歓迎"
    )
    assert axe_violations(page) == []
    card.get_by_role("link", name="この場所を提案する").click()

    # 3. The placement: 提案 → 見学・体験 → 参加開始.
    page.get_by_label("提案日").fill(iso(120))
    page.get_by_role("button", name="提案を記録する").click()
    assert page.get_by_text("「水曜囲碁サロン」への提案を記録しました。").is_visible()
    for label, days_ago in (("見学・体験へ進める", 110), ("参加開始にする", 100)):
        page.get_by_label(label).check()
        page.get_by_label("日付").fill(iso(days_ago))
        page.get_by_role("button", name="記録する").click()
    assert page.locator(".subtitle .badge").inner_text() == "参加開始"
    assert axe_violations(page) == []

    # 4. The three-month follow-up, recorded as 継続.
    page.get_by_role("link", name="91日後 のフォローアップを記録").click()
    page.get_by_label("実施日").fill(iso(5))
    page.get_by_label("居場所で面談").check()
    page.get_by_label("継続").check()
    page.get_by_label("4 やや良い").check()
    page.get_by_label("新しくできたつながり（人・場所の数）").fill("2")
    page.get_by_role("button", name="記録する").click()

    # 5. The page proposes 定着; one click settles it.
    assert page.get_by_role("heading", name="定着にしますか？").is_visible()
    page.get_by_role("button", name="定着にする").click()
    assert page.locator(".subtitle .badge").inner_text() == "定着"
    assert page.get_by_text("「定着」にしました。").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The client's record lists the placement as 定着.
    page.get_by_role("link", name=case_code).first.click()
    assert page.locator(".card .badge").first.inner_text() == "定着"

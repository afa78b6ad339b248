"""The group portal's pages pass axe-core (WCAG 2.2 AA) on a phone and on a desktop: login,
password reset, list, listing, edit form (also after a bad submission), proposal form and invitation pages. Nor does
axe leave a label, a description or a contrast "to review", and every aria-describedby points
at an element that exists."""

import datetime as dt
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from directory.models import Membership, ProblemReport
from directory.portal import services
from tests.browser.conftest import axe_violations
from tests.factories import OrganizationFactory, ResourceFactory, ScheduleRuleFactory

PASSWORD = "a-long-password-1"
# axe's "needs review" results that concern how a field is named, described and seen.
REVIEW_RULES = {
    "aria-valid-attr-value",
    "color-contrast",
    "form-field-multiple-labels",
    "label",
    "label-content-name-mismatch",
    "label-title-only",
}
DANGLING_DESCRIBEDBY = """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(
  (el) => el.getAttribute('aria-describedby').split(/\\s+/).filter(
    (id) => id && !document.getElementById(id)))"""


def findings(page) -> list[str]:
    """axe's violations, its label/description/contrast items to review, dangling ids."""
    results = Axe().run(page).response
    to_review = [
        f"needs review {item['id']}: {[node['target'] for node in item['nodes']]}"
        for item in results["incomplete"]
        if item["id"] in REVIEW_RULES
    ]
    dangling = [f"aria-describedby → #{id_}" for id_ in page.evaluate(DANGLING_DESCRIBEDBY)]
    return axe_violations(page) + to_review + dangling


def _member_with_a_listing(django_user_model):
    organization = OrganizationFactory(name="架空の大森西町会")
    listing = ResourceFactory(
        name="水曜いきいきサロン", organization=organization, confirmed_on=dt.date.today()
    )
    ScheduleRuleFactory(resource=listing)
    ProblemReport.objects.create(resource=listing, kind="outdated", comment="時刻が違うようです")
    ResourceFactory(
        name="架空の子ども食堂",
        organization=organization,
        confirmed_on=dt.date.today() - dt.timedelta(days=400),
    )
    member = django_user_model.objects.create_user("member", "member@example.jp", PASSWORD)
    Membership.objects.create(user=member, organization=organization)
    return organization, listing, member


def _sign_in(page, base_url):
    page.goto(base_url + "/portal/")
    page.get_by_label("ユーザー名").fill("member")
    page.get_by_label("パスワード").fill(PASSWORD)
    with page.expect_navigation():  # axe must run on the new page, not the old one
        page.get_by_role("button", name="ログイン").click()


def test_portal_pages_have_no_axe_findings_on_a_phone(site, phone, django_user_model):
    base_url, _ = site
    organization, listing, member = _member_with_a_listing(django_user_model)
    phone.goto(base_url + "/portal/")
    assert findings(phone) == [], "login"
    with phone.expect_navigation():
        phone.get_by_role("link", name="パスワードを忘れたとき").click()
    assert findings(phone) == [], "password reset"
    phone.get_by_label("メールアドレス").fill("member@example.jp")
    with phone.expect_navigation():
        phone.get_by_role("button", name="リンクを送る").click()
    assert findings(phone) == [], "password reset, mail sent"
    _sign_in(phone, base_url)
    assert findings(phone) == [], "list"
    assert phone.locator(".badge--stale").count() == 1  # only the old listing asks
    with phone.expect_navigation():
        phone.get_by_role("link", name="水曜いきいきサロン").click()
    assert findings(phone) == [], "listing, with a report to answer"
    with phone.expect_navigation():
        phone.get_by_role("link", name="対応しました").click()
    assert findings(phone) == [], "answering a report"
    phone.get_by_label("区の担当者へのひとこと（任意・500字まで）").fill("時刻を確かめました")
    with phone.expect_navigation():
        phone.get_by_role("button", name="対応しました").click()
    assert phone.get_by_text("公開ページからの報告").count() == 0
    assert findings(phone) == [], "listing, report answered"
    with phone.expect_navigation():
        phone.get_by_role("link", name="内容を変更する").click()
    assert findings(phone) == [], "edit form"
    rule = phone.locator("fieldset.portal-child").first
    rule.get_by_role("group", name="曜日").get_by_label("水", exact=True).uncheck()
    with phone.expect_navigation():
        phone.get_by_role("button", name="審査に送る").click()
    assert phone.get_by_text("曜日を1つ以上選んでください").first.is_visible()
    assert findings(phone) == [], "edit form with errors"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.goto(base_url + f"/portal/organizations/{organization.pk}/new/")
    assert findings(phone) == [], "proposal form"

    services.invitation_create(organization=organization, email="new@example.jp", invited_by=member)
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitations/" in line)
    phone.goto(base_url + urlsplit(link.strip()).path)
    assert findings(phone) == [], "invitation, signed in"
    phone.goto(base_url + "/portal/invitations/not-a-token/")
    assert findings(phone) == [], "invitation that cannot be used"


def test_the_edit_form_on_a_desktop_shows_only_what_the_repeat_type_uses(
    site, desktop, django_user_model
):
    base_url, _ = site
    _, listing, _ = _member_with_a_listing(django_user_model)
    _sign_in(desktop, base_url)
    desktop.goto(base_url + f"/portal/resources/{listing.pk}/edit/")
    assert findings(desktop) == [], "edit form"
    rule = desktop.locator("fieldset.portal-child").first
    assert rule.get_by_role("group", name="曜日").is_visible()
    assert not rule.get_by_label("日付", exact=True).is_visible()
    assert rule.get_by_label("並び順").count() == 0 or not rule.get_by_label("並び順").is_visible()
    rule.get_by_label("くり返し").select_option(label="1回だけ（日付指定）")
    assert rule.get_by_label("日付", exact=True).is_visible()
    assert not rule.get_by_role("group", name="曜日").is_visible()
    assert not rule.get_by_role("group", name="第何週").is_visible()
    # The blank rule for a new entry waits, folded, until the member asks for it.
    assert not desktop.get_by_text("ルール （追加）").is_visible()
    desktop.get_by_text("ルールを追加する").click()
    assert desktop.get_by_text("ルール （追加）").is_visible()
    assert findings(desktop) == [], "edit form, blank rule open"
    widths = desktop.evaluate(
        """() => [...document.querySelectorAll(
          '.portal-form > .field > :is(select, textarea, input[type=text], input[type=email], ' +
          'input[type=url], input[type=number])')].filter((el) => el.offsetParent).map((el) => el.getBoundingClientRect().width)"""
    )
    assert len(set(round(w) for w in widths)) == 1, widths

"""The group portal's pages pass axe-core (WCAG 2.2 AA) on a phone: login, list, listing, edit form,
and the edit form after a bad submission (error messages must be announced and labelled)."""

import datetime as dt

from directory.models import Membership
from tests.browser.conftest import axe_violations
from tests.factories import OrganizationFactory, ResourceFactory, ScheduleRuleFactory

PASSWORD = "a-long-password-1"


def test_portal_pages_have_no_axe_violations_on_a_phone(site, phone, django_user_model):
    base_url, _ = site
    organization = OrganizationFactory(name="架空の大森西町会")
    listing = ResourceFactory(
        name="水曜いきいきサロン", organization=organization, confirmed_on=dt.date.today()
    )
    ScheduleRuleFactory(resource=listing)
    member = django_user_model.objects.create_user("member", "member@example.jp", PASSWORD)
    Membership.objects.create(user=member, organization=organization)

    phone.goto(base_url + "/portal/")
    assert axe_violations(phone) == [], "login"
    phone.get_by_label("ユーザー名").fill("member")
    phone.get_by_label("パスワード").fill(PASSWORD)
    with phone.expect_navigation():  # axe must run on the new page, not the old one
        phone.get_by_role("button", name="ログイン").click()
    assert axe_violations(phone) == [], "list"
    with phone.expect_navigation():
        phone.get_by_role("link", name="水曜いきいきサロン").click()
    assert axe_violations(phone) == [], "listing"
    with phone.expect_navigation():
        phone.get_by_role("link", name="内容を変更する").click()
    assert axe_violations(phone) == [], "edit form"
    rule = phone.locator("fieldset.portal-child").first
    rule.get_by_label("水", exact=True).uncheck()  # a weekly rule with no weekday: refused
    with phone.expect_navigation():
        phone.get_by_role("button", name="審査に送る").click()
    assert phone.get_by_text("曜日を1つ以上選んでください").first.is_visible()
    assert axe_violations(phone) == [], "edit form with errors"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

"""A member changes a schedule on a phone; a reviewer approves it in the Wagtail admin; the public
page shows the change only after the approval."""

import datetime as dt

from django.apps import apps

from directory.models import Membership, Resource
from directory.portal.moderation import REVIEWER_GROUP_NAME, ensure_moderation_workflow
from tests.browser.conftest import approve_on_edit_page, sign_in
from tests.factories import OrganizationFactory, ResourceFactory, ScheduleRuleFactory

PASSWORD = "a-long-password-1"


def test_a_member_submits_a_schedule_and_it_is_public_only_after_approval(
    site, phone, desktop, django_user_model
):
    from django.contrib.auth.models import Group

    base_url, directory_page = site
    ensure_moderation_workflow(apps)  # browser tests flush what the migration created
    organization = OrganizationFactory(name="架空の大森西町会")
    listing = ResourceFactory(
        name="水曜いきいきサロン", organization=organization, confirmed_on=dt.date.today()
    )
    ScheduleRuleFactory(resource=listing)
    member = django_user_model.objects.create_user("member", "member@example.jp", PASSWORD)
    Membership.objects.create(user=member, organization=organization)
    reviewer = django_user_model.objects.create_user(
        "reviewer", "reviewer@example.jp", PASSWORD, is_staff=True
    )
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP_NAME))
    public_url = base_url + directory_page.resource_url(listing)

    # The member, on a phone.
    phone.goto(base_url + "/portal/")
    phone.get_by_label("ユーザー名").fill("member")
    phone.get_by_label("パスワード").fill(PASSWORD)
    phone.get_by_role("button", name="ログイン").click()
    phone.get_by_role("link", name="水曜いきいきサロン").click()
    phone.get_by_role("link", name="内容を変更する").click()
    rule = phone.locator("fieldset.portal-child").first
    rule.get_by_label("水", exact=True).uncheck()
    rule.get_by_label("金", exact=True).check()
    phone.get_by_role("button", name="審査に送る").click()
    assert phone.locator("[data-state]").inner_text() == "審査中"

    # Not public yet.
    phone.goto(public_url)
    assert "毎週水曜" in phone.locator("#when-title + p").inner_text()

    # The reviewer approves in the Wagtail admin.
    sign_in(desktop, base_url + "/admin/login/", "reviewer", PASSWORD)
    desktop.goto(base_url + f"/admin/snippets/directory/resource/edit/{listing.pk}/")
    approve_on_edit_page(desktop)

    listing = Resource.objects.get(pk=listing.pk)
    assert listing.schedule_description().startswith("毎週金曜")
    phone.goto(public_url)
    assert "毎週金曜" in phone.locator("#when-title + p").inner_text()

"""A reviewer runs the directory from the admin: finds a group's new listing by a Japanese word,
opens the pending submission, approves it, and the public site shows it. The pages staff use pass
axe whole, except, on the edit page, Wagtail's rich-text editor (Draftail's editable area has no
accessible name: Wagtail's markup, not ours; docs/admin.md)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from directory.models import Membership, ProblemReport, Resource
from directory.portal import services as portal
from directory.portal.moderation import REVIEWER_GROUP_NAME, ensure_moderation_workflow
from tests.browser.conftest import approve_on_edit_page, axe_violations, sign_in
from tests.factories import OrganizationFactory, ResourceFactory

PASSWORD = "a-long-password-1"


# Wagtail's rich-text editor (Draftail): its editable area has no accessible name.
WAGTAIL_RICH_TEXT = ".public-DraftEditor-content"


def test_a_reviewer_finds_a_new_listing_in_japanese_approves_it_and_it_is_public(
    site, desktop, django_user_model
):
    base_url, directory_page = site
    ensure_moderation_workflow(apps)  # browser tests flush what the migration created
    organization = OrganizationFactory(name="ひまわりの会")
    member = django_user_model.objects.create_user("member", "member@example.jp", PASSWORD)
    Membership.objects.create(user=member, organization=organization)
    proposal = ResourceFactory.build(
        name="子ども食堂ひまわり", name_kana="こどもしょくどうひまわり"
    )
    portal.resource_propose(resource=proposal, organization=organization, user=member)
    ResourceFactory(name="囲碁クラブ")
    ProblemReport.objects.create(resource=ResourceFactory(name="古い会"), kind="unreachable")
    reviewer = django_user_model.objects.create_user(
        "reviewer", "reviewer@example.jp", PASSWORD, is_staff=True
    )
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP_NAME))
    public_url = base_url + directory_page.resource_url(proposal)
    assert desktop.goto(public_url).status == 404  # not public before the review

    sign_in(desktop, base_url + "/admin/login/", "reviewer", PASSWORD)
    # The staff home: the submission waits, with its age; the panels pass axe.
    desktop.goto(base_url + reverse("wagtailadmin_home"))
    submissions = desktop.locator("#directory-submissions-section")
    expect(submissions).to_contain_text("子ども食堂ひまわり")
    expect(submissions).to_contain_text("0 日")
    for panel in ("submissions", "problem-reports", "stale-by-area", "reconfirmation"):
        expect(desktop.locator(f"#directory-{panel}-section")).to_be_visible()
    assert axe_violations(desktop) == []

    # The listing index: a word inside the compound finds the never-published proposal.
    desktop.goto(base_url + reverse("wagtailsnippets_directory_resource:list"))
    search = desktop.locator("input[name=q]").first
    search.fill("食堂")
    search.press("Enter")
    results = desktop.locator("table.listing")
    expect(results).to_contain_text("子ども食堂ひまわり")
    expect(results).not_to_contain_text("囲碁クラブ")
    assert axe_violations(desktop) == []

    with desktop.expect_navigation():
        results.get_by_role("link", name="子ども食堂ひまわり").first.click()
    approve_on_edit_page(desktop)

    assert Resource.objects.get(pk=proposal.pk).live
    desktop.goto(public_url)
    expect(desktop.locator("h1")).to_contain_text("子ども食堂ひまわり")


def test_the_notices_and_bulk_action_pages_staff_use_pass_axe(site, desktop, django_user_model):
    base_url, _ = site
    resource = ResourceFactory(name="ひまわり食堂", phone="03-0000-0001")
    ProblemReport.objects.create(resource=resource, kind="unreachable", comment="電話が通じない")
    django_user_model.objects.create_superuser("editor", "editor@example.jp", PASSWORD)
    sign_in(desktop, base_url + "/admin/login/", "editor", PASSWORD)

    desktop.goto(base_url + reverse("wagtailsnippets_directory_resource:edit", args=[resource.pk]))
    desktop.get_by_role("tab", name="参加・問合せ").click()
    notice = desktop.locator(".help-warning", has_text="電話が通じない")
    expect(notice).to_be_visible()
    assert axe_violations(desktop, context={"exclude": [[WAGTAIL_RICH_TEXT]]}) == []

    bulk = reverse("wagtail_bulk_action", args=["directory", "resource", "request_reconfirmation"])
    desktop.goto(f"{base_url}{bulk}?id={resource.pk}")
    desktop.get_by_label("団体へのメッセージ").fill("   ")  # only spaces: refused by the server
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="依頼する").click()
    expect(desktop.get_by_text("団体へのメッセージを入力してください。")).to_be_visible()
    assert axe_violations(desktop) == []
    desktop.get_by_label("団体へのメッセージ").fill("開催日を確認してください。")
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="依頼する").click()
    assert (
        Resource.objects.get(pk=resource.pk).reconfirmation_reason == "開催日を確認してください。"
    )
    # Leave the admin before the database is flushed (the editor's session pings).
    desktop.goto(base_url + reverse("wagtailadmin_home"))

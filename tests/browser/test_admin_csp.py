"""The Wagtail admin runs under the same strict Content-Security-Policy as the rest of the site —
no inline script without the request's nonce — and keeps working: the widgets Wagtail starts with
inline scripts (date and time pickers, InlinePanel, choosers) are started by
static/js/admin-widgets.js instead (cms/admin_csp.py). The admin makes no third-party requests."""

import re

from django.apps import apps
from django.urls import reverse
from playwright.sync_api import expect

from cms.models import HomePage
from directory.models import Resource, Town
from directory.portal.moderation import TASK_NAME, ensure_moderation_workflow
from tests.browser.conftest import sign_in
from tests.factories import ResourceFactory, ScheduleRuleFactory, area

PASSWORD = "a-long-password-1"


def csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return violations


def sign_in_as_editor(page, base_url: str, django_user_model) -> None:
    django_user_model.objects.create_superuser("editor", "editor@example.jp", PASSWORD)
    sign_in(page, base_url + "/admin/login/", "editor", PASSWORD)


def visit(page, url: str) -> None:
    """Open an admin page and check that it came with the public site's strict script policy."""
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.ok, url
    policy = response.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, (url, policy)


def leave_the_editor(page, base_url: str) -> None:
    """Closing an edit page releases its editing session with a last request; send it now, not
    while the test's database is being flushed."""
    visit(page, base_url + reverse("wagtailadmin_home"))


def pick_in_open_picker(page, cell_selector: str) -> None:
    """Click a day or a time in the date/time picker that is open."""
    picker = page.locator(".xdsoft_datetimepicker:visible")
    picker.locator(cell_selector).first.click()


def test_editors_can_log_in_edit_and_preview_a_listing_under_the_csp(
    site, desktop, django_user_model
):
    url, _ = site
    resource = ResourceFactory(name="水曜サロン")
    violations = csp_violations(desktop)
    sign_in_as_editor(desktop, url, django_user_model)
    visit(desktop, url + reverse("wagtailsnippets_directory_resource:edit", args=[resource.pk]))
    desktop.locator("input[name=name]").fill("水曜サロン（更新）")
    desktop.locator("button[data-side-panel-toggle='preview']").click()
    preview = desktop.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text("水曜サロン（更新）")
    desktop.get_by_role("button", name="下書きを保存").click()
    desktop.wait_for_load_state("networkidle")
    assert violations == []
    assert desktop.locator(".messages").inner_text().strip() != ""
    resource.refresh_from_db()
    assert resource.name == "水曜サロン"  # a draft: the live row keeps the published name
    assert resource.latest_revision.as_object().name == "水曜サロン（更新）"
    leave_the_editor(desktop, url)


def test_a_schedule_added_with_the_pickers_and_a_chooser_is_saved_as_a_draft(
    site, desktop, django_user_model
):
    url, _ = site
    resource = ResourceFactory(name="水曜サロン")
    ScheduleRuleFactory(resource=resource)
    town = Town.objects.create(name="大森西二丁目", name_kana="おおもりにしにちょうめ", area=area())
    violations = csp_violations(desktop)
    sign_in_as_editor(desktop, url, django_user_model)
    visit(desktop, url + reverse("wagtailsnippets_directory_resource:edit", args=[resource.pk]))

    # 場所: the snippet chooser opens its modal and takes the choice.
    desktop.get_by_role("tab", name="場所").click()
    desktop.locator("#id_town-chooser .unchosen [data-chooser-action-choose]").click()
    desktop.locator(".modal a", has_text="大森西二丁目").click()
    expect(desktop.locator("#id_town-chooser [data-chooser-title]")).to_contain_text("大森西二丁目")

    # 日時: InlinePanel adds a rule and an exception; their date and time pickers open and fill.
    desktop.get_by_role("tab", name="日時").click()
    desktop.get_by_role("button", name="ルールを追加").click()
    desktop.locator("select[name='schedule_rules-1-frequency']").select_option("once")
    desktop.locator("input[name='schedule_rules-1-date']").click()
    pick_in_open_picker(desktop, "td.xdsoft_date:not(.xdsoft_other_month)[data-date='15']")
    desktop.locator("input[name='schedule_rules-1-start_time']").click()
    pick_in_open_picker(desktop, ".xdsoft_time[data-hour='10'][data-minute='0']")
    desktop.get_by_role("button", name="休み・変更を追加").click()
    desktop.locator("input[name='schedule_exceptions-0-date']").click()
    pick_in_open_picker(desktop, "td.xdsoft_date:not(.xdsoft_other_month)[data-date='20']")
    rule_date = desktop.locator("input[name='schedule_rules-1-date']").input_value()
    assert re.fullmatch(r"\d{4}-\d{2}-15", rule_date)
    assert desktop.locator("input[name='schedule_rules-1-start_time']").input_value() == "10:00"

    with desktop.expect_navigation():
        desktop.get_by_role("button", name="下書きを保存").click()
    assert violations == []
    draft = Resource.objects.get(pk=resource.pk).latest_revision.as_object()
    assert draft.town == town
    rules = [(r.frequency, str(r.date), str(r.start_time)) for r in draft.schedule_rules.all()]
    assert rules[1] == ("once", rule_date, "10:00:00")
    assert [e.date.day for e in draft.schedule_exceptions.all()] == [20]
    assert Resource.objects.get(pk=resource.pk).schedule_rules.count() == 1  # live: unchanged
    leave_the_editor(desktop, url)


def test_the_admin_pages_run_without_csp_violations(site, desktop, django_user_model):
    url, _ = site
    # Browser tests flush what migrations created, the moderation workflow among it.
    ensure_moderation_workflow(apps)
    resource = ResourceFactory(name="水曜サロン")
    home = HomePage.objects.get()
    violations = csp_violations(desktop)
    sign_in_as_editor(desktop, url, django_user_model)

    for name, args in [
        ("wagtailadmin_home", []),
        ("wagtailsnippets_directory_resource:list", []),
        ("wagtailadmin_explore", [home.pk]),
        ("wagtailadmin_reports:site_history", []),
        ("wagtailadmin_reports:aging_pages", []),
        ("wagtailadmin_reports:workflow", []),
        ("wagtailadmin_workflows:index", []),
        ("wagtailsnippets_directory_invitation:add", []),
        ("wagtailsnippets_directory_problemreport:list", []),
        ("wagtailsnippets_matching_coordinatorprofile:add", []),
        ("directory_import", []),
        ("directory_stale_resources", []),
        ("wagtailimages:index", []),
        ("wagtaildocs:index", []),
        ("wagtailredirects:add", []),
    ]:
        visit(desktop, url + reverse(name, args=args))
        assert violations == [], name

    # A page's publishing schedule: the date-time picker opens in the dialog.
    visit(desktop, url + reverse("wagtailadmin_pages:edit", args=[home.pk]))
    desktop.locator("button[data-side-panel-toggle='status']").click()
    desktop.locator("[data-a11y-dialog-show='schedule-publishing-dialog']").first.click()
    desktop.locator("input[name=go_live_at]").click()
    expect(desktop.locator(".xdsoft_datetimepicker:visible .xdsoft_timepicker")).to_have_count(1)

    # A page's rich text: Draftail's image and document choosers open in their modals.
    visit(desktop, url + reverse("wagtailadmin_pages:add", args=["cms", "standardpage", home.pk]))
    for option in ["画像", "ドキュメント"]:
        desktop.locator(".Draftail-Editor [contenteditable=true]").click()
        desktop.keyboard.type("/")
        desktop.get_by_role("option", name=option).click()
        expect(desktop.locator(".modal input[name=q]")).to_be_visible()
        desktop.locator(".modal [data-dismiss=modal]").click()
        expect(desktop.locator(".modal")).to_be_hidden()

    # A new workflow: a page from the page chooser, and a task from the task chooser of a form
    # InlinePanel adds.
    visit(desktop, url + reverse("wagtailadmin_workflows:add"))
    desktop.locator("#id_pages-0-page-chooser .unchosen [data-chooser-action-choose]").click()
    desktop.locator(".modal a.choose-page", has_text=home.title).click()
    expect(desktop.locator("#id_pages-0-page-chooser [data-chooser-title]")).to_have_text(
        home.title
    )
    desktop.locator("#id_workflow_tasks-ADD").click()
    desktop.locator(
        "#id_workflow_tasks-0-task-chooser .unchosen [data-chooser-action-choose]"
    ).click()
    desktop.locator(".modal").get_by_role("tab", name="Existing").click()
    desktop.locator(".modal a", has_text=TASK_NAME).click()
    expect(desktop.locator("#id_workflow_tasks-0-task-chooser")).to_contain_text(TASK_NAME)
    assert violations == []

    # Moderation: the listing goes to review from its edit page; the staff home's submissions
    # panel links to it, and a reviewer approves it on its edit page with a comment, in the
    # workflow's modal.
    visit(desktop, url + reverse("wagtailsnippets_directory_resource:edit", args=[resource.pk]))
    desktop.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with desktop.expect_navigation():
        desktop.locator("button[name=action-submit]").click()
    visit(desktop, url + reverse("wagtailadmin_home"))
    with desktop.expect_navigation():
        desktop.locator("[id^=directory-submissions] a", has_text="水曜サロン").click()
    desktop.locator("footer [data-w-dropdown-target='toggle']").first.click()
    desktop.locator(
        "footer button[data-workflow-action-name=approve][data-workflow-action-modal-url]"
    ).click()
    desktop.locator(".modal textarea").fill("確認しました")
    with desktop.expect_navigation():
        desktop.locator(".modal button[type=submit]").click()
    assert resource.workflow_states.get().status == "approved"
    assert violations == []

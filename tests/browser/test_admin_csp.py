"""The Wagtail admin keeps working under the site's Content-Security-Policy (which relaxes
script-src for the admin only; see cms/middleware.py) and makes no third-party requests."""

from django.urls import reverse

from tests.browser.conftest import sign_in
from tests.factories import ResourceFactory


def csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return violations


def test_editors_can_log_in_edit_and_preview_a_listing_under_the_csp(
    site, desktop, django_user_model
):
    url, _ = site
    django_user_model.objects.create_superuser("editor", "editor@example.jp", "a-long-password-1")
    resource = ResourceFactory(name="水曜サロン")
    violations = csp_violations(desktop)
    sign_in(desktop, url + "/admin/login/", "editor", "a-long-password-1")
    desktop.wait_for_url(url + "/admin/")
    desktop.goto(url + reverse("wagtailsnippets_directory_resource:edit", args=[resource.pk]))
    name = desktop.locator("input[name=name]")
    name.fill("水曜サロン（更新）")
    desktop.get_by_role("button", name="下書きを保存").click()
    desktop.wait_for_load_state("networkidle")
    assert violations == []
    assert desktop.locator(".messages").inner_text().strip() != ""
    resource.refresh_from_db()
    assert resource.name == "水曜サロン"  # a draft: the live row keeps the published name
    assert resource.latest_revision.as_object().name == "水曜サロン（更新）"

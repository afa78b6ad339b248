"""Playwright driving Debian's Chromium against pytest-django's live server."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}

# Sync Playwright runs an event loop in this thread; Django must still be allowed to use the DB.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # The live server needs committed rows, so these tests flush the database after
            # each run; tests/conftest.py puts back what migrations had loaded.
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium where it is installed (`make browser` installs it), else Playwright's own.

    Never skips: a machine with no browser fails the run loudly, so browser tests cannot vanish.
    """
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            if CHROMIUM.exists():
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
            else:
                browser = playwright.chromium.launch(args=CHROMIUM_ARGS)
        except Error as error:
            pytest.fail(
                f"No browser for the browser tests ({CHROMIUM} missing; run `make browser`): {error}"
            )
        yield browser
        browser.close()


@contextmanager
def phone_at(browser, latitude: float, longitude: float):
    """A phone page whose browser may share its position (for 「現在地から探す」)."""
    context = browser.new_context(
        viewport=PHONE,
        locale="ja-JP",
        is_mobile=True,
        has_touch=True,
        permissions=["geolocation"],
        geolocation={"latitude": latitude, "longitude": longitude},
    )
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="ja-JP", is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def search_from_home(page, url: str, words: str) -> None:
    """Type words into the home page's keyword box and wait for the results."""
    page.goto(url + "/")
    page.get_by_label("キーワードでさがす").fill(words)
    page.get_by_role("button", name="さがす").click()
    page.wait_for_url("**/directory/?q=*")


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(live_server):
    """A live server with the page tree and a few listings in different states."""
    from cms.setup import ensure_site_pages
    from directory.public.models import DirectoryIndexPage

    ensure_site_pages()  # the areas and vocabularies come back through tests/conftest.py
    return live_server.url, DirectoryIndexPage.objects.get()


def axe_violations(page, context: dict | None = None) -> list[str]:
    """WCAG 2.2 A/AA findings on the page, or within ``context`` (axe's include/exclude)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        context=context,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            }
        },
    )
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def sign_in(page, login_url: str, username: str, password: str) -> None:
    """Sign in through a login page (admin, portal or coordinator workspace): the password step,
    then — for staff and coordinators, who must use two-factor authentication — the code from
    their authenticator app, as the person would type it."""
    from django.contrib.auth import get_user_model

    from cms.two_factor import is_required
    from tests.factories import totp_code, totp_device

    user = get_user_model().objects.get(username=username)
    device = totp_device(user) if is_required(user) else None
    page.goto(login_url)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    if device is not None:
        assert "/account/two-factor/verify/" in page.url, page.url
        assert axe_violations(page) == [], "the code page"
        page.get_by_label("確認コード").fill(totp_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="確認する").click()


def approve_on_edit_page(page) -> None:
    """A reviewer's 「承認」 on a listing's edit page in the admin (the workflow action without a
    comment dialog), which may sit in the footer's dropdown."""
    approve = page.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    if not approve.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        approve.click()

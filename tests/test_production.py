"""The production smoke test: the shipped stack, started here, walked in Chromium over https.

nginx (deploy/nginx.conf) terminates TLS in front of two gunicorn workers running
cms.settings.production on a fresh PostgreSQL database with Redis as the shared cache
(tests/production_stack.py). `make test-production` runs it (CI: .ci/run); it needs nginx,
redis-server, openssl and the PostgreSQL named by DATABASE_URL.
"""

from __future__ import annotations

import json
import os
import re
import time

import pytest
import requests
from django_otp.oath import TOTP
from playwright.sync_api import expect, sync_playwright

from demo.two_factor import DEMO_KEY
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.production_stack import Stack

pytestmark = pytest.mark.production

TILE_HOST = "cyberjapandata.gsi.go.jp"
ONE_YEAR = 365 * 24 * 3600
# The demo accounts `make run` prints (README); coordinators and staff use two-factor codes.
MEMBER = ("member_demo", "tsunagari-member-2026")
COORDINATOR = ("coord_omori", "tsunagari-coord-2026")
ADMIN = ("admin", "tsunagari-demo-2026")
SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.fail("The smoke test needs DATABASE_URL=postgres://… (make test-production).")
    stack = Stack(tmp=tmp_path_factory.mktemp("production"), admin_database_url=url)
    try:
        stack.start()
        yield stack
    finally:
        stack.shutdown()
        report(stack)


def report(stack: Stack) -> None:
    """Timings and the headers seen, printed at the end of the run (make test-production)."""
    print("\n== production smoke test: timings (s)")
    for name, seconds in stack.timings.items():
        print(f"  {name:<24} {seconds:6.1f}")
    for name in ("page headers", "static headers"):
        if name in stack.seen:
            print(f"== {name}\n{stack.seen[name]}")


def get(stack: Stack, path: str, **kwargs) -> requests.Response:
    """A request over https, checked against the run's own certificate."""
    kwargs.setdefault("allow_redirects", False)
    return requests.get(stack.url + path, verify=str(stack.certificate), timeout=10, **kwargs)


def headers_text(response: requests.Response) -> str:
    lines = [f"  {response.status_code} {response.url}"]
    lines += [f"  {k}: {v}" for k, v in response.headers.items()]
    return "\n".join(lines)


def test_http_redirects_to_https(stack):
    response = requests.get(
        stack.http_url + "/directory/?q=食堂", allow_redirects=False, timeout=10
    )
    assert response.status_code == 301
    # nginx redirects to the standard https port of the name asked for.
    assert response.headers["Location"] == "https://127.0.0.1/directory/?q=%E9%A3%9F%E5%A0%82"


def test_pages_come_with_the_security_headers(stack):
    response = get(stack, "/")
    stack.seen["page headers"] = headers_text(response)
    assert response.status_code == 200
    for name in SECURITY_HEADERS:
        assert name in response.headers, name
    hsts = response.headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"  # once, from nginx
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in re.search(
        r"script-src ([^;]+)", response.headers["Content-Security-Policy"]
    ).group(1)
    assert response.headers["Server"] == "nginx"  # no version
    assert "Secure" in get(stack, "/portal/login/").headers["Set-Cookie"]


def test_static_files_are_compressed_hashed_and_cached_for_a_year(stack):
    html = get(stack, "/").text
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    for encoding in ("br", "gzip"):
        response = get(stack, css, headers={"Accept-Encoding": encoding}, stream=True)
        if encoding == "br":
            stack.seen["static headers"] = headers_text(response)
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == encoding
        cache_control = response.headers["Cache-Control"]
        max_age = int(re.search(r"max-age=(\d+)", cache_control).group(1))
        assert max_age >= ONE_YEAR and "immutable" in cache_control, cache_control
        assert "Strict-Transport-Security" in response.headers
    leaflet = re.search(
        r'src="(/static/vendor/leaflet/leaflet\.[0-9a-f]{12}\.js)"', get(stack, "/directory/").text
    )
    assert leaflet, "the directory page loads Leaflet from our static files"


def test_uploaded_images_are_served_from_the_media_volume_and_documents_are_not(stack):
    (stack.media / "images").mkdir(parents=True, exist_ok=True)
    (stack.media / "images" / "smoke.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (stack.media / "documents").mkdir(exist_ok=True)
    (stack.media / "documents" / "private.pdf").write_bytes(b"%PDF-1.4")
    image = get(stack, "/media/images/smoke.png")
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image.headers["Content-Security-Policy"]
    assert get(stack, "/media/documents/private.pdf").status_code == 404


def test_readyz_reports_ready_and_healthz_answers_any_host(stack):
    ready = get(stack, "/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}
    direct = requests.get(
        f"http://127.0.0.1:{stack.ports['gunicorn']}/healthz",
        headers={"Host": "web:8000"},  # what docker compose's healthcheck sends
        timeout=10,
    )
    assert direct.status_code == 200


def test_access_logs_keep_no_query_string(stack):
    """A near-me search carries an address; nginx's and gunicorn's access logs keep the path only
    (and no referer, which carries the previous page's query)."""
    address = "蒲田五丁目十三番"
    referer = f"{stack.url}/directory/?near=%E7%A7%98%E5%AF%86"
    response = get(stack, "/directory/", params={"near": address}, headers={"Referer": referer})
    assert response.status_code == 200
    logs = {"nginx": stack.log("nginx-access"), "gunicorn": stack.log("gunicorn")}
    assert "GET /directory/ HTTP" in logs["nginx"]
    assert "GET /directory/ HTTP" in logs["gunicorn"]
    for name, text in logs.items():
        assert "near=" not in text, name
        assert "%E8%92%B2" not in text and address not in text, name


def test_five_wrong_passwords_lock_out_across_both_workers(stack):
    session = requests.Session()
    verify = str(stack.certificate)  # per call: REQUESTS_CA_BUNDLE would override Session.verify
    login = stack.url + "/portal/login/"
    statuses = []
    for _ in range(6):
        form = session.get(login, verify=verify).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        response = session.post(
            login,
            {"username": "smoke-nobody", "password": "wrong", "csrfmiddlewaretoken": token},
            headers={"Referer": login},
            allow_redirects=False,
            verify=verify,
        )
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 200, 429, 429]
    workers = set(re.findall(r"Booting worker with pid: (\d+)", stack.log("gunicorn")))
    assert len(workers) == 2


def two_factor_code() -> str:
    return f"{TOTP(DEMO_KEY).token():06d}"


def sign_in(page, url: str, username: str, password: str, *, two_factor: bool) -> None:
    page.goto(url)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    if two_factor:
        assert "/account/two-factor/verify/" in page.url, page.url
        page.get_by_label("確認コード").fill(two_factor_code())
        with page.expect_navigation():
            page.get_by_role("button", name="確認する").click()


def test_a_resident_a_group_and_the_staff_walk_the_site_in_chromium(stack):
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            walk(stack, browser)
        finally:
            browser.close()
    stack.timings["browser walk"] = time.monotonic() - started


def new_page(browser, errors: list[str], requested: list[str]):
    context = browser.new_context(ignore_https_errors=True, locale="ja-JP")
    page = context.new_page()
    page.route(f"https://{TILE_HOST}/**", lambda route: route.abort())
    page.on("request", lambda request: requested.append(request.url))

    def on_console(message):
        if message.type == "error" and TILE_HOST not in message.location.get("url", ""):
            errors.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return page


def walk(stack: Stack, browser) -> None:
    errors: list[str] = []
    requested: list[str] = []
    page = new_page(browser, errors, requested)

    page.goto(stack.url + "/")
    expect(page.locator("h1")).to_have_text("おおた つながりマップ")
    assert page.locator('meta[name="description"]').get_attribute("content")

    page.goto(stack.url + "/directory/")
    page.wait_for_function(
        "() => window.L && document.querySelectorAll('.leaflet-marker-icon').length > 0"
    )
    leaflet = [u for u in requested if "/vendor/leaflet" in u]
    assert leaflet and all(u.startswith(stack.url + "/static/") for u in leaflet), leaflet
    outside = [u for u in requested if not u.startswith(stack.url) and TILE_HOST not in u]
    assert outside == []

    first = page.locator(".card__title a").first
    name = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_contain_text(name)

    page.goto(stack.url + "/directory/?q=食堂")
    expect(page.locator("#results-heading")).to_contain_text("件")
    assert page.locator(".card").count() > 0

    page.goto(stack.url + "/directory/area/omori-nishi/print/")
    expect(page.locator("h1")).to_contain_text("大森西エリア")
    assert page.locator("tbody tr").count() > 0

    member = new_page(browser, errors, requested)
    sign_in(member, stack.url + "/portal/login/", *MEMBER, two_factor=False)
    expect(member.get_by_role("heading", name="団体ポータル")).to_be_visible()

    coordinator = new_page(browser, errors, requested)
    sign_in(coordinator, stack.url + "/coordinator/login/", *COORDINATOR, two_factor=True)
    expect(coordinator.get_by_role("heading", name="参加支援ホーム")).to_be_visible()

    admin = new_page(browser, errors, requested)
    sign_in(admin, stack.url + "/admin/login/", *ADMIN, two_factor=True)
    assert admin.url == stack.url + "/admin/", admin.url
    expect(admin.locator("#wagtail")).to_be_visible()

    assert errors == []


def test_without_redis_pages_still_serve_and_readyz_names_the_cache(stack):
    stack.stop("redis")
    ready = get(stack, "/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert body["failing"] == ["cache"] and body["checks"]["database"] == "ok", json.dumps(body)
    for path in ("/", "/directory/", "/directory/?q=食堂", "/portal/login/"):
        assert get(stack, path).status_code == 200, path
    assert "ERROR cms.cache: Exception ignored" in stack.log("gunicorn")

"""Every page answers with a Content-Security-Policy that lets no inline script run without its
nonce, plus the other headers a browser needs to protect residents."""

import re

import pytest

from tests.factories import ResourceFactory, area
from tests.production import production_env, start_production

pytestmark = pytest.mark.django_db


def inline_scripts(html: str) -> list[str]:
    """Attributes of every executable inline <script> (JSON data blocks do not execute)."""
    return [
        attrs
        for attrs in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        if "application/json" not in attrs
    ]


@pytest.fixture
def public_paths(directory_page):
    resource = ResourceFactory()
    omori = area("omori-nishi")
    return [
        "/",
        directory_page.url,
        f"{directory_page.url}?q=サロン&kind=salon",
        directory_page.resource_url(resource),
        directory_page.area_url(omori),
        directory_page.area_print_url(omori),
        "/admin/login/",
    ]


def test_every_page_has_a_csp_without_unsafe_inline_scripts(client, public_paths):
    for path in public_paths:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        assert "'unsafe-inline'" not in script_src, path
        assert "'unsafe-eval'" not in script_src, path
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy, path


def test_inline_scripts_on_every_page_carry_the_nonce(client, public_paths):
    for path in public_paths:  # signed-in admin pages: tests/cms/test_admin_csp.py
        response = client.get(path)
        match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        for attrs in inline_scripts(response.content.decode()):
            assert match and f'nonce="{match.group(1)}"' in attrs, (path, attrs)


def test_public_pages_use_no_nonce_so_none_is_ever_inside_their_html(client, public_paths):
    # The map is drawn by static files from data attributes: no public page needs an inline
    # script, so no nonce is in the policy or the HTML (which the page cache keeps for everyone).
    for path in public_paths[:-1]:
        response = client.get(path)
        assert "nonce" not in response["Content-Security-Policy"], path
        assert "nonce" not in response.content.decode(), path
        assert inline_scripts(response.content.decode()) == [], path


def test_pages_cannot_be_framed_or_sniffed_and_leak_no_referrer(client, public_paths):
    response = client.get(public_paths[1])
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_out_of_reach_of_scripts(client, django_user_model):
    django_user_model.objects.create_user("member", "m@example.jp", "a-long-password-1")
    csrf = client.get("/portal/login/").cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/portal/login/", {"username": "member", "password": "a-long-password-1"}
    )
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


def test_production_cookies_are_secure_and_http_only():
    result = start_production(
        production_env(),
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, "
        "s.CSRF_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS >= 31536000)",
    )
    assert result.stdout.split() == ["True"] * 5, result.stderr

"""Every page answers with a Content-Security-Policy that lets no inline script run without its
nonce, plus the other headers a browser needs to protect residents."""

import re

import pytest

from tests.factories import ResourceFactory, area

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


def test_every_public_page_has_a_csp_without_unsafe_inline_scripts(client, public_paths):
    for path in public_paths[:-1]:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        assert "'unsafe-inline'" not in script_src, path
        assert "'unsafe-eval'" not in script_src, path
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy, path


def test_only_the_wagtail_admin_relaxes_script_src_and_it_still_blocks_other_sites(client):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "connect-src 'self'" in policy and "img-src 'self'" in policy


def test_inline_scripts_on_public_pages_carry_the_nonce(client, public_paths):
    for path in public_paths[:-1]:  # the Wagtail admin is checked in the browser test
        response = client.get(path)
        match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        for attrs in inline_scripts(response.content.decode()):
            assert match and f'nonce="{match.group(1)}"' in attrs, (path, attrs)


def test_the_nonce_changes_on_every_response(client, directory_page):
    ResourceFactory()
    nonces = {
        re.search(
            r"'nonce-([^']+)'", client.get(directory_page.url)["Content-Security-Policy"]
        ).group(1)
        for _ in range(3)
    }
    assert len(nonces) == 3


def test_pages_cannot_be_framed_or_sniffed_and_leak_no_referrer(client, public_paths):
    response = client.get(public_paths[1])
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"

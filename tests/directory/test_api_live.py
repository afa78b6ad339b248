"""The API over a real HTTP connection: CORS headers as a browser on another site sees them."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.factories import ResourceFactory

# The live server needs committed rows, so the database is flushed after the test; the
# fixture puts back the reference data that migrations had loaded.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(live_server):
    from django.apps import apps

    from cms.setup import ensure_site_pages
    from directory.reference_data import load_reference_data

    load_reference_data(lambda name: apps.get_model("directory", name))
    ensure_site_pages()
    return live_server.url


def fetch(url: str, method: str = "GET") -> tuple[int, dict, bytes]:
    request = urllib.request.Request(
        url, method=method, headers={"Origin": "https://civic-map.example.org"}
    )
    if method == "OPTIONS":
        request.add_header("Access-Control-Request-Method", "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_browser_on_another_site_may_read_the_api(server):
    ResourceFactory(name="水曜いきいきサロン")
    status, headers, body = fetch(f"{server}/api/hsds/services")
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Content-Type"].startswith("application/json")
    assert [s["name"] for s in json.loads(body)["contents"]] == ["水曜いきいきサロン"]

    status, headers, _ = fetch(f"{server}/api/hsds/services", method="OPTIONS")
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in headers["Access-Control-Allow-Methods"]

    status, headers, body = fetch(f"{server}/api/hsds/services?page=0")
    assert status == 400
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert json.loads(body)["errors"][0]["parameter"] == "page"

"""Links that leave the page (open data, the OpenAPI document) point at the address the site was
reached on, unless SITE_URL fixes it: `PORT=8300 make run` links to port 8300."""

import pytest

from directory.absolute_urls import absolute_url
from directory.api.ids import row_id
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def hsds_service(client, resource, **headers) -> dict:
    response = client.get(f"/api/hsds/services/{row_id('service', resource.pk)}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_open_data_links_use_the_host_and_port_the_request_came_to(client, directory_page):
    resource = ResourceFactory(website="")
    body = hsds_service(client, resource, HTTP_HOST="127.0.0.1:8300")
    assert body["url"] == f"http://127.0.0.1:8300{directory_page.url}{resource.pk}/"
    csv = client.get("/api/open-data/resources.csv", HTTP_HOST="127.0.0.1:8300")
    text = b"".join(csv.streaming_content).decode()
    assert f"http://127.0.0.1:8300{directory_page.url}{resource.pk}/" in text


def test_the_openapi_document_names_the_server_it_was_fetched_from(client):
    doc = client.get("/api/hsds/openapi.json", HTTP_HOST="tsunagari.example.jp").json()
    assert doc["servers"] == [{"url": "http://tsunagari.example.jp/api/hsds"}]
    root = client.get("/api/hsds/", HTTP_HOST="tsunagari.example.jp").json()
    assert root["openapi_url"] == "http://tsunagari.example.jp/api/hsds/openapi.json"


def test_site_url_wins_over_the_request(client, directory_page, settings):
    settings.SITE_URL = "https://tsunagari.example.jp"
    resource = ResourceFactory(website="")
    body = hsds_service(client, resource, HTTP_HOST="127.0.0.1:8300")
    assert body["url"] == f"https://tsunagari.example.jp{directory_page.url}{resource.pk}/"


def test_outside_a_request_links_use_wagtails_default_site(home_page):
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="tsunagari.example.jp", port=443)
    assert absolute_url("/portal/") == "https://tsunagari.example.jp/portal/"

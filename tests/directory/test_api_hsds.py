"""Conformance: every HSDS endpoint's output for the demo data validates against HSDS 3.0.

The demo data is loaded once for the module (inside a transaction rolled back at the end);
responses are fetched through Django's test client, as a client would over HTTP.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction

from directory.api.ids import row_id
from directory.models import LocationPrivacy, Resource

from . import hsds_schemas as schemas

API = "/api/hsds"


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db):
    return None


def get_json(client, url: str, params: dict | None = None) -> dict:
    response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def all_pages(client, path: str, params: dict | None = None) -> list[dict]:
    """Every page of a list endpoint, each validated as an HSDS page of ``path``'s items."""
    pages, number = [], 1
    while True:
        body = get_json(client, f"{API}{path}", {**(params or {}), "page": number, "per_page": 40})
        pages.append(body)
        if body["last_page"]:
            return pages
        number += 1


def assert_valid(validator, instance) -> None:
    problems = schemas.errors(validator, instance)
    assert not problems, "\n".join(problems[:20])


def test_the_validators_check_formats_so_a_bad_id_or_url_fails():
    service = schemas.compiled("service")
    assert {"uuid", "uri", "email", "date-time"} <= set(schemas.FORMAT_CHECKER.checkers)
    good = {"id": row_id("service", 1), "name": "x", "status": "active"}
    assert_valid(service, good)
    assert schemas.errors(service, {**good, "id": "1"})
    assert schemas.errors(service, {**good, "url": "not a url"})
    assert schemas.errors(service, {**good, "last_modified": "yesterday"})
    assert schemas.errors(service, {**good, "status": "open"})


def test_root_names_the_hsds_version_the_profile_and_the_openapi_document(client, demo):
    body = get_json(client, f"{API}/")
    assert_valid(schemas.root(), body)
    assert body["version"] == "3.0"
    assert urlsplit(body["openapi_url"]).path == f"{API}/openapi.json"


def test_every_page_of_services_validates_and_lists_each_public_listing_once(client, demo):
    pages = all_pages(client, "/services")
    validator = schemas.page(schemas.compiled_schema("service"))
    for body in pages:
        assert_valid(validator, body)
    ids = [s["id"] for body in pages for s in body["contents"]]
    public = Resource.objects.public()
    assert len(ids) == len(set(ids)) == public.count() == pages[0]["total_items"]
    assert set(ids) == {row_id("service", pk) for pk in public.values_list("pk", flat=True)}


def test_services_with_one_to_one_fields_only_validate(client, demo):
    validator = schemas.page(schemas.compiled_schema("service"))
    for body in all_pages(client, "/services", {"full": "false"}):
        assert_valid(validator, body)
        assert all("schedules" not in s for s in body["contents"])


def test_every_service_validates_on_its_own(client, demo):
    validator = schemas.compiled("service")
    for pk in Resource.objects.public().values_list("pk", flat=True):
        body = get_json(client, f"{API}/services/{row_id('service', pk)}")
        assert_valid(validator, body)


def test_every_service_at_location_validates_in_lists_and_on_its_own(client, demo):
    list_validator = schemas.page(schemas.compiled_schema("service_at_location"))
    validator = schemas.compiled("service_at_location")
    for params in ({}, {"full": "false"}, {"lat": "35.5613", "lng": "139.716"}):
        for body in all_pages(client, "/service_at_locations", params):
            assert_valid(list_validator, body)
    for pk in Resource.objects.public().values_list("pk", flat=True):
        body = get_json(client, f"{API}/service_at_locations/{row_id('service_at_location', pk)}")
        assert_valid(validator, body)
        assert body["service"]["id"] == row_id("service", pk)


def test_every_organization_validates_in_lists_and_on_its_own(client, demo):
    list_validator = schemas.page(schemas.compiled_schema("organization"))
    validator = schemas.compiled("organization")
    ids = []
    for params in ({}, {"full_service": "true"}, {"full": "false"}):
        for body in all_pages(client, "/organizations", params):
            assert_valid(list_validator, body)
            ids += [o["id"] for o in body["contents"]] if not params else []
    assert ids
    for org_id in ids:
        for params in ({}, {"full_service": "true"}):
            assert_valid(validator, get_json(client, f"{API}/organizations/{org_id}", params))


def test_taxonomies_and_their_terms_validate_in_lists_and_on_their_own(client, demo):
    for path, name in (("/taxonomies", "taxonomy"), ("/taxonomy_terms", "taxonomy_term")):
        validator = schemas.modular(name)
        pages = all_pages(client, path)
        for body in pages:
            assert_valid(schemas.page({"$ref": f"{name}.json"}), body)
        items = [item for body in pages for item in body["contents"]]
        assert items
        for item in items:
            assert_valid(validator, get_json(client, f"{API}{path}/{item['id']}"))


def test_the_openapi_document_describes_our_extensions_and_its_schemas_are_served(client, demo):
    doc = get_json(client, f"{API}/openapi.json")
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["license"]["name"]
    names = {
        p["$ref"].rsplit("/", 1)[1]
        for p in doc["paths"]["/service_at_locations"]["get"]["parameters"]
        if "$ref" in p
    }
    assert {"lat", "lng", "proximity", "area", "kind", "modified_after", "search"} <= names
    assert doc["components"]["parameters"]["lat"]["x-tsunagari-extension"] is True
    refs = set()

    def collect(node):
        if isinstance(node, dict):
            refs.update(v for k, v in node.items() if k == "$ref" and v.startswith("http"))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(doc)
    assert refs
    for ref in refs:
        response = client.get(urlsplit(ref).path)
        assert response.status_code == 200, ref
    for path in doc["paths"]:
        if "{id}" not in path:
            assert client.get(f"{API}{path}").status_code == 200, path


def test_demo_listings_with_an_approximate_location_carry_no_point_or_street_address(client, demo):
    approximate = Resource.objects.public().filter(location_privacy=LocationPrivacy.APPROXIMATE)
    assert approximate.exists()
    for resource in approximate:
        body = get_json(
            client, f"{API}/service_at_locations/{row_id('service_at_location', resource.pk)}"
        )
        location = body["location"]
        assert "latitude" not in location and "longitude" not in location
        assert "addresses" not in location and "transportation" not in location
        text = str(body)
        assert resource.address not in text
        assert str(resource.latitude) not in text and str(resource.longitude) not in text
        # The venue is left out as on the public page (the editor's description is public text).
        if resource.venue:
            assert resource.venue not in str(location) and resource.venue not in body.get(
                "description", ""
            )


def test_hidden_demo_listings_never_appear(client, demo):
    hidden = Resource.objects.filter(location_privacy=LocationPrivacy.HIDDEN)
    assert hidden.exists()
    listed = {s["id"] for body in all_pages(client, "/services") for s in body["contents"]}
    for resource in hidden:
        assert row_id("service", resource.pk) not in listed
        response = client.get(f"{API}/services/{row_id('service', resource.pk)}")
        assert response.status_code == 404

"""schemathesis against the HSDS API: requests generated from /api/hsds/openapi.json, sent to
the Django app in-process (WSGI), never answer 5xx, and every response with a documented schema
(the HSDS objects, pages and the JSON error body) conforms to it.

The document's $refs point at this site's own copies of the HSDS schemas
(/api/hsds/schemas/…); they are inlined from the repository here, so no request leaves the
process.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from directory.api.openapi import absolute, document, schema_path
from tests.factories import OrganizationFactory, ResourceFactory, ScheduleRuleFactory


def inline(node, base: str, folder: str = "", seen: frozenset[str] = frozenset()):
    """``node`` with every $ref to one of our schema files replaced by the file's content."""
    if isinstance(node, list):
        return [inline(item, base, folder, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and not ref.startswith("#"):
        relative = ref.removeprefix(base) if ref.startswith(base) else f"{folder}/{ref}"
        if relative in seen:
            return {}  # a cycle: accept anything below this point rather than recurse forever
        target = json.loads(schema_path(relative).read_text())
        for key in ("$schema", "$id"):
            target.pop(key, None)
        rest = {k: v for k, v in node.items() if k != "$ref"}
        resolved = inline(target, base, relative.partition("/")[0], seen | {relative})
        return {**resolved, **inline(rest, base, folder, seen)}
    return {key: inline(value, base, folder, seen) for key, value in node.items()}


# The test client's host: the document names it as the server and the schemas' home.
SITE = "http://testserver"


def load_schema():
    with override_settings(SITE_URL=SITE):  # collected outside any request
        base = absolute("api:hsds-schema", path="x").removesuffix("x")
        loaded = schemathesis.openapi.from_dict(inline(document(), base))
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@pytest.fixture(autouse=True)
def keep_the_test_connection_open():
    """The WSGI app ends each request with close_old_connections(), which would close the test's
    own connection (its transaction holds the listings) on PostgreSQL. Django's test Client
    disconnects it around its requests; schemathesis calls the app directly, so do the same."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def listings(db):
    """A few published listings (one with a schedule) and a draft, so lists are not empty."""
    organisation = OrganizationFactory()
    ScheduleRuleFactory(resource=ResourceFactory(organization=organisation))
    ResourceFactory(organization=organisation)
    ResourceFactory(live=False)


def test_the_served_document_is_the_one_tested(client):
    served = client.get(reverse("api:hsds-openapi")).json()
    with override_settings(SITE_URL=SITE):
        assert served == document()


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_hsds_api_never_fails_and_answers_as_documented(case):
    case.call_and_validate(
        base_url=f"{SITE}/api/hsds",
        # The in-process WSGI transport does not undo gzip as an HTTP client would, and the page
        # cache sends kept responses gzipped to clients that say they take it.
        headers={"Accept-Encoding": "identity"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )

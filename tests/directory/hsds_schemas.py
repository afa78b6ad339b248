"""Validators for the HSDS 3.0 JSON schemas copied into directory/api/hsds_schema/.

Draft 2020-12 with format checks (uuid, email, uri, date-time): the ``compiled/`` schemas are
self-contained; the modular ``schema/`` files refer to each other by bare file name and are
loaded into a ``referencing`` registry keyed by that name.
"""

from __future__ import annotations

import functools
import json

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory.api.openapi import SCHEMA_DIR

FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER
PAGE_FIELDS = [
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
]


def _load(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(_load(path), default_specification=DRAFT202012))
        for path in sorted((SCHEMA_DIR / "schema").glob("*.json"))
        if path.name != "openapi.json"
    ]
    return Registry().with_resources(resources)


@functools.cache
def openapi() -> dict:
    return _load(SCHEMA_DIR / "schema" / "openapi.json")


def compiled(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        _load(SCHEMA_DIR / "compiled" / f"{name}.json"), format_checker=FORMAT_CHECKER
    )


def modular(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{name}.json"}, registry=registry(), format_checker=FORMAT_CHECKER
    )


def page(item_schema: dict) -> Draft202012Validator:
    """HSDS's page envelope (``components/schemas/Page`` of the API reference) with every
    field required and each item checked against ``item_schema``."""
    schema = {
        "allOf": [openapi()["components"]["schemas"]["Page"]],
        "required": PAGE_FIELDS,
        "properties": {"contents": {"type": "array", "items": item_schema}},
    }
    return Draft202012Validator(schema, registry=registry(), format_checker=FORMAT_CHECKER)


def compiled_schema(name: str) -> dict:
    return _load(SCHEMA_DIR / "compiled" / f"{name}.json")


def root() -> Draft202012Validator:
    schema = openapi()["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    return Draft202012Validator(
        {**schema, "required": ["version", "profile", "openapi_url"]},
        format_checker=FORMAT_CHECKER,
    )


def errors(validator: Draft202012Validator, instance) -> list[str]:
    """Every validation error, with where it is, so a failing test says what is wrong."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(instance)
    ]

"""The OpenAPI document of our HSDS API: Open Referral's own document, adapted.

Starts from ``hsds_schema/schema/openapi.json`` (HSDS 3.0, unchanged in the repository) and
fills in what the template leaves to each publisher: title, licence, server, the schemas our
responses follow (served from this site, so the document works offline), our extension
parameters, page-size limits and the JSON error body.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from directory.absolute_urls import absolute_url

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
UPSTREAM = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
# The data's licence; a deployment may set OPEN_DATA_LICENSE = {"name": ..., "url": ...}.
DEFAULT_DATA_LICENSE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.ja",
}


def data_license() -> dict:
    return getattr(settings, "OPEN_DATA_LICENSE", DEFAULT_DATA_LICENSE)


EXTENSION = "x-tsunagari-extension"


def absolute(name: str, **kwargs) -> str:
    return absolute_url(reverse(name, kwargs=kwargs or None))


def schema_path(relative: str) -> Path:
    """The file for ``compiled/service.json`` or ``schema/phone.json``; nothing else."""
    folder, _, name = relative.partition("/")
    if folder not in ("schema", "compiled") or "/" in name or not name.endswith(".json"):
        raise ValueError(relative)
    path = SCHEMA_DIR / folder / name
    if not path.is_file():
        raise FileNotFoundError(relative)
    return path


@functools.cache
def _upstream() -> dict:
    return json.loads((SCHEMA_DIR / "schema" / "openapi.json").read_text(encoding="utf-8"))


def _query(name: str, description: str, schema: dict, extension: bool = True) -> dict:
    parameter = {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }
    if extension:
        parameter[EXTENSION] = True
    return parameter


EXTENSION_PARAMETERS = {
    "lat": _query(
        "lat",
        "拡張: 緯度（WGS84、度）。lng と一緒に指定すると近い順に並べます。"
        " Extension: latitude (WGS84 degrees); with lng, results are sorted nearest first.",
        {"type": "number", "minimum": -90, "maximum": 90},
    ),
    "lng": _query(
        "lng",
        "拡張: 経度（WGS84、度）。lat と一緒に指定します。"
        " Extension: longitude (WGS84 degrees); give it with lat.",
        {"type": "number", "minimum": -180, "maximum": 180},
    ),
    "proximity": _query(
        "proximity",
        "lat/lng からこのメートル以内の場所だけを返します（lat と lng が必要）。"
        "おおよその場所のみ公開の資源は、公開サイトと同じくエリアの特別出張所の位置で測ります。"
        " Only results within this many metres of lat/lng (requires lat and lng). Listings whose"
        " location is approximate are measured from their area's branch office, as on the site.",
        {"type": "number", "minimum": 0, "maximum": 100000},
        extension=False,
    ),
    "area": _query(
        "area",
        "拡張: 特別出張所エリアの識別子（例: omori-nishi）。 Extension: area slug.",
        {"type": "string"},
    ),
    "region": _query(
        "region",
        "拡張: 地域の識別子（例: omori）。 Extension: region slug.",
        {"type": "string"},
    ),
    "kind": _query(
        "kind",
        "拡張: 種類（place=居場所, salon=サロン・通いの場, food=フード支援, volunteer=ボランティア募集）。"
        " Extension: listing kind.",
        {"type": "string", "enum": ["place", "salon", "food", "volunteer"]},
    ),
}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["status", "errors"],
    "properties": {
        "status": {"type": "integer"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["parameter", "message", "message_en"],
                "properties": {
                    "parameter": {"type": "string"},
                    "message": {"type": "string", "description": "日本語のメッセージ"},
                    "message_en": {"type": "string", "description": "English message"},
                },
            },
        },
    },
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _rewrite_refs(node, schema_base: str):
    """Point the upstream schema URLs at our copies; list items are full objects here."""
    if isinstance(node, dict):
        for key, value in list(node.items()):
            if key == "$ref" and isinstance(value, str) and value.startswith(UPSTREAM):
                relative = value.removeprefix(UPSTREAM)
                relative = relative.replace("_list.json", ".json")
                if "/" not in relative:
                    relative = f"schema/{relative}"
                node[key] = f"{schema_base}{relative}"
            else:
                _rewrite_refs(value, schema_base)
    elif isinstance(node, list):
        for item in node:
            _rewrite_refs(item, schema_base)


def document() -> dict:
    """The OpenAPI 3.1 document served at /api/hsds/openapi.json."""
    doc = copy.deepcopy(_upstream())
    name = settings.MUNICIPALITY["name"]
    doc["info"] = {
        "title": f"{settings.SITE_NAME} HSDS API",
        "version": "1.0.0",
        "summary": f"{name}の地域資源（居場所・サロン・フード支援・ボランティア募集）のオープンデータ",
        "description": (
            "Open Referral HSDS 3.0 に沿った読み取り専用のAPIです。公開中の地域資源だけを返します"
            "（下書き・非公開の場所は含みません。場所を「おおよそ」で公開している資源は住所と座標を"
            "含みません）。拡張パラメーターには x-tsunagari-extension が付いています。"
            " A read-only HSDS 3.0 API over the published listings; extension parameters are"
            " marked x-tsunagari-extension. Errors are JSON in Japanese and English."
        ),
        "license": data_license(),
    }
    doc["servers"] = [{"url": absolute("api:hsds-root").rstrip("/")}]
    schema_base = absolute("api:hsds-schema", path="x").removesuffix("x")
    _rewrite_refs(doc, schema_base)

    components = doc["components"]
    components["schemas"]["Error"] = ERROR_SCHEMA
    components["parameters"]["page"]["schema"] = {"type": "integer", "minimum": 1, "default": 1}
    components["parameters"]["per_page"]["description"] = (
        "1ページの件数（既定 50、最大 200）。size でも指定できます。"
        " Results per page (default 50, at most 200); `size` is accepted as an alias."
    )
    components["parameters"]["per_page"]["schema"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": 200,
        "default": 50,
    }
    components["parameters"]["format"]["schema"] = {"type": "string", "enum": ["json"]}
    components["parameters"]["format"]["description"] = "json のみ対応。 Only json."
    components["parameters"]["modified_after"]["schema"] = {"type": "string", "format": "date-time"}
    components["parameters"]["modified_after"]["description"] = (
        "この日時以降に更新された資源だけ（ISO 8601 の日付または日時。時差がなければ日本時間）。"
        " Results modified on or after this ISO 8601 date or date-time (local time if no offset)."
    )
    components["parameters"]["proximity"] = EXTENSION_PARAMETERS["proximity"]
    for key in ("lat", "lng", "area", "region", "kind"):
        components["parameters"][key] = EXTENSION_PARAMETERS[key]
    ref = lambda key: {"$ref": f"#/components/parameters/{key}"}  # noqa: E731

    paths = doc["paths"]
    services = paths["/services"]["get"]
    services["parameters"] = [
        p for p in services["parameters"] if p.get("$ref") != "#/components/parameters/minimal"
    ] + [ref("area"), ref("region"), ref("kind")]
    sal = paths["/service_at_locations"]["get"]
    sal["parameters"] = [
        p for p in sal["parameters"] if p.get("$ref") != "#/components/parameters/postcode"
    ] + [ref("lat"), ref("lng"), ref("area"), ref("region"), ref("kind")]
    del components["parameters"]["postcode"]
    del components["parameters"]["minimal"]
    # Upstream points this one at the service schema; it returns a service_at_location.
    paths["/service_at_locations/{id}"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ] = {"$ref": f"{schema_base}compiled/service_at_location.json"}
    paths["/organizations/{id}"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ] = {"$ref": f"{schema_base}compiled/organization.json"}
    for path, item in paths.items():
        responses = item["get"]["responses"]
        if "{id}" in path:
            responses["404"] = _error("見つからない・公開されていない Not found or not public")
        if item["get"].get("parameters") or path == "/organizations/{id}":
            responses["400"] = _error("パラメーターの誤り Bad parameter")
    return doc

"""The HSDS 3.0 API (Open Referral) over the public directory: read-only JSON, open to any origin.

Views only read parameters, call selectors and serialisers, and shape the HSDS page envelope.
See docs/open-data.md for the parameters, the extensions and the privacy rules.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.db.models import Q, QuerySet
from django.http import FileResponse

from directory.models import Area, Kind, Region, Resource
from directory.nearby import resources_near
from directory.search.backends import search_resources

from . import hsds, openapi
from .http import json_response, not_found, open_data_view
from .ids import row_pk
from .params import ApiError, ParamError, Params
from .selectors import organizations_public, resources_for_api
from .taxonomies import (
    TAXONOMIES,
    all_terms,
    resources_with_taxonomy,
    resources_with_term,
    taxonomy_by_id,
    term_by_id,
)

HSDS_PROFILE_URL = "https://openreferral.readthedocs.io/en/3.0/"


def page_envelope(total: int, number: int, size: int, contents: list) -> dict:
    """HSDS's list envelope. ``size`` is the number of items on this page (as the API reference
    defines it); a page past the end is empty, not an error."""
    total_pages = math.ceil(total / size) if total else 0
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def page_slice(number: int, size: int) -> slice:
    return slice((number - 1) * size, number * size)


def filtered_resources(params: Params) -> QuerySet[Resource]:
    """Public listings narrowed by every filter given; filters combine (AND)."""
    queryset = Resource.objects.public()
    organization_pk = params.hsds_id("organization_id", lambda v: row_pk("organization", v))
    term = params.hsds_id("taxonomy_term_id", term_by_id)
    taxonomy = params.hsds_id("taxonomy_id", taxonomy_by_id)
    modified_after = params.modified_after()
    area = params.choice("area", lambda: {a.slug: a for a in Area.objects.all()}, "エリア")
    region = params.choice("region", lambda: {r.slug: r for r in Region.objects.all()}, "地域")
    kind = params.choice("kind", {value: value for value in Kind.values}, "種類")
    text = params.text("search")
    params.raise_if_invalid()

    if organization_pk is not None:
        queryset = queryset.filter(organization_id=organization_pk)
    if term is not None:
        queryset = resources_with_term(queryset, term)
    if taxonomy is not None:
        queryset = resources_with_taxonomy(queryset, taxonomy)
    if modified_after is not None:
        queryset = queryset.filter(updated_at__gte=modified_after)
    if area is not None:
        queryset = queryset.filter(area=area)
    if region is not None:
        queryset = queryset.filter(area__region=region)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    if text:
        return search_resources(queryset, text).queryset  # best match first
    # By id: the order a harvester wants (stable while names change), and an index scan
    # rather than a sort of every public listing for each page.
    return queryset.order_by("pk")


def ordered_rows(queryset: QuerySet[Resource], pks: Sequence[int]) -> list[Resource]:
    """The listings ``pks`` in that order, loaded through ``queryset``."""
    by_pk = queryset.in_bulk(list(pks))
    return [by_pk[pk] for pk in pks if pk in by_pk]


@open_data_view
def api_root(request):
    return json_response(hsds.api_root(openapi.absolute("api:hsds-openapi"), HSDS_PROFILE_URL))


@open_data_view
def service_list(request):
    """``GET /services``: fully nested services by default (``full=false`` gives the one-to-one
    fields only), in id order, or best match first with ``search``."""
    params = Params(request.GET)
    number, size = params.page()
    params.format()
    full = params.boolean("full", True)
    queryset = filtered_resources(params)
    total = queryset.count()
    rows = queryset[page_slice(number, size)]
    rows = resources_for_api(rows) if full else rows.select_related("organization")
    links, offset = hsds.site_links(), hsds.utc_offset()
    contents = [hsds.service(r, links, full=full, offset=offset) for r in rows]
    return json_response(page_envelope(total, number, size, contents))


@open_data_view
def service_detail(request, id: str):
    pk = row_pk("service", id)
    resource = resources_for_api().filter(pk=pk).first() if pk is not None else None
    if resource is None:
        raise not_found("このIDのサービスは公開されていません。", "No public service has this id.")
    return json_response(hsds.service(resource, hsds.site_links()))


@open_data_view
def service_at_location_list(request):
    """``GET /service_at_locations``, with the extensions ``lat``/``lng`` (nearest first) and
    ``proximity`` (metres), measured to the same public point as the site's "near me"."""
    params = Params(request.GET)
    number, size = params.page()
    params.format()
    full = params.boolean("full", True)
    point, proximity = params.point()
    if request.GET.get("postcode", "").strip():
        params.error(
            "postcode",
            "postcode（郵便番号）での検索には対応していません。lat と lng を使ってください。",
            "postcode is not supported; use lat and lng.",
        )
    queryset = filtered_resources(params)
    if point is not None:
        nearby = resources_near(
            queryset, point, proximity / 1000 if proximity is not None else None
        )
        total = len(nearby)
        rows = ordered_rows(resources_for_api(), nearby.pks[page_slice(number, size)])
    else:
        total = queryset.count()
        rows = list(resources_for_api(queryset[page_slice(number, size)]))
    links = hsds.site_links()
    contents = [hsds.service_at_location(r, links, include_service=full) for r in rows]
    return json_response(page_envelope(total, number, size, contents))


@open_data_view
def service_at_location_detail(request, id: str):
    pk = row_pk("service_at_location", id)
    resource = resources_for_api().filter(pk=pk).first() if pk is not None else None
    if resource is None:
        raise not_found(
            "このIDのサービス提供場所は公開されていません。",
            "No public service_at_location has this id.",
        )
    return json_response(
        hsds.service_at_location(resource, hsds.site_links(), include_service=True)
    )


def _organization_services(orgs: list, *, full_service: bool) -> dict[int, list[dict]]:
    """Each group's public services: brief (id, name, status) or fully nested."""
    queryset = Resource.objects.public().filter(organization__in=orgs)
    if full_service:
        queryset = resources_for_api(queryset)
    links, offset = hsds.site_links(), hsds.utc_offset()
    services: dict[int, list[dict]] = {org.pk: [] for org in orgs}
    for resource in queryset:
        services[resource.organization_id].append(
            hsds.service(resource, links, include_organization=False, offset=offset)
            if full_service
            else hsds.service_brief(resource)
        )
    return services


@open_data_view
def organization_list(request):
    params = Params(request.GET)
    number, size = params.page()
    params.format()
    full = params.boolean("full", True)
    full_service = params.boolean("full_service", False)
    text = params.text("search")
    params.raise_if_invalid()
    queryset = organizations_public().order_by("pk")
    if text:
        queryset = queryset.filter(Q(name__icontains=text) | Q(name_kana__icontains=text))
    total = queryset.count()
    orgs = list(queryset[page_slice(number, size)])
    services = _organization_services(orgs, full_service=full_service) if full else {}
    contents = [hsds.organization(org, services.get(org.pk)) for org in orgs]
    return json_response(page_envelope(total, number, size, contents))


@open_data_view
def organization_detail(request, id: str):
    params = Params(request.GET)
    full_service = params.boolean("full_service", False)
    params.raise_if_invalid()
    pk = row_pk("organization", id)
    org = organizations_public().filter(pk=pk).first() if pk is not None else None
    if org is None:
        raise not_found("このIDの団体は公開されていません。", "No public organization has this id.")
    services = _organization_services([org], full_service=full_service)
    return json_response(hsds.organization(org, services[org.pk]))


def _matches(text: str, *values: str) -> bool:
    return not text or any(text.lower() in value.lower() for value in values)


@open_data_view
def taxonomy_list(request):
    params = Params(request.GET)
    number, size = params.page()
    params.format()
    text = params.text("search")
    params.raise_if_invalid()
    found = [t for t in TAXONOMIES if _matches(text, t.name, t.description, t.key)]
    contents = [t.as_hsds() for t in found[page_slice(number, size)]]
    return json_response(page_envelope(len(found), number, size, contents))


@open_data_view
def taxonomy_detail(request, id: str):
    taxonomy = taxonomy_by_id(id)
    if taxonomy is None:
        raise not_found("このIDの分類はありません。", "No taxonomy has this id.")
    return json_response(taxonomy.as_hsds())


@open_data_view
def taxonomy_term_list(request):
    params = Params(request.GET)
    number, size = params.page()
    params.format()
    text = params.text("search")
    taxonomy = params.hsds_id("taxonomy_id", taxonomy_by_id)
    parent = params.hsds_id("parent_id", term_by_id)
    params.boolean("top_only", False)  # every term is top-level: nothing to narrow
    params.raise_if_invalid()
    terms = all_terms()
    found = [
        t
        for t in terms
        if (taxonomy is None or t.taxonomy is taxonomy)
        and parent is None  # no term has children
        and _matches(text, t.name, t.code)
    ]
    contents = [t.as_hsds() for t in found[page_slice(number, size)]]
    return json_response(page_envelope(len(found), number, size, contents))


@open_data_view
def taxonomy_term_detail(request, id: str):
    term = term_by_id(id)
    if term is None:
        raise not_found("このIDの分類項目はありません。", "No taxonomy term has this id.")
    return json_response(term.as_hsds())


@open_data_view
def openapi_document(request):
    return json_response(openapi.document())


@open_data_view
def schema_file(request, path: str):
    """The HSDS JSON schemas this API conforms to, as copied into the project."""
    try:
        file = openapi.schema_path(path)
    except (FileNotFoundError, ValueError) as error:
        raise not_found("スキーマが見つかりません。", "No such schema.") from error
    return FileResponse(open(file, "rb"), content_type="application/schema+json")


@open_data_view
def unknown_endpoint(request, path: str = ""):
    raise ApiError(
        [
            ParamError(
                "path",
                "このURLはAPIにありません。/api/hsds/openapi.json を参照してください。",
                "No such API endpoint; see /api/hsds/openapi.json.",
            )
        ],
        status=404,
    )

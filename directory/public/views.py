"""The public site's request handling: the list and map, a listing, an area and its print sheet.

``DirectoryIndexPage`` (models.py) routes /directory/… here; each view takes the page, whose URL
the templates link from. Reads go through the data core's querysets, search and "near me".
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import models
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from directory.models import Area, ConsultationCounter, Kind, Region, Resource
from directory.models.counters import counters_sorted
from directory.nearby import NearbyResources, resources_near
from directory.pagecache.public import public_response
from directory.search.zero_results import zero_result_help

from .filters import ResourceFilter
from .forms import NearForm
from .maps import listing_markers, listings_map, marker_counts, resource_map
from .paging import BoundedPaginator
from .summary import search_summary


@dataclass
class ListResults:
    """What a list page and its markers share: the same filters give the same listings."""

    filterset: ResourceFilter
    queryset: models.QuerySet[Resource]
    near: NearForm
    nearby: NearbyResources | None

    @property
    def map_only(self) -> set[int] | None:
        """With a "near me" radius, the map shows only the listings inside it; without one,
        "near me" only reorders the list."""
        if self.nearby is None or self.nearby.within_km is None:
            return None
        return set(self.nearby.pks)


def list_results(request, base_queryset) -> ListResults:
    filterset = ResourceFilter(request.GET or None, queryset=base_queryset)
    results = filterset.qs if filterset.is_bound and filterset.is_valid() else base_queryset
    near = NearForm(request.GET)  # "near me": sort by distance, optionally within N km
    nearby = None
    if near.is_valid() and near.origin is not None:
        nearby = resources_near(results, near.origin.point, near.within_km)
    return ListResults(filterset, results, near, nearby)


def _render_list(
    request,
    page,
    template: str,
    base_queryset,
    *,
    list_url: str,
    fixed: tuple[str, ...] = (),
    **context,
):
    found = list_results(request, base_queryset)
    # Every listing the filters return, not just this page of cards; the browser fetches the
    # markers from the same filters (resource_markers). Without "near me" the map counts the
    # list's own rows, so one query counts both.
    only = found.map_only
    counts = marker_counts(found.queryset if only is None else found.queryset.filter(pk__in=only))
    paginator = BoundedPaginator(
        found.queryset.for_cards() if found.nearby is None else found.nearby,
        settings.DIRECTORY_PAGE_SIZE,
        max_pages=settings.DIRECTORY_MAX_PAGES,
        count=counts.total if found.nearby is None else None,
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    base_url = page.url  # looked up once, not once per card
    for resource in page_obj.object_list:
        resource.detail_url = base_url + page.reverse_subpage("resource_detail", args=[resource.pk])
    if getattr(found.filterset, "search", None) is not None:
        found.filterset.search.explain(page_obj.object_list)  # where the words matched
    query = request.GET.copy()
    query.pop("page", None)
    querystring = query.urlencode()
    filterset = found.filterset
    chosen = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    return TemplateResponse(
        request,
        template,
        {
            "page": page,
            "self": page,
            "filter": filterset,
            "page_obj": page_obj,
            "result_count": paginator.count,
            "querystring": querystring,
            "search": search_summary(found.filterset, found.near, fixed=fixed),
            "near": found.near,
            "near_suggestions": found.near.suggestion_links(request.GET),
            # Nearby areas and the counters, when nothing was found (directory/search/).
            "zero_result_help": None
            if paginator.count
            else zero_result_help(
                query=chosen.get("q") or "",
                area=context.get("area") or chosen.get("area"),
                region=chosen.get("region"),
            ),
            "map": listings_map(
                counts,
                directory_url=page.url,
                markers_url=f"{list_url}markers/" + (f"?{querystring}" if querystring else ""),
                area_name=context["area"].name if "area" in context else None,
                origin=found.nearby.origin if found.nearby is not None else None,
                origin_label=found.near.origin.label if found.nearby is not None else "",
                origin_is_browser=found.nearby is not None and found.near.origin.is_browser,
                within_km=found.nearby.within_km if found.nearby is not None else None,
            )
            if paginator.count  # an empty result draws no map
            else None,
            **context,
        },
    )


def resource_list(request, page):
    return _render_list(
        request,
        page,
        "directory/directory_index_page.html",
        Resource.objects.listed(),
        list_url=page.url,
    )


def resource_markers(request, page, area_slug: str | None = None):
    """The markers of a list page (JSON), for the same query string as the page: every listing
    its filters return, as the page's map shows them (``maps.listing_markers``)."""
    queryset = Resource.objects.listed()
    if area_slug is not None:
        queryset = queryset.filter(area=area_get(area_slug))
    found = list_results(request, queryset)
    markers = listing_markers(found.queryset, directory_url=page.url, only=found.map_only)
    return JsonResponse(
        markers.as_json(), json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )


def resource_detail(request, page, pk: int):
    resource = get_object_or_404(
        Resource.objects.public().select_related("area", "area__region", "organization"), pk=pk
    )
    return TemplateResponse(
        request,
        "directory/resource_detail.html",
        {
            "page": page,
            "self": page,
            "resource": resource,
            "directory_page": page,
            "map": resource_map(resource, directory_url=page.url),
        },
    )


def resource_next_date(request, pk: int):
    """The next meeting as JSON, fetched when a map popup opens (so the map need not compute
    dates for every listing it shows)."""
    resource = get_object_or_404(Resource.objects.public(), pk=pk)
    occurrence = resource.next_occurrence()
    text = None
    if occurrence is not None:
        text = str(occurrence) + (f"（{occurrence.note}）" if occurrence.note else "")
    return JsonResponse({"next_date": text})


def area_detail(request, page, slug: str):
    area = area_get(slug)
    queryset = Resource.objects.listed().filter(area=area)
    kind_counts = {
        row["kind"]: row["n"]
        for row in queryset.values("kind").annotate(n=models.Count("pk")).order_by()
    }
    return _render_list(
        request,
        page,
        "directory/area_page.html",
        queryset,
        list_url=page.area_url(area),
        fixed=("area", "region"),
        area=area,
        area_counters=ConsultationCounter.objects.for_area(area),
        kind_counts=[(value, label, kind_counts.get(value, 0)) for value, label in Kind.choices],
    )


def area_print(request, page, slug: str):
    """An A4 sheet of the area's public listings, grouped by kind, for people offline."""
    area = area_get(slug)
    listings = list(
        Resource.objects.listed()
        .filter(area=area)
        .select_related("area", "organization")
        .prefetch_related("schedule_rules")
        .with_next_dates()
        .order_by("kind", "name_kana", "pk")
    )
    groups = [(label, [r for r in listings if r.kind == value]) for value, label in Kind.choices]
    online_url = request.build_absolute_uri(page.area_url(area))
    return TemplateResponse(
        request,
        "directory/area_print.html",
        {
            "page": page,
            "self": page,
            "area": area,
            "groups": [(label, items) for label, items in groups if items],
            "listing_count": len(listings),
            "online_url": online_url,
            "qr_svg": segno.make(online_url, error="m").svg_inline(
                scale=3, title=f"{area.name}エリアのページ（{online_url}）"
            ),
        },
    )


def area_get(key: str) -> Area:
    """An area by its URL name (omori-nishi) or its code (02), or 404."""
    return get_object_or_404(
        Area.objects.select_related("region"), models.Q(slug=key) | models.Q(code=key)
    )


def consultation(request):
    """「相談したい」: every region's and area's counters, linked from every page's footer."""
    counters = list(ConsultationCounter.objects.all())
    regions = []
    for region in Region.objects.prefetch_related("areas"):
        areas = [
            (area, counters_sorted(c for c in counters if c.area_id == area.pk))
            for area in region.areas.all()
        ]
        own = counters_sorted(c for c in counters if c.region_id == region.pk)
        regions.append((region, own, areas))
    return public_response(
        TemplateResponse(request, "directory/consultation.html", {"regions": regions})
    )

"""What a page offers when a search finds nothing, so that it never ends the road: the same
words in nearby areas, and the area's counters (相談の入口).

「もしかして」 suggestions come with the results themselves (``corrections.py``). The counters are
not data yet (no phone numbers are invented): the page links to the area pages, which lead to the
area's offices and coordinators.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from directory.geo import approximate_km
from directory.models import Area, Region, Resource

from .backends import search_resources

NEARBY_AREAS = 5


@dataclass(frozen=True)
class AreaCount:
    area: Area
    count: int


@dataclass(frozen=True)
class ZeroResultHelp:
    """``nearby``: areas outside the one (or the region) searched where the words find
    listings, nearest first; ``counters``: the areas whose pages lead to a counter — the one
    searched, or every area of its region, or every area grouped by region."""

    nearby: list[AreaCount]
    counters: list[tuple[Region, list[Area]]]


def zero_result_help(
    *, query: str, area: Area | None = None, region: Region | None = None
) -> ZeroResultHelp:
    """Help for a search (or a filter) that found nothing in ``area`` or ``region``."""
    return ZeroResultHelp(
        nearby=nearby_areas(query, area=area, region=region) if query.strip() else [],
        counters=counters(area=area, region=region),
    )


def nearby_areas(query: str, *, area: Area | None, region: Region | None) -> list[AreaCount]:
    """Areas outside ``area`` / ``region`` where ``query`` finds public listings, with how many;
    nearest to the area's office first (most listings first when no area was chosen)."""
    listed = Resource.objects.listed()
    if area is not None:
        listed = listed.exclude(area=area)
    elif region is not None:
        listed = listed.exclude(area__region=region)
    matches = search_resources(listed, query).queryset
    rows = matches.order_by().values("area").annotate(n=Count("pk", distinct=True))
    counts = {row["area"]: row["n"] for row in rows}
    if not counts:
        return []
    found = [
        AreaCount(a, counts[a.pk])
        for a in Area.objects.filter(pk__in=counts).select_related("region")
    ]
    origin = area or (region.areas.first() if region is not None else None)
    if origin is not None:
        found.sort(key=lambda ac: approximate_km(origin.office_point, ac.area.office_point))
    else:
        found.sort(key=lambda ac: (-ac.count, ac.area.code))
    return found[:NEARBY_AREAS]


def counters(*, area: Area | None, region: Region | None) -> list[tuple[Region, list[Area]]]:
    """The areas whose pages to offer for a consultation, grouped by region."""
    areas = Area.objects.select_related("region").order_by("region__sort_order", "code")
    if area is not None:
        areas = areas.filter(pk=area.pk)
    elif region is not None:
        areas = areas.filter(region=region)
    grouped: dict[Region, list[Area]] = {}
    for each in areas:
        grouped.setdefault(each.region, []).append(each)
    return list(grouped.items())

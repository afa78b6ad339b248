"""What a page offers when a search finds nothing, so that it never ends the road: the same
words in nearby areas, and the counters (相談の入口) of the area or region asked about.

「もしかして」 suggestions come with the results themselves (``corrections.py``). The counters are
data (``ConsultationCounter``); numbers the ward has not filled in show as 準備中, never invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from directory.geo import approximate_km
from directory.models import Area, ConsultationCounter, Region, Resource

from .backends import search_resources

NEARBY_AREAS = 5


@dataclass(frozen=True)
class AreaCount:
    area: Area
    count: int


@dataclass(frozen=True)
class ZeroResultHelp:
    """``nearby``: areas outside the one (or the region) searched where the words find
    listings, nearest first; ``counters``: the counters of the area searched (with its
    region's), or of the region, nearest way in first — none when neither was chosen (the page
    then links to every counter)."""

    nearby: list[AreaCount]
    counters: list[ConsultationCounter]


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


def counters(*, area: Area | None, region: Region | None) -> list[ConsultationCounter]:
    """The counters to offer for a consultation about ``area`` or ``region``."""
    if area is not None:
        return ConsultationCounter.objects.for_area(area)
    if region is not None:
        return ConsultationCounter.objects.for_region(region)
    return []

"""Public maps: what a page says about its map, and the markers as data.

A page carries only the map's container, its legend and a small configuration in a ``data-map``
attribute (tiles, starting view, the legend's kinds, and where the markers are); Leaflet,
markercluster and ``static/js/map.js`` — static files, no inline script — draw it. The list
pages' markers come from a JSON endpoint with the same filters as the page
(``views.resource_markers``), cached and compressed like the pages; a detail page's one marker
travels inside its configuration.

Privacy: exact listings are pinned at their own point; approximate ones only as one marker per area
at the area office ("このエリアに N 件（場所は非公開）"), never at their stored coordinates; hidden ones
never reach a public queryset. Every text that can reach a popup is HTML-escaped here (the same
output as Django's ``escape``), because the browser inserts popup content as HTML.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, FloatField, Q, QuerySet
from django.db.models.functions import Cast

from directory.geo import bounding_box
from directory.models import Area, Kind, LocationPrivacy, Resource

GSI_TILES = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
GSI_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>'
# One character on each marker, so kinds differ by more than colour (WCAG 1.4.1).
KIND_GLYPHS = {Kind.PLACE: "居", Kind.SALON: "サ", Kind.FOOD: "食", Kind.VOLUNTEER: "ボ"}
KINDS = list(Kind)
MAP_ELEMENT_ID = "resource_map"
NOTE_ELEMENT_ID = "resource-map-note"
# Names listed in an area's "場所は非公開" popup; the rest are on the area page.
AREA_GROUP_NAMES = 10
SINGLE_POINT_ZOOM = 16
# A "near me" search without a radius: the view is fitted to the place and this many of the
# nearest listings (the first cards), not to the whole ward.
NEAREST_IN_VIEW = 10
MAX_FIT_ZOOM = 16
# Leaflet's options, read by static/js/map.js. The page scrolls under a wheel; zoom with the
# buttons, a pinch or the keyboard.
LEAFLET = {
    "map": {"minZoom": 10, "maxZoom": 18, "scrollWheelZoom": False},
    "tiles": {
        "url": GSI_TILES,
        "options": {"minZoom": 5, "maxZoom": 18, "attribution": GSI_ATTRIBUTION},
    },
    "cluster": {"chunkedLoading": True, "showCoverageOnHover": False, "maxClusterRadius": 50},
    "fit": {"padding": [24, 24], "maxZoom": MAX_FIT_ZOOM, "animate": False},
}
LIST_NOTE = (
    "地図と同じ場所を、一覧で文字で確認できます。"
    "場所を公開していない活動は、エリアの特別出張所の位置にまとめて表示しています。"
)


def escape(text: str) -> str:
    """HTML-escape text for a popup: the same output as ``django.utils.html.escape``.

    Called straight from the standard library because Django's lazy-string wrapper triples the
    cost over 10,000 names; ``tests/directory/test_map.py`` checks that the two agree.
    """
    return html.escape(str(text), quote=True)


@dataclass
class PublicMap:
    """One map for ``directory/components/map*.html``: its name, note, legend and the
    configuration ``static/js/map.js`` reads from the container's ``data-map`` attribute."""

    label: str
    note: str
    config: dict
    private_count: int = 0
    legend: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def config_json(self) -> str:
        """The configuration as JSON for the ``data-map`` attribute (the template escapes it)."""
        return json.dumps(self.config, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Markers:
    """The markers of one map: ``listings`` rows are ``[lat, lng, kind index, id, escaped
    name]``; ``areas`` are the per-area markers of approximate listings."""

    listings: list[list] = field(default_factory=list)
    areas: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"listings": self.listings, "areas": self.areas}


def _legend(kinds: list[Kind] | None = None) -> list[tuple[str, str, str]]:
    return [
        (kind.value, kind.label, KIND_GLYPHS[kind])
        for kind in KINDS
        if kinds is None or kind in kinds
    ]


def _config(directory_url: str, **parts) -> dict:
    return {
        **LEAFLET,
        "center": settings.MUNICIPALITY["center"],
        "zoom": 12,
        "kinds": [[k, escape(label), glyph] for k, label, glyph in _legend()],
        "detail": escape(directory_url),
        **parts,
    }


def _area_groups(approximate: dict[int, list[tuple[int, str]]], prefix: str) -> list[dict]:
    groups = []
    for area in Area.objects.filter(pk__in=approximate).order_by("code"):
        members = sorted(approximate[area.pk], key=lambda m: m[1])
        groups.append(
            {
                "lat": float(area.office_latitude),
                "lng": float(area.office_longitude),
                "name": escape(area.name),
                "url": escape(f"{prefix}area/{area.slug}/"),
                "count": len(members),
                "listings": [[pk, escape(name)] for pk, name in members[:AREA_GROUP_NAMES]],
            }
        )
    return groups


def listing_markers(
    queryset: QuerySet[Resource], *, directory_url: str, only: set[int] | None = None
) -> Markers:
    """Markers for every listing of ``queryset`` (one lean query, no model instances), or only
    for those in ``only``."""
    rows = (
        queryset.order_by()
        .annotate(map_lat=Cast("latitude", FloatField()), map_lng=Cast("longitude", FloatField()))
        .values_list("pk", "kind", "name", "map_lat", "map_lng", "location_privacy", "area_id")
    )
    kind_index = {kind.value: i for i, kind in enumerate(KINDS)}
    markers = Markers()
    approximate: dict[int, list[tuple[int, str]]] = {}
    for pk, kind, name, lat, lng, privacy, area_id in rows:
        if only is not None and pk not in only:
            continue
        if privacy == LocationPrivacy.APPROXIMATE:
            approximate.setdefault(area_id, []).append((pk, name))
        elif privacy == LocationPrivacy.EXACT and lat is not None:
            markers.listings.append([lat, lng, kind_index.get(kind, 0), pk, escape(name)])
    markers.areas = _area_groups(approximate, directory_url)
    return markers


@dataclass(frozen=True)
class MarkerCounts:
    total: int  # listings in the queryset (the list's count)
    shown: int  # of them, on the map: a pin or their area's group
    private: int  # of them, only by their area


def marker_counts(queryset: QuerySet[Resource]) -> MarkerCounts:
    """How many listings ``queryset`` holds, how many of them the map shows and how many only by
    area — one aggregate query, without loading the markers."""
    counts = queryset.order_by().aggregate(
        total=Count("pk"),
        pinned=Count(
            "pk", filter=Q(location_privacy=LocationPrivacy.EXACT, latitude__isnull=False)
        ),
        private=Count("pk", filter=Q(location_privacy=LocationPrivacy.APPROXIMATE)),
    )
    private = counts["private"]
    return MarkerCounts(counts["total"], counts["pinned"] + private, private)


def listings_map(
    counts: MarkerCounts,
    *,
    directory_url: str,
    markers_url: str,
    area_name: str | None = None,
    origin: tuple[float, float] | None = None,
    origin_label: str = "",
    origin_is_browser: bool = False,
    within_km: float | None = None,
) -> PublicMap:
    """The map of a list page: every listing it counts (``marker_counts``; not one page of
    cards), whose markers the browser fetches from ``markers_url``. With ``origin`` (a "near me"
    search), the place it measures from (called ``origin_label``; "you are here" when
    ``origin_is_browser``), and the circle of its radius or, without one, a view of the nearest
    listings."""
    where = f"{area_name}エリアの" if area_name else "条件にあう"
    parts: dict = {"markers": markers_url}
    if origin is not None:
        parts["origin"] = {
            "lat": origin[0],
            "lng": origin[1],
            "label": escape(origin_label),
            "here": origin_is_browser,
        }
        parts["nearest"] = NEAREST_IN_VIEW
        if within_km:
            south, west, north, east = bounding_box(origin, within_km)
            parts["circle"] = {"radius": within_km * 1000, "bounds": [[south, west], [north, east]]}
    return PublicMap(
        label=f"地図: {where}場所 {counts.shown}件",
        note=LIST_NOTE,
        config=_config(directory_url, **parts),
        private_count=counts.private,
        legend=_legend(),
    )


def resource_map(resource: Resource, *, directory_url: str) -> PublicMap | None:
    """The map of one listing's detail page, or ``None`` when it has no public point."""
    markers = Markers()
    if resource.location_privacy == LocationPrivacy.APPROXIMATE:
        markers.areas = _area_groups(
            {resource.area_id: [(resource.pk, resource.name)]}, directory_url
        )
        point = resource.area.office_point
        legend_kinds: list[Kind] = []
        label = f"地図: {resource.name}の活動エリア（{resource.area.name}）"
        note = "この活動は場所を公開していません。地図の印は、エリアの特別出張所の位置です。"
    elif resource.public_point is not None:
        point = resource.public_point
        kind = Kind(resource.kind)
        markers.listings = [[*point, KINDS.index(kind), resource.pk, escape(resource.name)]]
        legend_kinds = [kind]
        label = f"地図: {resource.name}の場所"
        note = "住所とアクセスは「参加の案内」に文字で書いてあります。"
    else:
        return None
    return PublicMap(
        label=label,
        note=note,
        config=_config(directory_url, center=point, zoom=SINGLE_POINT_ZOOM, **markers.as_json()),
        private_count=len(markers.areas),
        legend=_legend(legend_kinds),
    )

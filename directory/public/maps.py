"""Public maps, drawn by folium and placed into our own templates.

What a page gets from ``listings_map()`` or ``resource_map()`` is a ``RenderedMap``: folium's
header (Leaflet's CSS/JS links, all from ``static/``), its HTML (the map container, with an
accessible name) and its script, plus the listings as a JSON data block. The script reads that
block and builds the markers with ``static/js/map.js``, so no listing text is ever inside a script.

Privacy: exact listings are pinned at their own point; approximate ones only as one marker per area
at the area office ("このエリアに N 件（場所は非公開）"), never at their stored coordinates; hidden ones
never reach a public queryset. Every text that can reach a popup is HTML-escaped here (the same
output as Django's ``escape``), because the browser inserts popup content as HTML.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

import folium
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import FloatField, QuerySet
from django.db.models.functions import Cast
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from folium.map import FitBounds
from folium.plugins import FastMarkerCluster
from folium.template import Template

from directory.geo import bounding_box
from directory.models import Area, Kind, LocationPrivacy, Resource
from directory.nearby import NearbyResources

GSI_TILES = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
GSI_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>'
# One character on each marker, so kinds differ by more than colour (WCAG 1.4.1).
KIND_GLYPHS = {Kind.PLACE: "居", Kind.SALON: "サ", Kind.FOOD: "食", Kind.VOLUNTEER: "ボ"}
KINDS = list(Kind)
MAP_ELEMENT_ID = "resource_map"
DATA_ELEMENT_ID = "resource-map-data"
NOTE_ELEMENT_ID = "resource-map-note"
# Names listed in an area's "場所は非公開" popup; the rest are on the area page.
AREA_GROUP_NAMES = 10
SINGLE_POINT_ZOOM = 16
MAX_FIT_ZOOM = 16


class SiteMap(folium.Map):
    """A ``folium.Map`` that loads Leaflet from our static files and names its container.

    The header macro is gone (folium's sets ``user-scalable=no`` and full-page styles, which our
    pages must not have); size and look come from ``static/css/site.css``.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <div class="map-panel__map" id="{{ this.get_name() }}" role="region"
                 aria-label="{{ this.label|e }}" aria-describedby="{{ this.note_id|e }}"></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            L.control.scale({imperial: false}).addTo({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, *, label: str, location, zoom_start: int, note_id: str = NOTE_ELEMENT_ID):
        super().__init__(
            location=location,
            zoom_start=zoom_start,
            tiles=None,
            min_zoom=10,
            max_zoom=18,
            # The page scrolls under a wheel; zoom with the buttons, a pinch or the keyboard.
            scroll_wheel_zoom=False,
        )
        self.label = label
        self.note_id = note_id
        # Instance lists, so that no other folium map in the process is changed.
        self.default_js = [
            ("leaflet", static("vendor/leaflet/leaflet.js")),
            ("tsunagari_map", static("js/map.js")),
        ]
        self.default_css = [("leaflet_css", static("vendor/leaflet/leaflet.css"))]
        folium.TileLayer(
            tiles=GSI_TILES,
            attr=GSI_ATTRIBUTION,
            name="地理院タイル（標準地図）",
            min_zoom=5,
            max_zoom=18,
        ).add_to(self)

    def get_name(self) -> str:
        return MAP_ELEMENT_ID


class ListingCluster(FastMarkerCluster):
    """``FastMarkerCluster`` whose rows come from the page's JSON data block, not the script.

    The callback (``TsunagariMap.listingMarker``) lives in ``static/js/map.js``; rows are
    ``[lat, lng, kind index, id, escaped name]``. The per-area markers of approximate listings
    join the same cluster group (so they never sit under a cluster), and cluster icons count
    listings, not markers.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function(){
                var config = TsunagariMap.config({{ this.data_id|tojson }});
                var callback = {{ this.callback }};
                var data = config.listings;
                var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
                {%- if this.icon_create_function is not none %}
                cluster.options.iconCreateFunction =
                    {{ this.icon_create_function.strip() }};
                {%- endif %}

                for (var i = 0; i < data.length; i++) {
                    var row = data[i];
                    var marker = callback(row);
                    marker.addTo(cluster);
                }
                // One marker per area for the listings whose place is not public.
                var areas = TsunagariMap.areaMarkers(config);
                for (var j = 0; j < areas.length; j++) {
                    areas[j].addTo(cluster);
                }

                cluster.addTo({{ this._parent.get_name() }});
                return cluster;
            })();
        {% endmacro %}"""
    )

    def __init__(self, data_id: str = DATA_ELEMENT_ID):
        super().__init__(
            data=[],
            name="地域資源",
            icon_create_function="TsunagariMap.clusterIcon",
            chunked_loading=True,
            show_coverage_on_hover=False,
            max_cluster_radius=50,
        )
        self.callback = "TsunagariMap.listingMarker(config)"
        self.data_id = data_id
        self.default_js = [
            ("markerclusterjs", static("vendor/leaflet.markercluster/leaflet.markercluster.js"))
        ]
        self.default_css = [
            ("markerclustercss", static("vendor/leaflet.markercluster/MarkerCluster.css")),
            (
                "markerclusterdefaultcss",
                static("vendor/leaflet.markercluster/MarkerCluster.Default.css"),
            ),
        ]


class DataLayer(folium.MacroElement):
    """A layer drawn by a ``TsunagariMap`` function from the JSON data block."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = TsunagariMap.{{ this.function }}(
                {{ this._parent.get_name() }}, TsunagariMap.config({{ this.data_id|tojson }})
            );
        {% endmacro %}
        """
    )

    def __init__(self, function: str, data_id: str = DATA_ELEMENT_ID):
        super().__init__()
        self._name = "DataLayer"
        self.function = function
        self.data_id = data_id


def escape(text: str) -> str:
    """HTML-escape text for a popup: the same output as ``django.utils.html.escape``.

    Called straight from the standard library because Django's lazy-string wrapper triples the
    cost over 10,000 names; ``tests/directory/test_map.py`` checks that the two agree.
    """
    return html.escape(str(text), quote=True)


def json_data_script(value, element_id: str) -> SafeString:
    """``django.utils.html.json_script`` with UTF-8 and no spaces (Japanese names cost 3 bytes
    a character instead of 6), and the same escapes of ``<``, ``>`` and ``&``."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html(
        '<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text)
    )


@dataclass
class RenderedMap:
    """The parts of one map for ``directory/components/map*.html``."""

    label: str
    header: SafeString
    html: SafeString
    script: SafeString
    data: SafeString
    listing_count: int
    private_count: int
    legend: list[tuple[str, str, str]] = field(default_factory=list)
    note: str = ""


@dataclass
class _Layers:
    listings: list[list] = field(default_factory=list)
    areas: list[dict] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)


def _legend() -> list[tuple[str, str, str]]:
    return [(kind.value, kind.label, KIND_GLYPHS[kind]) for kind in KINDS]


def _area_groups(approximate: dict[int, list[tuple[int, str]]], prefix: str) -> list[dict]:
    groups = []
    areas = Area.objects.filter(pk__in=approximate).order_by("code")
    for area in areas:
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


def _layers(queryset: QuerySet[Resource], prefix: str, only: set[int] | None) -> _Layers:
    """Marker rows for every listing of ``queryset`` (one lean query, no model instances)."""
    rows = (
        queryset.order_by()
        .annotate(map_lat=Cast("latitude", FloatField()), map_lng=Cast("longitude", FloatField()))
        .values_list("pk", "kind", "name", "map_lat", "map_lng", "location_privacy", "area_id")
    )
    kind_index = {kind.value: i for i, kind in enumerate(KINDS)}
    layers = _Layers()
    approximate: dict[int, list[tuple[int, str]]] = {}
    for pk, kind, name, lat, lng, privacy, area_id in rows:
        if only is not None and pk not in only:
            continue
        if privacy == LocationPrivacy.APPROXIMATE:
            approximate.setdefault(area_id, []).append((pk, name))
        elif privacy == LocationPrivacy.EXACT and lat is not None:
            layers.listings.append([lat, lng, kind_index.get(kind, 0), pk, escape(name)])
            layers.points.append((lat, lng))
    layers.areas = _area_groups(approximate, prefix)
    layers.points += [(a["lat"], a["lng"]) for a in layers.areas]
    return layers


def _render(
    layers: _Layers,
    *,
    label: str,
    prefix: str,
    note: str,
    origin: dict | None = None,
    within_km: float | None = None,
    legend_kinds: list[Kind] | None = None,
) -> RenderedMap:
    points = list(layers.points)
    if origin:
        points.append((origin["lat"], origin["lng"]))
        if within_km:  # show the whole circle
            south, west, north, east = bounding_box((origin["lat"], origin["lng"]), within_km)
            points += [(south, west), (north, east)]
    centre = points[0] if len(points) == 1 else settings.MUNICIPALITY["center"]
    site_map = SiteMap(
        label=label, location=centre, zoom_start=SINGLE_POINT_ZOOM if len(points) == 1 else 12
    )
    if len(points) > 1:
        # Before the markers: clusters built at the final zoom need no re-clustering animation.
        lats, lngs = [p[0] for p in points], [p[1] for p in points]
        fit = FitBounds(
            [[min(lats), min(lngs)], [max(lats), max(lngs)]],
            padding=(24, 24),
            max_zoom=MAX_FIT_ZOOM,
        )
        fit.options["animate"] = False
        site_map.add_child(fit)
    ListingCluster().add_to(site_map)
    if origin:
        if within_km:
            folium.Circle(
                (origin["lat"], origin["lng"]),
                radius=within_km * 1000,
                color="#1d4ed8",
                weight=2,
                fill=True,
                fill_opacity=0.05,
                interactive=False,
            ).add_to(site_map)
        DataLayer("searchOrigin").add_to(site_map)

    figure = site_map.get_root()
    for child in figure._children.values():  # fills figure.header, .html and .script
        child.render()
    config = {
        "kinds": [[k, escape(label_), glyph] for k, label_, glyph in _legend()],
        "detail": escape(prefix),
        "listings": layers.listings,
        "areas": layers.areas,
        "origin": origin,
    }
    header = "".join(
        child.render() for name, child in figure.header._children.items() if name != "meta_http"
    )
    return RenderedMap(
        label=label,
        # folium's output: links to our static files, the container (label escaped by the
        # template) and a script that holds no listing text.
        header=mark_safe(header),
        html=mark_safe(figure.html.render()),
        script=mark_safe(figure.script.render()),
        data=json_data_script(config, DATA_ELEMENT_ID),
        listing_count=len(layers.listings) + sum(a["count"] for a in layers.areas),
        private_count=sum(a["count"] for a in layers.areas),
        legend=[entry for entry in _legend() if legend_kinds is None or entry[0] in legend_kinds],
        note=note,
    )


def listings_map(
    queryset: QuerySet[Resource],
    *,
    directory_url: str,
    area_name: str | None = None,
    nearby: NearbyResources | None = None,
    origin_label: str = "",
) -> RenderedMap:
    """A map of every listing in ``queryset``: all of them, not one page of cards.

    With ``nearby`` (a "near me" search), only its listings, the place it measures from
    (called ``origin_label``) and the circle of its radius.
    """
    # Without a radius, "near me" only reorders: the map shows the same listings.
    only = set(nearby.pks) if nearby is not None and nearby.within_km is not None else None
    layers = _layers(queryset, directory_url, only)
    count = len(layers.listings) + sum(a["count"] for a in layers.areas)
    where = f"{area_name}エリアの" if area_name else "条件にあう"
    origin = None
    if nearby is not None:
        lat, lng = nearby.origin
        origin = {"lat": lat, "lng": lng, "label": escape(origin_label)}
    return _render(
        layers,
        label=f"地図: {where}場所 {count}件",
        prefix=directory_url,
        note=(
            "地図と同じ場所を、一覧で文字で確認できます。"
            "場所を公開していない活動は、エリアの特別出張所の位置にまとめて表示しています。"
        ),
        origin=origin,
        within_km=nearby.within_km if nearby is not None else None,
    )


def resource_map(resource: Resource, *, directory_url: str) -> RenderedMap | None:
    """The map of one listing's detail page, or ``None`` when it has no public point."""
    layers = _Layers()
    if resource.location_privacy == LocationPrivacy.APPROXIMATE:
        layers.areas = _area_groups(
            {resource.area_id: [(resource.pk, resource.name)]}, directory_url
        )
        layers.points = [resource.area.office_point]
        legend_kinds = []
        label = f"地図: {resource.name}の活動エリア（{resource.area.name}）"
        note = "この活動は場所を公開していません。地図の印は、エリアの特別出張所の位置です。"
    elif resource.public_point is not None:
        lat, lng = resource.public_point
        layers.listings = [
            [lat, lng, KINDS.index(Kind(resource.kind)), resource.pk, escape(resource.name)]
        ]
        layers.points = [(lat, lng)]
        legend_kinds = [Kind(resource.kind)]
        label = f"地図: {resource.name}の場所"
        note = "住所とアクセスは「参加の案内」に文字で書いてあります。"
    else:
        return None
    return _render(layers, label=label, prefix=directory_url, note=note, legend_kinds=legend_kinds)

"""Turn what a resident types (a station, an area, a town, an address) into a point.

Two geocoders behind geopy's ``Geocoder`` interface:

- ``GazetteerGeocoder`` — offline: the area offices (``Area`` rows), the railway stations in and
  around the municipality (``directory/data/ota_stations.csv``) and the ``Town`` rows that have
  coordinates. Always consulted first; the only one used unless ``settings.GEOCODER == "gsi"``.
- ``GSIAddressSearch`` — 国土地理院's address search, for street addresses in production. GSI does
  not document it as a public API, so every call goes through geopy's ``RateLimiter`` and the Django
  cache (``CachedGeocode``).

``place_lookup()`` is what views call. Nothing here geocodes stored listings: their coordinates are
entered at save time; only the resident's own typed query is looked up during a request.
"""

from __future__ import annotations

import csv
import difflib
import functools
import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from directory.models import Area, Town

logger = logging.getLogger(__name__)

STATIONS_CSV = Path(__file__).resolve().parent / "data" / "ota_stations.csv"
GEOCODERS = ("gazetteer", "gsi")
MAX_QUERY_LENGTH = 100

# Which entry wins when one name means several places (田園調布 is a station and an area):
# a bare name means the station, the landmark residents give directions by.
STATION, AREA_OFFICE, TOWN = "station", "area_office", "town"
PRIORITY = {STATION: 0, AREA_OFFICE: 1, TOWN: 2}
SUFFIX_KIND = (("特別出張所", AREA_OFFICE), ("出張所", AREA_OFFICE), ("駅", STATION))

KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CJK = "\u3400-\u9fff"
_KANJI_CHOME = re.compile(r"([一二三四五六七八九十]+)丁目")
_SMALL_KE = re.compile(rf"(?<=[{CJK}])[ヶケヵ](?=[{CJK}])")
_KATAKANA_NO = re.compile(rf"(?<=[{CJK}])ノ(?=[{CJK}])")
_SPACES = re.compile(r"\s+")
# 「大森西2-16-2」「大森西2丁目」「大森西2」 → town key 「大森西2丁目」.
_ADDRESS = re.compile(r"^(\D+?)(\d+)(?:丁目|[-‐‑‒–—―−ー]|番|$)")


def _kanji_number(text: str) -> int:
    """一〜九十九 as used in 丁目 (「十二」 → 12)."""
    if "十" not in text:
        return KANJI_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return KANJI_DIGITS.get(tens, 1) * 10 + KANJI_DIGITS.get(ones, 0)


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def normalize(text: str) -> str:
    """The form names are compared in: NFKC, no spaces, hiragana, digits for 丁目, no suffix.

    「ＪＲ蒲田駅」→「jr蒲田」, 「カマタ」→「かまた」, 「大森西二丁目」→「大森西2丁目」,
    「雪ヶ谷大塚」→「雪が谷大塚」, 「東京都大田区大森西」→「大森西」.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = _SPACES.sub("", text).lower()
    text = _KANJI_CHOME.sub(lambda m: f"{_kanji_number(m.group(1))}丁目", text)
    text = _SMALL_KE.sub("が", text)
    text = _KATAKANA_NO.sub("の", text)
    text = _hiragana(text)
    for prefix in (settings.MUNICIPALITY["prefecture"], settings.MUNICIPALITY["name"]):
        text = text.removeprefix(normalize_plain(prefix))
    for suffix, _kind in SUFFIX_KIND:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text.removesuffix(suffix)
    return text


def normalize_plain(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


def _suffix_kind(text: str) -> str | None:
    """The kind a query names explicitly: 「…駅」 a station, 「…出張所」 an area office."""
    text = normalize_plain(text)
    for suffix, kind in SUFFIX_KIND:
        if text.endswith(suffix):
            return kind
    return None


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str  # what the page shows: 「蒲田駅」「大森西特別出張所」「大森西二丁目」
    kind: str
    latitude: float
    longitude: float
    keys: tuple[str, ...]  # normalised names and readings that find it
    note: str = ""

    def location(self, *, partial_match: bool = False) -> Location:
        raw = {"name": self.name, "kind": self.kind, "partial": partial_match, "note": self.note}
        return Location(self.name, (self.latitude, self.longitude, 0.0), raw)


@functools.cache
def station_places() -> tuple[Place, ...]:
    """The stations file, read once per process (it changes only with a deploy)."""
    with open(STATIONS_CSV, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return tuple(
        Place(
            name=f"{row['name_ja']}駅",
            kind=STATION,
            latitude=float(row["lat"]),
            longitude=float(row["lon"]),
            keys=tuple(
                {normalize(row["name_ja"]), normalize(row["name_kana"]), normalize(row["name_en"])}
            ),
            note=row["lines"],
        )
        for row in rows
    )


def area_places() -> list[Place]:
    return [
        Place(
            name=f"{area.name}特別出張所",
            kind=AREA_OFFICE,
            latitude=float(area.office_latitude),
            longitude=float(area.office_longitude),
            keys=tuple({normalize(area.name), normalize(area.name_kana)}),
            note=area.office_address,
        )
        for area in Area.objects.only(
            "name", "name_kana", "office_latitude", "office_longitude", "office_address"
        )
    ]


def town_places() -> list[Place]:
    return [
        Place(
            name=town.name,
            kind=TOWN,
            latitude=float(town.latitude),
            longitude=float(town.longitude),
            keys=tuple(k for k in {normalize(town.name), normalize(town.name_kana)} if k),
        )
        for town in Town.objects.filter(latitude__isnull=False, longitude__isnull=False).only(
            "name", "name_kana", "latitude", "longitude"
        )
    ]


class OfflineAdapter(BaseSyncAdapter):
    """An adapter that refuses to touch the network: the gazetteer answers from memory."""

    def get_json(self, url, *, timeout, headers):
        raise GeocoderServiceError("the gazetteer geocoder is offline")

    def get_text(self, url, *, timeout, headers):
        raise GeocoderServiceError("the gazetteer geocoder is offline")


class GazetteerGeocoder(Geocoder):
    """Stations, area offices and towns, matched by name or reading with light normalisation."""

    def __init__(self, places: list[Place] | None = None):
        super().__init__(adapter_factory=OfflineAdapter)
        self._places = places

    @functools.cached_property
    def places(self) -> list[Place]:
        if self._places is not None:
            return self._places
        return [*station_places(), *area_places(), *town_places()]

    @functools.cached_property
    def index(self) -> dict[str, list[Place]]:
        index: dict[str, list[Place]] = {}
        for place in self.places:
            for key in place.keys:
                index.setdefault(key, []).append(place)
        for entries in index.values():
            entries.sort(key=lambda p: PRIORITY[p.kind])
        return index

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout=DEFAULT_SENTINEL,
        partial_match: bool = False,
    ) -> Location | list[Location] | None:
        """The place called ``query``, or ``None``.

        With ``partial_match`` a query that only *starts* with a known name (「大森西5-1-1」,
        「蒲田駅東口」) finds that name; the location's ``raw["partial"]`` then says so.
        """
        key = normalize(query)
        if not key:
            return None
        found = self._exact(key, _suffix_kind(query))
        if not found:
            address = _ADDRESS.match(key)
            if address:
                found = self._exact(f"{address.group(1)}{address.group(2)}丁目", TOWN)
        partial_hit = False
        if not found and partial_match:
            found, partial_hit = self._prefix(key), True
        if not found:
            return None
        locations = [place.location(partial_match=partial_hit) for place in found]
        return locations[0] if exactly_one else locations

    def _exact(self, key: str, preferred_kind: str | None) -> list[Place]:
        entries = self.index.get(key, [])
        if preferred_kind:
            entries = sorted(entries, key=lambda p: p.kind != preferred_kind)
        return entries

    def _prefix(self, key: str) -> list[Place]:
        keys = [k for k in self.index if len(k) >= 2 and key.startswith(k)]
        return self.index[max(keys, key=len)] if keys else []

    def suggestions(self, query: str, limit: int = 5) -> list[str]:
        """Known names close to ``query``: names containing it first, then similar spellings."""
        key = normalize(query)
        if not key:
            return []
        containing = [k for k in self.index if key in k or (len(k) >= 2 and k in key)]
        similar = difflib.get_close_matches(key, list(self.index), n=limit * 2, cutoff=0.5)
        names: list[str] = []
        for k in sorted(containing, key=lambda k: (abs(len(k) - len(key)), k)) + similar:
            for place in self.index[k]:
                if place.name not in names:
                    names.append(place.name)
        return names[:limit]


class GSIAddressSearch(Geocoder):
    """国土地理院 address search (https://msearch.gsi.go.jp/address-search/AddressSearch).

    The answer is a list of GeoJSON features::

        [{"geometry": {"coordinates": [139.7160, 35.5625], "type": "Point"},
          "type": "Feature", "properties": {"addressCode": "", "title": "東京都大田区蒲田五丁目"}}]

    ``bounds`` ((south, west), (north, east)) drops matches elsewhere in Japan: 「蒲田」 also
    exists outside Tokyo.
    """

    api = "https://msearch.gsi.go.jp/address-search/AddressSearch"

    def __init__(
        self,
        *,
        bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
        timeout=DEFAULT_SENTINEL,
        user_agent: str | None = None,
        adapter_factory=None,
    ):
        super().__init__(timeout=timeout, user_agent=user_agent, adapter_factory=adapter_factory)
        self.bounds = bounds

    def geocode(
        self, query: str, *, exactly_one: bool = True, timeout=DEFAULT_SENTINEL
    ) -> Location | list[Location] | None:
        url = f"{self.api}?{urlencode({'q': query})}"
        logger.debug("%s.geocode: %s", type(self).__name__, url)
        return self._call_geocoder(
            url, partial(self._parse_json, exactly_one=exactly_one), timeout=timeout
        )

    def _parse_json(self, features, exactly_one: bool):
        if not isinstance(features, list):
            raise GeocoderServiceError("GSI address search returned something other than a list")
        locations = []
        for feature in features:
            try:
                longitude, latitude = (float(c) for c in feature["geometry"]["coordinates"][:2])
                title = str(feature["properties"]["title"])
            except (KeyError, TypeError, ValueError):
                continue
            if self.bounds and not _inside(self.bounds, latitude, longitude):
                continue
            locations.append(Location(title, (latitude, longitude, 0.0), feature))
        if not locations:
            return None
        return locations[0] if exactly_one else locations


def _inside(bounds, latitude: float, longitude: float) -> bool:
    (south, west), (north, east) = bounds
    return south <= latitude <= north and west <= longitude <= east


class CachedGeocode:
    """``func(query)`` remembered in the Django cache, misses included (for a shorter time)."""

    def __init__(
        self,
        func: Callable[[str], Location | None],
        *,
        namespace: str,
        timeout: int = 60 * 60 * 24 * 30,
        miss_timeout: int = 60 * 60 * 24,
    ):
        self.func = func
        self.namespace = namespace
        self.timeout = timeout
        self.miss_timeout = miss_timeout

    def key(self, query: str) -> str:
        digest = hashlib.sha256(query.encode("utf-8")).hexdigest()[:32]
        return f"geocode:{self.namespace}:{digest}"

    def __call__(self, query: str) -> Location | None:
        key = self.key(query)
        cached = cache.get(key)
        if cached is not None:
            return Location(cached[0], (cached[1], cached[2], 0.0), {}) if cached else None
        location = self.func(query)
        if location is None:
            cache.set(key, (), self.miss_timeout)
        else:
            cache.set(key, (location.address, location.latitude, location.longitude), self.timeout)
        return location


def municipality_bounds(margin: float = 0.03) -> tuple[tuple[float, float], tuple[float, float]]:
    south, west, north, east = settings.MUNICIPALITY["bbox"]
    return (south - margin, west - margin), (north + margin, east + margin)


def build_gsi_lookup(*, adapter_factory=None) -> CachedGeocode:
    """GSI address search behind geopy's RateLimiter (one request a second at most) and the
    Django cache. ``adapter_factory`` is geopy's HTTP adapter; tests pass a fake one."""
    geocoder = GSIAddressSearch(
        bounds=municipality_bounds(),
        timeout=5,
        user_agent=f"ota-tsunagari-map (+{settings.SITE_URL})"
        if settings.SITE_URL
        else "ota-tsunagari-map",
        adapter_factory=adapter_factory,
    )
    limited = RateLimiter(
        # No retries: a resident is waiting, and the gazetteer's partial match is the fallback.
        geocoder.geocode,
        min_delay_seconds=1.0,
        max_retries=0,
        error_wait_seconds=1.0,
        swallow_exceptions=False,
    )
    return CachedGeocode(limited, namespace="gsi")


@functools.cache
def gsi_lookup() -> CachedGeocode:
    """The process's one GSI lookup, so that its rate limit holds across requests."""
    return build_gsi_lookup()


@dataclass(frozen=True)
class PlaceLookup:
    """What ``place_lookup`` found for one query."""

    query: str
    location: Location | None = None
    suggestions: list[str] = field(default_factory=list)
    service_unavailable: bool = False

    @property
    def found(self) -> bool:
        return self.location is not None

    @property
    def partial(self) -> bool:
        return bool(self.location and self.location.raw.get("partial"))


def place_lookup(query: str) -> PlaceLookup:
    """Where ``query`` is: the gazetteer's exact names first, then GSI (when configured), then
    the gazetteer's partial matches. Unknown places come back with suggestions, never an error."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return PlaceLookup(query)
    if settings.GEOCODER not in GEOCODERS:
        raise ImproperlyConfigured(
            f"GEOCODER must be one of {GEOCODERS}, not {settings.GEOCODER!r}"
        )
    gazetteer = GazetteerGeocoder()
    location = gazetteer.geocode(query)
    unavailable = False
    if location is None and settings.GEOCODER == "gsi":
        try:
            location = gsi_lookup()(_scoped(query))
        except GeopyError:
            logger.warning("GSI address search failed for a resident's query", exc_info=True)
            unavailable = True
    if location is None:
        location = gazetteer.geocode(query, partial_match=True)
    if location is not None:
        return PlaceLookup(query, location, service_unavailable=unavailable)
    return PlaceLookup(query, None, gazetteer.suggestions(query), unavailable)


def _scoped(query: str) -> str:
    """「大森西2-16-2」→「東京都大田区大森西2-16-2」 so GSI searches inside the municipality."""
    prefecture, name = settings.MUNICIPALITY["prefecture"], settings.MUNICIPALITY["name"]
    text = unicodedata.normalize("NFKC", query).strip()
    if text.startswith(prefecture):
        return text
    return f"{prefecture}{text}" if text.startswith(name) else f"{prefecture}{name}{text}"

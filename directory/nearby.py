"""Listings near a point, nearest first: "near me" on the public list, and later matching.

Distances are measured to ``Resource.public_point`` (the exact point, or the area office for
approximate listings), so a distance never reveals more than the public map does.

Speed: candidates are cut by a bounding box in SQL, then ranked in Python by a local ellipsoidal
approximation (well under a metre from the geodesic at city scale, and ~80x cheaper); geopy's
``geodesic`` gives the distance of every listing that is shown, and decides the listings that
lie within a few metres of the "within N km" edge.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import FloatField, Q, QuerySet
from django.db.models.functions import Cast

from .geo import Box, Point, approximate_km, bounding_box, geodesic_km, is_within_km
from .models import LocationPrivacy, Resource

CHUNK = 200


def distance_label(km: float) -> str:
    """「約350m」 under a kilometre, 「約1.2km」 above."""
    if km < 0.95:
        return f"約{max(10, round(km * 1000, -1)):.0f}m"
    return f"約{km:.1f}km"


def _box_filter(box: Box) -> Q:
    south, west, north, east = box
    exact = Q(
        location_privacy=LocationPrivacy.EXACT,
        latitude__gte=south,
        latitude__lte=north,
        longitude__gte=west,
        longitude__lte=east,
    )
    approximate = Q(
        location_privacy=LocationPrivacy.APPROXIMATE,
        area__office_latitude__gte=south,
        area__office_latitude__lte=north,
        area__office_longitude__gte=west,
        area__office_longitude__lte=east,
    )
    return exact | approximate


@dataclass(frozen=True)
class Nearby:
    pk: int
    point: Point
    approximate_km: float


class NearbyResources:
    """The listings of ``resources_near``, nearest first.

    Behaves as a sequence that ``Paginator`` can slice: ``len()`` is free, and slicing loads just
    those listings (with everything a card shows) and sets ``distance_km`` (geodesic) and
    ``distance_label`` on each.
    """

    def __init__(self, ranked: list[Nearby], origin: Point, within_km: float | None = None):
        self.ranked = ranked
        self.origin = origin
        self.within_km = within_km

    @property
    def pks(self) -> list[int]:
        return [n.pk for n in self.ranked]

    def __len__(self) -> int:
        return len(self.ranked)

    def count(self) -> int:
        return len(self.ranked)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._load(self.ranked[index])
        return self._load([self.ranked[index]])[0]

    def __iter__(self) -> Iterator[Resource]:
        for start in range(0, len(self.ranked), CHUNK):
            yield from self._load(self.ranked[start : start + CHUNK])

    def _load(self, entries: list[Nearby]) -> list[Resource]:
        by_pk = Resource.objects.for_cards().in_bulk([n.pk for n in entries])
        loaded = []
        for entry in entries:
            resource = by_pk[entry.pk]
            resource.distance_km = geodesic_km(self.origin, entry.point)
            resource.distance_label = distance_label(resource.distance_km)
            loaded.append(resource)
        return loaded


def resources_near(
    queryset: QuerySet[Resource], point: Point, within_km: float | None = None
) -> NearbyResources:
    """The listings of ``queryset`` that have a public point, nearest to ``point`` first.

    With ``within_km``, only those within that many kilometres (geodesic). Hidden listings have
    no public point and never appear. Ties keep the list's usual order (reading, then id).
    """
    candidates = queryset.order_by()
    if within_km is not None:
        candidates = candidates.filter(_box_filter(bounding_box(point, within_km)))
    # Floats straight from SQL: converting 10,000 Decimals costs more than the ranking.
    rows = candidates.annotate(
        near_lat=Cast("latitude", FloatField()),
        near_lng=Cast("longitude", FloatField()),
        near_office_lat=Cast("area__office_latitude", FloatField()),
        near_office_lng=Cast("area__office_longitude", FloatField()),
    ).values_list(
        "pk",
        "location_privacy",
        "near_lat",
        "near_lng",
        "near_office_lat",
        "near_office_lng",
        "name_kana",
    )
    ranked: list[tuple[float, str, int, Point]] = []
    for pk, privacy, lat, lng, office_lat, office_lng, kana in rows:
        if privacy == LocationPrivacy.APPROXIMATE:
            public = (office_lat, office_lng)
        elif privacy == LocationPrivacy.EXACT and lat is not None:
            public = (lat, lng)
        else:
            continue
        km = approximate_km(point, public)
        if within_km is not None and not is_within_km(point, public, km, within_km):
            continue
        ranked.append((km, kana, pk, public))
    ranked.sort()
    return NearbyResources(
        [Nearby(pk, public, km) for km, _, pk, public in ranked], point, within_km
    )

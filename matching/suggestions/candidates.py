"""The listings that meet a client's hard requirements, read as lean named rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.conf import settings
from django.db import connection
from django.db.models import Exists, FloatField, IntegerField, OuterRef, Q, QuerySet
from django.db.models.functions import Cast

from directory.geo import bounding_box
from directory.models import Audience, Resource, ScheduleRule, Status
from matching.models import OPEN_STAGES, Client, Placement

from .schedules import fits_weekly_q

# The columns read only when the client said when they are free.
SCHEDULE_COLUMNS = ("has_rules", "fits")


@dataclass(slots=True)
class Candidate:
    """One listing as scoring reads it: plain integers, floats and text (flags are 0/1).

    The field names are the columns read, in this order (see ``candidate_rows``).
    """

    pk: int
    name: str
    name_kana: str
    kind: str
    area_id: int
    lat: float | None
    lng: float | None
    capacity: int | None
    companion: int  # 同行歓迎
    newcomer: int  # 初めての方歓迎
    tour: int  # 見学可
    has_rules: int = 0  # any schedule rule at all
    fits: int = 0  # a weekly / nth-weekday rule at a free weekday and time


def client_origin(client: Client) -> tuple[float, float]:
    """Where distances are measured from: the client's town if it has coordinates, else the
    area's 特別出張所 (no client address is ever held)."""
    town = client.town
    if town is not None and town.latitude is not None and town.longitude is not None:
        return float(town.latitude), float(town.longitude)
    return client.area.office_point


def candidate_queryset(
    client: Client, *, kind: str | None = None, offices: dict | None = None
) -> QuerySet[Resource]:
    """Published, active listings that meet the client's hard requirements (SQL only)."""
    qs = Resource.objects.filter(live=True, status=Status.ACTIVE)
    if kind:
        qs = qs.filter(kind=kind)
    audience_ids = [a.pk for a in client.audiences.all()]
    if audience_ids:
        open_ids = list(
            Audience.objects.filter(slug__in=settings.MATCHING_OPEN_AUDIENCE_SLUGS).values_list(
                "pk", flat=True
            )
        )
        through = Resource.audiences.through
        qs = qs.filter(
            _through_exists(Resource.audiences, "audience_id", audience_ids + open_ids)
            | ~Exists(through.objects.filter(resource_id=OuterRef("pk")))
        )
    language_ids = [lang.pk for lang in client.languages.all()]
    if language_ids:
        qs = qs.filter(_through_exists(Resource.languages, "language_id", language_ids))
    for feature in client.accessibility_needs.all():
        qs = qs.filter(
            _through_exists(
                Resource.accessibility_features, "accessibilityfeature_id", [feature.pk]
            )
        )
    if client.max_distance_km:
        qs = qs.filter(_within_box(client, float(client.max_distance_km), offices or {}))
    open_here = Placement.objects.filter(client=client, stage__in=OPEN_STAGES)
    return qs.exclude(pk__in=open_here.values("resource_id"))


def candidate_rows(
    client: Client, *, kind: str | None, offices: dict, today: dt.date
) -> list[Candidate]:
    """Every candidate for ``client`` as a ``Candidate``; the schedule columns only when the
    client gave free weekdays or times."""
    free_days, free_times = set(client.free_weekdays), set(client.free_times)
    annotations = {
        # Floats and integers: no Decimal or bool conversion on thousands of rows.
        "lat": Cast("latitude", FloatField()),
        "lng": Cast("longitude", FloatField()),
        "companion": Cast("companion_welcome", IntegerField()),
        "newcomer": Cast("newcomer_welcome", IntegerField()),
        "tour": Cast("tour_welcome", IntegerField()),
    }
    wants_schedule = bool(free_days or free_times)
    if wants_schedule:
        rules = ScheduleRule.objects.filter(resource_id=OuterRef("pk"))
        fitting = rules.filter(fits_weekly_q(free_days, free_times, today))
        annotations["has_rules"] = Cast(Exists(rules), IntegerField())
        annotations["fits"] = Cast(Exists(fitting), IntegerField())
    columns = [
        f.name for f in fields(Candidate) if wants_schedule or f.name not in SCHEDULE_COLUMNS
    ]
    queryset = candidate_queryset(client, kind=kind, offices=offices).annotate(**annotations)
    return [Candidate(*row) for row in _raw_rows(queryset.values_list(*columns))]


def _raw_rows(queryset) -> list[tuple]:
    """Run a values_list() query and return its raw rows, skipping Django's per-value converters.

    Every column of the queries passed here is an integer, a float or text on both databases,
    so the rows are already what the scoring needs (booleans may come back as 0/1).
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _through_exists(relation, column: str, values) -> Exists:
    through = relation.through
    return Exists(through.objects.filter(resource_id=OuterRef("pk"), **{f"{column}__in": values}))


def _within_box(client: Client, km: float, offices: dict[int, tuple[float, float]]) -> Q:
    """A bounding box around the client's origin, a little larger than ``km`` (cheap in SQL)."""
    box = bounding_box(client_origin(client), km)
    near_areas = [pk for pk, office in offices.items() if box.contains(office)]
    return Q(
        latitude__gte=box.south,
        latitude__lte=box.north,
        longitude__gte=box.west,
        longitude__lte=box.east,
    ) | Q(latitude__isnull=True, area_id__in=near_areas)

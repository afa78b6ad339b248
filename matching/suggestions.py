"""Suggestions: the published listings that fit one client, ranked, each with a one-line reason.

Hard requirements filter in SQL (active, audience, language, accessibility, distance box, not
already open for this client); preferences score in Python over lean rows (interests, distance,
schedule fit, 同行歓迎 / 初めての方歓迎 / 見学可, remaining capacity). Coordinators see every
published listing, hidden ones included, and the exact point even where the public map shows only
the area; drafts never appear.

Distances: every candidate is ranked with a local ellipsoidal approximation (within metres of the
geodesic at ward scale, and about a hundred times faster); the listings shown are measured with
geopy's ``geodesic``, which gives the figure on the page and the final check against the client's
travel limit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, FloatField, IntegerField, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from directory.geo import approximate_km, bounding_box, geodesic_km
from directory.models import (
    Area,
    Audience,
    Category,
    Frequency,
    Resource,
    ScheduleRule,
    Status,
)
from directory.models.schedules import WEEKDAY_NAMES

from .models import (
    ATTENDING_STAGES,
    OPEN_STAGES,
    TIME_OF_DAY_NAMES,
    Client,
    FailureReason,
    Placement,
    Stage,
    time_of_day,
)
from .selectors import require_scope

# Distance at which the distance preference reaches zero when the client gave no limit.
DEFAULT_DISTANCE_SCALE_KM = 5.0
# How far ahead to look for the weekdays of 毎月n日 and single-date rules.
SCHEDULE_LOOKAHEAD = dt.timedelta(days=56)
DATED_RULE_FIELDS = (
    "frequency",
    "weekdays",
    "week_positions",
    "month_day",
    "date",
    "start_time",
    "valid_from",
    "valid_until",
    "closed_on_holidays",
    "closed_over_new_year",
)
# Start times that fall in each time of day (see ``time_of_day``).
TIME_OF_DAY_RANGES = {
    0: {"start_time__lt": dt.time(12)},
    1: {"start_time__gte": dt.time(12), "start_time__lt": dt.time(17)},
    2: {"start_time__gte": dt.time(17)},
}

WEIGHTS = {
    "interest": 3.0,  # per shared interest, up to three
    "distance": 2.0,  # full at 0 km, nothing at the limit
    "schedule": 2.0,
    "schedule_miss": -1.0,
    "companion": 2.0,
    "companion_miss": -1.0,
    "newcomer": 1.0,
    "tour": 0.5,
    "full": -3.0,
    "failed_before": -2.0,
}


@dataclass
class Suggestion:
    """One ranked listing for a client; ``resource`` is filled for the ones shown."""

    resource_id: int
    name: str
    kind: str
    area_id: int
    score: float
    distance_km: float
    reasons: list[str] = field(default_factory=list)
    remaining: int | None = None
    resource: Resource | None = None

    @property
    def reason_line(self) -> str:
        """「関心: 囲碁・将棋 ✓ · 1.2 km · 水曜午後 ✓ · 同行歓迎」."""
        return " · ".join(self.reasons)


def client_origin(client: Client) -> tuple[float, float]:
    """Where distances are measured from: the client's town if it has coordinates, else the
    area's 特別出張所 (no client address is ever held)."""
    town = client.town
    if town is not None and town.latitude is not None and town.longitude is not None:
        return float(town.latitude), float(town.longitude)
    return client.area.office_point


def _through_exists(relation, column: str, values) -> Exists:
    through = relation.through
    return Exists(through.objects.filter(resource_id=OuterRef("pk"), **{f"{column}__in": values}))


def candidate_queryset(client: Client, *, kind: str | None = None, offices=None):
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


def _time_of_day_q(free_times: set[int]) -> Q:
    """Rules starting in one of the client's times of day (a rule with no time fits any)."""
    q = Q(start_time__isnull=True)
    for tod in free_times:
        q |= Q(**TIME_OF_DAY_RANGES[tod])
    return q


def _fits_weekly_q(free_days: set[int], free_times: set[int], today: dt.date) -> Q:
    """Weekly / nth-weekday rules still running that meet on a free weekday at a free time.

    Weekdays are single digits in the stored text, so ``__contains`` is an exact weekday match.
    """
    q = Q(frequency__in=[Frequency.WEEKLY, Frequency.MONTHLY_NTH_WEEKDAY]) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    if free_days:
        days = Q()
        for day in free_days:
            days |= Q(weekdays__contains=str(day))
        q &= days
    if free_times:
        q &= _time_of_day_q(free_times)
    return q


def rule_slots(rule: ScheduleRule, today: dt.date) -> list[tuple[int, int | None]]:
    """(weekday, time of day) pairs a rule meets at from ``today``: its weekdays for weekly and
    nth-weekday rules, the weekdays of its dates over the next eight weeks otherwise."""
    if rule.valid_until is not None and rule.valid_until < today:
        return []
    if rule.frequency in (Frequency.WEEKLY, Frequency.MONTHLY_NTH_WEEKDAY):
        days = set(rule.weekdays)
    else:
        days = {d.weekday() for d in rule.dates_between(today, today + SCHEDULE_LOOKAHEAD)}
    tod = time_of_day(rule.start_time) if rule.start_time else None
    return [(day, tod) for day in sorted(days)]


def _schedule_fit(
    slots: list[tuple[int, int | None]], free_days: set[int], free_times: set[int]
) -> str | None:
    """The first slot that suits the client, as 「水曜午後」, or None."""
    for day, tod in sorted(slots, key=lambda s: (s[0], -1 if s[1] is None else s[1])):
        if free_days and day not in free_days:
            continue
        if free_times and tod is not None and tod not in free_times:
            continue
        return f"{WEEKDAY_NAMES[day]}曜" + (TIME_OF_DAY_NAMES[tod] if tod is not None else "")
    return None


def _dated_rule_fits(published: dict, free_days, free_times, today) -> set[int]:
    """Listings whose 毎月n日 or single-date rules meet at a free time in the next eight weeks.

    Read as lean rows; the weekdays of each distinct rule are computed once (validity limits
    outside the eight weeks and the start time do not change them, so they are not in the key).
    """
    horizon = today + SCHEDULE_LOOKAHEAD
    fitting: set[int] = set()
    weekdays: dict[tuple, set[int]] = {}
    rules = ScheduleRule.objects.filter(
        Q(frequency=Frequency.MONTHLY_DAY)
        | Q(frequency=Frequency.ONCE, date__range=(today, horizon)),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        **published,
    )
    if free_times:
        rules = rules.filter(_time_of_day_q(free_times))
    for resource_id, *values in rules.values_list("resource_id", *DATED_RULE_FIELDS):
        fields = dict(zip(DATED_RULE_FIELDS, values, strict=True))
        fields.pop("start_time")  # already matched against the free times in SQL
        if fields["valid_from"] is not None and fields["valid_from"] <= today:
            fields["valid_from"] = None
        if fields["valid_until"] is not None and fields["valid_until"] >= horizon:
            fields["valid_until"] = None
        key = tuple(tuple(v) if isinstance(v, list) else v for v in fields.values())
        days = weekdays.get(key)
        if days is None:
            rule = ScheduleRule(**fields)
            days = weekdays[key] = {d.weekday() for d in rule.dates_between(today, horizon)}
        if days and (not free_days or days & free_days):
            fitting.add(resource_id)
    return fitting


def _fetch(queryset) -> list[tuple]:
    """Run a values_list() query and return its raw rows, skipping Django's per-value converters.

    Every column of the queries passed here is an integer, a float or text on both databases,
    so the rows are already what the scoring needs (booleans may come back as 0/1).
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def suggestion_list(
    *,
    user,
    client: Client,
    kind: str | None = None,
    limit: int | None = None,
    today: dt.date | None = None,
) -> list[Suggestion]:
    """Ranked suggestions for ``client`` (best first), at most ``limit`` of them.

    Raises ``Client.DoesNotExist`` when the client is outside the user's areas.
    """
    scope = require_scope(user=user)
    if not scope.covers(client.area_id):
        raise Client.DoesNotExist
    limit = limit or settings.MATCHING_SUGGESTION_LIMIT
    today = today or timezone.localdate()
    offices = {
        pk: (float(lat), float(lng))
        for pk, lat, lng in Area.objects.values_list("pk", "office_latitude", "office_longitude")
    }
    free_days, free_times = set(client.free_weekdays), set(client.free_times)
    wants_schedule = bool(free_days or free_times)
    candidates = candidate_queryset(client, kind=kind, offices=offices)
    annotations = {
        # Floats and integers: no Decimal or bool conversion on thousands of rows.
        "lat": Cast("latitude", FloatField()),
        "lng": Cast("longitude", FloatField()),
        "companion": Cast("companion_welcome", IntegerField()),
        "newcomer": Cast("newcomer_welcome", IntegerField()),
        "tour": Cast("tour_welcome", IntegerField()),
    }
    if wants_schedule:
        rules = ScheduleRule.objects.filter(resource_id=OuterRef("pk"))
        fitting = rules.filter(_fits_weekly_q(free_days, free_times, today))
        annotations["has_rules"] = Cast(Exists(rules), IntegerField())
        annotations["fits"] = Cast(Exists(fitting), IntegerField())
    rows = _fetch(
        candidates.annotate(**annotations).values_list(
            "pk",
            "name",
            "name_kana",
            "kind",
            "area_id",
            "lat",
            "lng",
            "capacity",
            "companion",
            "newcomer",
            "tour",
            *(("has_rules", "fits") if wants_schedule else ()),
        )
    )
    if not rows:
        return []
    candidate_ids = {row[0] for row in rows}
    # Related rows are read for every published listing and matched in Python: cheaper than
    # repeating the candidate filter as a subquery in each query.
    published = {"resource__live": True, "resource__status": Status.ACTIVE}

    interest_ids = [c.pk for c in client.interests.all()]
    shared: dict[int, list[int]] = defaultdict(list)
    if interest_ids:
        for resource_id, category_id in Resource.categories.through.objects.filter(
            category_id__in=interest_ids, **published
        ).values_list("resource_id", "category_id"):
            if resource_id in candidate_ids:
                shared[resource_id].append(category_id)
    dated_fits = (
        _dated_rule_fits(published, free_days, free_times, today) if wants_schedule else set()
    )
    attending = dict(
        Placement.objects.filter(stage__in=ATTENDING_STAGES, resource__capacity__isnull=False)
        .values("resource_id")
        .annotate(n=Count("pk"))
        .values_list("resource_id", "n")
    )
    failed_before = dict(
        Placement.objects.filter(client=client, stage=Stage.NOT_REALISED).values_list(
            "resource_id", "failure_reason"
        )
    )

    origin = client_origin(client)
    limit_km = float(client.max_distance_km) if client.max_distance_km else None
    scale = limit_km or DEFAULT_DISTANCE_SCALE_KM
    context = _Context(
        client=client,
        wants_schedule=wants_schedule,
        dated_fits=dated_fits,
        shared=shared,
        attending=attending,
        failed_before=failed_before,
    )
    # Score every candidate with as little work as possible; reasons are written only for the
    # listings shown.
    ranked = []
    for row in rows:
        lat = row[5]
        point = (lat, row[6]) if lat is not None else offices[row[4]]
        km = approximate_km(origin, point)
        if limit_km is not None and km > limit_km * 1.001:
            continue
        score = WEIGHTS["distance"] * max(0.0, 1 - km / scale) + _preference_score(row, context)
        ranked.append((-score, km, row[2], row[0], point, row))
    ranked.sort(key=lambda r: r[:4])

    chosen = []
    for negative_score, _, _, _, point, row in ranked:
        km = geodesic_km(origin, point)
        if limit_km is not None and km > limit_km:
            continue
        chosen.append((-negative_score, km, row))
        if len(chosen) >= limit:
            break
    resources = (
        Resource.objects.filter(pk__in=[row[0] for _, _, row in chosen])
        .select_related("area")
        .prefetch_related("schedule_rules", "schedule_exceptions")
    )
    by_pk = {r.pk: r for r in resources}
    names = dict(Category.objects.filter(pk__in=interest_ids).values_list("pk", "name"))
    suggestions = []
    for score, km, row in chosen:
        resource = by_pk.get(row[0])
        reasons = _reasons(row, km, resource, context, names, interest_ids, today)
        remaining = row[7] - attending.get(row[0], 0) if row[7] is not None else None
        suggestions.append(
            Suggestion(row[0], row[1], row[3], row[4], score, km, reasons, remaining, resource)
        )
    return suggestions


@dataclass
class _Context:
    """What scoring needs besides the listing's own row."""

    client: Client
    wants_schedule: bool
    dated_fits: set[int]
    shared: dict[int, list[int]]
    attending: dict[int, int]
    failed_before: dict[int, str]


def _schedule_state(row, context: _Context) -> str | None:
    """ "fit", "miss" (meets only at other times), "unknown" (no dates) or None (no wishes)."""
    if not context.wants_schedule:
        return None
    if row[12] or row[0] in context.dated_fits:
        return "fit"
    return "miss" if row[11] else "unknown"


def _preference_score(row, context: _Context) -> float:
    """Everything but distance: interests, schedule, welcome, capacity, earlier failure."""
    pk, capacity, companion, newcomer, tour = row[0], row[7], row[8], row[9], row[10]
    score = 0.0
    matched = context.shared.get(pk)
    if matched:
        score += WEIGHTS["interest"] * min(len(matched), 3)
    schedule = _schedule_state(row, context)
    if schedule == "fit":
        score += WEIGHTS["schedule"]
    elif schedule == "miss":
        score += WEIGHTS["schedule_miss"]
    if context.client.needs_companion:
        score += WEIGHTS["companion"] if companion else WEIGHTS["companion_miss"]
    if newcomer:
        score += WEIGHTS["newcomer"]
    if tour:
        score += WEIGHTS["tour"]
    if capacity is not None and capacity - context.attending.get(pk, 0) <= 0:
        score += WEIGHTS["full"]
    if pk in context.failed_before:
        score += WEIGHTS["failed_before"]
    return score


def _reasons(row, km, resource, context: _Context, names, interest_ids, today) -> list[str]:
    """The one-line reason, in parts: 関心 · distance · schedule · welcome · capacity · history."""
    pk, capacity, companion, newcomer, tour = row[0], row[7], row[8], row[9], row[10]
    reasons = []
    matched = context.shared.get(pk)
    if matched:
        # 「、」 between interests: category names such as 囲碁・将棋 contain 「・」 themselves.
        listed = "、".join(names[c] for c in sorted(matched, key=interest_ids.index))
        reasons.append(f"関心: {listed} ✓")
    reasons.append(f"{km:.1f} km")
    schedule = _schedule_state(row, context)
    if schedule == "fit" and resource is not None:
        client = context.client
        slots = [s for rule in resource.schedule_rules.all() for s in rule_slots(rule, today)]
        label = _schedule_fit(slots, set(client.free_weekdays), set(client.free_times))
        if label:
            reasons.append(f"{label} ✓")
    elif schedule == "miss":
        reasons.append("曜日・時間帯 ✗")
    elif schedule == "unknown":
        reasons.append("日時は要確認")
    if context.client.needs_companion and companion:
        reasons.append("同行歓迎")
    if newcomer:
        reasons.append("初めての方歓迎")
    if tour:
        reasons.append("見学可")
    if capacity is not None:
        remaining = capacity - context.attending.get(pk, 0)
        if remaining <= 0:
            reasons.append("定員に達している可能性")
        elif remaining <= 3:
            reasons.append(f"定員まで残り{remaining}人")
    if pk in context.failed_before:
        reasons.append(f"以前 不成立（{FailureReason(context.failed_before[pk]).label}）")
    return reasons

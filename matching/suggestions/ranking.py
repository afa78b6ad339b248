"""Ranking the candidates for one client, and the one-line reason shown with each."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from directory.geo import approximate_km, geodesic_km
from directory.models import Area, Category, Resource, Status
from matching.models import ATTENDING_STAGES, Client, FailureReason, Placement, Stage
from matching.selectors.scope import require_scope

from .candidates import Candidate, candidate_rows, client_origin
from .schedules import dated_rule_fits, rule_slots, schedule_fit_label
from .strengths import StrengthMatch, strength_matches

# Distance at which the distance preference reaches zero when the client gave no limit.
DEFAULT_DISTANCE_SCALE_KM = 5.0
WEIGHTS = {
    "interest": 3.0,  # per shared interest, up to three
    "strength": 3.0,  # a strength the listing asks for (skills wanted, tasks, a category)
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


@dataclass
class _Context:
    """What scoring needs besides the listing's own row."""

    client: Client
    wants_schedule: bool  # the client gave free weekdays or times
    origin: tuple[float, float]
    limit_km: float | None
    interest_ids: list[int]
    dated_fits: set[int]
    shared: dict[int, list[int]]  # listing → the client's interests it offers
    attending: dict[int, int]  # listing → people taking up a place there
    failed_before: dict[int, str]  # listing → reason this client's placement there failed
    strengths: dict[int, StrengthMatch]  # listing → the client's strength it answers

    @property
    def distance_scale(self) -> float:
        return self.limit_km or DEFAULT_DISTANCE_SCALE_KM

    def remaining(self, candidate: Candidate) -> int | None:
        """Places left at the listing, or None when it states no capacity."""
        if candidate.capacity is None:
            return None
        return candidate.capacity - self.attending.get(candidate.pk, 0)


@dataclass(slots=True)
class _Scored:
    candidate: Candidate
    point: tuple[float, float]
    km: float
    score: float


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
    candidates = candidate_rows(client, kind=kind, offices=offices, today=today)
    if not candidates:
        return []
    context = _context(client, {c.pk for c in candidates}, today)
    chosen = _within_limit(_rank(candidates, context, offices), context, limit)
    return _suggestions(chosen, context, today)


def _context(client: Client, candidate_ids: set[int], today: dt.date) -> _Context:
    """Read what scoring needs about every candidate at once.

    Related rows are read for every published listing and matched in Python: cheaper than
    repeating the candidate filter as a subquery in each query.
    """
    published = {"resource__live": True, "resource__status": Status.ACTIVE}
    interest_ids = [c.pk for c in client.interests.all()]
    shared: dict[int, list[int]] = defaultdict(list)
    if interest_ids:
        for resource_id, category_id in Resource.categories.through.objects.filter(
            category_id__in=interest_ids, **published
        ).values_list("resource_id", "category_id"):
            if resource_id in candidate_ids:
                shared[resource_id].append(category_id)
    free_days, free_times = set(client.free_weekdays), set(client.free_times)
    wants_schedule = bool(free_days or free_times)
    dated_fits = set()
    if wants_schedule:
        dated_fits = dated_rule_fits(published, free_days, free_times, today)
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
    return _Context(
        client=client,
        wants_schedule=wants_schedule,
        origin=client_origin(client),
        limit_km=float(client.max_distance_km) if client.max_distance_km else None,
        interest_ids=interest_ids,
        dated_fits=dated_fits,
        shared=shared,
        attending=attending,
        failed_before=failed_before,
        strengths=strength_matches(client.strengths, candidate_ids),
    )


def _rank(candidates: list[Candidate], context: _Context, offices: dict) -> list[_Scored]:
    """Every candidate within the travel limit, best first, with as little work as possible:
    the approximate distance, no reasons."""
    ranked = []
    for candidate in candidates:
        if candidate.lat is not None:
            point = (candidate.lat, candidate.lng)
        else:
            point = offices[candidate.area_id]
        km = approximate_km(context.origin, point)
        if context.limit_km is not None and km > context.limit_km * 1.001:
            continue
        nearness = max(0.0, 1 - km / context.distance_scale)
        score = WEIGHTS["distance"] * nearness + _preference_score(candidate, context)
        ranked.append(_Scored(candidate, point, km, score))
    ranked.sort(key=lambda s: (-s.score, s.km, s.candidate.name_kana, s.candidate.pk))
    return ranked


def _within_limit(ranked: list[_Scored], context: _Context, limit: int) -> list[_Scored]:
    """The first ``limit`` of ``ranked`` whose geodesic distance is within the travel limit,
    each with that distance."""
    chosen = []
    for scored in ranked:
        scored.km = geodesic_km(context.origin, scored.point)
        if context.limit_km is not None and scored.km > context.limit_km:
            continue
        chosen.append(scored)
        if len(chosen) >= limit:
            break
    return chosen


def _suggestions(chosen: list[_Scored], context: _Context, today: dt.date) -> list[Suggestion]:
    """The listings shown, each with its reasons and the listing itself."""
    resources = (
        Resource.objects.filter(pk__in=[s.candidate.pk for s in chosen])
        .select_related("area")
        .prefetch_related("schedule_rules", "schedule_exceptions")
    )
    by_pk = {r.pk: r for r in resources}
    names = dict(Category.objects.filter(pk__in=context.interest_ids).values_list("pk", "name"))
    suggestions = []
    for scored in chosen:
        candidate = scored.candidate
        resource = by_pk.get(candidate.pk)
        suggestions.append(
            Suggestion(
                resource_id=candidate.pk,
                name=candidate.name,
                kind=candidate.kind,
                area_id=candidate.area_id,
                score=scored.score,
                distance_km=scored.km,
                reasons=_reasons(candidate, scored.km, resource, context, names, today),
                remaining=context.remaining(candidate),
                resource=resource,
            )
        )
    return suggestions


def _schedule_state(candidate: Candidate, context: _Context) -> str | None:
    """ "fit", "miss" (meets only at other times), "unknown" (no dates) or None (no wishes)."""
    if not context.wants_schedule:
        return None
    if candidate.fits or candidate.pk in context.dated_fits:
        return "fit"
    return "miss" if candidate.has_rules else "unknown"


def _preference_score(candidate: Candidate, context: _Context) -> float:
    """Everything but distance: interests, strengths, schedule, welcome, capacity, earlier
    failure."""
    score = 0.0
    matched = context.shared.get(candidate.pk)
    if matched:
        score += WEIGHTS["interest"] * min(len(matched), 3)
    if candidate.pk in context.strengths:
        score += WEIGHTS["strength"]
    schedule = _schedule_state(candidate, context)
    if schedule == "fit":
        score += WEIGHTS["schedule"]
    elif schedule == "miss":
        score += WEIGHTS["schedule_miss"]
    if context.client.needs_companion:
        score += WEIGHTS["companion"] if candidate.companion else WEIGHTS["companion_miss"]
    if candidate.newcomer:
        score += WEIGHTS["newcomer"]
    if candidate.tour:
        score += WEIGHTS["tour"]
    remaining = context.remaining(candidate)
    if remaining is not None and remaining <= 0:
        score += WEIGHTS["full"]
    if candidate.pk in context.failed_before:
        score += WEIGHTS["failed_before"]
    return score


def _reasons(
    candidate: Candidate,
    km: float,
    resource: Resource | None,
    context: _Context,
    names: dict[int, str],
    today: dt.date,
) -> list[str]:
    """The one-line reason, in parts: 関心 · 得意 · distance · schedule · welcome · capacity ·
    history."""
    reasons = []
    matched = context.shared.get(candidate.pk)
    if matched:
        # 「、」 between interests: category names such as 囲碁・将棋 contain 「・」 themselves.
        listed = "、".join(names[c] for c in sorted(matched, key=context.interest_ids.index))
        reasons.append(f"関心: {listed} ✓")
    if candidate.pk in context.strengths:
        reasons.append(context.strengths[candidate.pk].reason)
    reasons.append(f"{km:.1f} km")
    reasons.extend(_schedule_reason(candidate, resource, context, today))
    if context.client.needs_companion and candidate.companion:
        reasons.append("同行歓迎")
    if candidate.newcomer:
        reasons.append("初めての方歓迎")
    if candidate.tour:
        reasons.append("見学可")
    remaining = context.remaining(candidate)
    if remaining is not None and remaining <= 0:
        reasons.append("定員に達している可能性")
    elif remaining is not None and remaining <= 3:
        reasons.append(f"定員まで残り{remaining}人")
    if candidate.pk in context.failed_before:
        reasons.append(f"以前 不成立（{FailureReason(context.failed_before[candidate.pk]).label}）")
    return reasons


def _schedule_reason(
    candidate: Candidate, resource: Resource | None, context: _Context, today: dt.date
) -> list[str]:
    """「水曜午後 ✓」 when a rule meets at a free time, else ✗ or 要確認 (nothing without wishes)."""
    schedule = _schedule_state(candidate, context)
    if schedule == "fit" and resource is not None:
        client = context.client
        slots = [s for rule in resource.schedule_rules.all() for s in rule_slots(rule, today)]
        label = schedule_fit_label(slots, set(client.free_weekdays), set(client.free_times))
        return [f"{label} ✓"] if label else []
    if schedule == "miss":
        return ["曜日・時間帯 ✗"]
    if schedule == "unknown":
        return ["日時は要確認"]
    return []

"""Synthetic clients, placements and follow-ups for benchmarks: many rows fast, clearly not real.

Rows are written with ``bulk_create`` (no services, no audit entries): this is load for the
indicators and suggestions benchmarks, not demo data. Case codes start with ``SYN-`` and
generating again first deletes earlier synthetic rows, so the same N and seed give the same set.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from directory.models import Area, Category, Resource
from matching.models import (
    AuditEntry,
    Client,
    FailureReason,
    FollowUp,
    Placement,
    PlacementEvent,
    ReferralSource,
    ResourceGap,
    Stage,
)

from .synthetic_activities import PREFIX, delete_synthetic_activities

PLACEMENTS_PER_CLIENT = 4
OFFSETS = (14, 30, 91, 182)
# Final stage → weight: roughly what a year of real work might look like.
STAGE_WEIGHTS = {
    Stage.PROPOSED: 8,
    Stage.TRIAL: 7,
    Stage.STARTED: 30,
    Stage.SETTLED: 25,
    Stage.ENDED: 15,
    Stage.NOT_REALISED: 15,
}


@dataclass
class SyntheticResult:
    clients: int
    placements: int
    follow_ups: int
    gaps: int


def delete_synthetic() -> None:
    delete_synthetic_activities()  # they point at the synthetic clients
    clients = Client.objects.filter(case_code__startswith=PREFIX)
    placements = Placement.objects.filter(client__in=clients)
    if AuditEntry.objects.filter(client__in=clients).exists():
        raise RuntimeError("synthetic clients have audit entries; use a fresh database")
    FollowUp.objects.filter(placement__in=placements).delete()
    PlacementEvent.objects.filter(placement__in=placements).delete()
    # Descriptions are encrypted at rest, so they are compared after decryption, in Python.
    gaps = ResourceGap.objects.only("pk", "description").iterator()
    ResourceGap.objects.filter(
        pk__in=[gap.pk for gap in gaps if gap.description.startswith("合成データ")]
    ).delete()
    placements.delete()
    clients.delete()


# The dates a placement has reached at each stage, set in this order.
STAGE_DATES = {
    Stage.PROPOSED: (),
    Stage.TRIAL: ("trial_on",),
    Stage.STARTED: ("trial_on", "started_on"),
    Stage.SETTLED: ("trial_on", "started_on", "settled_on"),
    Stage.ENDED: ("trial_on", "started_on", "ended_on"),
    Stage.NOT_REALISED: ("ended_on",),
}


def generate_synthetic_placements(
    count: int, *, user, seed: int = 20261127, today: dt.date | None = None, batch_size: int = 2000
) -> SyntheticResult:
    """``count`` placements over ``count / 4`` clients in every area, started over the last two
    fiscal years, with the follow-ups that 参加開始 schedules and a few hundred gaps."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    areas = list(Area.objects.order_by("code"))
    resources = list(Resource.objects.filter(live=True).values_list("pk", flat=True))
    if not resources:
        raise RuntimeError("no published listings: run generate_synthetic first")
    earliest = dt.date(today.year - 1 if today.month >= 4 else today.year - 2, 4, 1)
    with transaction.atomic():
        delete_synthetic()
        clients = _clients(count, areas, earliest, user, batch_size)
        placements = [
            _placement(i, rng, clients, resources, earliest, today, user) for i in range(count)
        ]
        Placement.objects.bulk_create(placements, batch_size=batch_size)
        follow_ups = [f for p in placements for f in _follow_ups(p, rng, today)]
        FollowUp.objects.bulk_create(follow_ups, batch_size=batch_size)
        gaps = _gaps(count, rng, areas, earliest, today, user, batch_size)
    return SyntheticResult(len(clients), len(placements), len(follow_ups), len(gaps))


def _random_day(rng: random.Random, earliest: dt.date, today: dt.date) -> dt.date:
    span = (today - earliest).days
    return earliest + dt.timedelta(days=rng.randrange(max(span - 1, 1)))


def _clients(count: int, areas, earliest: dt.date, user, batch_size: int) -> list[Client]:
    sources = list(ReferralSource.objects.all())
    n_clients = max(1, -(-count // PLACEMENTS_PER_CLIENT))
    return Client.objects.bulk_create(
        [
            Client(
                case_code=f"{PREFIX}{i + 1:06d}",
                area=areas[i % len(areas)],
                referral_source=sources[i % len(sources)],
                referred_on=earliest,
                consent_given_on=earliest,
                consent_scope="host",
                consent_method="written",
                created_by=user,
                coordinator=user,
            )
            for i in range(n_clients)
        ],
        batch_size=batch_size,
    )


def _placement(i: int, rng, clients, resources, earliest: dt.date, today: dt.date, user):
    """The i-th placement, at a stage drawn by STAGE_WEIGHTS, with the dates it has reached."""
    stages, weights = zip(*STAGE_WEIGHTS.items(), strict=True)
    stage = rng.choices(stages, weights)[0]
    proposed = _random_day(rng, earliest, today)
    placement = Placement(
        client=clients[i // PLACEMENTS_PER_CLIENT],
        resource_id=resources[(i * 7919) % len(resources)],
        stage=stage,
        proposed_on=proposed,
        coordinator=user,
    )
    day = proposed
    for field in STAGE_DATES[stage]:
        step = 91 if field == "settled_on" else rng.randint(3, 60)
        day = min(today, day + dt.timedelta(days=step))
        setattr(placement, field, day)
    if stage == Stage.NOT_REALISED:
        placement.failure_reason = rng.choice(FailureReason.values)
    return placement


def _follow_ups(placement: Placement, rng, today: dt.date) -> list[FollowUp]:
    """The follow-ups 参加開始 schedules; four in five of those due are done."""
    if placement.started_on is None:
        return []
    follow_ups = []
    for offset in OFFSETS:
        due = placement.started_on + dt.timedelta(days=offset)
        done = None
        if due <= today and rng.random() < 0.8:
            done = min(today, due + dt.timedelta(days=rng.randint(-3, 12)))
            done = max(done, placement.started_on)
        follow_ups.append(
            FollowUp(
                placement=placement,
                offset_days=offset,
                due_on=due,
                done_on=done,
                method="phone" if done else "",
                outcome=rng.choice(["continuing", "continuing", "adjust"]) if done else "",
                wellbeing=rng.randint(1, 5) if done else None,
                cancelled=placement.stage in (Stage.ENDED, Stage.NOT_REALISED) and done is None,
            )
        )
    return follow_ups


def _gaps(count: int, rng, areas, earliest: dt.date, today: dt.date, user, batch_size: int):
    categories = list(Category.objects.all())
    return ResourceGap.objects.bulk_create(
        [
            ResourceGap(
                area=areas[i % len(areas)],
                category=categories[i % len(categories)],
                reason="none",
                description=f"合成データ {i + 1}",
                opened_on=_random_day(rng, earliest, today),
                created_by=user,
            )
            for i in range(max(1, count // 50))
        ],
        batch_size=batch_size,
    )

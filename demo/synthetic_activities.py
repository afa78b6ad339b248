"""Synthetic activity records for the plan's indicator benchmark: many rows fast, clearly not real.

Written with ``bulk_create`` (no services, no audit) for the synthetic clients (``SYN-``) of
``demo.synthetic_placements``, spread over the same two fiscal years: 個別支援 contacts, 地域支援
actions, meetings with the cases they discussed, アウトリーチ支援プラン and referrals to agencies.
"""

from __future__ import annotations

import datetime as dt
import random

from directory.models import Area
from matching.models import (
    AgencyReferral,
    Client,
    CommunityAction,
    CommunityActionKind,
    CommunityActionResult,
    ContactKind,
    Meeting,
    MeetingKind,
    OrganisationType,
    OutreachPlan,
    SupportContact,
)

PREFIX = "SYN-"


def delete_synthetic_activities() -> None:
    clients = Client.objects.filter(case_code__startswith=PREFIX)
    OutreachPlan.objects.filter(client__in=clients).delete()
    SupportContact.objects.filter(client__in=clients).delete()
    AgencyReferral.objects.filter(client__in=clients).delete()
    Meeting.cases.through.objects.filter(client__in=clients).delete()


def generate_synthetic_activities(
    count: int, *, user, earliest: dt.date, today: dt.date, seed: int = 20261207
) -> int:
    """About ``count`` activity records over the synthetic clients, from ``earliest`` to
    ``today``: half contacts, the rest actions, meetings, plans and referrals. Returns how many."""
    rng = random.Random(seed)
    clients = list(Client.objects.filter(case_code__startswith=PREFIX).only("pk", "area_id"))
    areas = list(Area.objects.values_list("pk", flat=True))
    span = max((today - earliest).days, 1)

    def day() -> dt.date:
        return earliest + dt.timedelta(days=rng.randrange(span))

    contacts = [
        SupportContact(
            client=rng.choice(clients),
            on=day(),
            kind=rng.choice(ContactKind.values),
            minutes=rng.choice([15, 30, 60, 90]),
            recorded_by=user,
        )
        for _ in range(count // 2)
    ]
    actions = [
        CommunityAction(
            area_id=rng.choice(areas),
            on=day(),
            kind=rng.choice(CommunityActionKind.values),
            result=rng.choice(CommunityActionResult.values),
            participants=rng.randrange(0, 30),
            recorded_by=user,
        )
        for _ in range(count // 8)
    ]
    meetings = Meeting.objects.bulk_create(
        Meeting(
            area_id=rng.choice(areas),
            kind=rng.choice(MeetingKind.values),
            on=day(),
            attendance={rng.choice(OrganisationType.values): rng.randrange(1, 6)},
            recorded_by=user,
        )
        for _ in range(count // 16)
    )
    plans = []
    for meeting in meetings[: len(meetings) // 2]:
        client = rng.choice(clients)
        Meeting.cases.through.objects.create(meeting=meeting, client=client)
        plans.append(
            OutreachPlan(
                meeting=meeting,
                client=client,
                made_on=meeting.on,
                review_on=meeting.on + dt.timedelta(days=90),
                recorded_by=user,
            )
        )
    referrals = [
        AgencyReferral(
            area_id=rng.choice(areas),
            on=day(),
            agency=rng.choice(OrganisationType.values),
            recorded_by=user,
        )
        for _ in range(count // 8)
    ]
    SupportContact.objects.bulk_create(contacts, batch_size=2000)
    CommunityAction.objects.bulk_create(actions, batch_size=2000)
    OutreachPlan.objects.bulk_create(plans, batch_size=2000)
    AgencyReferral.objects.bulk_create(referrals, batch_size=2000)
    return len(contacts) + len(actions) + len(meetings) + len(plans) + len(referrals)

"""The daily reminder digest: each coordinator's follow-ups overdue, due today and this week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from matching import notifications, selectors
from matching.models import AuditAction, AuditObjectType, CoordinatorProfile

from .audit import Actor, audit_record


@dataclass
class DigestResult:
    sent: int = 0
    nothing_due: int = 0
    no_address: int = 0


def reminder_digests_send(*, today: dt.date) -> DigestResult:
    """E-mail every active coordinator and supervisor who has something due a digest of it.

    Coordinators get their own clients' follow-ups (as on their dashboard); supervisors the
    overdue count per 担当 across their areas. Nobody with nothing due is mailed; someone without an address is counted.
    Each digest sent is audited as a read of the follow-ups it lists (codes only).
    """
    result = DigestResult()
    profiles = CoordinatorProfile.objects.filter(is_active=True, user__is_active=True)
    for profile in profiles.select_related("user").order_by("user__username"):
        user = profile.user
        if profile.is_supervisor:
            # Every area's follow-ups would be a ward-wide list: supervisors get counts per 担当.
            due = selectors.DueFollowUps([], [], *selectors.week_bounds(today), today=today)
            team = selectors.follow_up_overdue_by_coordinator(user=user, today=today)
        else:
            due, team = selectors.follow_up_due(user=user, today=today), []
        if due.is_empty and not team:
            result.nothing_due += 1
            continue
        if not user.email:
            result.no_address += 1
            continue
        result.sent += notifications.digest_send(email=user.email, due=due, team=team, today=today)
        audit_record(
            actor=Actor(user=user),
            action=AuditAction.LIST,
            object_type=AuditObjectType.FOLLOW_UP,
            detail=f"digest {today.isoformat()} overdue={len(due.overdue)} "
            f"week={len(due.this_week)}",
        )
    return result

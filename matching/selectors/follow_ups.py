"""Follow-ups (フォローアップ): one, and those due, in the user's areas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from matching.models import FollowUp, Stage

from .scope import require_scope


def follow_up_get(*, user, pk: int) -> FollowUp:
    scope = require_scope(user=user)
    return (
        FollowUp.objects.filter(placement__client__area_id__in=scope.area_ids)
        .select_related("placement", "placement__client", "placement__resource")
        .get(pk=pk)
    )


@dataclass
class DueFollowUps:
    overdue: list[FollowUp]
    this_week: list[FollowUp]
    week_start: dt.date
    week_end: dt.date


def follow_up_due(*, user, today: dt.date, everyone: bool = False) -> DueFollowUps:
    """Pending follow-ups that are overdue (due before today) or due this week (Mon–Sun).

    By default only those of clients the user is the 担当 of; ``everyone=True`` (and always for
    supervisors) every client in the user's areas.
    """
    scope = require_scope(user=user)
    week_start = today - dt.timedelta(days=today.weekday())
    week_end = week_start + dt.timedelta(days=6)
    rows = FollowUp.objects.filter(
        placement__client__area_id__in=scope.area_ids,
        done_on__isnull=True,
        cancelled=False,
        placement__stage__in=[Stage.STARTED, Stage.SETTLED],
        due_on__lte=week_end,
    ).select_related("placement", "placement__client", "placement__resource")
    if not everyone and not scope.is_supervisor:
        rows = rows.filter(placement__client__coordinator=user)
    rows = list(rows.order_by("due_on", "pk"))
    return DueFollowUps(
        overdue=[f for f in rows if f.due_on < today],
        this_week=[f for f in rows if f.due_on >= today],
        week_start=week_start,
        week_end=week_end,
    )

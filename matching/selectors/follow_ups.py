"""Follow-ups (フォローアップ): one, and those due, in the user's areas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

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
    this_week: list[FollowUp]  # from today to Sunday, today's included
    week_start: dt.date
    week_end: dt.date
    today: dt.date | None = None

    @property
    def due_today(self) -> list[FollowUp]:
        return [f for f in self.this_week if f.due_on == self.today]

    @property
    def later_this_week(self) -> list[FollowUp]:
        return [f for f in self.this_week if f.due_on != self.today]

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.this_week)


def week_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and the Sunday of ``today``'s week."""
    week_start = today - dt.timedelta(days=today.weekday())
    return week_start, week_start + dt.timedelta(days=6)


def _pending_in_scope(scope):
    return FollowUp.objects.filter(
        placement__client__area_id__in=scope.area_ids,
        done_on__isnull=True,
        cancelled=False,
        placement__stage__in=[Stage.STARTED, Stage.SETTLED],
    )


def follow_up_due(*, user, today: dt.date, everyone: bool = False) -> DueFollowUps:
    """Pending follow-ups that are overdue (due before today) or due this week (Mon–Sun).

    By default only those of clients the user is the 担当 of; ``everyone=True`` (and always for
    supervisors) every client in the user's areas.
    """
    scope = require_scope(user=user)
    week_start, week_end = week_bounds(today)
    rows = (
        _pending_in_scope(scope)
        .filter(due_on__lte=week_end)
        .select_related("placement", "placement__client", "placement__resource")
    )
    if not everyone and not scope.is_supervisor:
        rows = rows.filter(placement__client__coordinator=user)
    rows = list(rows.order_by("due_on", "pk"))
    return DueFollowUps(
        overdue=[f for f in rows if f.due_on < today],
        this_week=[f for f in rows if f.due_on >= today],
        week_start=week_start,
        week_end=week_end,
        today=today,
    )


@dataclass
class TeamOverdue:
    coordinator: str  # the 担当's username, or "" for clients without one
    count: int


def follow_up_overdue_by_coordinator(*, user, today: dt.date) -> list[TeamOverdue]:
    """For supervisors: how many follow-ups are overdue, per 担当 (counts only, most first).
    Coordinators get an empty list."""
    scope = require_scope(user=user)
    if not scope.is_supervisor:
        return []
    rows = (
        _pending_in_scope(scope)
        .filter(due_on__lt=today)
        .values("placement__client__coordinator__username")
        .annotate(n=Count("pk"))
    )
    teams = [TeamOverdue(r["placement__client__coordinator__username"] or "", r["n"]) for r in rows]
    return sorted(teams, key=lambda t: (-t.count, t.coordinator))

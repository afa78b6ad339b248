"""Reads for the staff's admin: listings by moderation state, problem reports and re-confirmation
flags, and the counts the staff home shows. Every function answers in a fixed number of queries,
however many listings there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import WorkflowState

from directory.models import Area, ProblemReport, ProblemStatus, Resource

OPEN_PROBLEM_STATUSES = (ProblemStatus.NEW, ProblemStatus.IN_PROGRESS)


def resource_ids_in_workflow(*, status: str = WorkflowState.STATUS_IN_PROGRESS) -> QuerySet:
    """Primary keys (a subquery) of the listings whose moderation is in ``status``: in review
    (a group's submission waiting for a reviewer) by default."""
    return (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Resource), status=status
        )
        .annotate(resource_id=Cast("object_id", output_field=IntegerField()))
        .values("resource_id")
    )


def open_problem_reports() -> QuerySet[ProblemReport]:
    """Reports not yet dealt with (未対応 or 対応中), oldest first."""
    return ProblemReport.objects.filter(status__in=OPEN_PROBLEM_STATUSES).order_by("created_at")


def open_problem_counts_by_kind() -> dict[str, int]:
    """How many open reports there are of each kind (kinds with none are left out)."""
    return dict(
        open_problem_reports()
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )


def confirmed_before(*, days: int, today: dt.date | None = None) -> Q:
    """Listings whose 情報確認日 is more than ``days`` days ago, or that were never confirmed."""
    cutoff = (today or timezone.localdate()) - dt.timedelta(days=days)
    return Q(confirmed_on__lt=cutoff) | Q(confirmed_on__isnull=True)


@dataclass(frozen=True)
class Submission:
    """A listing waiting for a reviewer: who sent it, when, and how many days ago."""

    resource: Resource
    submitted_at: dt.datetime
    submitted_by: str
    days_waiting: int


def submission_list(*, limit: int = 10) -> tuple[list[Submission], int]:
    """The oldest submissions waiting for review (up to ``limit``) and how many wait in all."""
    states = (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Resource),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        .select_related("requested_by")
        .order_by("created_at", "pk")
    )
    total = states.count()
    states = list(states[:limit])
    resources = Resource.objects.select_related("organization", "area").in_bulk(
        [int(state.object_id) for state in states]
    )
    now = timezone.now()
    return [
        Submission(
            resource=resources[int(state.object_id)],
            submitted_at=state.created_at,
            submitted_by=state.requested_by.get_username() if state.requested_by else "",
            days_waiting=(now - state.created_at).days,
        )
        for state in states
        if int(state.object_id) in resources
    ], total


@dataclass(frozen=True)
class AreaCount:
    area: Area
    count: int


def stale_counts_by_area(*, days: int | None = None) -> list[AreaCount]:
    """Published listings (not ended) not confirmed for ``days`` (FRESHNESS_DAYS), per area, in
    the areas' order; areas with none are left out."""
    days = settings.FRESHNESS_DAYS if days is None else days
    counts = dict(
        Resource.objects.filter(live=True)
        .exclude(status="ended")
        .filter(confirmed_before(days=days))
        .values_list("area")
        .annotate(n=Count("pk"))
        .values_list("area", "n")
    )
    areas = Area.objects.filter(pk__in=counts).select_related("region").order_by("code")
    return [AreaCount(area=area, count=counts[area.pk]) for area in areas]


def reconfirmation_requests() -> QuerySet[Resource]:
    """Listings flagged for re-confirmation (by a failed placement or by staff), oldest first."""
    return (
        Resource.objects.filter(reconfirmation_requested_at__isnull=False)
        .select_related("area", "organization")
        .order_by("reconfirmation_requested_at", "pk")
    )


@dataclass(frozen=True)
class Attention:
    """What a listing's edit page warns about: open problem reports and a re-confirmation
    request (read from the stored row: the form's instance is the latest revision)."""

    reports: list[ProblemReport]
    reconfirmation_reason: str
    reconfirmation_requested_at: dt.datetime | None


def resource_attention(*, resource_id: int) -> Attention:
    flags = (
        Resource.objects.filter(pk=resource_id)
        .values("reconfirmation_reason", "reconfirmation_requested_at")
        .first()
    ) or {"reconfirmation_reason": "", "reconfirmation_requested_at": None}
    return Attention(
        reports=list(open_problem_reports().filter(resource_id=resource_id)),
        reconfirmation_reason=flags["reconfirmation_reason"],
        reconfirmation_requested_at=flags["reconfirmation_requested_at"],
    )

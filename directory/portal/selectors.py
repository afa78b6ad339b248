"""Reads for the group portal, always scoped to the user who asks.

A member sees the listings of the organisations they belong to; a proxy (staff with the
change permission on listings, or anyone given ``directory.confirm_on_behalf``, such as the
coordinators' group) sees every listing. Anything outside a user's scope is a 404, never a 403,
so that ids do not reveal what exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from directory.models import Invitation, Organization, ProblemReport, ProblemStatus, Resource
from directory.models.portal import invitation_token_hash

PROXY_PERMISSION = "directory.confirm_on_behalf"


def user_is_proxy(*, user) -> bool:
    """Whether the user may update and confirm any listing on a group's behalf."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.has_perm(PROXY_PERMISSION) or (
        user.is_staff and user.has_perm("directory.change_resource")
    )


def organization_list_for_user(*, user) -> QuerySet[Organization]:
    """The organisations the user is a member of."""
    if not (user.is_authenticated and user.is_active):
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).distinct()


def organization_get_for_user(*, user, pk: int) -> Organization:
    """One of the user's organisations (proxies: any), or 404."""
    queryset = Organization.objects.all()
    if not user_is_proxy(user=user):
        queryset = organization_list_for_user(user=user)
    try:
        return queryset.get(pk=pk)
    except Organization.DoesNotExist:
        raise Http404("団体が見つかりません。") from None


def resource_list_for_user(*, user) -> QuerySet[Resource]:
    """Listings (drafts included) of the user's organisations, or every listing for proxies."""
    if user_is_proxy(user=user):
        queryset = Resource.objects.all()
    else:
        queryset = Resource.objects.filter(organization__in=organization_list_for_user(user=user))
    return queryset.select_related("organization", "area")


def resource_get_for_user(*, user, pk: int) -> Resource:
    """One listing the user may update through the portal, or 404."""
    try:
        return resource_list_for_user(user=user).get(pk=pk)
    except Resource.DoesNotExist:
        raise Http404("地域資源が見つかりません。") from None


def resource_with_open_report_counts(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    """``open_report_count`` on each listing: its reports nobody has dealt with yet."""
    return queryset.annotate(
        open_report_count=Count(
            "problem_reports",
            filter=Q(problem_reports__status__in=[ProblemStatus.NEW, ProblemStatus.IN_PROGRESS]),
        )
    )


def problem_report_open_list(*, resource: Resource) -> QuerySet[ProblemReport]:
    """The listing's reports nobody has dealt with yet, oldest first."""
    return resource.problem_reports.open().order_by("created_at", "pk")


def problem_report_get_for_user(*, user, resource_pk: int, pk: int) -> ProblemReport:
    """An open report on a listing the user may update, or 404 (also for another listing's)."""
    resource = resource_get_for_user(user=user, pk=resource_pk)
    try:
        return problem_report_open_list(resource=resource).select_related("resource").get(pk=pk)
    except ProblemReport.DoesNotExist:
        raise Http404("報告が見つかりません。") from None


def invitation_get_usable(*, token: str) -> Invitation | None:
    """The invitation behind a link if it can still be accepted (unused, not expired)."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.usable()
        .select_related("organization")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


@dataclass(frozen=True)
class PortalState:
    """What a member sees about a listing's moderation: a label, and the reviewer's comment."""

    code: str  # "in_review", "published", "needs_changes", "draft"
    label: str
    comment: str = ""


def resource_portal_state(*, resource: Resource) -> PortalState:
    """審査中 / 公開済 / 差し戻し (with the reviewer's comment) / 下書き."""
    state = (
        WorkflowState.objects.for_instance(resource)
        .filter(status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES])
        .select_related("current_task_state")
        .order_by("-created_at")
        .first()
    )
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return PortalState("in_review", "審査中")
    if state is not None:
        task_state = state.current_task_state
        comment = ""
        if task_state is not None and task_state.status == TaskState.STATUS_REJECTED:
            comment = task_state.specific.get_comment()
        return PortalState("needs_changes", "差し戻し", comment)
    if resource.live:
        if resource.has_unpublished_changes:
            return PortalState("draft", "公開済（未提出の変更あり）")
        return PortalState("published", "公開済")
    return PortalState("draft", "下書き（未提出）")


def resource_editable_version(*, resource: Resource) -> Resource:
    """The version a member edits: their latest revision if one is pending, else the live row."""
    if resource.has_unpublished_changes or not resource.live:
        latest = resource.get_latest_revision_as_object()
        if latest is not None:
            return latest
    return resource


def stale_filter(*, cutoff: dt.date) -> Q:
    """Listings last confirmed before ``cutoff`` (or never)."""
    return Q(confirmed_on__lt=cutoff) | Q(confirmed_on__isnull=True)


def resource_stale_list(*, today: dt.date | None = None) -> QuerySet[Resource]:
    """Published listings not confirmed for FRESHNESS_DAYS, oldest confirmation first."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.FRESHNESS_DAYS)
    return (
        Resource.objects.filter(live=True)
        .filter(stale_filter(cutoff=cutoff))
        .select_related("organization", "area")
        .order_by("confirmed_on", "name_kana")
    )

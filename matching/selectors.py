"""Reads for the coordinator workspace, always scoped to the user who asks.

Every function takes the requesting ``user`` and returns only what that user's role and areas
allow. A record outside the user's scope raises ``DoesNotExist`` exactly like a record that does
not exist, so that views answer 404 and never reveal that it is there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet

from directory.models import Area, Resource

from .models import (
    CLIENT_M2M_FIELDS,
    AuditEntry,
    Client,
    CoordinatorProfile,
    FollowUp,
    FollowUpOutcome,
    Placement,
    PlacementEvent,
    ResourceGap,
    Stage,
)

User = get_user_model()
_SCOPE_CACHE = "_matching_scope"


@dataclass(frozen=True)
class Scope:
    """What one user may see: supervisors every area, coordinators the areas they cover."""

    is_supervisor: bool
    area_ids: frozenset[int]

    def covers(self, area_id: int | None) -> bool:
        return area_id in self.area_ids


def scope_for(*, user) -> Scope | None:
    """The user's scope, or None when the user has no role in the workspace.

    CMS editors, group members and inactive accounts get None. Cached on the user object for
    the length of a request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if hasattr(user, _SCOPE_CACHE):
        return getattr(user, _SCOPE_CACHE)
    profile = (
        CoordinatorProfile.objects.filter(user=user, is_active=True)
        .prefetch_related("regions", "areas")
        .first()
    )
    scope = None
    if profile is not None:
        if profile.is_supervisor:
            area_ids = frozenset(Area.objects.values_list("pk", flat=True))
        else:
            region_ids = [r.pk for r in profile.regions.all()]
            area_ids = frozenset(a.pk for a in profile.areas.all()) | frozenset(
                Area.objects.filter(region_id__in=region_ids).values_list("pk", flat=True)
            )
        scope = Scope(is_supervisor=profile.is_supervisor, area_ids=area_ids)
    setattr(user, _SCOPE_CACHE, scope)
    return scope


def scope_forget(*, user) -> None:
    """Drop the scope cached on ``user`` (after their role or areas change)."""
    if hasattr(user, _SCOPE_CACHE):
        delattr(user, _SCOPE_CACHE)


def require_scope(*, user) -> Scope:
    """Like ``scope_for`` but raises ``PermissionDenied`` for users without a workspace role."""
    scope = scope_for(user=user)
    if scope is None:
        raise PermissionDenied("この画面を使う権限がありません。")
    return scope


def areas_in_scope(*, user) -> QuerySet[Area]:
    return Area.objects.filter(pk__in=require_scope(user=user).area_ids).select_related("region")


def coordinator_users(*, user) -> QuerySet:
    """Workspace users (for the coordinator filter and the 担当 field), by username."""
    require_scope(user=user)
    return User.objects.filter(coordinator_profile__is_active=True, is_active=True).order_by(
        "username"
    )


# --- clients ----------------------------------------------------------------------------------


def client_list(*, user) -> QuerySet[Client]:
    """Clients in the user's areas, newest referral first, with what a list row shows."""
    scope = require_scope(user=user)
    return (
        Client.objects.in_areas(scope.area_ids)
        .select_related("area", "referral_source", "coordinator")
        .prefetch_related("interests")
        .annotate(
            open_placements=Count(
                "placements",
                filter=Q(placements__stage__in=[Stage.PROPOSED, Stage.TRIAL, Stage.STARTED]),
            )
        )
        .order_by("-referred_on", "-pk")  # Meta.ordering does not apply to GROUP BY queries
    )


def client_get(*, user, case_code: str) -> Client:
    """One client in the user's areas; ``Client.DoesNotExist`` otherwise."""
    scope = require_scope(user=user)
    return (
        Client.objects.in_areas(scope.area_ids)
        .select_related("area", "area__region", "town", "referral_source", "coordinator")
        .prefetch_related("interests", "audiences", "languages", "accessibility_needs")
        .get(case_code=case_code)
    )


# --- placements and follow-ups -------------------------------------------------------------


def placement_list_for_client(*, user, client: Client) -> QuerySet[Placement]:
    scope = require_scope(user=user)
    if not scope.covers(client.area_id):
        return Placement.objects.none()
    return (
        Placement.objects.filter(client=client)
        .select_related("resource", "resource__area")
        .prefetch_related(
            Prefetch(
                "follow_ups", queryset=FollowUp.objects.filter(cancelled=False).order_by("due_on")
            )
        )
    )


def placement_get(*, user, pk: int) -> Placement:
    """One placement whose client is in the user's areas; ``Placement.DoesNotExist`` otherwise."""
    scope = require_scope(user=user)
    return (
        Placement.objects.filter(client__area_id__in=scope.area_ids)
        .select_related("client", "client__area", "resource", "resource__area", "coordinator")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=PlacementEvent.objects.select_related("recorded_by").order_by(
                    "recorded_at", "pk"
                ),
            ),
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_on", "pk")),
        )
        .get(pk=pk)
    )


def placement_settlement_follow_up(*, placement: Placement) -> FollowUp | None:
    """The follow-up that proposes 定着, if any: a 継続 outcome at about three months or later.

    Only while the placement is still 参加開始. Returns the latest such follow-up.
    """
    if placement.stage != Stage.STARTED:
        return None
    return (
        placement.follow_ups.filter(
            outcome=FollowUpOutcome.CONTINUING,
            done_on__isnull=False,
            offset_days__gte=settings.FOLLOW_UP_SETTLEMENT_OFFSET_DAYS,
        )
        .order_by("-done_on")
        .first()
    )


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


# --- resource gaps -------------------------------------------------------------------------


def resource_gap_list(*, user) -> QuerySet[ResourceGap]:
    """Gaps in the user's areas with the number of clients behind each (``client_count``)."""
    scope = require_scope(user=user)
    return (
        ResourceGap.objects.filter(area_id__in=scope.area_ids)
        .select_related("area", "area__region", "audience", "category", "answered_by")
        .annotate(client_count=Count("clients", distinct=True))
    )


def resource_gap_get(*, user, pk: int) -> ResourceGap:
    return resource_gap_list(user=user).get(pk=pk)


def resource_gap_clients_visible(*, user, gap: ResourceGap) -> QuerySet[Client]:
    """The clients behind a gap that the user may see listed: only those in the user's own areas.

    Supervisors see the count but not the list: clients are listed only inside their area team.
    """
    scope = require_scope(user=user)
    if scope.is_supervisor:
        return Client.objects.none()
    return gap.clients.filter(area_id__in=scope.area_ids).order_by("case_code")


# --- listings, audit ---------------------------------------------------------------------------


def resource_get(*, user, pk: int) -> Resource:
    """A published listing, hidden ones included (coordinators may see them); never a draft."""
    require_scope(user=user)
    return (
        Resource.objects.filter(live=True)
        .select_related("area", "organization")
        .prefetch_related(
            "categories",
            "audiences",
            "languages",
            "accessibility_features",
            "schedule_rules",
            "schedule_exceptions",
        )
        .get(pk=pk)
    )


def audit_list_for_client(*, user, client: Client) -> QuerySet[AuditEntry]:
    """Every audit entry about one client (its placements, follow-ups and gaps included).

    Supervisors only; anyone else gets ``PermissionDenied``.
    """
    scope = require_scope(user=user)
    if not scope.is_supervisor:
        raise PermissionDenied("監査ログはスーパーバイザーだけが見られます。")
    return AuditEntry.objects.for_client(client).select_related("user")


def client_disclosure_export(*, user, client: Client) -> dict:
    """Everything held on one client, for a disclosure request (開示請求): the record, its
    placements with their stage changes and follow-ups, the gaps it is linked to and every audit
    entry about it. Supervisors only; anyone else gets ``PermissionDenied``."""
    scope = require_scope(user=user)
    if not scope.is_supervisor:
        raise PermissionDenied("開示用の書き出しはスーパーバイザーだけができます。")

    record = _export_row(client)
    record["area_name"] = client.area.name
    record["town_name"] = client.town.name if client.town_id else None
    record["referral_source_name"] = client.referral_source.name
    for name in CLIENT_M2M_FIELDS:
        record[name] = [str(obj) for obj in getattr(client, name).all()]
    placements = []
    for placement in client.placements.select_related("resource").order_by("pk"):
        data = _export_row(placement)
        data["resource_name"] = str(placement.resource)
        data["events"] = [_export_row(event) for event in placement.events.order_by("pk")]
        data["follow_ups"] = [_export_row(f) for f in placement.follow_ups.order_by("pk")]
        placements.append(data)
    gaps = [_export_row(gap) for gap in client.resource_gaps.order_by("pk")]
    audit = [_export_row(entry) for entry in AuditEntry.objects.for_client(client).order_by("pk")]
    return {
        "case_code": client.case_code,
        "client": record,
        "placements": placements,
        "resource_gaps": gaps,
        "audit_entries": audit,
    }


def _export_row(obj) -> dict:
    """One record's columns for the disclosure export: dates as ISO text, choices with labels."""
    data = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif value is not None and not isinstance(value, str | int | float | bool | list):
            value = str(value)
        data[field.name] = value
        if field.choices and isinstance(value, str | int) and value != "":
            labels = dict(field.flatchoices)
            if value in labels:
                data[f"{field.name}_label"] = str(labels[value])
    return data

"""Placements (つなぎ) of clients in the user's areas."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from matching.models import (
    Client,
    FollowUp,
    FollowUpOutcome,
    Placement,
    PlacementEvent,
    Stage,
)

from .scope import require_scope


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

"""Clients (本人) in the user's areas."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from matching.models import Client, Stage

from .scope import require_scope


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

"""Listings as coordinators see them."""

from __future__ import annotations

from directory.models import Resource

from .scope import require_scope


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

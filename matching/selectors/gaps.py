"""Resource gaps (地域資源の不足) in the user's areas, and the clients a user may see behind one."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from matching.models import Client, ResourceGap

from .scope import require_scope


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

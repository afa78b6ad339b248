"""Activity records in the user's areas (newest first)."""

from __future__ import annotations

from django.db.models import QuerySet

from matching.models import AgencyReferral, CommunityAction, Meeting, OutreachPlan, SupportContact

from .scope import require_scope


def meeting_list(*, user) -> QuerySet[Meeting]:
    scope = require_scope(user=user)
    return (
        Meeting.objects.filter(area_id__in=scope.area_ids)
        .select_related("area")
        .order_by("-on", "-pk")
    )


def activity_recent(*, user, limit: int = 20) -> dict[str, list]:
    """The latest records of each kind in the user's areas, for the activity page."""
    scope = require_scope(user=user)
    areas = scope.area_ids
    return {
        "contacts": list(
            SupportContact.objects.filter(client__area_id__in=areas)
            .select_related("client")
            .order_by("-on", "-pk")[:limit]
        ),
        "community": list(
            CommunityAction.objects.filter(area_id__in=areas)
            .select_related("area", "resource")
            .order_by("-on", "-pk")[:limit]
        ),
        "meetings": list(meeting_list(user=user).prefetch_related("cases")[:limit]),
        "plans": list(
            OutreachPlan.objects.filter(meeting__area_id__in=areas)
            .select_related("client", "meeting")
            .order_by("-made_on", "-pk")[:limit]
        ),
        "referrals": list(
            AgencyReferral.objects.filter(area_id__in=areas)
            .select_related("area", "client")
            .order_by("-on", "-pk")[:limit]
        ),
    }

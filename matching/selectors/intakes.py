"""受付 (Intake): the 「つながりたい」 requests of the user's areas."""

from __future__ import annotations

from django.db.models import QuerySet

from matching.models import Intake

from .scope import require_scope


def intake_list(*, user) -> QuerySet[Intake]:
    """Intakes of the user's areas, open ones first, newest first within each."""
    scope = require_scope(user=user)
    return (
        Intake.objects.in_areas(scope.area_ids)
        .select_related("area", "client", "handled_by")
        .order_by("-received_at", "-pk")
    )


def intake_get(*, user, pk: int) -> Intake:
    """One intake of the user's areas; ``Intake.DoesNotExist`` otherwise."""
    return intake_list(user=user).get(pk=pk)


def intake_open_count(*, user) -> int:
    """How many intakes of the user's areas wait for someone (for the menu's badge)."""
    return intake_list(user=user).open().count()

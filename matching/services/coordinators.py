"""Who may use the workspace: a coordinator's or supervisor's role and the areas they cover."""

from __future__ import annotations

from collections.abc import Iterable

from matching.models import CoordinatorProfile, Role
from matching.selectors.scope import scope_forget


def coordinator_assign(
    *,
    user,
    role: str = Role.COORDINATOR,
    regions: Iterable = (),
    areas: Iterable = (),
) -> CoordinatorProfile:
    """Give ``user`` the workspace with a role and the regions/areas they cover (replaces both)."""
    profile, _ = CoordinatorProfile.objects.update_or_create(
        user=user, defaults={"role": role, "is_active": True}
    )
    profile.regions.set(regions)
    profile.areas.set(areas)
    scope_forget(user=user)
    return profile

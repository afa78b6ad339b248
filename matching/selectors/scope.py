"""Who may see what: a workspace user's scope (supervisor, or the areas a coordinator covers)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from directory.models import Area
from matching.models import CoordinatorProfile

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

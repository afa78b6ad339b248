"""The checks every write makes before it changes anything, and their Japanese messages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from matching.models import Client, ClientStatus
from matching.selectors.scope import Scope, require_scope

from .audit import Actor

STALE_MESSAGE = "ほかの人が先に更新しました。最新の内容を確認してから、もう一度保存してください。"
AREA_NOT_COVERED = "担当していない特別出張所エリアです。担当エリアを選んでください。"
FROZEN_MESSAGES = {
    ClientStatus.WITHDRAWN: "本人が同意を撤回しているため、この記録は変更できません。",
    ClientStatus.CLOSED: "支援終了した本人の記録は変更できません。",
}
FUTURE_DATE = "未来の日付は入力できません。"
NO_CONSENT_MESSAGE = (
    "本人の同意が記録されていないため、つなぎを記録できません。先に同意を記録してください。"
)


def actor_scope(actor: Actor) -> Scope:
    """The actor's areas; ``PermissionDenied`` for a user without a workspace role."""
    return require_scope(user=actor.user)


def require_area(scope: Scope, area_id: int | None, field: str | None = "area") -> None:
    """Refuse an area the actor does not cover (on ``field`` of the form, if given)."""
    if not scope.covers(area_id):
        raise ValidationError({field: AREA_NOT_COVERED} if field else AREA_NOT_COVERED, "scope")


def require_client_in_scope(scope: Scope, client: Client) -> None:
    """Views fetch clients through scoped selectors; this guards direct callers of a service."""
    if not scope.covers(client.area_id):
        raise PermissionDenied(AREA_NOT_COVERED)


def require_not_frozen(client: Client) -> None:
    """Refuse any change to a client who withdrew consent or whose case is closed."""
    if client.is_frozen:
        raise ValidationError(FROZEN_MESSAGES[client.status], "frozen")


def require_editable_client(actor: Actor, client: Client) -> Scope:
    """The checks before any change about one client: in the actor's areas, not frozen."""
    scope = actor_scope(actor)
    require_client_in_scope(scope, client)
    require_not_frozen(client)
    return scope


def not_future(value: dt.date | None, field: str) -> None:
    """Refuse a date after today, on ``field``."""
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: FUTURE_DATE}, "future")


def stale_error() -> ValidationError:
    """The error for an edit made from a version someone else has saved over."""
    return ValidationError(STALE_MESSAGE, "stale")

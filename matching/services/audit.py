"""Who acts, and the audit log every read and write of the workspace appends to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from matching.models import AuditEntry, Client


@dataclass(frozen=True)
class Actor:
    """Who is acting and from where: what every audit entry records."""

    user: Any
    ip_address: str | None = None

    @classmethod
    def from_request(cls, request) -> Actor:
        return cls(user=request.user, ip_address=request.META.get("REMOTE_ADDR") or None)


def system_actor(username: str) -> Actor:
    """The actor for what no person does at a desk (a scheduled job, the public 「つながりたい」
    form): an inactive account with no usable password, created the first time it is needed."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return Actor(user=user)


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str | int = "",
    client: Client | None = None,
    detail: str = "",
) -> AuditEntry:
    """Append one entry to the audit log. ``detail`` must hold codes, never personal text."""
    return AuditEntry.objects.create(
        user=actor.user,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        client=client,
        ip_address=actor.ip_address,
        detail=detail[:200],
    )

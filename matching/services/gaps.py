"""Resource gaps (地域資源の不足): needs no listing answers, the clients behind them, and their
way to 創出済 (a new listing answers them) or 見送り."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directory.models import Resource
from matching.models import (
    CLOSED_GAP_STATUSES,
    GAP_FIELDS,
    GAP_TRANSITIONS,
    AuditAction,
    AuditObjectType,
    Client,
    GapStatus,
    ResourceGap,
)

from .audit import Actor, audit_record
from .guards import actor_scope, not_future, require_area, require_client_in_scope, stale_error


def resource_gap_create(
    *, actor: Actor, data: Mapping[str, Any], clients: Iterable[Client] = ()
) -> ResourceGap:
    """Record a need no listing answers, in one of the actor's areas, with the clients behind it."""
    scope = actor_scope(actor)
    require_area(scope, data["area"].pk)
    clients = list(clients)
    for client in clients:
        require_client_in_scope(scope, client)
    opened_on = data.get("opened_on") or timezone.localdate()
    not_future(opened_on, "opened_on")
    if not (data.get("description") or "").strip():
        raise ValidationError({"description": "どんな場所が必要かを書いてください。"})
    values = {f: data.get(f) for f in GAP_FIELDS if f in data}
    values["opened_on"] = opened_on
    values["weekdays"] = values.get("weekdays") or []
    values["times_of_day"] = values.get("times_of_day") or []
    with transaction.atomic():
        gap = ResourceGap.objects.create(created_by=actor.user, **values)
        gap.clients.set(clients)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=AuditObjectType.GAP,
            object_id=gap.pk,
        )
        for client in clients:
            _audit_client_linked(actor, gap, client)
    return gap


def resource_gap_add_client(*, actor: Actor, gap: ResourceGap, client: Client) -> ResourceGap:
    """Count one more client behind an open gap (both must be in the actor's areas)."""
    scope = actor_scope(actor)
    require_area(scope, gap.area_id, field=None)
    require_client_in_scope(scope, client)
    if gap.status in CLOSED_GAP_STATUSES:
        raise ValidationError("創出済・見送りの不足には本人を追加できません。", "closed")
    if gap.clients.filter(pk=client.pk).exists():
        raise ValidationError("この本人はすでにこの不足に入っています。", "duplicate")
    with transaction.atomic():
        gap.clients.add(client)
        ResourceGap.objects.filter(pk=gap.pk).update(updated_at=timezone.now())
        _audit_client_linked(actor, gap, client)
    return gap


def resource_gap_transition(
    *,
    actor: Actor,
    gap: ResourceGap,
    to_status: str,
    answered_by: Resource | None = None,
    note: str = "",
    on_date: dt.date | None = None,
) -> ResourceGap:
    """Move a gap along 登録 → 検討中 → 創出済 / 見送り.

    創出済 needs the published listing that answers the gap (it counts as a listing created
    from a gap). Closing stamps ``closed_on``; reopening a 見送り clears it.
    """
    require_area(actor_scope(actor), gap.area_id, field=None)
    current = GapStatus(gap.status)
    on_date = on_date or timezone.localdate()
    answered_by = _check_gap_transition(gap, current, to_status, answered_by, on_date)
    with transaction.atomic():
        updated = ResourceGap.objects.filter(pk=gap.pk, status=current).update(
            status=to_status,
            answered_by=answered_by,
            status_note=note[:200],
            closed_on=on_date if to_status in CLOSED_GAP_STATUSES else None,
            updated_at=timezone.now(),
        )
        if not updated:
            raise stale_error()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            object_type=AuditObjectType.GAP,
            object_id=gap.pk,
            detail=f"{current}→{to_status}",
        )
    return ResourceGap.objects.get(pk=gap.pk)


def resource_gap_share(*, actor: Actor, gap: ResourceGap, shareable: bool) -> ResourceGap:
    """Let the public page 「こんな場が求められています」 count this gap (or stop it).

    Only the gap's area, category, audience, weekdays and times are ever shown there, and only
    in aggregate (``matching.public_needs``)."""
    require_area(actor_scope(actor), gap.area_id, field=None)
    with transaction.atomic():
        ResourceGap.objects.filter(pk=gap.pk).update(shareable=shareable, updated_at=timezone.now())
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=AuditObjectType.GAP,
            object_id=gap.pk,
            detail=f"shareable={int(shareable)}",
        )
    return ResourceGap.objects.get(pk=gap.pk)


def _check_gap_transition(
    gap: ResourceGap,
    current: GapStatus,
    to_status: str,
    answered_by: Resource | None,
    on_date: dt.date,
) -> Resource | None:
    """Refuse a move ``GAP_TRANSITIONS`` does not allow, a bad date, or 創出済 without a
    published listing. Returns the listing to link (``None`` unless the gap becomes 創出済)."""
    if to_status not in GapStatus.values or to_status not in GAP_TRANSITIONS[current]:
        target = GapStatus(to_status).label if to_status in GapStatus.values else to_status
        raise ValidationError(
            f"「{current.label}」から「{target}」へは変更できません。", "transition"
        )
    not_future(on_date, "on_date")
    if to_status == GapStatus.CREATED:
        if answered_by is None:
            raise ValidationError(
                {"answered_by": "創出済にするには、この不足にこたえた地域資源を選んでください。"},
                "required",
            )
        if not Resource.objects.filter(pk=answered_by.pk, live=True).exists():
            raise ValidationError(
                {"answered_by": "公開されている地域資源を選んでください。"}, "resource"
            )
    else:
        answered_by = None
    if to_status in CLOSED_GAP_STATUSES and on_date < gap.opened_on:
        raise ValidationError({"on_date": "日付は登録日より前にはできません。"}, "date")
    return answered_by


def _audit_client_linked(actor: Actor, gap: ResourceGap, client: Client) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=AuditObjectType.GAP,
        object_id=gap.pk,
        client=client,
        detail="client linked",
    )

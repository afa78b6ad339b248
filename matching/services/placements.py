"""Placements (つなぎ): proposing a listing to a client and moving the placement through its stages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from directory.dates import japanese_date
from directory.models import Resource, Status
from directory.services import resource_request_reconfirmation
from matching.models import (
    OPEN_STAGES,
    RECONFIRMATION_REASONS,
    STAGE_DATE_FIELD,
    TERMINAL_STAGES,
    TRANSITIONS,
    AuditAction,
    AuditObjectType,
    Client,
    FailureReason,
    Placement,
    PlacementEvent,
    Stage,
)

from .audit import Actor, audit_record
from .follow_ups import follow_up_cancel_pending, follow_up_schedule
from .guards import NO_CONSENT_MESSAGE, not_future, require_editable_client, stale_error

ALREADY_OPEN = "この本人とこの地域資源のつなぎは、すでに進行中です。"


def placement_propose(
    *,
    actor: Actor,
    client: Client,
    resource: Resource,
    proposed_on: dt.date | None = None,
    note: str = "",
) -> Placement:
    """Record that ``resource`` was proposed to ``client`` (stage 提案).

    Needs the client's consent (given and not withdrawn), a published listing that has not
    ended, and no other open placement of the same client at the same listing.
    """
    require_editable_client(actor, client)
    proposed_on = proposed_on or timezone.localdate()
    _check_proposal(client, resource, proposed_on)
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                client=client,
                resource=resource,
                proposed_on=proposed_on,
                note=note,
                coordinator=actor.user,
            )
            PlacementEvent.objects.create(
                placement=placement,
                from_stage="",
                to_stage=Stage.PROPOSED,
                on_date=proposed_on,
                recorded_by=actor.user,
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                object_type=AuditObjectType.PLACEMENT,
                object_id=placement.pk,
                client=client,
                detail=f"resource={resource.pk}",
            )
    except IntegrityError as error:  # a second request for the same pair won the race
        raise ValidationError(ALREADY_OPEN, "duplicate") from error
    return placement


def placement_transition(
    *,
    actor: Actor,
    placement: Placement,
    to_stage: str,
    version: int,
    on_date: dt.date | None = None,
    failure_reason: str = "",
    note: str = "",
) -> Placement:
    """Move a placement to its next stage, stamped with the date, the user and the time.

    Only the moves in ``TRANSITIONS`` are possible. 参加開始 schedules the follow-ups
    (``settings.FOLLOW_UP_OFFSETS_DAYS`` after the start); 終了 and 不成立 drop pending ones.
    不成立 needs a reason; 情報が古い and 連絡がつかない flag the listing for re-confirmation.
    """
    client = placement.client
    require_editable_client(actor, client)
    current = Stage(placement.stage)
    on_date = on_date or timezone.localdate()
    failure_reason = _check_transition(placement, current, to_stage, on_date, failure_reason)
    with transaction.atomic():
        updated = Placement.objects.filter(pk=placement.pk, version=version, stage=current).update(
            stage=to_stage,
            failure_reason=failure_reason,
            version=F("version") + 1,
            updated_at=timezone.now(),
            **{STAGE_DATE_FIELD[to_stage]: on_date},
        )
        if not updated:
            raise stale_error()
        PlacementEvent.objects.create(
            placement=placement,
            from_stage=current,
            to_stage=to_stage,
            on_date=on_date,
            failure_reason=failure_reason,
            note=note,
            recorded_by=actor.user,
        )
        _after_transition(placement, to_stage, on_date, failure_reason)
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            object_type=AuditObjectType.PLACEMENT,
            object_id=placement.pk,
            client=client,
            detail=f"{current}→{to_stage}" + (f" ({failure_reason})" if failure_reason else ""),
        )
    return Placement.objects.select_related("client", "resource").get(pk=placement.pk)


def placement_update(
    *,
    actor: Actor,
    placement: Placement,
    version: int,
    accompanied: bool,
    host_prepared: bool,
    note: str,
) -> Placement:
    """Record 同行 and 受け入れ先への事前調整 (and the note) from ``version``."""
    require_editable_client(actor, placement.client)
    with transaction.atomic():
        updated = Placement.objects.filter(pk=placement.pk, version=version).update(
            accompanied=accompanied,
            host_prepared=host_prepared,
            note=note,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not updated:
            raise stale_error()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=AuditObjectType.PLACEMENT,
            object_id=placement.pk,
            client=placement.client,
        )
    return Placement.objects.select_related("client", "resource").get(pk=placement.pk)


def _check_proposal(client: Client, resource: Resource, proposed_on: dt.date) -> None:
    """Refuse a proposal without consent, misdated, to a listing not open, or already open."""
    if not client.has_consent:
        raise ValidationError(NO_CONSENT_MESSAGE, "consent")
    not_future(proposed_on, "proposed_on")
    if proposed_on < client.referred_on:
        raise ValidationError({"proposed_on": "提案日は紹介を受けた日より前にはできません。"})
    live = Resource.objects.filter(pk=resource.pk, live=True).values_list("status", flat=True)
    if not live:
        raise ValidationError("この地域資源は公開されていないため、つなげません。", "resource")
    if live[0] == Status.ENDED:
        raise ValidationError("活動を終了した地域資源にはつなげません。", "resource")
    if Placement.objects.filter(client=client, resource=resource, stage__in=OPEN_STAGES).exists():
        raise ValidationError(ALREADY_OPEN, "duplicate")


def _check_transition(
    placement: Placement, current: Stage, to_stage: str, on_date: dt.date, failure_reason: str
) -> str:
    """Refuse a move ``TRANSITIONS`` does not allow, one dated in the future or before the date
    of the stage the placement is in, or 不成立 without a reason. Returns the failure reason to
    store (blank unless the move is to 不成立)."""
    if to_stage not in Stage.values or to_stage not in TRANSITIONS[current]:
        target = Stage(to_stage).label if to_stage in Stage.values else to_stage
        raise ValidationError(
            f"「{current.label}」から「{target}」へは進められません。", "transition"
        )
    not_future(on_date, "on_date")
    last = placement.last_stage_date()
    if last and on_date < last:
        last_date = japanese_date(last, weekday=False)
        raise ValidationError(
            {"on_date": f"日付は前の段階（{current.label}: {last_date}）より前にはできません。"},
            "date",
        )
    if to_stage != Stage.NOT_REALISED:
        return ""
    if failure_reason not in FailureReason.values:
        raise ValidationError({"failure_reason": "不成立の理由を選んでください。"}, "required")
    return failure_reason


def _after_transition(
    placement: Placement, to_stage: str, on_date: dt.date, failure_reason: str
) -> None:
    """What a new stage sets off: follow-ups scheduled or dropped, a listing flagged."""
    if to_stage == Stage.STARTED:
        follow_up_schedule(placement=placement, started_on=on_date)
    if to_stage in TERMINAL_STAGES:
        follow_up_cancel_pending(placements=[placement])
    if failure_reason in RECONFIRMATION_REASONS:
        resource_request_reconfirmation(
            resource=placement.resource,
            reason=f"つなぎが不成立（{FailureReason(failure_reason).label}）",
        )

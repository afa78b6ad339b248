"""Follow-ups (フォローアップ): scheduled from 参加開始, recorded once, dropped when no longer needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directory.dates import japanese_date
from matching.models import (
    AuditAction,
    AuditObjectType,
    FollowUp,
    FollowUpMethod,
    FollowUpOutcome,
    Placement,
)

from .audit import Actor, audit_record
from .guards import FUTURE_DATE, require_editable_client


def follow_up_schedule(*, placement: Placement, started_on: dt.date) -> None:
    """Create the follow-ups due ``settings.FOLLOW_UP_OFFSETS_DAYS`` after 参加開始."""
    FollowUp.objects.bulk_create(
        FollowUp(placement=placement, offset_days=days, due_on=started_on + dt.timedelta(days=days))
        for days in settings.FOLLOW_UP_OFFSETS_DAYS
    )


def follow_up_cancel_pending(*, placements: Iterable[Placement]) -> None:
    """Drop the follow-ups of ``placements`` that are neither done nor already dropped."""
    FollowUp.objects.filter(placement__in=placements, done_on__isnull=True, cancelled=False).update(
        cancelled=True
    )


def follow_up_record(
    *,
    actor: Actor,
    follow_up: FollowUp,
    done_on: dt.date,
    method: str,
    outcome: str,
    wellbeing: int | None,
    new_connections: int = 0,
    note: str = "",
) -> FollowUp:
    """Record what a follow-up found. It cannot be dated before 参加開始 or in the future,
    and each follow-up is recorded once."""
    placement = follow_up.placement
    client = placement.client
    require_editable_client(actor, client)
    if follow_up.cancelled:
        raise ValidationError("このフォローアップは取りやめになっています。", "cancelled")
    errors = _record_errors(placement, done_on, method, outcome, wellbeing, new_connections)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = FollowUp.objects.filter(
            pk=follow_up.pk, done_on__isnull=True, cancelled=False
        ).update(
            done_on=done_on,
            method=method,
            outcome=outcome,
            wellbeing=wellbeing,
            new_connections=new_connections,
            note=note,
            recorded_by=actor.user,
            recorded_at=timezone.now(),
        )
        if not updated:
            raise ValidationError(
                "このフォローアップはすでに記録されています。画面を読み込み直してください。",
                "stale",
            )
        audit_record(
            actor=actor,
            action=AuditAction.RECORD,
            object_type=AuditObjectType.FOLLOW_UP,
            object_id=follow_up.pk,
            client=client,
            detail=outcome,
        )
    return FollowUp.objects.select_related("placement", "placement__client").get(pk=follow_up.pk)


def _record_errors(
    placement: Placement,
    done_on: dt.date | None,
    method: str,
    outcome: str,
    wellbeing: int | None,
    new_connections: int | None,
) -> dict[str, str]:
    """Every problem with a follow-up's record, by field (empty when there is none)."""
    errors = {}
    if done_on is None:
        errors["done_on"] = "実施日を入力してください。"
    elif done_on > timezone.localdate():
        errors["done_on"] = FUTURE_DATE
    elif placement.started_on is None or done_on < placement.started_on:
        start = (
            japanese_date(placement.started_on, weekday=False) if placement.started_on else "未定"
        )
        errors["done_on"] = f"フォローアップの日付は参加開始日（{start}）より前にはできません。"
    if method not in FollowUpMethod.values:
        errors["method"] = "方法を選んでください。"
    if outcome not in FollowUpOutcome.values:
        errors["outcome"] = "結果を選んでください。"
    if wellbeing is not None and not 1 <= wellbeing <= 5:
        errors["wellbeing"] = "本人の様子は1〜5で選んでください。"
    if new_connections is None or new_connections < 0:
        errors["new_connections"] = "0以上の数を入力してください。"
    return errors

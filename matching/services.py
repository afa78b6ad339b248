"""Writes for the coordinator workspace: every change of state, with its checks and its audit.

Each function is keyword-only and takes the ``actor`` (who, from which address). It checks that the
actor covers the record's area, validates the change, applies it in one transaction and writes an
``AuditEntry``. Bad input raises ``ValidationError`` with a Japanese message and changes nothing.
Client and Placement carry a ``version``; an update made from a stale version is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from directory.dates import fiscal_year, japanese_date
from directory.models import Area, Resource, Status
from directory.services import resource_request_reconfirmation

from .models import (
    CLOSED_GAP_STATUSES,
    GAP_TRANSITIONS,
    OPEN_STAGES,
    RECONFIRMATION_REASONS,
    STAGE_DATE_FIELD,
    TERMINAL_STAGES,
    TRANSITIONS,
    AuditAction,
    AuditEntry,
    AuditObjectType,
    CaseCodeCounter,
    Client,
    ClientStatus,
    CloseReason,
    ConsentMethod,
    ConsentScope,
    CoordinatorProfile,
    FailureReason,
    FollowUp,
    FollowUpMethod,
    FollowUpOutcome,
    GapStatus,
    Placement,
    PlacementEvent,
    ResourceGap,
    Role,
    Stage,
)
from .selectors import Scope, require_scope

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

# Client fields copied from form data as they are (many-to-many ones are set separately).
CLIENT_FIELDS = (
    "area",
    "town",
    "age_band",
    "strengths",
    "wishes",
    "free_weekdays",
    "free_times",
    "max_distance_km",
    "needs_companion",
    "constraints_note",
    "referral_source",
    "referred_on",
    "coordinator",
)
CLIENT_M2M_FIELDS = ("audiences", "interests", "accessibility_needs", "languages")
GAP_FIELDS = (
    "area",
    "audience",
    "category",
    "weekdays",
    "times_of_day",
    "reason",
    "description",
    "opened_on",
)


@dataclass(frozen=True)
class Actor:
    """Who is acting and from where: what every audit entry records."""

    user: Any
    ip_address: str | None = None

    @classmethod
    def from_request(cls, request) -> Actor:
        return cls(user=request.user, ip_address=request.META.get("REMOTE_ADDR") or None)


# --- audit ------------------------------------------------------------------------------------


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


# --- helpers ----------------------------------------------------------------------------------


def _scope(actor: Actor) -> Scope:
    return require_scope(user=actor.user)


def _require_area(scope: Scope, area_id: int | None, field: str | None = "area") -> None:
    if not scope.covers(area_id):
        raise ValidationError({field: AREA_NOT_COVERED} if field else AREA_NOT_COVERED, "scope")


def _require_client_in_scope(scope: Scope, client: Client) -> None:
    # Views fetch clients through scoped selectors; this guards direct callers of the service.
    if not scope.covers(client.area_id):
        raise PermissionDenied(AREA_NOT_COVERED)


def _require_not_frozen(client: Client) -> None:
    if client.is_frozen:
        raise ValidationError(FROZEN_MESSAGES[client.status], "frozen")


def _not_future(value: dt.date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: FUTURE_DATE}, "future")


def _stale() -> ValidationError:
    return ValidationError(STALE_MESSAGE, "stale")


def _client_change(
    actor: Actor, client: Client, version: int, action: str, detail: str = "", **values: Any
) -> None:
    """Write ``values`` to an active client only if nobody has saved it since ``version``
    (bumping the version), and audit the change; otherwise raise the stale-edit error and
    change nothing. Call inside the service's transaction."""
    updated = Client.objects.filter(
        pk=client.pk, version=version, status=ClientStatus.ACTIVE
    ).update(**values, version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        raise _stale()
    audit_record(
        actor=actor,
        action=action,
        object_type=AuditObjectType.CLIENT,
        object_id=client.pk,
        client=client,
        detail=detail,
    )


def _validate_client_data(data: Mapping[str, Any]) -> None:
    town = data.get("town")
    if town is not None and town.area_id != data["area"].pk:
        raise ValidationError({"town": "町丁目が、選んだ特別出張所エリアの中にありません。"})
    _not_future(data.get("referred_on"), "referred_on")


def _validate_consent(given_on, scope: str, method: str) -> None:
    errors = {}
    if given_on is None:
        errors["consent_given_on"] = "同意を得た日を入力してください。"
    elif given_on > timezone.localdate():
        errors["consent_given_on"] = FUTURE_DATE
    if scope not in ConsentScope.values:
        errors["consent_scope"] = "同意の範囲を選んでください。"
    if method not in ConsentMethod.values:
        errors["consent_method"] = "同意の方法を選んでください。"
    if errors:
        raise ValidationError(errors, "consent")


def _cancel_pending_follow_ups(placements) -> None:
    FollowUp.objects.filter(placement__in=placements, done_on__isnull=True, cancelled=False).update(
        cancelled=True
    )


# --- coordinators -----------------------------------------------------------------------------


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
    if hasattr(user, "_matching_scope"):
        del user._matching_scope
    return profile


# --- clients ----------------------------------------------------------------------------------


def case_code_next(*, on_date: dt.date) -> str:
    """The next case code for the fiscal year of ``on_date``: ``OTA-2026-0001``.

    Safe under concurrency: the counter row is incremented with a single UPDATE, which holds the
    row lock until the surrounding transaction commits (PostgreSQL) or runs under SQLite's
    write lock (IMMEDIATE transactions), so two requests never get the same number. The unique
    constraint on ``Client.case_code`` backs this up.
    """
    prefix = settings.MUNICIPALITY["case_code_prefix"]
    year = fiscal_year(on_date)
    with transaction.atomic():
        counter, _ = CaseCodeCounter.objects.get_or_create(prefix=prefix, year=year)
        CaseCodeCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
        number = CaseCodeCounter.objects.values_list("last_number", flat=True).get(pk=counter.pk)
    return f"{prefix}-{year}-{number:04d}"


def client_create(*, actor: Actor, data: Mapping[str, Any]) -> Client:
    """Register a client in one of the actor's areas and give it a case code.

    ``data`` holds the client fields (as a ``ClientForm`` cleans them), optionally with the
    consent fields ``consent_given_on``, ``consent_scope`` and ``consent_method``.
    """
    scope = _scope(actor)
    _require_area(scope, data["area"].pk)
    _validate_client_data(data)
    consent = {}
    if data.get("consent_given_on") or data.get("consent_scope") or data.get("consent_method"):
        _validate_consent(
            data.get("consent_given_on"), data.get("consent_scope"), data.get("consent_method")
        )
        consent = {k: data[k] for k in ("consent_given_on", "consent_scope", "consent_method")}
    with transaction.atomic():
        client = Client(
            case_code=case_code_next(on_date=timezone.localdate()),
            created_by=actor.user,
            **{f: data.get(f) for f in CLIENT_FIELDS if f in data},
            **consent,
        )
        client.save()
        for field in CLIENT_M2M_FIELDS:
            getattr(client, field).set(data.get(field) or [])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=AuditObjectType.CLIENT,
            object_id=client.pk,
            client=client,
        )
    return client


def client_update(*, actor: Actor, client: Client, version: int, data: Mapping[str, Any]) -> Client:
    """Save edits to a client made from ``version``; refused if someone saved in between."""
    scope = _scope(actor)
    _require_client_in_scope(scope, client)
    _require_not_frozen(client)
    _require_area(scope, data["area"].pk)
    _validate_client_data(data)
    values = {f: data.get(f) for f in CLIENT_FIELDS if f in data}
    if "free_weekdays" in values:
        values["free_weekdays"] = values["free_weekdays"] or []
    if "free_times" in values:
        values["free_times"] = values["free_times"] or []
    with transaction.atomic():
        _client_change(actor, client, version, AuditAction.UPDATE, **values)
        for field in CLIENT_M2M_FIELDS:
            if field in data:
                getattr(client, field).set(data.get(field) or [])
    return Client.objects.get(pk=client.pk)


def client_consent_record(
    *, actor: Actor, client: Client, version: int, given_on: dt.date, scope: str, method: str
) -> Client:
    """Record consent given after registration (a client without consent cannot be placed)."""
    actor_scope = _scope(actor)
    _require_client_in_scope(actor_scope, client)
    _require_not_frozen(client)
    _validate_consent(given_on, scope, method)
    with transaction.atomic():
        _client_change(
            actor,
            client,
            version,
            AuditAction.CONSENT,
            consent_given_on=given_on,
            consent_scope=scope,
            consent_method=method,
        )
    return Client.objects.get(pk=client.pk)


def client_consent_withdraw(
    *, actor: Actor, client: Client, version: int, withdrawn_on: dt.date
) -> Client:
    """The person withdraws consent: the record is frozen, pending follow-ups are dropped and no
    new placement can be made. Nothing is deleted (retention is a separate decision)."""
    scope = _scope(actor)
    _require_client_in_scope(scope, client)
    _require_not_frozen(client)
    if client.consent_given_on is None:
        raise ValidationError("同意が記録されていないため、撤回もできません。", "consent")
    _not_future(withdrawn_on, "withdrawn_on")
    if withdrawn_on < client.consent_given_on:
        raise ValidationError(
            {"withdrawn_on": "撤回日は同意を得た日より前にはできません。"}, "date"
        )
    with transaction.atomic():
        _client_change(
            actor,
            client,
            version,
            AuditAction.WITHDRAW,
            consent_withdrawn_on=withdrawn_on,
            status=ClientStatus.WITHDRAWN,
        )
        _cancel_pending_follow_ups(client.placements.all())
    return Client.objects.get(pk=client.pk)


def client_close(
    *, actor: Actor, client: Client, version: int, closed_on: dt.date, reason: str
) -> Client:
    """Close a case; a reason is required. Pending follow-ups are dropped."""
    scope = _scope(actor)
    _require_client_in_scope(scope, client)
    _require_not_frozen(client)
    if reason not in CloseReason.values:
        raise ValidationError({"reason": "支援終了の理由を選んでください。"}, "required")
    _not_future(closed_on, "closed_on")
    if closed_on < client.referred_on:
        raise ValidationError({"closed_on": "支援終了日は紹介を受けた日より前にはできません。"})
    with transaction.atomic():
        _client_change(
            actor,
            client,
            version,
            AuditAction.CLOSE,
            detail=reason,
            status=ClientStatus.CLOSED,
            closed_on=closed_on,
            close_reason=reason,
        )
        _cancel_pending_follow_ups(client.placements.all())
    return Client.objects.get(pk=client.pk)


# --- placements -------------------------------------------------------------------------------


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
    scope = _scope(actor)
    _require_client_in_scope(scope, client)
    _require_not_frozen(client)
    if not client.has_consent:
        raise ValidationError(NO_CONSENT_MESSAGE, "consent")
    proposed_on = proposed_on or timezone.localdate()
    _not_future(proposed_on, "proposed_on")
    if proposed_on < client.referred_on:
        raise ValidationError({"proposed_on": "提案日は紹介を受けた日より前にはできません。"})
    live = Resource.objects.filter(pk=resource.pk, live=True).values_list("status", flat=True)
    if not live:
        raise ValidationError("この地域資源は公開されていないため、つなげません。", "resource")
    if live[0] == Status.ENDED:
        raise ValidationError("活動を終了した地域資源にはつなげません。", "resource")
    if Placement.objects.filter(client=client, resource=resource, stage__in=OPEN_STAGES).exists():
        raise ValidationError("この本人とこの地域資源のつなぎは、すでに進行中です。", "duplicate")
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
        raise ValidationError(
            "この本人とこの地域資源のつなぎは、すでに進行中です。", "duplicate"
        ) from error
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
    scope = _scope(actor)
    client = placement.client
    _require_client_in_scope(scope, client)
    _require_not_frozen(client)
    current = Stage(placement.stage)
    if to_stage not in Stage.values or to_stage not in TRANSITIONS[current]:
        target = Stage(to_stage).label if to_stage in Stage.values else to_stage
        raise ValidationError(
            f"「{current.label}」から「{target}」へは進められません。", "transition"
        )
    on_date = on_date or timezone.localdate()
    _not_future(on_date, "on_date")
    last = placement.last_stage_date()
    if last and on_date < last:
        raise ValidationError(
            {
                "on_date": f"日付は前の段階（{current.label}: {japanese_date(last, weekday=False)}）より前にはできません。"
            },
            "date",
        )
    if to_stage == Stage.NOT_REALISED:
        if failure_reason not in FailureReason.values:
            raise ValidationError({"failure_reason": "不成立の理由を選んでください。"}, "required")
    else:
        failure_reason = ""
    changes = {
        "stage": to_stage,
        STAGE_DATE_FIELD[to_stage]: on_date,
        "failure_reason": failure_reason,
        "version": F("version") + 1,
        "updated_at": timezone.now(),
    }
    with transaction.atomic():
        updated = Placement.objects.filter(pk=placement.pk, version=version, stage=current).update(
            **changes
        )
        if not updated:
            raise _stale()
        PlacementEvent.objects.create(
            placement=placement,
            from_stage=current,
            to_stage=to_stage,
            on_date=on_date,
            failure_reason=failure_reason,
            note=note,
            recorded_by=actor.user,
        )
        if to_stage == Stage.STARTED:
            FollowUp.objects.bulk_create(
                FollowUp(
                    placement=placement,
                    offset_days=days,
                    due_on=on_date + dt.timedelta(days=days),
                )
                for days in settings.FOLLOW_UP_OFFSETS_DAYS
            )
        if to_stage in TERMINAL_STAGES:
            _cancel_pending_follow_ups([placement])
        if failure_reason in RECONFIRMATION_REASONS:
            resource_request_reconfirmation(
                resource=placement.resource,
                reason=f"つなぎが不成立（{FailureReason(failure_reason).label}）",
            )
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
    scope = _scope(actor)
    _require_client_in_scope(scope, placement.client)
    _require_not_frozen(placement.client)
    with transaction.atomic():
        updated = Placement.objects.filter(pk=placement.pk, version=version).update(
            accompanied=accompanied,
            host_prepared=host_prepared,
            note=note,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not updated:
            raise _stale()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=AuditObjectType.PLACEMENT,
            object_id=placement.pk,
            client=placement.client,
        )
    return Placement.objects.select_related("client", "resource").get(pk=placement.pk)


# --- follow-ups -------------------------------------------------------------------------------


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
    scope = _scope(actor)
    placement = follow_up.placement
    client = placement.client
    _require_client_in_scope(scope, client)
    _require_not_frozen(client)
    if follow_up.cancelled:
        raise ValidationError("このフォローアップは取りやめになっています。", "cancelled")
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


# --- resource gaps ----------------------------------------------------------------------------


def resource_gap_create(
    *, actor: Actor, data: Mapping[str, Any], clients: Iterable[Client] = ()
) -> ResourceGap:
    """Record a need no listing answers, in one of the actor's areas, with the clients behind it."""
    scope = _scope(actor)
    area: Area = data["area"]
    _require_area(scope, area.pk)
    clients = list(clients)
    for client in clients:
        _require_client_in_scope(scope, client)
    opened_on = data.get("opened_on") or timezone.localdate()
    _not_future(opened_on, "opened_on")
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
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                object_type=AuditObjectType.GAP,
                object_id=gap.pk,
                client=client,
                detail="client linked",
            )
    return gap


def resource_gap_add_client(*, actor: Actor, gap: ResourceGap, client: Client) -> ResourceGap:
    """Count one more client behind an open gap (both must be in the actor's areas)."""
    scope = _scope(actor)
    _require_area(scope, gap.area_id, field=None)
    _require_client_in_scope(scope, client)
    if gap.status in CLOSED_GAP_STATUSES:
        raise ValidationError("創出済・見送りの不足には本人を追加できません。", "closed")
    if gap.clients.filter(pk=client.pk).exists():
        raise ValidationError("この本人はすでにこの不足に入っています。", "duplicate")
    with transaction.atomic():
        gap.clients.add(client)
        ResourceGap.objects.filter(pk=gap.pk).update(updated_at=timezone.now())
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=AuditObjectType.GAP,
            object_id=gap.pk,
            client=client,
            detail="client linked",
        )
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
    scope = _scope(actor)
    _require_area(scope, gap.area_id, field=None)
    current = GapStatus(gap.status)
    if to_status not in GapStatus.values or to_status not in GAP_TRANSITIONS[current]:
        target = GapStatus(to_status).label if to_status in GapStatus.values else to_status
        raise ValidationError(
            f"「{current.label}」から「{target}」へは変更できません。", "transition"
        )
    on_date = on_date or timezone.localdate()
    _not_future(on_date, "on_date")
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
    with transaction.atomic():
        updated = ResourceGap.objects.filter(pk=gap.pk, status=current).update(
            status=to_status,
            answered_by=answered_by,
            status_note=note[:200],
            closed_on=on_date if to_status in CLOSED_GAP_STATUSES else None,
            updated_at=timezone.now(),
        )
        if not updated:
            raise _stale()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            object_type=AuditObjectType.GAP,
            object_id=gap.pk,
            detail=f"{current}→{to_status}",
        )
    return ResourceGap.objects.get(pk=gap.pk)


# --- retention (保存期間) ----------------------------------------------------------------------


@dataclass
class RetentionResult:
    clients: int
    placements: int
    events: int
    follow_ups: int


def retention_cutoff(*, today: dt.date, years: int) -> dt.date:
    """The day ``years`` years before ``today`` (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def client_retention_apply(*, actor: Actor, today: dt.date, years: int) -> RetentionResult:
    """Anonymise every client closed before ``today`` minus ``years`` years and not yet anonymised.

    Clears the free text (strengths, wishes, constraints and every note on their placements,
    stage changes and follow-ups), the town, the language and access needs, and the consent scope
    and method. Keeps the case code, area, age band, status, every date, stage, reason code and
    count, so that the indicators stay exactly as they were. Each client gets one audit entry.
    Idempotent: an anonymised client is never touched again.
    """
    cutoff = retention_cutoff(today=today, years=years)
    result = RetentionResult(0, 0, 0, 0)
    clients = Client.objects.filter(
        status=ClientStatus.CLOSED, closed_on__lt=cutoff, anonymised_on__isnull=True
    ).order_by("pk")
    for client in clients:
        with transaction.atomic():
            placements = Placement.objects.filter(client=client)
            result.placements += placements.exclude(note="").update(note="")
            result.events += (
                PlacementEvent.objects.filter(placement__in=placements)
                .exclude(note="")
                .update(note="")
            )
            result.follow_ups += (
                FollowUp.objects.filter(placement__in=placements).exclude(note="").update(note="")
            )
            client.languages.clear()
            client.accessibility_needs.clear()
            Client.objects.filter(pk=client.pk).update(
                strengths="",
                wishes="",
                constraints_note="",
                town=None,
                consent_scope="",
                consent_method="",
                anonymised_on=today,
                version=F("version") + 1,
            )
            audit_record(
                actor=actor,
                action=AuditAction.ANONYMISE,
                object_type=AuditObjectType.CLIENT,
                object_id=client.pk,
                client=client,
                detail=f"retention {years}y",
            )
            result.clients += 1
    return result

"""Clients (本人): registration with a case code, edits, consent, withdrawal and closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from directory.dates import fiscal_year
from matching.models import (
    CLIENT_M2M_FIELDS,
    CONSENT_FIELDS,
    AuditAction,
    AuditObjectType,
    CaseCodeCounter,
    Client,
    ClientStatus,
    CloseReason,
    ConsentMethod,
    ConsentScope,
)

from .audit import Actor, audit_record
from .follow_ups import follow_up_cancel_pending
from .guards import (
    FUTURE_DATE,
    actor_scope,
    not_future,
    require_area,
    require_editable_client,
    stale_error,
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
    require_area(actor_scope(actor), data["area"].pk)
    _validate_client_data(data)
    consent = {}
    if any(data.get(name) for name in CONSENT_FIELDS):
        _validate_consent(*(data.get(name) for name in CONSENT_FIELDS))
        consent = {name: data[name] for name in CONSENT_FIELDS}
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
    scope = require_editable_client(actor, client)
    require_area(scope, data["area"].pk)
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
    require_editable_client(actor, client)
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
    require_editable_client(actor, client)
    if client.consent_given_on is None:
        raise ValidationError("同意が記録されていないため、撤回もできません。", "consent")
    not_future(withdrawn_on, "withdrawn_on")
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
        follow_up_cancel_pending(placements=client.placements.all())
    return Client.objects.get(pk=client.pk)


def client_close(
    *, actor: Actor, client: Client, version: int, closed_on: dt.date, reason: str
) -> Client:
    """Close a case; a reason is required. Pending follow-ups are dropped."""
    require_editable_client(actor, client)
    if reason not in CloseReason.values:
        raise ValidationError({"reason": "支援終了の理由を選んでください。"}, "required")
    not_future(closed_on, "closed_on")
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
        follow_up_cancel_pending(placements=client.placements.all())
    return Client.objects.get(pk=client.pk)


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
        raise stale_error()
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
    not_future(data.get("referred_on"), "referred_on")


def _validate_consent(given_on: dt.date | None, scope: str, method: str) -> None:
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

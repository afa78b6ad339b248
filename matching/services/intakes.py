"""受付 (Intake): a 「つながりたい」 request arrives, is followed up, becomes a client, or expires.

The public form's submission is recorded by the system actor (no person is signed in) and without
the sender's address: the audit log says that an intake arrived, never who sent it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directory.models import Area
from directory.spam import rate_limit_allows, rate_limit_count
from matching.models import (
    AuditAction,
    AuditObjectType,
    Client,
    Intake,
    IntakeStatus,
)

from .audit import Actor, audit_record, system_actor
from .clients import client_create
from .guards import actor_scope, require_area

PUBLIC_FORM_USERNAME = "system-public-form"
RATE_SCOPE = "matching:intake"
# What a coordinator may set by hand; CONVERTED comes only with a client.
STATUS_CHOICES_BY_HAND = (IntakeStatus.CONTACTED, IntakeStatus.CLOSED)
ALREADY_CONVERTED = "この受付はすでに本人として登録されています。"
NOT_BY_HAND = "この状態には手で変更できません。"


def intake_submit(*, data: Mapping[str, Any], consent_text: str, ip: str) -> Intake:
    """Record a request from the public form for the coordinators of ``data["area"]`` and count
    it against the sender's hourly limit (the address is only hashed, never stored)."""
    area: Area = data["area"]
    with transaction.atomic():
        intake = Intake.objects.create(
            area=area,
            requester=data["requester"],
            name=data["name"].strip(),
            contact_method=data["contact_method"],
            contact=data["contact"].strip(),
            contact_time=(data.get("contact_time") or "").strip(),
            wishes=data["wishes"].strip(),
            consent_text=consent_text,
            on_behalf_consent=bool(data.get("on_behalf_consent")),
        )
        audit_record(
            actor=system_actor(PUBLIC_FORM_USERNAME),
            action=AuditAction.CREATE,
            object_type=AuditObjectType.INTAKE,
            object_id=intake.pk,
            detail=f"area={area.code}",
        )
    rate_limit_count(scope=RATE_SCOPE, ip=ip)
    return intake


def intake_update(*, actor: Actor, intake: Intake, status: str, note: str) -> Intake:
    """Mark an intake as contacted or closed, with the coordinator's note (encrypted)."""
    require_area(actor_scope(actor), intake.area_id, field=None)
    if intake.status == IntakeStatus.CONVERTED:
        raise ValidationError(ALREADY_CONVERTED, "converted")
    if status not in STATUS_CHOICES_BY_HAND:
        raise ValidationError({"status": NOT_BY_HAND}, "status")
    with transaction.atomic():
        Intake.objects.filter(pk=intake.pk).update(
            status=status,
            note=note.strip(),
            handled_by=actor.user,
            closed_on=timezone.localdate() if status == IntakeStatus.CLOSED else None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=AuditObjectType.INTAKE,
            object_id=intake.pk,
            detail=f"status={status}",
        )
    intake.refresh_from_db()
    return intake


def intake_convert(*, actor: Actor, intake: Intake, data: Mapping[str, Any]) -> Client:
    """Register the person of ``intake`` as a client (``client_create``'s checks and audit) and
    link the two, so the client keeps the request it came from."""
    if intake.client_id is not None or intake.status == IntakeStatus.CONVERTED:
        raise ValidationError(ALREADY_CONVERTED, "converted")
    require_area(actor_scope(actor), intake.area_id, field=None)
    with transaction.atomic():
        client = client_create(actor=actor, data=data)
        Intake.objects.filter(pk=intake.pk).update(
            client=client, status=IntakeStatus.CONVERTED, handled_by=actor.user
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=AuditObjectType.INTAKE,
            object_id=intake.pk,
            client=client,
            detail="converted to client",
        )
    return client


def intake_submit_allowed(*, ip: str) -> bool:
    """Whether this address may send another request within the hour."""
    return rate_limit_allows(scope=RATE_SCOPE, ip=ip, limit=settings.INTAKE_RATE_LIMIT)

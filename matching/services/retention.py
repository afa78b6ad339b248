"""Retention (保存期間): closed cases are anonymised after the configured number of years, and
「つながりたい」 intakes that never became a client after the configured number of days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from matching.models import (
    AuditAction,
    AuditObjectType,
    Client,
    ClientStatus,
    FollowUp,
    Intake,
    Placement,
    PlacementEvent,
)

from .audit import Actor, audit_record


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
            _anonymise(client, today, result)
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


def _anonymise(client: Client, today: dt.date, result: RetentionResult) -> None:
    """Clear one client's free text and sensitive facts, counting the notes cleared."""
    placements = Placement.objects.filter(client=client)
    result.placements += placements.exclude(note="").update(note="")
    result.events += (
        PlacementEvent.objects.filter(placement__in=placements).exclude(note="").update(note="")
    )
    result.follow_ups += (
        FollowUp.objects.filter(placement__in=placements).exclude(note="").update(note="")
    )
    # The request the client came from holds a name and contact: it goes with the client.
    _intake_anonymise(Intake.objects.filter(client=client), today)
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


def intake_retention_apply(*, actor: Actor, today: dt.date, days: int) -> int:
    """Clear the name, contact and free text of every intake received more than ``days`` days
    before ``today`` that did not become a client (those go with their client's retention).
    Keeps area, requester, status and dates for counting. Returns how many were cleared."""
    cutoff = today - dt.timedelta(days=days)
    intakes = Intake.objects.filter(
        client__isnull=True, anonymised_on__isnull=True, received_at__date__lt=cutoff
    ).order_by("pk")
    cleared = 0
    for intake in intakes:
        with transaction.atomic():
            _intake_anonymise(Intake.objects.filter(pk=intake.pk), today)
            audit_record(
                actor=actor,
                action=AuditAction.ANONYMISE,
                object_type=AuditObjectType.INTAKE,
                object_id=intake.pk,
                detail=f"retention {days}d",
            )
        cleared += 1
    return cleared


def _intake_anonymise(intakes, today: dt.date) -> None:
    """Clear the personal text of ``intakes`` (the caller writes the audit entry)."""
    intakes.update(name="", contact="", contact_time="", wishes="", note="", anonymised_on=today)

"""What is held on one client, for supervisors: its audit log and the disclosure export (開示請求)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from matching.models import CLIENT_M2M_FIELDS, AuditEntry, Client

from .scope import require_scope


def audit_list_for_client(*, user, client: Client) -> QuerySet[AuditEntry]:
    """Every audit entry about one client (its placements, follow-ups and gaps included).

    Supervisors only; anyone else gets ``PermissionDenied``.
    """
    scope = require_scope(user=user)
    if not scope.is_supervisor:
        raise PermissionDenied("監査ログはスーパーバイザーだけが見られます。")
    return AuditEntry.objects.for_client(client).select_related("user")


def client_disclosure_export(*, user, client: Client) -> dict:
    """Everything held on one client, for a disclosure request (開示請求): the record, its
    placements with their stage changes and follow-ups, the gaps it is linked to and every audit
    entry about it. Supervisors only; anyone else gets ``PermissionDenied``."""
    scope = require_scope(user=user)
    if not scope.is_supervisor:
        raise PermissionDenied("開示用の書き出しはスーパーバイザーだけができます。")

    record = _export_row(client)
    record["area_name"] = client.area.name
    record["town_name"] = client.town.name if client.town_id else None
    record["referral_source_name"] = client.referral_source.name
    for name in CLIENT_M2M_FIELDS:
        record[name] = [str(obj) for obj in getattr(client, name).all()]
    placements = []
    for placement in client.placements.select_related("resource").order_by("pk"):
        data = _export_row(placement)
        data["resource_name"] = str(placement.resource)
        data["events"] = [_export_row(event) for event in placement.events.order_by("pk")]
        data["follow_ups"] = [_export_row(f) for f in placement.follow_ups.order_by("pk")]
        placements.append(data)
    gaps = [_export_row(gap) for gap in client.resource_gaps.order_by("pk")]
    audit = [_export_row(entry) for entry in AuditEntry.objects.for_client(client).order_by("pk")]
    return {
        "case_code": client.case_code,
        "client": record,
        "placements": placements,
        "resource_gaps": gaps,
        "audit_entries": audit,
    }


def _export_row(obj) -> dict:
    """One record's columns for the disclosure export: dates as ISO text, choices with labels."""
    data = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif value is not None and not isinstance(value, str | int | float | bool | list):
            value = str(value)
        data[field.name] = value
        if field.choices and isinstance(value, str | int) and value != "":
            labels = dict(field.flatchoices)
            if value in labels:
                data[f"{field.name}_label"] = str(labels[value])
    return data

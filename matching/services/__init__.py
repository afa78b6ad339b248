"""Writes for the coordinator workspace: every change of state, with its checks and its audit.

Each function is keyword-only and takes the ``actor`` (who, from which address). It checks that the
actor covers the record's area, validates the change, applies it in one transaction and writes an
``AuditEntry``. Bad input raises ``ValidationError`` with a Japanese message and changes nothing.
Client and Placement carry a ``version``; an update made from a stale version is refused.

One module per sub-domain — ``clients``, ``intakes``, ``placements``, ``follow_ups``, ``gaps``, ``retention``,
``coordinators``, ``reminders``, ``activities`` — over ``audit`` (who acts, the audit log) and ``guards`` (the checks every write
makes, and their messages). The public names are importable from this package as well.
"""

from .activities import (
    agency_referral_record,
    community_action_record,
    meeting_record,
    outreach_plan_create,
    support_contact_record,
)
from .audit import Actor, audit_record, system_actor
from .clients import (
    case_code_next,
    client_close,
    client_consent_record,
    client_consent_withdraw,
    client_create,
    client_update,
)
from .coordinators import coordinator_assign
from .follow_ups import follow_up_record
from .gaps import (
    resource_gap_add_client,
    resource_gap_create,
    resource_gap_share,
    resource_gap_transition,
)
from .guards import (
    AREA_NOT_COVERED,
    FROZEN_MESSAGES,
    FUTURE_DATE,
    NO_CONSENT_MESSAGE,
    STALE_MESSAGE,
)
from .intakes import intake_convert, intake_submit, intake_submit_allowed, intake_update
from .placements import placement_propose, placement_transition, placement_update
from .reminders import DigestResult, reminder_digests_send
from .retention import (
    RetentionResult,
    client_retention_apply,
    intake_retention_apply,
    retention_cutoff,
)

__all__ = [
    "AREA_NOT_COVERED",
    "FROZEN_MESSAGES",
    "FUTURE_DATE",
    "NO_CONSENT_MESSAGE",
    "STALE_MESSAGE",
    "Actor",
    "DigestResult",
    "RetentionResult",
    "agency_referral_record",
    "audit_record",
    "case_code_next",
    "client_close",
    "client_consent_record",
    "client_consent_withdraw",
    "client_create",
    "client_retention_apply",
    "client_update",
    "community_action_record",
    "coordinator_assign",
    "follow_up_record",
    "intake_convert",
    "intake_retention_apply",
    "intake_submit",
    "intake_submit_allowed",
    "intake_update",
    "meeting_record",
    "outreach_plan_create",
    "placement_propose",
    "placement_transition",
    "placement_update",
    "reminder_digests_send",
    "resource_gap_add_client",
    "resource_gap_create",
    "resource_gap_share",
    "resource_gap_transition",
    "retention_cutoff",
    "support_contact_record",
    "system_actor",
]

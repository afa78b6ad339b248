"""Matching (参加支援): clients, placements, follow-ups, resource gaps and the audit log.

This app may import from `directory`; `directory` and `cms` never import from here.
"""

from .audit import AuditAction, AuditEntry, AuditLogIsAppendOnly, AuditObjectType
from .clients import (
    CLIENT_M2M_FIELDS,
    CONSENT_FIELDS,
    TIME_OF_DAY_CHOICES,
    TIME_OF_DAY_NAMES,
    AgeBand,
    CaseCodeCounter,
    Client,
    ClientStatus,
    CloseReason,
    ConsentMethod,
    ConsentScope,
    time_of_day,
)
from .followups import FollowUp, FollowUpMethod, FollowUpOutcome
from .gaps import (
    CLOSED_GAP_STATUSES,
    GAP_FIELDS,
    GAP_TRANSITIONS,
    GapReason,
    GapStatus,
    ResourceGap,
)
from .placements import (
    ATTENDING_STAGES,
    OPEN_STAGES,
    RECONFIRMATION_REASONS,
    STAGE_DATE_FIELD,
    TERMINAL_STAGES,
    TRANSITIONS,
    FailureReason,
    Placement,
    PlacementEvent,
    Stage,
)
from .roles import CoordinatorProfile, Role
from .vocabularies import ReferralSource

__all__ = [
    "ATTENDING_STAGES",
    "CLIENT_M2M_FIELDS",
    "CLOSED_GAP_STATUSES",
    "CONSENT_FIELDS",
    "GAP_FIELDS",
    "GAP_TRANSITIONS",
    "OPEN_STAGES",
    "RECONFIRMATION_REASONS",
    "STAGE_DATE_FIELD",
    "TERMINAL_STAGES",
    "TIME_OF_DAY_CHOICES",
    "TIME_OF_DAY_NAMES",
    "TRANSITIONS",
    "AgeBand",
    "AuditAction",
    "AuditEntry",
    "AuditLogIsAppendOnly",
    "AuditObjectType",
    "CaseCodeCounter",
    "Client",
    "ClientStatus",
    "CloseReason",
    "ConsentMethod",
    "ConsentScope",
    "CoordinatorProfile",
    "FailureReason",
    "FollowUp",
    "FollowUpMethod",
    "FollowUpOutcome",
    "GapReason",
    "GapStatus",
    "Placement",
    "PlacementEvent",
    "ReferralSource",
    "ResourceGap",
    "Role",
    "Stage",
    "time_of_day",
]

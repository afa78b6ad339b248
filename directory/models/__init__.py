from .areas import Area, Region, Town
from .counters import ConsultationCounter, CounterKind
from .occurrences import ResourceOccurrence
from .portal import (
    ConfirmationMethod,
    FreshnessReminder,
    Invitation,
    Membership,
    ProblemKind,
    ProblemReport,
    ProblemStatus,
)
from .resources import (
    FOOD_FIELDS,
    VOLUNTEER_FIELDS,
    Kind,
    LocationPrivacy,
    Organization,
    Resource,
    ResourceQuerySet,
    Status,
)
from .schedules import Frequency, Occurrence, ScheduleException, ScheduleRule
from .vocabularies import AccessibilityFeature, Audience, Category, Language

__all__ = [
    "FOOD_FIELDS",
    "VOLUNTEER_FIELDS",
    "ProblemStatus",
    "ProblemReport",
    "ProblemKind",
    "Membership",
    "Invitation",
    "FreshnessReminder",
    "ConfirmationMethod",
    "AccessibilityFeature",
    "Area",
    "Audience",
    "Category",
    "ConsultationCounter",
    "CounterKind",
    "Frequency",
    "Kind",
    "Language",
    "LocationPrivacy",
    "Occurrence",
    "Organization",
    "Region",
    "Resource",
    "ResourceOccurrence",
    "ResourceQuerySet",
    "ScheduleException",
    "ScheduleRule",
    "Status",
    "Town",
]

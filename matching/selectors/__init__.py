"""Reads for the coordinator workspace, always scoped to the user who asks.

Every function takes the requesting ``user`` and returns only what that user's role and areas
allow. A record outside the user's scope raises ``DoesNotExist`` exactly like a record that does
not exist, so that views answer 404 and never reveal that it is there.

One module per sub-domain (``activities``, ``clients``, ``intakes``, ``placements``, ``follow_ups``, ``gaps``, ``listings``,
``disclosure``) over ``scope`` (who may see what). The public names are importable from this
package as well.
"""

from .activities import activity_recent, meeting_list
from .clients import client_get, client_list
from .disclosure import audit_list_for_client, client_disclosure_export
from .follow_ups import (
    DueFollowUps,
    TeamOverdue,
    follow_up_due,
    follow_up_get,
    follow_up_overdue_by_coordinator,
    week_bounds,
)
from .gaps import resource_gap_clients_visible, resource_gap_get, resource_gap_list
from .intakes import intake_get, intake_list, intake_open_count
from .listings import resource_get
from .placements import placement_get, placement_list_for_client, placement_settlement_follow_up
from .scope import (
    Scope,
    areas_in_scope,
    coordinator_users,
    require_scope,
    scope_for,
    scope_forget,
)

__all__ = [
    "DueFollowUps",
    "Scope",
    "TeamOverdue",
    "areas_in_scope",
    "activity_recent",
    "audit_list_for_client",
    "client_disclosure_export",
    "client_get",
    "client_list",
    "coordinator_users",
    "follow_up_due",
    "follow_up_get",
    "follow_up_overdue_by_coordinator",
    "intake_get",
    "intake_list",
    "intake_open_count",
    "meeting_list",
    "placement_get",
    "placement_list_for_client",
    "placement_settlement_follow_up",
    "require_scope",
    "resource_get",
    "resource_gap_clients_visible",
    "resource_gap_get",
    "resource_gap_list",
    "scope_for",
    "scope_forget",
    "week_bounds",
]

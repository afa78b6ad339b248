"""Writes staff make on a selection of listings in the admin (bulk actions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from wagtail.actions.edit import EditAction
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from directory.models import Resource
from directory.portal import notifications
from directory.services import resource_request_reconfirmation

from . import selectors

RECONFIRMATION_LOG_ACTION = "directory.reconfirmation_request"


@dataclass
class ReconfirmationResult:
    flagged: int = 0
    emailed: int = 0  # listings whose group has members with an email address


def resources_request_reconfirmation(
    *, resources: Iterable[Resource], message: str, user
) -> ReconfirmationResult:
    """Flag each listing for re-confirmation (the message, cut to 100 characters, is the reason
    shown to staff and coordinators) and email the message to its group's members, with the
    link to the listing in the portal, where 「情報は最新です」 or an update clears the flag."""
    result = ReconfirmationResult()
    for resource in resources:
        resource_request_reconfirmation(resource=resource, reason=message)
        log(
            instance=resource,
            action=RECONFIRMATION_LOG_ACTION,
            user=user,
            data={"message": message},
        )
        result.flagged += 1
        recipients = notifications.member_recipients(resource.organization)
        if recipients:
            notifications.send_reconfirmation_request(
                resource=resource, recipients=recipients, message=message
            )
            result.emailed += 1
    return result


@dataclass
class StatusChangeResult:
    changed: list[Resource] = field(default_factory=list)
    unchanged: list[Resource] = field(default_factory=list)  # already had that status
    skipped: list[Resource] = field(default_factory=list)  # pending changes, review or a lock


def resources_change_status(
    *, resources: Iterable[Resource], status: str, user
) -> StatusChangeResult:
    """Set the 活動状況 of each listing as an edit in the admin would: a new revision, published
    at once for a published listing (the user needs the publish permission), saved as the draft of
    one never published. Listings with unpublished changes, in moderation, or locked by someone
    else are left alone (their pending version would otherwise be lost or published)."""
    resources = list(resources)
    in_moderation = set(
        selectors.resource_ids_in_workflow(status=WorkflowState.STATUS_IN_PROGRESS)
        .filter(resource_id__in=[r.pk for r in resources])
        .values_list("resource_id", flat=True)
    )
    result = StatusChangeResult()
    for resource in resources:
        if resource.status == status:
            result.unchanged.append(resource)
            continue
        if resource.pk in in_moderation or (resource.live and resource.has_unpublished_changes):
            result.skipped.append(resource)
            continue
        lock = resource.get_lock()
        if lock is not None and lock.for_user(user):
            result.skipped.append(resource)
            continue
        resource.status = status
        EditAction(resource, user=user, publish=resource.live, clean=False).execute()
        result.changed.append(resource)
    return result

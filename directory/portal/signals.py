"""Emails members when a reviewer approves or rejects a listing change (a side effect only)."""

from __future__ import annotations

from wagtail.models import TaskState
from wagtail.signals import workflow_approved, workflow_rejected

from directory.models import Resource

from .notifications import notify_members_decision


def _decision(sender, instance, user=None, approved: bool = False, **kwargs) -> None:
    resource = instance.content_object
    if not isinstance(resource, Resource):
        return
    last_task = (
        instance.task_states.exclude(status=TaskState.STATUS_IN_PROGRESS)
        .order_by("-finished_at", "-id")
        .first()
    )
    comment = last_task.specific.get_comment() if last_task is not None else ""
    resource = Resource.objects.select_related("organization").get(pk=resource.pk)
    notify_members_decision(
        resource=resource, approved=approved, comment=comment, requested_by=instance.requested_by
    )


def on_workflow_approved(sender, instance, user=None, **kwargs) -> None:
    _decision(sender, instance, user=user, approved=True)


def on_workflow_rejected(sender, instance, user=None, **kwargs) -> None:
    _decision(sender, instance, user=user, approved=False)


def connect() -> None:
    workflow_approved.connect(on_workflow_approved, dispatch_uid="portal_workflow_approved")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="portal_workflow_rejected")

"""Keep the precomputed next dates in step with the schedules; connected by
``DirectoryConfig.ready()``.

A listing's rules and exceptions are its own rows (inline in the admin, so part of each
revision): every path that changes them saves or deletes those rows — the admin's edit and
publish, the group portal's approved changes, the demo loader. When a listing itself is deleted,
its rows go with it (ON DELETE CASCADE), so the deletions of its rules and exceptions that the
same ``delete()`` causes refresh nothing. Fixture loading (``raw``) refreshes nothing.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from directory.models import Resource, ScheduleException, ScheduleRule
from directory.occurrences import occurrences_refresh


def schedule_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        occurrences_refresh(resource_ids=[instance.resource_id])


def schedule_deleted(sender, instance, origin=None, **kwargs) -> None:
    deleting_listings = isinstance(origin, Resource) or getattr(origin, "model", None) is Resource
    if not deleting_listings:
        occurrences_refresh(resource_ids=[instance.resource_id])


def connect() -> None:
    for model in (ScheduleRule, ScheduleException):
        name = model._meta.model_name
        post_save.connect(schedule_saved, sender=model, dispatch_uid=f"occurrences_{name}_saved")
        post_delete.connect(
            schedule_deleted, sender=model, dispatch_uid=f"occurrences_{name}_deleted"
        )

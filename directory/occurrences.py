"""Keeping the precomputed next dates (``ResourceOccurrence``) in step with the schedules.

``occurrences_refresh`` rewrites the rows of some listings from their stored rules and
exceptions; the receivers in ``directory/receivers.py`` call it whenever a rule or exception is
saved or deleted (the admin, the group portal, publishing a revision, the demo loader), and the
importer calls it for the listings it writes in bulk. ``occurrences_rebuild`` rewrites every
listing's rows for a window that starts today: ``manage.py refresh_occurrences`` runs it each
night, after midnight Japan time (docs/deploy.md), and after a bulk load that sent no signals.

Both send ``occurrences_refreshed`` once the rows are written, so that caches of what the public
sees (directory/pagecache/) can follow.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from directory.dates import UPCOMING_WINDOW
from directory.models import Resource, ResourceOccurrence, ScheduleException, ScheduleRule
from directory.models.schedules import (
    SCHEDULE_EXCEPTION_FIELDS,
    SCHEDULE_RULE_FIELDS,
    occurrences_between,
)

Progress = Callable[[int, int], None]

# Sent with ``resource_ids`` (a list, or None for every listing) after rows were rewritten.
occurrences_refreshed = Signal()


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day whose meetings are kept."""
    return today, today + UPCOMING_WINDOW - dt.timedelta(days=1)


def occurrence_rows(
    resource_id: int,
    rules: Iterable[ScheduleRule],
    exceptions: Iterable[ScheduleException],
    today: dt.date,
) -> list[ResourceOccurrence]:
    """The rows of one listing for the window starting ``today`` (rules and exceptions may be
    unsaved instances: only their schedule fields are read)."""
    start, end = window(today)
    return [
        ResourceOccurrence(
            resource_id=resource_id,
            date=o.date,
            weekday=o.date.weekday(),
            start_time=o.start_time,
            end_time=o.end_time,
            cancelled=o.cancelled,
            note=o.note,
        )
        for o in occurrences_between(rules, exceptions, start, end)
    ]


def _rewrite(resource_ids: list[int], today: dt.date) -> int:
    """Replace the rows of these listings; plain values, not model rows, are read (the nightly
    run reads every rule of the site)."""
    start, end = window(today)
    rules: dict[int, list[ScheduleRule]] = defaultdict(list)
    exceptions: dict[int, list[ScheduleException]] = defaultdict(list)
    for values in (
        ScheduleRule.objects.filter(resource_id__in=resource_ids)
        .order_by("sort_order", "pk")
        .values("resource_id", *SCHEDULE_RULE_FIELDS)
    ):
        rules[values.pop("resource_id")].append(ScheduleRule(**values))
    for values in ScheduleException.objects.filter(
        resource_id__in=list(rules), date__range=(start, end)
    ).values("resource_id", *SCHEDULE_EXCEPTION_FIELDS):
        exceptions[values.pop("resource_id")].append(ScheduleException(**values))
    rows = [
        row
        for resource_id, its_rules in rules.items()
        for row in occurrence_rows(resource_id, its_rules, exceptions[resource_id], today)
    ]
    ResourceOccurrence.objects.filter(resource_id__in=resource_ids).delete()
    ResourceOccurrence.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def occurrences_refresh(*, resource_ids: Iterable[int], today: dt.date | None = None) -> None:
    """Rewrite the next dates of these listings from their stored rules and exceptions."""
    resource_ids = list(resource_ids)
    if not resource_ids:
        return
    with transaction.atomic():
        _rewrite(resource_ids, today or timezone.localdate())
    occurrences_refreshed.send(sender=ResourceOccurrence, resource_ids=resource_ids)


def occurrences_rebuild(
    *, today: dt.date | None = None, batch_size: int = 500, progress: Progress | None = None
) -> int:
    """Rewrite every listing's next dates for the window starting ``today``, a batch of listings
    per transaction (readers see each listing either before or after); returns the row count."""
    today = today or timezone.localdate()
    ids = list(Resource.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    ResourceOccurrence.objects.filter(date__lt=today).delete()
    for first in range(0, len(ids), batch_size):
        with transaction.atomic():
            written += _rewrite(ids[first : first + batch_size], today)
        if progress is not None:
            progress(min(first + batch_size, len(ids)), len(ids))
    occurrences_refreshed.send(sender=ResourceOccurrence, resource_ids=None)
    return written

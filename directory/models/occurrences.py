"""The next dates of every listing, precomputed: what lists, filters, cards and popups read.

``ResourceOccurrence`` rows hold each meeting of the coming ``UPCOMING_WINDOW`` (90 days) with
one-off changes applied, cancelled dates included (flagged). They are derived data: rebuilt from
a listing's rules and exceptions whenever those change (directory/occurrences.py, called by
receivers) and for every listing each night (``manage.py refresh_occurrences``), so the window
moves with the calendar. Readers always ask for ``date >= today``: rows of past days left by a
late nightly run are never shown.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from directory.dates import japanese_date

from .schedules import time_range


class ResourceOccurrenceQuerySet(models.QuerySet):
    def upcoming(self, today: dt.date | None = None) -> ResourceOccurrenceQuerySet:
        """Meetings from today on (not cancelled), earliest first."""
        today = today or timezone.localdate()
        return self.filter(date__gte=today, cancelled=False).order_by("date", "start_time")


class ResourceOccurrence(models.Model):
    """One meeting of a listing on one date (derived from its schedule; never edited)."""

    resource = models.ForeignKey(
        "directory.Resource", on_delete=models.CASCADE, related_name="occurrences"
    )
    date = models.DateField()
    # 0 = Monday … 6 = Sunday, as ScheduleRule.weekdays: the weekday filter's column.
    weekday = models.PositiveSmallIntegerField()
    start_time = models.TimeField(null=True)
    end_time = models.TimeField(null=True)
    cancelled = models.BooleanField(default=False)
    note = models.CharField(max_length=100, blank=True)

    objects = ResourceOccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = "開催日（自動計算）"
        verbose_name_plural = "開催日（自動計算）"
        indexes = [
            models.Index(fields=["resource", "date"]),
            models.Index(fields=["date", "weekday", "start_time"]),
        ]

    def __str__(self) -> str:
        return f"{japanese_date(self.date)} {time_range(self.start_time, self.end_time)}".strip()

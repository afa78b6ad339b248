"""Schedules the way Japanese groups meet: 毎週水曜, 第2・第4火曜, 毎月15日, single dates.

Recurrence comes from dateutil's rrule and public holidays from jpholiday; the rules here only say
which dates a group meets, which it skips (祝日, 年末年始, one-off cancellations) and how to say so
in Japanese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import jpholiday
from dateutil import rrule
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from directory.dates import WEEKDAY_NAMES, japanese_date
from directory.fields import IntegerSetField

WEEKDAY_CHOICES = list(WEEKDAY_NAMES.items())
POSITION_CHOICES = [(1, "第1"), (2, "第2"), (3, "第3"), (4, "第4"), (5, "第5"), (-1, "最終")]
POSITION_NAMES = dict(POSITION_CHOICES)
RRULE_WEEKDAYS = [rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU]
# How far ahead a search for the next dates looks before giving up.
SEARCH_HORIZON = dt.timedelta(days=800)
# rrule works on datetimes; open-ended searches start here rather than at date.min.
EARLIEST = dt.date(1900, 1, 1)
# The fields a person edits on a rule and on an exception, the same in the admin, the group
# portal, the importer and the demo data.
SCHEDULE_RULE_FIELDS = (
    "frequency",
    "weekdays",
    "week_positions",
    "month_day",
    "date",
    "start_time",
    "end_time",
    "valid_from",
    "valid_until",
    "closed_on_holidays",
    "closed_over_new_year",
)
SCHEDULE_EXCEPTION_FIELDS = ("date", "cancelled", "start_time", "end_time", "note")


def is_new_year_holiday(day: dt.date) -> bool:
    """年末年始: 12月29日〜1月3日, the closure most public facilities observe."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def time_range(start: dt.time | None, end: dt.time | None) -> str:
    if start is None:
        return ""
    text = f"{start.hour}:{start.minute:02d}〜"
    if end is not None:
        text += f"{end.hour}:{end.minute:02d}"
    return text


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "毎週"
    MONTHLY_NTH_WEEKDAY = "monthly_nth", "毎月 第n曜日"
    MONTHLY_DAY = "monthly_day", "毎月 n日"
    ONCE = "once", "1回だけ（日付指定）"


@dataclass(frozen=True)
class Occurrence:
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    cancelled: bool = False
    note: str = ""

    def __str__(self) -> str:
        text = japanese_date(self.date)
        times = time_range(self.start_time, self.end_time)
        return f"{text} {times}".strip()


class ScheduleRule(Orderable):
    """One way a listing meets. A listing may have several (e.g. 毎週月曜 and 第3土曜)."""

    resource = ParentalKey(
        "directory.Resource", on_delete=models.CASCADE, related_name="schedule_rules"
    )
    frequency = models.CharField(
        "くり返し", max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    weekdays = IntegerSetField(
        "曜日",
        choices=WEEKDAY_CHOICES,
        help_text="「毎週」「毎月 第n曜日」で使います。複数選べます。",
    )
    week_positions = IntegerSetField(
        "第何週",
        choices=POSITION_CHOICES,
        help_text="「毎月 第n曜日」で使います。例: 第2と第4。",
    )
    month_day = models.PositiveSmallIntegerField(
        "日にち",
        null=True,
        blank=True,
        help_text="「毎月 n日」で使います（1〜31）。その日がない月は休みになります。",
    )
    date = models.DateField("日付", null=True, blank=True, help_text="「1回だけ」で使います。")
    start_time = models.TimeField("開始時刻", null=True, blank=True)
    end_time = models.TimeField("終了時刻", null=True, blank=True)
    valid_from = models.DateField(
        "適用開始日", null=True, blank=True, help_text="空欄なら制限なし。"
    )
    valid_until = models.DateField(
        "適用終了日", null=True, blank=True, help_text="空欄なら制限なし。"
    )
    closed_on_holidays = models.BooleanField("祝日は休み", default=False)
    closed_over_new_year = models.BooleanField("年末年始（12/29〜1/3）は休み", default=True)

    panels = [
        FieldPanel("frequency"),
        FieldPanel("weekdays"),
        FieldPanel("week_positions"),
        FieldRowPanel([FieldPanel("month_day"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("closed_on_holidays"), FieldPanel("closed_over_new_year")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "開催日のルール"
        verbose_name_plural = "開催日のルール"

    def __str__(self) -> str:
        return self.describe()

    # --- validation -------------------------------------------------------------------------

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.frequency in (Frequency.WEEKLY, Frequency.MONTHLY_NTH_WEEKDAY)
            and not self.weekdays
        ):
            errors["weekdays"] = "曜日を1つ以上選んでください。"
        if self.frequency == Frequency.MONTHLY_NTH_WEEKDAY and not self.week_positions:
            errors["week_positions"] = "第何週かを1つ以上選んでください。"
        if self.frequency == Frequency.MONTHLY_DAY and not (
            self.month_day and 1 <= self.month_day <= 31
        ):
            errors["month_day"] = "日にちを1〜31で入力してください。"
        if self.frequency == Frequency.ONCE and not self.date:
            errors["date"] = "開催する日付を入力してください。"
        if self.end_time and not self.start_time:
            errors["start_time"] = "終了時刻を入れるときは開始時刻も入力してください。"
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "終了時刻は開始時刻より後にしてください。"
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = "適用終了日は適用開始日より後にしてください。"
        if errors:
            raise ValidationError(errors)
        if not self._choices_are_valid():
            return  # clean_fields() reports the bad weekday or position; no dates to check
        if not self.can_occur():
            raise ValidationError(
                "この条件では開催日が1日もありません（例: 期間内に第5週や31日がない、日付が期間の外、"
                "期間内の開催日がすべて祝日・年末年始の休み）。曜日・日付・期間を見直してください。"
            )

    def _choices_are_valid(self) -> bool:
        return set(self.weekdays) <= set(WEEKDAY_NAMES) and set(self.week_positions) <= set(
            POSITION_NAMES
        )

    def can_occur(self) -> bool:
        """Whether the rule gives at least one meeting date (after 祝日 and 年末年始 closures)."""
        if self.frequency == Frequency.ONCE:
            return next(self.dates_between(dt.date.min, dt.date.max), None) is not None
        start = max(self.valid_from or EARLIEST, EARLIEST)
        # An open-ended rule with its weekdays/day filled in meets within a few years (even
        # 第5火曜 and 31日 come round several times a year); closures never cover them all.
        end = self.valid_until or start + SEARCH_HORIZON
        return next(self.dates_between(start, end), None) is not None

    # --- dates ------------------------------------------------------------------------------

    def _candidate_dates(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """Dates the rule produces in [start, end], before holiday and cancellation rules."""
        start = max(start, self.valid_from or start)
        end = min(end, self.valid_until or end)
        if start > end:
            return
        if self.frequency == Frequency.ONCE:
            if self.date and start <= self.date <= end:
                yield self.date
            return
        # Values outside the choices are reported by validation; here they simply give no dates.
        # An empty byweekday must never reach rrule, which would then fall back to every day.
        weekdays = [RRULE_WEEKDAYS[d] for d in self.weekdays if d in WEEKDAY_NAMES]
        positions = [n for n in self.week_positions if n in POSITION_NAMES]
        if self.frequency == Frequency.WEEKLY and weekdays:
            rule = rrule.rrule(rrule.WEEKLY, byweekday=weekdays, dtstart=start, until=end)
        elif self.frequency == Frequency.MONTHLY_NTH_WEEKDAY and weekdays and positions:
            byweekday = [day(n) for day in weekdays for n in positions]
            rule = rrule.rrule(rrule.MONTHLY, byweekday=byweekday, dtstart=start, until=end)
        elif (
            self.frequency == Frequency.MONTHLY_DAY and self.month_day and 1 <= self.month_day <= 31
        ):
            rule = rrule.rrule(rrule.MONTHLY, bymonthday=self.month_day, dtstart=start, until=end)
        else:
            return
        for moment in rule:
            yield moment.date()

    def is_closed_on(self, day: dt.date) -> bool:
        """祝日 / 年末年始 closures apply to recurring rules only. A single date was chosen on
        purpose (e.g. 年末の餅つき on 12/29); describe() mentions no 「休み」 for it either."""
        if self.frequency == Frequency.ONCE:
            return False
        return (self.closed_on_holidays and jpholiday.is_holiday(day)) or (
            self.closed_over_new_year and is_new_year_holiday(day)
        )

    def dates_between(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """Dates the group meets under this rule in [start, end], holidays and 年末年始 removed."""
        for day in self._candidate_dates(start, end):
            if not self.is_closed_on(day):
                yield day

    # --- words ------------------------------------------------------------------------------

    def describe(self) -> str:
        """「毎月第2・第4火曜 13:30〜15:30（祝日休み）」."""
        days = "・".join(WEEKDAY_NAMES[d] for d in self.weekdays)
        if self.frequency == Frequency.WEEKLY:
            text = f"毎週{days}曜"
        elif self.frequency == Frequency.MONTHLY_NTH_WEEKDAY:
            positions = sorted(self.week_positions, key=lambda p: 99 if p < 0 else p)
            nth = "・".join("最終" if p < 0 else f"第{p}" for p in positions)
            text = f"毎月{nth}{days}曜"
        elif self.frequency == Frequency.MONTHLY_DAY:
            text = f"毎月{self.month_day}日" if self.month_day else "毎月（日にち未定）"
        else:
            text = japanese_date(self.date) if self.date else "日付未定"
        times = time_range(self.start_time, self.end_time)
        if times:
            text += f" {times}"
        if self.frequency != Frequency.ONCE:
            closures = [
                label
                for flag, label in (
                    (self.closed_on_holidays, "祝日"),
                    (self.closed_over_new_year, "年末年始"),
                )
                if flag
            ]
            if closures:
                text += f"（{'・'.join(closures)}休み）"
        return text


class ScheduleException(Orderable):
    """A one-off change: a date cancelled (「今月は休み」) or held at another time."""

    resource = ParentalKey(
        "directory.Resource", on_delete=models.CASCADE, related_name="schedule_exceptions"
    )
    date = models.DateField("日付", help_text="休みにする日、または時間を変える日。")
    cancelled = models.BooleanField("この日は休み", default=True)
    start_time = models.TimeField("変更後の開始時刻", null=True, blank=True)
    end_time = models.TimeField("変更後の終了時刻", null=True, blank=True)
    note = models.CharField(
        "お知らせ", max_length=100, blank=True, help_text="例: 会場が2階の和室に変わります"
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("cancelled")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "休み・変更"
        verbose_name_plural = "休み・変更"

    def clean(self) -> None:
        if not self.cancelled and not (self.start_time or self.note):
            raise ValidationError("休みにしない場合は、変更後の時刻かお知らせを入力してください。")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "終了時刻は開始時刻より後にしてください。"})


def occurrences_between(
    rules: Iterable[ScheduleRule],
    exceptions: Iterable[ScheduleException],
    start: dt.date,
    end: dt.date,
) -> list[Occurrence]:
    """Every meeting in [start, end], in date order, with one-off changes applied.

    Cancelled dates stay in the list (``cancelled=True``) so a page can say 「12月10日は休み」.
    """
    changes = {e.date: e for e in exceptions}
    found: dict[tuple[dt.date, dt.time | None], Occurrence] = {}
    for rule in rules:
        for day in rule.dates_between(start, end):
            change = changes.get(day)
            if change is None:
                occ = Occurrence(day, rule.start_time, rule.end_time)
            elif change.cancelled:
                occ = Occurrence(
                    day, rule.start_time, rule.end_time, cancelled=True, note=change.note
                )
            else:
                occ = Occurrence(
                    day,
                    change.start_time or rule.start_time,
                    change.end_time or rule.end_time,
                    note=change.note,
                )
            found.setdefault((day, occ.start_time), occ)
    return sorted(found.values(), key=lambda o: (o.date, o.start_time or dt.time.min))


def next_occurrences(
    rules: Iterable[ScheduleRule],
    exceptions: Iterable[ScheduleException],
    start: dt.date,
    count: int,
    include_cancelled: bool = False,
) -> list[Occurrence]:
    """The next ``count`` meetings from ``start`` (inclusive), searching a window that widens."""
    if count <= 0:
        return []
    rules, exceptions = list(rules), list(exceptions)
    window = dt.timedelta(days=62)
    while True:
        end = start + window
        found = [
            o
            for o in occurrences_between(rules, exceptions, start, end)
            if include_cancelled or not o.cancelled
        ]
        if len(found) >= count or window >= SEARCH_HORIZON:
            return found[:count]
        window *= 3

"""Does a listing meet when the client is free? Weekdays and times of day, in SQL where possible."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from directory.models import Frequency, ScheduleRule
from directory.models.schedules import SCHEDULE_RULE_FIELDS, WEEKDAY_NAMES
from matching.models.clients import (
    AFTERNOON_STARTS,
    EVENING_STARTS,
    TIME_OF_DAY_NAMES,
    time_of_day,
)

# How far ahead to look for the weekdays of 毎月n日 and single-date rules.
SCHEDULE_LOOKAHEAD = dt.timedelta(days=56)
# The rule fields that decide on which days a rule meets (its times are matched in SQL).
DATED_RULE_FIELDS = tuple(f for f in SCHEDULE_RULE_FIELDS if f not in ("start_time", "end_time"))
# Start times that fall in each time of day (see ``time_of_day``).
TIME_OF_DAY_RANGES = {
    0: {"start_time__lt": AFTERNOON_STARTS},
    1: {"start_time__gte": AFTERNOON_STARTS, "start_time__lt": EVENING_STARTS},
    2: {"start_time__gte": EVENING_STARTS},
}

Slot = tuple[int, int | None]  # (weekday, time of day or None when the rule has no start time)


def time_of_day_q(free_times: set[int]) -> Q:
    """Rules starting in one of the client's times of day (a rule with no time fits any)."""
    q = Q(start_time__isnull=True)
    for tod in free_times:
        q |= Q(**TIME_OF_DAY_RANGES[tod])
    return q


def fits_weekly_q(free_days: set[int], free_times: set[int], today: dt.date) -> Q:
    """Weekly / nth-weekday rules still running that meet on a free weekday at a free time.

    Weekdays are single digits in the stored text, so ``__contains`` is an exact weekday match.
    """
    q = Q(frequency__in=[Frequency.WEEKLY, Frequency.MONTHLY_NTH_WEEKDAY]) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    if free_days:
        days = Q()
        for day in free_days:
            days |= Q(weekdays__contains=str(day))
        q &= days
    if free_times:
        q &= time_of_day_q(free_times)
    return q


def rule_slots(rule: ScheduleRule, today: dt.date) -> list[Slot]:
    """(weekday, time of day) pairs a rule meets at from ``today``: its weekdays for weekly and
    nth-weekday rules, the weekdays of its dates over the next eight weeks otherwise."""
    if rule.valid_until is not None and rule.valid_until < today:
        return []
    if rule.frequency in (Frequency.WEEKLY, Frequency.MONTHLY_NTH_WEEKDAY):
        days = set(rule.weekdays)
    else:
        days = {d.weekday() for d in rule.dates_between(today, today + SCHEDULE_LOOKAHEAD)}
    tod = time_of_day(rule.start_time) if rule.start_time else None
    return [(day, tod) for day in sorted(days)]


def schedule_fit_label(slots: list[Slot], free_days: set[int], free_times: set[int]) -> str | None:
    """The first slot that suits the client, as 「水曜午後」, or None."""
    for day, tod in sorted(slots, key=lambda s: (s[0], -1 if s[1] is None else s[1])):
        if free_days and day not in free_days:
            continue
        if free_times and tod is not None and tod not in free_times:
            continue
        return f"{WEEKDAY_NAMES[day]}曜" + (TIME_OF_DAY_NAMES[tod] if tod is not None else "")
    return None


def dated_rule_fits(
    published: dict, free_days: set[int], free_times: set[int], today: dt.date
) -> set[int]:
    """Listings whose 毎月n日 or single-date rules meet at a free time in the next eight weeks.

    The weekdays of each distinct rule are computed once (validity limits outside the eight weeks
    do not change them, so they are not in the key).
    """
    horizon = today + SCHEDULE_LOOKAHEAD
    fitting: set[int] = set()
    weekdays: dict[tuple, set[int]] = {}
    rules = ScheduleRule.objects.filter(
        Q(frequency=Frequency.MONTHLY_DAY)
        | Q(frequency=Frequency.ONCE, date__range=(today, horizon)),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        **published,
    )
    if free_times:
        rules = rules.filter(time_of_day_q(free_times))
    for fields in rules.values("resource_id", *DATED_RULE_FIELDS):
        resource_id = fields.pop("resource_id")
        if fields["valid_from"] is not None and fields["valid_from"] <= today:
            fields["valid_from"] = None
        if fields["valid_until"] is not None and fields["valid_until"] >= horizon:
            fields["valid_until"] = None
        key = tuple(tuple(v) if isinstance(v, list) else v for v in fields.values())
        days = weekdays.get(key)
        if days is None:
            rule = ScheduleRule(**fields)
            days = weekdays[key] = {d.weekday() for d in rule.dates_between(today, horizon)}
        if days and (not free_days or days & free_days):
            fitting.add(resource_id)
    return fitting

"""Schedule patterns for the templates: a rule is a plain dict of ScheduleRule fields."""

from __future__ import annotations

# A rule is a plain dict of ScheduleRule fields (times as "HH:MM"). A ONCE rule has "offset":
# (min, max) days after today instead of a date, and may carry a "label" for the description.


def weekly(days, start, end, holidays=False, new_year=True) -> dict:
    return {
        "frequency": "weekly",
        "weekdays": list(days),
        "start": start,
        "end": end,
        "closed_on_holidays": holidays,
        "closed_over_new_year": new_year,
    }


def nth(days, positions, start, end, holidays=False, new_year=True) -> dict:
    return {
        "frequency": "monthly_nth",
        "weekdays": list(days),
        "week_positions": list(positions),
        "start": start,
        "end": end,
        "closed_on_holidays": holidays,
        "closed_over_new_year": new_year,
    }


def monthday(day, start, end, holidays=False, new_year=True) -> dict:
    return {
        "frequency": "monthly_day",
        "month_day": day,
        "start": start,
        "end": end,
        "closed_on_holidays": holidays,
        "closed_over_new_year": new_year,
    }


def once(offset, start, end, label="") -> dict:
    return {"frequency": "once", "offset": offset, "start": start, "end": end, "label": label}


MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
LAST = -1

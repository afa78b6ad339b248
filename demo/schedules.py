"""The demo listings' schedules: template rules as rule fields, their text, and one-off changes."""

from __future__ import annotations

import datetime as dt
import random

from directory.models import ScheduleRule

from . import texts


def shift(value: dt.time, minutes: int) -> dt.time:
    moment = dt.datetime.combine(dt.date(2000, 1, 1), value) + dt.timedelta(minutes=minutes)
    return moment.time()


def time_of(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


# --- organisations ----------------------------------------------------------------------------
def rule_spec(rule: dict, today: dt.date, rng: random.Random) -> dict:
    """A template rule → ScheduleRule field values (plus "label" for the description)."""
    spec = {
        "frequency": rule["frequency"],
        "weekdays": sorted(rule.get("weekdays", [])),
        "week_positions": sorted(rule.get("week_positions", [])),
        "month_day": rule.get("month_day"),
        "date": None,
        "start_time": time_of(rule["start"]),
        "end_time": time_of(rule["end"]),
        "valid_from": None,
        "valid_until": None,
        "closed_on_holidays": rule.get("closed_on_holidays", False),
        "closed_over_new_year": rule.get("closed_over_new_year", True),
        "label": rule.get("label", ""),
    }
    if rule["frequency"] == "once":
        spec["date"] = today + dt.timedelta(days=rng.randint(*rule["offset"]))
        spec["closed_over_new_year"] = False
    return spec


def describe_rules(rules: list[dict]) -> str:
    parts = []
    for rule in rules:
        label = rule["label"]
        text = ScheduleRule(**model_rule(rule)).describe()
        parts.append(f"{label} {text}" if label else text)
    return "、".join(parts)


def model_rule(rule: dict) -> dict:
    return {k: v for k, v in rule.items() if k != "label"}


def december_fourth_week(rules: list[dict], today: dt.date) -> list[dict]:
    """Cancellations for 「12月は第4週休みです」: the 4th-week meetings of the coming December."""
    start = max(today, dt.date(today.year, 12, 1))
    end = dt.date(today.year, 12, 31)
    found = []
    for rule in rules:
        if rule["frequency"] != "monthly_nth" or 4 not in rule["week_positions"]:
            continue
        for day in ScheduleRule(**model_rule(rule)).dates_between(start, end):
            if 22 <= day.day <= 28:
                found.append(day)
    return [
        {
            "date": day,
            "cancelled": True,
            "start_time": None,
            "end_time": None,
            "note": "12月の第4週は休みです",
        }
        for day in sorted(set(found))
    ]


def exception_specs(
    rules: list[dict], today: dt.date, rng: random.Random, change: bool
) -> list[dict]:
    """One cancellation (or, if ``change``, one changed meeting) in the coming six weeks."""
    recurring = [r for r in rules if r["frequency"] != "once"]
    if not recurring:
        return []
    rule = ScheduleRule(**model_rule(recurring[0]))
    dates = list(rule.dates_between(today + dt.timedelta(days=1), today + dt.timedelta(days=42)))
    if not dates:
        return []
    day = dates[rng.randrange(len(dates))]
    if change:
        note = rng.choice(texts.CHANGE_NOTES)
        start = end = None
        if "30分" in note:
            start, end = (shift(t, minutes=30) for t in (rule.start_time, rule.end_time))
        return [
            {"date": day, "cancelled": False, "start_time": start, "end_time": end, "note": note}
        ]
    return [
        {
            "date": day,
            "cancelled": True,
            "start_time": None,
            "end_time": None,
            "note": rng.choice(texts.EXCEPTION_NOTES),
        }
    ]

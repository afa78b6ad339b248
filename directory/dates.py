"""Dates the Japanese way, in one place: 「2026年11月27日（金）」 and the fiscal year (年度)."""

from __future__ import annotations

import datetime as dt

WEEKDAY_NAMES = {0: "月", 1: "火", 2: "水", 3: "木", 4: "金", 5: "土", 6: "日"}
# How far ahead the next dates of every listing are kept in a table (directory/occurrences.py):
# what 「今週」, the weekday and time-of-day filters, cards and map popups read.
UPCOMING_WINDOW = dt.timedelta(days=90)


def japanese_date(day: dt.date, *, weekday: bool = True) -> str:
    """「2026年11月27日（金）」, or 「2026年11月27日」 with ``weekday=False``."""
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}（{WEEKDAY_NAMES[day.weekday()]}）" if weekday else text


def fiscal_year(day: dt.date) -> int:
    """The fiscal year (年度) ``day`` falls in: April to March, named after the year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_months(year: int) -> list[dt.date]:
    """The first day of each month of fiscal year ``year`` (April … March)."""
    return [dt.date(year + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


def month_end(first: dt.date) -> dt.date:
    """The last day of the month that ``first`` falls in."""
    following = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)

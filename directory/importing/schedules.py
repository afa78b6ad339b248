"""The 開催日時 cell: rules such as 「毎月第2・第4火曜 13:30〜15:30（祝日休み）」 as rule fields."""

from __future__ import annotations

import datetime as dt
import re

from directory.models import Frequency
from directory.models.schedules import WEEKDAY_NAMES

from .cells import DATE, CellError, nfkc, parse_date

WEEKDAY_NUMBERS = {name: number for number, name in WEEKDAY_NAMES.items()}
_RULE_SPLIT = re.compile(r"\n|／|;|；|、(?=\s*(?:毎週|毎月|\d{4}\s*[年/\-.]))")
_TIME = r"(\d{1,2})\s*(?::|時)\s*(\d{1,2})?\s*分?"
_TIME_RANGE = re.compile(rf"{_TIME}\s*(?:[~〜\-‐−–—ー]|から)\s*(?:{_TIME})?\s*(?:まで)?")
_CLOSURES = re.compile(
    r"[（(]?\s*((?:祝日|祝祭日|年末年始)(?:\s*[・、,と]\s*(?:祝日|祝祭日|年末年始))*)\s*(?:は)?\s*休み?\s*[）)]?"
)
_POSITIONS = r"((?:第\s*[1-5]|最終)(?:\s*[・、,と]\s*(?:第?\s*[1-5]|最終))*)"
_WEEKLY = re.compile(r"^毎週\s*(.+)$")
_NTH = re.compile(rf"^(?:毎月)?\s*{_POSITIONS}\s*(.+)$")
_MONTH_DAY = re.compile(r"^毎月\s*(\d{1,2})\s*日$")

SCHEDULE_EXAMPLES = (
    "毎週水曜 13:30-15:30、毎週月・木曜 10:00-12:00、毎月第2・第4火曜 13:30-15:30、"
    "毎月最終金曜 18:00-20:00、毎月15日 10:00-12:00、2026/12/29 10:00-12:00。"
    "休みは（祝日休み）（年末年始休み）（祝日・年末年始休み）と書き添えます"
)


def _weekdays(text: str) -> list[int]:
    text = re.sub(r"曜日?", "", text)
    days = []
    for char in re.sub(r"[\s・、,と]", "", text):
        if char not in WEEKDAY_NUMBERS:
            raise CellError(f"曜日「{text}」を読み取れません。")
        days.append(WEEKDAY_NUMBERS[char])
    if not days:
        raise CellError("曜日がありません。")
    return sorted(set(days))


def _time(hour: str | None, minute: str | None) -> dt.time | None:
    if hour is None:
        return None
    try:
        return dt.time(int(hour), int(minute or 0))
    except ValueError:
        raise CellError(f"時刻 {hour}:{minute or '00'} を読み取れません。") from None


def _without(text: str, match: re.Match) -> str:
    return (text[: match.start()] + text[match.end() :]).strip()


def _take_closures(text: str, fields: dict) -> str:
    """Read 「（祝日・年末年始休み）」 into ``fields``; the text without it."""
    closures = _CLOSURES.search(text)
    if not closures:
        return text
    fields["closed_on_holidays"] = "祝" in closures.group(1)
    fields["closed_over_new_year"] = "年末年始" in closures.group(1)
    return _without(text, closures)


def _take_times(text: str, fields: dict) -> str:
    """Read 「13:30〜15:30」 into ``fields``; the text without it."""
    times = _TIME_RANGE.search(text)
    if not times:
        return text
    fields["start_time"] = _time(times.group(1), times.group(2))
    fields["end_time"] = _time(times.group(3), times.group(4))
    return _without(text, times)


def _recurrence(text: str) -> dict:
    """The frequency and days of what is left of a rule once its times and closures are read."""
    if match := _MONTH_DAY.match(text):
        return {"frequency": Frequency.MONTHLY_DAY, "month_day": int(match.group(1))}
    if match := _WEEKLY.match(text):
        return {"frequency": Frequency.WEEKLY, "weekdays": _weekdays(match.group(1))}
    if match := _NTH.match(text):
        positions = sorted(
            {
                -1 if "最終" in p else int(re.sub(r"\D", "", p))
                for p in re.split(r"[・、,と]", match.group(1))
            }
        )
        return {
            "frequency": Frequency.MONTHLY_NTH_WEEKDAY,
            "week_positions": positions,
            "weekdays": _weekdays(match.group(2)),
        }
    if DATE.match(text):
        return {"frequency": Frequency.ONCE, "date": parse_date(text)}
    raise CellError("")


def parse_rule(text: str) -> dict:
    """One rule such as 「毎月第2・第4火曜 13:30〜15:30（祝日休み）」 as ScheduleRule fields."""
    fields: dict = {
        "weekdays": [],
        "week_positions": [],
        "month_day": None,
        "date": None,
        "start_time": None,
        "end_time": None,
        "closed_on_holidays": False,
        "closed_over_new_year": False,
    }
    try:
        rest = _take_times(_take_closures(nfkc(text), fields), fields)
        fields.update(_recurrence(rest.strip(" 　、,")))
    except CellError as error:
        detail = f"{error} " if str(error) else ""
        raise CellError(
            f"開催日時「{nfkc(text)}」を読み取れません。{detail}書き方の例: {SCHEDULE_EXAMPLES}"
        ) from None
    return fields


def parse_schedule(text: str) -> list[dict]:
    """Every rule of a 開催日時 cell (one per line, or separated by 「／」)."""
    return [parse_rule(part) for part in _RULE_SPLIT.split(text or "") if nfkc(part)]

"""Query parameters of the open-data API, read and checked in one place.

Each reader records a problem instead of raising, so that one 400 response lists every bad
parameter at once, in Japanese and English. Unknown parameters are ignored (HSDS clients send
parameters of their own); known ones with bad values are always an error, never a 500.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils import timezone

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000
MAX_SEARCH_LENGTH = 200
MAX_PROXIMITY_M = 100_000
TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


@dataclass(frozen=True)
class ParamError:
    parameter: str
    message: str  # Japanese
    message_en: str

    def as_dict(self) -> dict:
        return {"parameter": self.parameter, "message": self.message, "message_en": self.message_en}


class ApiError(Exception):
    """A request the API refuses; ``status`` and the errors become the JSON response."""

    def __init__(self, errors: list[ParamError], status: int = 400):
        super().__init__("; ".join(e.message_en for e in errors))
        self.errors = errors
        self.status = status


@dataclass
class Params:
    """Reads ``query`` (request.GET); ``errors`` collects every problem found."""

    query: QueryDict
    errors: list[ParamError] = field(default_factory=list)

    def error(self, parameter: str, message: str, message_en: str) -> None:
        self.errors.append(ParamError(parameter, message, message_en))

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise ApiError(self.errors)

    def text(self, name: str, max_length: int = MAX_SEARCH_LENGTH) -> str:
        value = self.query.get(name, "").strip()
        if len(value) > max_length:
            self.error(
                name,
                f"{name} は{max_length}文字以内で指定してください。",
                f"{name} must be at most {max_length} characters.",
            )
            return ""
        return value

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.query.get(name, "").strip()
        if raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            self.error(
                name,
                f"{name} は{low}〜{high:,}の整数で指定してください（指定値: {raw[:20]}）。",
                f"{name} must be an integer from {low} to {high} (got {raw[:20]!r}).",
            )
            return default
        return value

    def number(self, name: str, low: float, high: float, label_ja: str) -> float | None:
        raw = self.query.get(name, "").strip()
        if raw == "":
            return None
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not low <= value <= high:
            self.error(
                name,
                f"{name}（{label_ja}）は{low:g}〜{high:g}の数値で指定してください（指定値: {raw[:20]}）。",
                f"{name} must be a number from {low:g} to {high:g} (got {raw[:20]!r}).",
            )
            return None
        return value

    def boolean(self, name: str, default: bool) -> bool:
        raw = self.query.get(name, "").strip().lower()
        if raw == "":
            return default
        if raw in TRUE:
            return True
        if raw in FALSE:
            return False
        self.error(
            name,
            f"{name} は true か false で指定してください。",
            f"{name} must be true or false.",
        )
        return default

    def page(self) -> tuple[int, int]:
        """(page number from 1, page size). ``per_page`` is HSDS's name; ``size`` is accepted
        too because the page envelope calls the same number ``size``."""
        number = self.integer("page", 1, 1, MAX_PAGE)
        name = "per_page" if "per_page" in self.query else "size"
        size = self.integer(name, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        return number, size

    def format(self) -> None:
        raw = self.query.get("format", "").strip().lower()
        if raw not in ("", "json"):
            self.error(
                "format",
                "format は json のみ対応しています。",
                "Only format=json is supported.",
            )

    def modified_after(self) -> dt.datetime | None:
        raw = self.query.get("modified_after", "").strip()
        if raw == "":
            return None
        # An unencoded "+09:00" arrives as " 09:00": put the plus back.
        raw = re.sub(r" (\d{2}:?\d{2})$", r"+\1", raw)
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                value = dt.datetime.combine(dt.date.fromisoformat(raw), dt.time.min)
            else:
                value = dt.datetime.fromisoformat(raw)
        except ValueError:
            self.error(
                "modified_after",
                "modified_after は ISO 8601 形式の日付か日時で指定してください"
                "（例: 2026-04-01、2026-04-01T09:00:00+09:00）。",
                "modified_after must be an ISO 8601 date or date-time "
                "(e.g. 2026-04-01 or 2026-04-01T09:00:00+09:00).",
            )
            return None
        try:
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            # Years 1 and 9999 pass fromisoformat but overflow once converted to UTC.
            return value.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            self.error(
                "modified_after",
                "modified_after の日時が範囲外です。",
                "modified_after is out of range.",
            )
            return None

    def choice(self, name: str, allowed, label_ja: str) -> object | None:
        """``allowed`` maps each known value to what it means (or is a function returning that
        mapping, called only when the parameter is given)."""
        raw = self.query.get(name, "").strip()
        if raw == "":
            return None
        if callable(allowed):
            allowed = allowed()
        if raw not in allowed:
            known = ", ".join(sorted(allowed))
            self.error(
                name,
                f"{name}（{label_ja}）「{raw[:50]}」は見つかりません。使える値: {known}",
                f"Unknown {name} {raw[:50]!r}. Known values: {known}",
            )
            return None
        return allowed[raw]

    def hsds_id(self, name: str, lookup) -> object | None:
        """An id parameter: ``lookup(value)`` returns the object or None when unknown."""
        raw = self.query.get(name, "").strip()
        if raw == "":
            return None
        found = lookup(raw)
        if found is None:
            self.error(
                name,
                f"{name}「{raw[:50]}」に当たるものがありません。",
                f"No object has the {name} {raw[:50]!r}.",
            )
        return found

    def point(self) -> tuple[tuple[float, float] | None, float | None]:
        """``lat``/``lng`` (WGS84 degrees) and ``proximity`` (metres): both coordinates or
        neither; proximity needs a point."""
        lat = self.number("lat", -90, 90, "緯度")
        lng = self.number("lng", -180, 180, "経度")
        proximity = self.number("proximity", 0, MAX_PROXIMITY_M, "距離（メートル）")
        has_lat, has_lng = "lat" in self.query, "lng" in self.query
        if has_lat != has_lng:
            self.error(
                "lng" if has_lat else "lat",
                "lat（緯度）と lng（経度）は両方指定してください。",
                "lat and lng must be given together.",
            )
        if "proximity" in self.query and not (has_lat and has_lng):
            self.error(
                "proximity",
                "proximity（距離）を使うには lat と lng も指定してください。",
                "proximity needs lat and lng.",
            )
        if lat is None or lng is None:
            return None, None
        return (lat, lng), proximity

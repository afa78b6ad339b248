"""One spreadsheet cell as a field value: dates, yes/no, numbers, choices, lists, rich text.

Each ``parse_*`` raises ``CellError`` with the message shown to the person importing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import escape

from directory.models import LocationPrivacy

COORDINATE_PLACES = Decimal("0.000001")

_LIST_SEPARATORS = re.compile(r"[、,，;；|\n]+")
DATE = re.compile(
    r"^(\d{4})\s*[年/\-.]\s*(\d{1,2})\s*[月/\-.]\s*(\d{1,2})\s*日?(?:\s*[（(].[）)])?$"
)
YES = {"はい", "○", "〇", "◯", "1", "true", "yes", "y", "可", "あり", "有", "要", "する"}
NO = {
    "いいえ",
    "×",
    "✕",
    "0",
    "false",
    "no",
    "n",
    "不可",
    "なし",
    "無",
    "不要",
    "しない",
    "-",
    "ー",
}
PRIVACY_ALIASES = {
    "正確": LocationPrivacy.EXACT,
    "公開": LocationPrivacy.EXACT,
    "おおよそ": LocationPrivacy.APPROXIMATE,
    "エリアまで": LocationPrivacy.APPROXIMATE,
    "非公開": LocationPrivacy.HIDDEN,
}


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the person importing."""


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def split_list(text: str) -> list[str]:
    """The non-empty items of a cell that lists several (「、」, 「,」, 「;」, 「|」 or lines)."""
    return [part for part in _LIST_SEPARATORS.split(text) if nfkc(part)]


def parse_date(text: str) -> dt.date | None:
    text = nfkc(text)
    if not text:
        return None
    match = DATE.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CellError(f"「{text}」を日付として読み取れません（例: 2026-11-01）。")


def parse_bool(text: str) -> bool:
    value = nfkc(text).lower()
    if value == "":
        return False
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellError(f"「{text}」は「はい」か「いいえ」で入力してください。")


def coordinate(number: Decimal) -> Decimal:
    """A latitude or longitude rounded as the model stores it."""
    return number.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)


def parse_decimal(text: str) -> Decimal | None:
    value = nfkc(text)
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(f"「{text}」を数値として読み取れません。") from None
    if not number.is_finite():
        raise CellError(f"「{text}」を数値として読み取れません。")
    return coordinate(number)


def parse_capacity(text: str) -> int | None:
    value = nfkc(text)
    if value in ("", "なし", "定めなし", "定員なし", "制限なし", "-"):
        return None
    value = re.sub(r"(人|名)(程度|まで)?$", "", value).replace(",", "")
    if not value.isdigit():
        raise CellError(f"「{text}」を人数として読み取れません（例: 20）。")
    return int(value)


def parse_choice(text: str, choices, aliases: dict[str, str] | None = None, default=None):
    """The choice whose value, label or part of a label (split at 「・」) the cell names."""
    value = nfkc(text)
    if not value:
        return default
    known = {**(aliases or {})}
    for choice_value, label in choices:
        known[str(choice_value)] = choice_value
        known[nfkc(str(label))] = choice_value
        for part in str(label).split("・"):
            known.setdefault(nfkc(part), choice_value)
    if value in known:
        return known[value]
    labels = " / ".join(str(label) for _, label in choices)
    raise CellError(f"「{text}」は選べません。次のどれかにしてください: {labels}")


def text_to_rich_text(text: str) -> str:
    """Plain text from a cell as the description's rich text: one paragraph per line."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return "".join(f"<p>{escape(line)}</p>" for line in lines)

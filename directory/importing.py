"""Bulk import of listings from a spreadsheet: ``manage.py import_resources`` and the admin page.

``resource_import()`` reads a CSV or XLSX file whose first row names the columns (see
``COLUMNS`` and docs/open-data.md), validates every row the way the admin form would (the
model's ``full_clean()``, schedule rules included), and either reports every problem at once
(「3行目「緯度」: …」) and writes nothing, or writes all rows in one transaction:

- a row whose 外部ID is new creates a listing: a draft, or published with ``publish=True``;
- a row whose 外部ID exists updates that listing through Wagtail's edit action: a new revision,
  published only with ``publish=True`` (the live version stays as it was otherwise);
- a row that matches its listing's latest version changes nothing (no new revision), so
  importing the same file twice is harmless.

Rows without coordinates are placed with the project's geocoder (``geocode_address``). Columns
missing from the file leave those fields of existing listings untouched.

New listings are written in bulk (rows, schedules, revisions, history and search indexes in a
few queries per batch) with the same end state as Wagtail's create action; updates go through
``EditAction`` one by one, so locks, moderation and publishing behave exactly as in the admin.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import escape
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from wagtail.actions.edit import EditAction
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision

from directory.models import (
    AccessibilityFeature,
    Area,
    Audience,
    Category,
    Frequency,
    Kind,
    Language,
    LocationPrivacy,
    Organization,
    Resource,
    ScheduleException,
    ScheduleRule,
    Status,
    Town,
)
from directory.models.schedules import (
    SCHEDULE_EXCEPTION_FIELDS,
    SCHEDULE_RULE_FIELDS,
    WEEKDAY_NAMES,
)

MAX_ROWS = 20_000
MAX_FILE_BYTES = 20 * 1024 * 1024
BATCH_SIZE = 500
COORDINATE_PLACES = Decimal("0.000001")

Progress = Callable[[str, int, int], None]  # (stage, done, total)


# --- columns -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    help: str = ""
    example: str = ""


def _label(name: str) -> str:
    return str(Resource._meta.get_field(name).verbose_name)


COLUMNS: list[Column] = [
    Column(
        "external_id",
        "外部ID",
        True,
        "取り込みで照合するための番号。行ごとに違う値にします。",
        "OTA-0001",
    ),
    Column(
        "kind",
        _label("kind"),
        True,
        "居場所 / サロン・通いの場 / フード支援 / ボランティア募集",
        "サロン・通いの場",
    ),
    Column("name", _label("name"), True, "", "水曜いきいきサロン"),
    Column(
        "name_kana", _label("name_kana"), True, "ひらがな か カタカナ", "すいようびいきいきさろん"
    ),
    Column(
        "summary",
        _label("summary"),
        True,
        "一覧に出る1〜2文",
        "お茶を飲みながらおしゃべりする会です。",
    ),
    Column(
        "description",
        _label("description"),
        False,
        "改行で段落を分けます",
        "どなたでも気軽にどうぞ。",
    ),
    Column("easy_japanese_summary", _label("easy_japanese_summary")),
    Column(
        "categories",
        _label("categories"),
        False,
        "名前を「、」で区切って複数",
        "おしゃべり・交流、介護予防",
    ),
    Column("audiences", _label("audiences"), False, "名前を「、」で区切って複数", "高齢の方"),
    Column("languages", _label("languages"), False, "名前を「、」で区切って複数", "日本語"),
    Column(
        "accessibility_features",
        _label("accessibility_features"),
        False,
        "名前を「、」で区切って複数",
        "車いすで入れる",
    ),
    Column("area", _label("area"), True, "特別出張所エリアの名前（例: 大森西）", "大森西"),
    Column("town", _label("town"), False, "登録済みの町丁目の名前"),
    Column("venue", _label("venue"), False, "", "大森西区民活動施設 2階和室"),
    Column(
        "address",
        _label("address"),
        False,
        "「正確な場所を公開」では必須",
        "東京都大田区大森西2-16-2",
    ),
    Column("latitude", _label("latitude"), False, "空欄なら住所から求めます", "35.576557"),
    Column("longitude", _label("longitude"), False, "空欄なら住所から求めます", "139.730251"),
    Column(
        "location_privacy",
        _label("location_privacy"),
        False,
        "正確 / おおよそ / 非公開（空欄は正確）",
        "正確",
    ),
    Column("access", _label("access"), False, "", "京急線 梅屋敷駅から徒歩5分"),
    Column(
        "schedule",
        "開催日時",
        False,
        "例: 毎週水曜 13:30-15:30、毎月第2・第4火曜 10:00-12:00（祝日休み）。複数は改行か「／」で",
        "毎週水曜 13:30-15:30（祝日・年末年始休み）",
    ),
    Column("valid_from", "開催期間の開始日", False, "空欄なら制限なし", ""),
    Column("valid_until", "開催期間の終了日", False, "空欄なら制限なし", ""),
    Column("cancelled_dates", "休みの日", False, "日付を「、」で区切って複数", ""),
    Column("cost", "費用", True, "「無料」または金額と説明", "1回100円（お茶代）"),
    Column("capacity", _label("capacity"), False, "人数。決まっていなければ空欄", "20"),
    Column("booking_required", _label("booking_required"), False, "はい / いいえ", "いいえ"),
    Column("how_to_apply", _label("how_to_apply"), False, "", "当日直接会場へ"),
    Column("tour_welcome", _label("tour_welcome"), False, "はい / いいえ", "はい"),
    Column("companion_welcome", _label("companion_welcome"), False, "はい / いいえ", "はい"),
    Column("newcomer_welcome", _label("newcomer_welcome"), False, "はい / いいえ", "はい"),
    Column("phone", _label("phone"), False, "", "03-0000-0000"),
    Column("email", _label("email")),
    Column("website", _label("website")),
    Column(
        "organization",
        _label("organization"),
        False,
        "団体名。未登録なら新しく登録します",
        "大森西二丁目町会",
    ),
    Column("status", _label("status"), False, "開催中 / 休止中 / 終了（空欄は開催中）", "開催中"),
    Column("alert", _label("alert")),
    Column("confirmed_on", _label("confirmed_on"), False, "例: 2026-11-01", "2026-11-01"),
    Column("confirmed_by", _label("confirmed_by"), False, "", "団体代表（電話で確認）"),
    Column("eligibility_documents", _label("eligibility_documents"), False, "フード支援のみ"),
    Column("what_to_bring", _label("what_to_bring"), False, "フード支援のみ"),
    Column("food_booking", _label("food_booking"), False, "フード支援のみ"),
    Column("volunteer_tasks", _label("volunteer_tasks"), False, "ボランティア募集のみ"),
    Column("time_commitment", _label("time_commitment"), False, "ボランティア募集のみ"),
    Column("skills_wanted", _label("skills_wanted"), False, "ボランティア募集のみ"),
]
BY_HEADER = {c.header: c for c in COLUMNS}
REQUIRED = {c.key for c in COLUMNS if c.required}
COORDINATES = {_label("latitude"), _label("longitude")}
BY_KEY = {c.key: c for c in COLUMNS}
TEXT_FIELDS = [
    "name",
    "name_kana",
    "summary",
    "easy_japanese_summary",
    "venue",
    "address",
    "access",
    "how_to_apply",
    "phone",
    "email",
    "website",
    "alert",
    "confirmed_by",
    "eligibility_documents",
    "what_to_bring",
    "food_booking",
    "volunteer_tasks",
    "time_commitment",
    "skills_wanted",
]
FLAG_FIELDS = ["booking_required", "tour_welcome", "companion_welcome", "newcomer_welcome"]
M2M_FIELDS = {
    "categories": Category,
    "audiences": Audience,
    "languages": Language,
    "accessibility_features": AccessibilityFeature,
}
# Foreign keys whose rows are known to exist (Wagtail's own, and the ones the import looked up
# by name); validating them again would cost a query per row each.
KNOWN_FOREIGN_KEYS = [
    "latest_revision",
    "live_revision",
    "locked_by",
    "area",
    "town",
    "organization",
]
CHILD_BOOKKEEPING = {"pk", "id", "resource", "sort_order"}
# The listing fields each column sets (compared to tell an unchanged row).
SCALAR_KEYS = {
    **{name: {name} for name in TEXT_FIELDS + FLAG_FIELDS},
    **{
        name: {name}
        for name in (
            "description",
            "kind",
            "location_privacy",
            "status",
            "capacity",
            "confirmed_on",
            "area",
            "town",
            "organization",
        )
    },
    "is_free": {"cost"},
    "cost": {"cost"},
    "latitude": {"latitude", "longitude", "address"},
    "longitude": {"latitude", "longitude", "address"},
}


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    line: int  # the spreadsheet's row number (the header is row 1)
    message: str
    header: str = ""

    def __str__(self) -> str:
        where = f"{self.line}行目" if self.line else "ファイル"
        return (
            f"{where}「{self.header}」: {self.message}"
            if self.header
            else f"{where}: {self.message}"
        )


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    published: int = 0
    unchanged: int = 0
    organizations_created: int = 0
    geocoded: int = 0
    not_geocoded: list[int] = field(default_factory=list)  # lines left without coordinates
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        verb = "取り込める行" if self.dry_run else "取り込み"
        text = (
            f"{verb}: {self.rows} 行（新規 {self.created} 件、更新 {self.updated} 件、"
            f"公開 {self.published} 件、変更なし {self.unchanged} 件）"
        )
        if self.organizations_created:
            text += f"、新しい団体 {self.organizations_created} 件"
        if self.geocoded or self.not_geocoded:
            text += f"。住所から位置を求めた行 {self.geocoded} 行"
            if self.not_geocoded:
                lines = "、".join(str(n) for n in self.not_geocoded[:20])
                more = " ほか" if len(self.not_geocoded) > 20 else ""
                text += f"、求められなかった行 {len(self.not_geocoded)} 行（{lines}行目{more}）"
        return text


class ImportFileError(Exception):
    """The file cannot be read as a spreadsheet of listings (nothing was written)."""


# --- geocoding ---------------------------------------------------------------------------------


def geocode_address(address: str) -> tuple[float, float] | None:
    """The point of a listing's address through the project's geocoder, or None.

    The one place the import asks for coordinates. Only precise matches count: a match on just
    the beginning of the address (the area or station name) would pin the listing somewhere
    else, so it is treated as "not found" and the listing is imported without a point.
    """
    from directory.geocoding import place_lookup

    found = place_lookup(address)
    if not found.found or found.partial:
        return None
    return found.location.latitude, found.location.longitude


# --- reading files -----------------------------------------------------------------------------


def _cell_text(value) -> str:
    """A spreadsheet cell as text: dates as YYYY-MM-DD, times as HH:MM, 20.0 as 20."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time.min:
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), or Shift_JIS as Excel saves 「CSV」 in Japanese Windows."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("文字コードを読み取れません。UTF-8 か Shift_JIS の CSV にしてください。")


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """The rows of a .csv or .xlsx file as lists of text cells (header row first)."""
    suffix = Path(filename).suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            f"ファイルが大きすぎます（上限 {MAX_FILE_BYTES // 1024 // 1024} MB）。"
        )
    if suffix == ".csv":
        text = _decode(data)
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ImportFileError("Excel ファイル（.xlsx）として読み取れません。") from error
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    raise ImportFileError("CSV（.csv）か Excel（.xlsx）のファイルを選んでください。")


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"(\*|\(必須\)|必須)$", "", text).strip()


# --- parsing cells -----------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the person importing."""


_LIST_SEPARATORS = re.compile(r"[、,，;；|\n]+")
_DATE = re.compile(
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


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def parse_date(text: str) -> dt.date | None:
    text = nfkc(text)
    if not text:
        return None
    match = _DATE.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
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
    return number.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)


def parse_capacity(text: str) -> int | None:
    value = nfkc(text)
    if value in ("", "なし", "定めなし", "定員なし", "制限なし", "-"):
        return None
    value = re.sub(r"(人|名)(程度|まで)?$", "", value).replace(",", "")
    if not value.isdigit():
        raise CellError(f"「{text}」を人数として読み取れません（例: 20）。")
    return int(value)


def parse_choice(text: str, choices, aliases: dict[str, str] | None = None, default=None):
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


PRIVACY_ALIASES = {
    "正確": LocationPrivacy.EXACT,
    "公開": LocationPrivacy.EXACT,
    "おおよそ": LocationPrivacy.APPROXIMATE,
    "エリアまで": LocationPrivacy.APPROXIMATE,
    "非公開": LocationPrivacy.HIDDEN,
}


def text_to_rich_text(text: str) -> str:
    """Plain text from a cell as the description's rich text: one paragraph per line."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


# --- schedules ---------------------------------------------------------------------------------

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


def parse_rule(text: str) -> dict:
    """One rule such as 「毎月第2・第4火曜 13:30〜15:30（祝日休み）」 as ScheduleRule fields."""
    original = text
    text = nfkc(text)
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
        closures = _CLOSURES.search(text)
        if closures:
            fields["closed_on_holidays"] = "祝" in closures.group(1)
            fields["closed_over_new_year"] = "年末年始" in closures.group(1)
            text = (text[: closures.start()] + text[closures.end() :]).strip()
        times = _TIME_RANGE.search(text)
        if times:
            fields["start_time"] = _time(times.group(1), times.group(2))
            fields["end_time"] = _time(times.group(3), times.group(4))
            text = (text[: times.start()] + text[times.end() :]).strip()
        text = text.strip(" 　、,")
        if match := _MONTH_DAY.match(text):
            fields.update(frequency=Frequency.MONTHLY_DAY, month_day=int(match.group(1)))
        elif match := _WEEKLY.match(text):
            fields.update(frequency=Frequency.WEEKLY, weekdays=_weekdays(match.group(1)))
        elif match := _NTH.match(text):
            positions = sorted(
                {
                    -1 if "最終" in p else int(re.sub(r"\D", "", p))
                    for p in re.split(r"[・、,と]", match.group(1))
                }
            )
            fields.update(
                frequency=Frequency.MONTHLY_NTH_WEEKDAY,
                week_positions=positions,
                weekdays=_weekdays(match.group(2)),
            )
        elif _DATE.match(text):
            fields.update(frequency=Frequency.ONCE, date=parse_date(text))
        else:
            raise CellError("")
    except CellError as error:
        detail = f"{error} " if str(error) else ""
        raise CellError(
            f"開催日時「{nfkc(original)}」を読み取れません。{detail}書き方の例: {SCHEDULE_EXAMPLES}"
        ) from None
    return fields


def parse_schedule(text: str) -> list[dict]:
    return [parse_rule(part) for part in _RULE_SPLIT.split(text or "") if nfkc(part)]


# --- planning ----------------------------------------------------------------------------------


@dataclass
class PlannedRow:
    line: int
    external_id: str
    action: str  # "create", "update", "publish" or "unchanged"
    resource: Resource
    rules: list[ScheduleRule] | None = None  # None: keep the listing's rules
    exceptions: list[ScheduleException] | None = None
    related: dict[str, list] = field(default_factory=dict)
    new_organization: str = ""
    existing: Resource | None = None  # the stored row (its lock, its publishing state)


@dataclass
class Lookups:
    """Rows the import refers to by name, read once."""

    areas: dict[str, Area]
    towns: dict[str, Town]
    vocabularies: dict[str, dict[str, object]]
    organizations: dict[str, list[Organization]]
    existing: dict[str, Resource]
    drafts: dict[int, dict]  # listing pk → content of its latest revision, when it is pending

    def current(self, resource: Resource) -> dict:
        """The listing's latest version as serialised data (JSON types)."""
        if resource.has_unpublished_changes and resource.pk in self.drafts:
            return self.drafts[resource.pk]
        return _json(resource.serializable_data())

    @classmethod
    def load(cls, external_ids: Iterable[str]) -> Lookups:
        areas: dict[str, Area] = {}
        for area in Area.objects.all():
            for key in (area.name, f"{area.name}特別出張所", area.slug, area.code, area.name_kana):
                areas[nfkc(key)] = area
        vocabularies = {}
        for name, model in M2M_FIELDS.items():
            items = {}
            for item in model.objects.all():
                items[nfkc(item.name)] = item
                items[nfkc(item.slug)] = item
            vocabularies[name] = items
        organizations: dict[str, list[Organization]] = {}
        for org in Organization.objects.all():
            organizations.setdefault(nfkc(org.name), []).append(org)
        existing, drafts = {}, {}
        ids = list(external_ids)
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            resources = list(
                Resource.objects.filter(external_id__in=chunk).prefetch_related(
                    *M2M_FIELDS, "schedule_rules", "schedule_exceptions"
                )
            )
            existing.update((r.external_id, r) for r in resources)
            pending = [r.latest_revision_id for r in resources if r.has_unpublished_changes]
            for object_id, content in Revision.objects.filter(pk__in=pending).values_list(
                "object_id", "content"
            ):
                drafts[int(object_id)] = content
        return cls(
            areas=areas,
            towns={nfkc(t.name): t for t in Town.objects.all()},
            vocabularies=vocabularies,
            organizations=organizations,
            existing=existing,
            drafts=drafts,
        )


def _json(data):
    """``data`` as it reads back from a revision (Decimal and dates as text)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _snapshot(data: dict, keys: list[str]) -> dict:
    """The part of a serialised listing that the file describes, in a comparable form."""
    out = {}
    for key in keys:
        value = data.get(key)
        if key in ("schedule_rules", "schedule_exceptions"):
            value = [
                {k: v for k, v in child.items() if k not in CHILD_BOOKKEEPING}
                for child in value or []
            ]
        elif key in M2M_FIELDS:
            value = sorted(value or [])
        out[key] = value
    return _json(out)


def _child_fields(model, data: dict, names: list[str]) -> dict:
    """A serialised schedule rule or change as field values."""
    return {name: model._meta.get_field(name).to_python(data.get(name)) for name in names}


def _apply(resource: Resource, scalars: dict, related: dict, rules, exceptions) -> None:
    for name, value in scalars.items():
        setattr(resource, name, value)
    for name, items in related.items():
        setattr(resource, name, items)
    if rules is not None:
        resource.schedule_rules = rules
    if exceptions is not None:
        resource.schedule_exceptions = exceptions


class RowReader:
    """Turns one spreadsheet row into a validated, unsaved listing (or reports why not)."""

    def __init__(self, lookups: Lookups, present: set[str], geocode, result: ImportResult):
        self.lookups = lookups
        self.present = present
        self.geocode = geocode
        self.result = result
        self.errors: list[RowError] = []

    def error(self, line: int, key: str | None, message: str) -> None:
        header = BY_KEY[key].header if key in BY_KEY else (key or "")
        self.errors.append(RowError(line, message, header))

    def cell(self, values: dict[str, str], line: int, key: str, parse, *args):
        try:
            return parse(values.get(key, ""), *args)
        except CellError as error:
            self.error(line, key, str(error))
            return None

    def read(self, line: int, values: dict[str, str], publish: bool) -> PlannedRow | None:
        errors_before = len(self.errors)
        external_id = nfkc(values.get("external_id", ""))
        existing = self.lookups.existing.get(external_id)
        # The listing's latest version (a pending draft if there is one), serialised as in its
        # revisions: what the row is compared with, without rebuilding objects from revisions.
        current = self.lookups.current(existing) if existing is not None else None
        scalars = self.scalars(line, values)
        related = self.related(line, values)
        rules, exceptions = self.schedule(line, values, current)
        organization, new_org = self.organization(line, values)
        unreadable = {e.header for e in self.errors[errors_before:]}
        if "organization" in self.present:
            scalars["organization"] = organization
        if not unreadable:
            self.place(line, scalars, current)

        base = existing if existing is not None else Resource(external_id=external_id)
        if unreadable:
            # Still check what could be read, so every problem of the row is reported at once
            # (nothing is written anyway); cells already reported are not reported again.
            readable = {k: v for k, v in scalars.items() if v is not None or k not in REQUIRED}
            _apply(base, readable, related, rules, exceptions)
            self.clean(line, base, rules, exceptions, skip=unreadable)
            return None
        _apply(base, scalars, related, rules, exceptions)
        if current is None:
            action = "create"
        elif _snapshot(base.serializable_data(), self.compared_keys(rules, exceptions)) != (
            _snapshot(current, self.compared_keys(rules, exceptions))
        ):
            action = "update"
            if existing.has_unpublished_changes:
                # Build on the pending draft, not on the published row.
                base = existing.get_latest_revision_as_object()
                _apply(base, scalars, related, rules, exceptions)
        elif publish and (not existing.live or existing.has_unpublished_changes):
            action = "publish"
        else:
            action = "unchanged"
        if not self.clean(line, base, rules, exceptions):
            return None
        return PlannedRow(
            line, external_id, action, base, rules, exceptions, related, new_org, existing
        )

    def compared_keys(self, rules, exceptions) -> list[str]:
        keys = [name for name in SCALAR_KEYS if SCALAR_KEYS[name] & self.present]
        keys += [name for name in M2M_FIELDS if name in self.present]
        if rules is not None:
            keys.append("schedule_rules")
        if exceptions is not None:
            keys.append("schedule_exceptions")
        return keys

    def scalars(self, line: int, values: dict[str, str]) -> dict:
        present, out = self.present, {}
        for name in TEXT_FIELDS:
            if name in present:
                out[name] = (
                    nfkc(values[name])
                    if name in ("phone", "email", "website")
                    else values[name].strip()
                )
        if "description" in present:
            out["description"] = text_to_rich_text(values["description"])
        for name in FLAG_FIELDS:
            if name in present:
                out[name] = self.cell(values, line, name, parse_bool)
        if "kind" in present:
            out["kind"] = self.cell(values, line, "kind", parse_choice, Kind.choices)
            if out["kind"] is None and not self.has_error(line, "kind"):
                self.error(line, "kind", "種類を入力してください。")
        if "location_privacy" in present:
            out["location_privacy"] = self.cell(
                values,
                line,
                "location_privacy",
                parse_choice,
                LocationPrivacy.choices,
                PRIVACY_ALIASES,
                LocationPrivacy.EXACT,
            )
        if "status" in present:
            out["status"] = self.cell(
                values, line, "status", parse_choice, Status.choices, None, Status.ACTIVE
            )
        if "capacity" in present:
            out["capacity"] = self.cell(values, line, "capacity", parse_capacity)
        if "confirmed_on" in present:
            out["confirmed_on"] = self.cell(values, line, "confirmed_on", parse_date)
        if "cost" in present:
            cost = nfkc(values["cost"])
            if not cost:
                self.error(line, "cost", "費用を入力してください（無料なら「無料」）。")
            free = cost in ("無料", "0", "0円", "なし")
            out["is_free"], out["cost"] = free, "" if free else values["cost"].strip()
        if "area" in present:
            key = nfkc(values["area"])
            out["area"] = self.lookups.areas.get(key)
            if out["area"] is None:
                known = "、".join(sorted({a.name for a in self.lookups.areas.values()}))
                message = f"「{values['area']}」というエリアはありません。{known} のどれかにしてください。"
                self.error(line, "area", message if key else "エリアを入力してください。")
        if "town" in present:
            key = nfkc(values["town"])
            out["town"] = self.lookups.towns.get(key) if key else None
            if key and out["town"] is None:
                self.error(line, "town", f"「{values['town']}」という町丁目は登録されていません。")
        for name in ("latitude", "longitude"):
            if name in present:
                out[name] = self.cell(values, line, name, parse_decimal)
        return out

    def has_error(self, line: int, key: str) -> bool:
        header = BY_KEY[key].header
        return any(e.line == line and e.header == header for e in self.errors)

    def related(self, line: int, values: dict[str, str]) -> dict[str, list]:
        out = {}
        for name in M2M_FIELDS:
            if name not in self.present:
                continue
            items, unknown = [], []
            for part in _LIST_SEPARATORS.split(values[name]):
                key = nfkc(part)
                if not key:
                    continue
                item = self.lookups.vocabularies[name].get(key)
                if item is None:
                    unknown.append(part.strip())
                elif item not in items:
                    items.append(item)
            if unknown:
                known = "、".join(
                    sorted({str(i) for i in self.lookups.vocabularies[name].values()})
                )
                self.error(
                    line,
                    name,
                    f"「{'」「'.join(unknown)}」は登録されていません。使える名前: {known}",
                )
            out[name] = items
        return out

    def schedule(self, line: int, values: dict[str, str], current: dict | None):
        """New schedule rules and one-off changes, or None where the file leaves them alone."""
        rules = exceptions = None
        if {"schedule", "valid_from", "valid_until"} & self.present:
            valid_from = self.cell(values, line, "valid_from", parse_date)
            valid_until = self.cell(values, line, "valid_until", parse_date)
            if "schedule" in self.present:
                specs = self.cell(values, line, "schedule", parse_schedule) or []
            else:  # only the period changes: keep the listing's rules
                specs = [
                    {k: v for k, v in _child_fields(ScheduleRule, d, SCHEDULE_RULE_FIELDS).items()}
                    for d in (current or {}).get("schedule_rules", [])
                ]
            rules = []
            for order, spec in enumerate(specs):
                if spec.get("frequency") != Frequency.ONCE:
                    spec = {**spec, "valid_from": valid_from, "valid_until": valid_until}
                rules.append(ScheduleRule(sort_order=order, **spec))
        if "cancelled_dates" in self.present:
            dates = []
            for part in _LIST_SEPARATORS.split(values["cancelled_dates"]):
                if nfkc(part):
                    day = self.cell({"cancelled_dates": part}, line, "cancelled_dates", parse_date)
                    if day and day not in dates:
                        dates.append(day)
            # One-off time changes cannot be written in the file: they stay as they are.
            kept = [
                _child_fields(ScheduleException, d, SCHEDULE_EXCEPTION_FIELDS)
                for d in (current or {}).get("schedule_exceptions", [])
                if not d["cancelled"]
            ]
            exceptions = [
                ScheduleException(**fields) for fields in kept if fields["date"] not in dates
            ]
            exceptions += [ScheduleException(date=day, cancelled=True) for day in sorted(dates)]
            for order, exception in enumerate(exceptions):
                exception.sort_order = order
        return rules, exceptions

    def organization(self, line: int, values: dict[str, str]) -> tuple[Organization | None, str]:
        if "organization" not in self.present:
            return None, ""
        name = nfkc(values["organization"])
        if not name:
            return None, ""
        found = self.lookups.organizations.get(name, [])
        if len(found) > 1:
            self.error(
                line,
                "organization",
                f"「{name}」という団体が {len(found)} 件あります。管理画面で名前を区別してください。",
            )
            return None, ""
        if found:
            return found[0], ""
        return None, values["organization"].strip()

    def place(self, line: int, scalars: dict, current: dict | None) -> None:
        """Fill missing coordinates from the address: keep the stored point when the address
        did not change, otherwise ask the geocoder."""
        current = current or {}
        latitude = scalars.get("latitude", current.get("latitude"))
        longitude = scalars.get("longitude", current.get("longitude"))
        if latitude is not None or longitude is not None:
            return
        address = scalars.get("address", current.get("address", ""))
        if not address:
            return
        if current.get("address") == address and current.get("latitude") is not None:
            scalars["latitude"] = Decimal(current["latitude"])
            scalars["longitude"] = Decimal(current["longitude"])
            return
        point = self.geocode(address)
        if point is None:
            self.result.not_geocoded.append(line)
            return
        self.result.geocoded += 1
        scalars["latitude"] = Decimal(str(point[0])).quantize(COORDINATE_PLACES, ROUND_HALF_UP)
        scalars["longitude"] = Decimal(str(point[1])).quantize(COORDINATE_PLACES, ROUND_HALF_UP)

    def clean(self, line, resource: Resource, rules, exceptions, skip=frozenset()) -> bool:
        """The admin form's validation: every field and rule of the model.

        Uniqueness of 外部ID is checked across the file by the caller (a row either creates a
        new 外部ID or updates its listing), and the coordinate check constraint is the same rule
        as ``Resource.clean()``, so neither needs a query per row here.
        """
        ok = True
        for kind, children in (("開催日時", rules or []), ("休みの日", exceptions or [])):
            for child in children:
                try:
                    child.full_clean(exclude=["resource"])
                except ValidationError as error:
                    ok = False
                    for message in error.messages:
                        if kind not in skip:
                            self.errors.append(RowError(line, message, kind))
        try:
            resource.full_clean(
                exclude=KNOWN_FOREIGN_KEYS, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            ok = False
            for name, messages in error.message_dict.items():
                header = "" if name == NON_FIELD_ERRORS else self.header_for(name)
                if header in skip or (name in ("latitude", "longitude") and skip & COORDINATES):
                    continue
                for message in messages:
                    self.errors.append(RowError(line, message, header))
        return ok

    @staticmethod
    def header_for(name: str) -> str:
        if name in ("is_free", "cost"):
            return "費用"
        column = BY_KEY.get(name)
        return column.header if column else _label(name)


# --- the service -------------------------------------------------------------------------------


def resource_import(
    *,
    data: bytes,
    filename: str,
    user=None,
    publish: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    geocode: Callable[[str], tuple[float, float] | None] = geocode_address,
) -> ImportResult:
    """Import listings from a .csv or .xlsx file; see the module docstring for the rules.

    Returns the counts, or every problem found with its row number (then nothing is written).
    ``dry_run`` validates (and geocodes) without writing. ``user`` is recorded on revisions
    and history; when given, their permissions apply (adding, changing, publishing).
    Raises ``ImportFileError`` for a file that cannot be read as a table of listings.
    """
    progress = progress or (lambda stage, done, total: None)
    result = ImportResult(dry_run=dry_run)
    with translation.override(settings.LANGUAGE_CODE):
        table = read_table(data, filename)
        present, rows = _header(table, result)
        if result.errors:
            return result
        _check_permissions(user, publish)
        planned = _plan(rows, present, publish, result, progress, geocode)
        if result.errors:
            return result
        _check_update_permissions(user, planned, result)
        if result.errors or dry_run:
            return result
        _write(planned, user, publish, progress)
        result.written = True
    return result


def _header(
    table: list[list[str]], result: ImportResult
) -> tuple[set[str], list[tuple[int, dict]]]:
    if not table or not any(table[0]):
        result.errors.append(
            RowError(1, "1行目に列名（見出し）がありません。テンプレートの1行目を使ってください。")
        )
        return set(), []
    keys: list[str | None] = []
    for header in table[0]:
        text = _header_key(header)
        column = BY_HEADER.get(text)
        if text and column is None:
            result.errors.append(
                RowError(
                    1, f"「{header}」という列はありません。テンプレートの列名を使ってください。"
                )
            )
        if column is not None and column.key in keys:
            result.errors.append(RowError(1, f"「{header}」の列が2つあります。"))
        keys.append(column.key if column else None)
    present = {k for k in keys if k}
    for column in COLUMNS:
        if column.required and column.key not in present:
            result.errors.append(RowError(1, f"必須の列「{column.header}」がありません。"))
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(keys) if key}
        rows.append((number, values))
    if len(rows) > MAX_ROWS:
        result.errors.append(
            RowError(
                0, f"行が多すぎます（{len(rows):,} 行）。{MAX_ROWS:,} 行までに分けてください。"
            )
        )
    if not rows and not result.errors:
        result.errors.append(RowError(2, "取り込む行がありません。"))
    return present, rows


def _plan(rows, present, publish, result, progress, geocode) -> list[PlannedRow]:
    seen: dict[str, int] = {}
    for line, values in rows:
        external_id = nfkc(values.get("external_id", ""))
        if not external_id:
            result.errors.append(RowError(line, "外部IDを入力してください。", "外部ID"))
        elif external_id in seen:
            result.errors.append(
                RowError(
                    line,
                    f"「{external_id}」は{seen[external_id]}行目と同じです。行ごとに違う値にしてください。",
                    "外部ID",
                )
            )
        else:
            seen[external_id] = line
    lookups = Lookups.load(seen)
    reader = RowReader(lookups, present, geocode, result)
    planned = []
    for index, (line, values) in enumerate(rows, start=1):
        if nfkc(values.get("external_id", "")) and seen.get(nfkc(values["external_id"])) == line:
            row = reader.read(line, values, publish)
            if row is not None:
                planned.append(row)
        if index % 100 == 0 or index == len(rows):
            progress("検証", index, len(rows))
    result.errors.extend(reader.errors)
    result.errors.sort(key=lambda e: e.line)
    result.rows = len(rows)
    for row in planned:
        if row.action == "create":
            result.created += 1
        elif row.action == "update":
            result.updated += 1
        elif row.action == "unchanged":
            result.unchanged += 1
        if publish and row.action != "unchanged":
            result.published += 1
    result.organizations_created = len(
        {nfkc(r.new_organization) for r in planned if r.new_organization}
    )
    return planned


def _check_permissions(user, publish: bool) -> None:
    if user is None:
        return
    if not user.has_perm("directory.add_resource"):
        raise PermissionDenied("地域資源を追加する権限がありません。")
    if publish and not user.has_perm("directory.publish_resource"):
        raise PermissionDenied("地域資源を公開する権限がありません。")


def _check_update_permissions(user, planned: list[PlannedRow], result: ImportResult) -> None:
    """Updates need the change permission, and a listing locked by someone else stays as is."""
    for row in planned:
        if row.action not in ("update", "publish"):
            continue
        if user is not None and not user.has_perm("directory.change_resource"):
            result.errors.append(
                RowError(row.line, "既存の地域資源を更新する権限がありません。", "外部ID")
            )
            continue
        lock = row.existing.get_lock()
        if user is not None and lock is not None and lock.for_user(user):
            result.errors.append(
                RowError(row.line, "この地域資源はロックされているため更新できません。")
            )


# --- writing -----------------------------------------------------------------------------------


@transaction.atomic
def _write(planned: list[PlannedRow], user, publish: bool, progress: Progress) -> None:
    """Everything or nothing: one transaction for the whole file."""
    organizations = _create_organizations(planned)
    for row in planned:
        if row.new_organization:
            row.resource.organization = organizations[nfkc(row.new_organization)]
    creates = [row for row in planned if row.action == "create"]
    others = [row for row in planned if row.action in ("update", "publish")]
    total, done = len(creates) + len(others), 0
    for start in range(0, len(creates), BATCH_SIZE):
        batch = creates[start : start + BATCH_SIZE]
        _create_batch(batch, user, publish)
        done += len(batch)
        progress("書き込み", done, total)
    for row in others:
        _update(row, user, publish)
        done += 1
        if done % 50 == 0 or done == total:
            progress("書き込み", done, total)


def _create_organizations(planned: list[PlannedRow]) -> dict[str, Organization]:
    names: dict[str, str] = {}
    for row in planned:
        if row.new_organization:
            names.setdefault(nfkc(row.new_organization), row.new_organization)
    created = {key: Organization(name=name) for key, name in names.items()}
    for org in created.values():
        org.full_clean(validate_unique=False)
    # A new group runs no listing yet, so Organization.save()'s search refresh has nothing to do.
    Organization.objects.bulk_create(created.values())
    _index_admin_search(Organization, list(created.values()))
    return created


def _create_batch(rows: list[PlannedRow], user, publish: bool) -> None:
    """Create listings in bulk with the end state of Wagtail's create (and publish) action:
    the row (a draft, or live), its schedules and categories, a first revision, the history
    entries, and the search indexes (Wagtail's admin search and the site's own)."""
    now = timezone.now()
    resources = [row.resource for row in rows]
    for resource in resources:
        resource.live = publish
        resource.has_unpublished_changes = not publish
        if publish:
            resource.first_published_at = resource.last_published_at = now
    Resource.objects.bulk_create(resources)

    rules, exceptions, links = [], [], {name: [] for name in M2M_FIELDS}
    for row, resource in zip(rows, resources, strict=True):
        for rule in row.rules or []:
            rule.resource = resource
            rules.append(rule)
        for exception in row.exceptions or []:
            exception.resource = resource
            exceptions.append(exception)
        for name in M2M_FIELDS:
            items = row.related.get(name, [])
            through = getattr(Resource, name).through
            target = f"{M2M_FIELDS[name]._meta.model_name}_id"
            links[name] += [through(resource_id=resource.pk, **{target: item.pk}) for item in items]
            setattr(resource, name, items)  # in memory, so the revision needs no query
        resource.schedule_rules = row.rules or []
        resource.schedule_exceptions = row.exceptions or []
    ScheduleRule.objects.bulk_create(rules)
    ScheduleException.objects.bulk_create(exceptions)
    for name, objects in links.items():
        getattr(Resource, name).through.objects.bulk_create(objects)

    content_type = ContentType.objects.get_for_model(Resource)
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(resource.pk),
            created_at=now,
            user=user,
            content=resource.serializable_data(),
            object_str=str(resource),
        )
        for resource in resources
    )
    for resource, revision in zip(resources, revisions, strict=True):
        resource.latest_revision = revision
        if publish:
            resource.live_revision = revision
    Resource.objects.bulk_update(resources, ["latest_revision", "live_revision"])
    actions = ["wagtail.create", "wagtail.publish"] if publish else ["wagtail.create"]
    _log_bulk(resources, revisions, actions, user, now)
    _index(resources)


def _log_bulk(resources: list[Resource], revisions: list[Revision], actions, user, now) -> None:
    """The history entries ``log()`` would write (「作成」, 「公開」), in one query."""
    log_registry.scan_for_actions()
    model = log_registry.get_log_model_for_instance(resources[0])
    content_type = ContentType.objects.get_for_model(Resource, for_concrete_model=False)
    context = get_active_log_context()
    model.objects.bulk_create(
        model(
            content_type=content_type,
            object_id=str(resource.pk),
            label=str(resource),
            action=action,
            timestamp=now,
            data={},
            user=user or context.user,
            uuid=context.uuid,
            revision=revision,
            content_changed=True,
        )
        for resource, revision in zip(resources, revisions, strict=True)
        for action in actions
    )


def _index_admin_search(model, objects: list) -> None:
    """Wagtail's search index (the admin's search box), as a save would update it."""
    from modelsearch.backends import get_search_backends

    if objects:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, objects)


def _index(resources: list[Resource]) -> None:
    """The admin's search index and the site's own (published listings only)."""
    from directory.search.services import resource_search_refresh

    _index_admin_search(Resource, resources)
    resource_search_refresh(resource_ids=[r.pk for r in resources if r.live])


def _update(row: PlannedRow, user, publish: bool) -> None:
    """An existing listing through Wagtail's own edit (and publish) action."""
    if row.action == "publish":
        row.resource.latest_revision.publish(user=user, skip_permission_checks=user is None)
        return
    EditAction(row.resource, user=user, publish=publish).execute(
        skip_permission_checks=user is None
    )


# --- the template ------------------------------------------------------------------------------


def template_rows() -> list[list[str]]:
    """The header row and one example row, for the downloadable template."""
    return [[c.header for c in COLUMNS], [c.example for c in COLUMNS]]


def template_csv() -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(template_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The template as an Excel workbook: the listing sheet and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "地域資源"
    for row in template_rows():
        sheet.append(row)
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="C00000" if column.required else None)
        sheet.column_dimensions[get_column_letter(index)].width = max(
            12, len(column.header) * 2 + 2
        )
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("記入のしかた")
    guide.append(["列名", "必須", "書き方"])
    for column in COLUMNS:
        guide.append([column.header, "必須" if column.required else "", column.help])
    guide.append([])
    guide.append(["開催日時の例", "", SCHEDULE_EXAMPLES])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

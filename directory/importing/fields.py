"""A row's cells as listing field values; every cell that cannot be read becomes a RowError."""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.models import (
    Frequency,
    Kind,
    LocationPrivacy,
    Organization,
    Resource,
    ScheduleException,
    ScheduleRule,
    Status,
)
from directory.models.schedules import SCHEDULE_EXCEPTION_FIELDS, SCHEDULE_RULE_FIELDS

from .cells import (
    PRIVACY_ALIASES,
    CellError,
    nfkc,
    parse_bool,
    parse_capacity,
    parse_choice,
    parse_date,
    parse_decimal,
    split_list,
    text_to_rich_text,
)
from .columns import BY_KEY, FLAG_FIELDS, M2M_FIELDS, NORMALISED_TEXT_FIELDS, TEXT_FIELDS
from .files import SheetRow
from .lookups import Lookups
from .results import RowError
from .schedules import parse_schedule


@dataclass
class RowSchedule:
    """New schedule rules and one-off changes; None where the file leaves them alone."""

    rules: list[ScheduleRule] | None = None
    exceptions: list[ScheduleException] | None = None


@dataclass
class RowCells:
    """What a row's cells say, as field values of a listing."""

    scalars: dict
    related: dict[str, list]  # many-to-many field → items
    schedule: RowSchedule
    new_organization: str = ""  # a group to register under this name

    def apply_to(self, resource: Resource) -> None:
        for name, value in self.scalars.items():
            setattr(resource, name, value)
        for name, items in self.related.items():
            setattr(resource, name, items)
        if self.schedule.rules is not None:
            resource.schedule_rules = self.schedule.rules
        if self.schedule.exceptions is not None:
            resource.schedule_exceptions = self.schedule.exceptions


def _child_fields(model, data: dict, names: list[str]) -> dict:
    """A serialised schedule rule or change as field values."""
    return {name: model._meta.get_field(name).to_python(data.get(name)) for name in names}


@dataclass
class FieldReader:
    """Reads the columns ``present`` in the file; collects the problems of every row."""

    lookups: Lookups
    present: set[str]
    errors: list[RowError] = field(default_factory=list)

    def error(self, line: int, key: str | None, message: str) -> None:
        header = BY_KEY[key].header if key in BY_KEY else (key or "")
        self.errors.append(RowError(line, message, header))

    def has_error(self, line: int, key: str) -> bool:
        header = BY_KEY[key].header
        return any(e.line == line and e.header == header for e in self.errors)

    def cell(self, row: SheetRow, key: str, parse, *args):
        """The cell under ``key`` read by ``parse``, or None (and a problem) if it cannot be."""
        try:
            return parse(row.values.get(key, ""), *args)
        except CellError as error:
            self.error(row.line, key, str(error))
            return None

    def read(self, row: SheetRow, current: dict | None) -> RowCells:
        """Every column of the row; ``current`` is the listing's latest version, if it has one."""
        scalars = self.scalars(row)
        related = self.related(row)
        schedule = RowSchedule(self.rules(row, current), self.exceptions(row, current))
        organization, new_organization = self.organization(row)
        if "organization" in self.present:
            scalars["organization"] = organization
        return RowCells(scalars, related, schedule, new_organization)

    # --- single-valued fields ---

    def scalars(self, row: SheetRow) -> dict:
        out: dict = {}
        self._texts(row, out)
        self._choices(row, out)
        for name, parse in (("capacity", parse_capacity), ("confirmed_on", parse_date)):
            if name in self.present:
                out[name] = self.cell(row, name, parse)
        if "cost" in self.present:
            self._cost(row, out)
        self._places(row, out)
        for name in ("latitude", "longitude"):
            if name in self.present:
                out[name] = self.cell(row, name, parse_decimal)
        return out

    def _texts(self, row: SheetRow, out: dict) -> None:
        for name in TEXT_FIELDS:
            if name in self.present:
                value = row.values[name]
                out[name] = nfkc(value) if name in NORMALISED_TEXT_FIELDS else value.strip()
        if "description" in self.present:
            out["description"] = text_to_rich_text(row.values["description"])
        for name in FLAG_FIELDS:
            if name in self.present:
                out[name] = self.cell(row, name, parse_bool)

    def _choices(self, row: SheetRow, out: dict) -> None:
        if "kind" in self.present:
            out["kind"] = self.cell(row, "kind", parse_choice, Kind.choices)
            if out["kind"] is None and not self.has_error(row.line, "kind"):
                self.error(row.line, "kind", "種類を入力してください。")
        if "location_privacy" in self.present:
            privacy = (LocationPrivacy.choices, PRIVACY_ALIASES, LocationPrivacy.EXACT)
            out["location_privacy"] = self.cell(row, "location_privacy", parse_choice, *privacy)
        if "status" in self.present:
            status = (Status.choices, None, Status.ACTIVE)
            out["status"] = self.cell(row, "status", parse_choice, *status)

    def _cost(self, row: SheetRow, out: dict) -> None:
        cost = nfkc(row.values["cost"])
        if not cost:
            self.error(row.line, "cost", "費用を入力してください（無料なら「無料」）。")
        free = cost in ("無料", "0", "0円", "なし")
        out["is_free"], out["cost"] = free, "" if free else row.values["cost"].strip()

    def _places(self, row: SheetRow, out: dict) -> None:
        """The area and town, looked up by name."""
        if "area" in self.present:
            key = nfkc(row.values["area"])
            out["area"] = self.lookups.areas.get(key)
            if out["area"] is None:
                known = "、".join(sorted({a.name for a in self.lookups.areas.values()}))
                unknown = f"「{row.values['area']}」というエリアはありません。{known} のどれかにしてください。"
                self.error(row.line, "area", unknown if key else "エリアを入力してください。")
        if "town" in self.present:
            key = nfkc(row.values["town"])
            out["town"] = self.lookups.towns.get(key) if key else None
            if key and out["town"] is None:
                message = f"「{row.values['town']}」という町丁目は登録されていません。"
                self.error(row.line, "town", message)

    # --- many-to-many fields and the group ---

    def related(self, row: SheetRow) -> dict[str, list]:
        out = {}
        for name in M2M_FIELDS:
            if name not in self.present:
                continue
            vocabulary = self.lookups.vocabularies[name]
            items, unknown = [], []
            for part in split_list(row.values[name]):
                item = vocabulary.get(nfkc(part))
                if item is None:
                    unknown.append(part.strip())
                elif item not in items:
                    items.append(item)
            if unknown:
                known = "、".join(sorted({str(i) for i in vocabulary.values()}))
                message = f"「{'」「'.join(unknown)}」は登録されていません。使える名前: {known}"
                self.error(row.line, name, message)
            out[name] = items
        return out

    def organization(self, row: SheetRow) -> tuple[Organization | None, str]:
        """The registered group the row names, or the name of a group to register."""
        if "organization" not in self.present:
            return None, ""
        name = nfkc(row.values["organization"])
        if not name:
            return None, ""
        found = self.lookups.organizations.get(name, [])
        if len(found) > 1:
            message = f"「{name}」という団体が {len(found)} 件あります。管理画面で名前を区別してください。"
            self.error(row.line, "organization", message)
            return None, ""
        if found:
            return found[0], ""
        return None, row.values["organization"].strip()

    # --- schedules ---

    def rules(self, row: SheetRow, current: dict | None) -> list[ScheduleRule] | None:
        """The 開催日時 rules with the row's period; None if the file has none of those columns."""
        if not {"schedule", "valid_from", "valid_until"} & self.present:
            return None
        valid_from = self.cell(row, "valid_from", parse_date)
        valid_until = self.cell(row, "valid_until", parse_date)
        if "schedule" in self.present:
            specs = self.cell(row, "schedule", parse_schedule) or []
        else:  # only the period changes: keep the listing's rules
            specs = [
                _child_fields(ScheduleRule, d, SCHEDULE_RULE_FIELDS)
                for d in (current or {}).get("schedule_rules", [])
            ]
        rules = []
        for order, spec in enumerate(specs):
            if spec.get("frequency") != Frequency.ONCE:
                spec = {**spec, "valid_from": valid_from, "valid_until": valid_until}
            rules.append(ScheduleRule(sort_order=order, **spec))
        return rules

    def exceptions(self, row: SheetRow, current: dict | None) -> list[ScheduleException] | None:
        """The 休みの日 as cancellations; one-off time changes cannot be written in the file,
        so they stay as they are. None if the file has no 休みの日 column."""
        if "cancelled_dates" not in self.present:
            return None
        dates = []
        for part in split_list(row.values["cancelled_dates"]):
            one = SheetRow(row.line, {"cancelled_dates": part})
            day = self.cell(one, "cancelled_dates", parse_date)
            if day and day not in dates:
                dates.append(day)
        kept = [
            _child_fields(ScheduleException, d, SCHEDULE_EXCEPTION_FIELDS)
            for d in (current or {}).get("schedule_exceptions", [])
            if not d["cancelled"]
        ]
        exceptions = [ScheduleException(**fields) for fields in kept if fields["date"] not in dates]
        exceptions += [ScheduleException(date=day, cancelled=True) for day in sorted(dates)]
        for order, exception in enumerate(exceptions):
            exception.sort_order = order
        return exceptions

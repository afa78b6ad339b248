"""Planning: what each row will do (create, update, publish or nothing), checked before writing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from directory.models import Resource, ScheduleException, ScheduleRule

from .cells import nfkc
from .columns import M2M_FIELDS, REQUIRED, SCALAR_KEYS
from .coordinates import Geocode, fill_coordinates
from .fields import FieldReader, RowCells, RowSchedule
from .files import Sheet, SheetRow
from .lookups import Lookups, revision_json
from .results import ImportResult, Progress, RowError
from .validation import validate

CHILD_BOOKKEEPING = {"pk", "id", "resource", "sort_order"}


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
    return revision_json(out)


def _compared_keys(present: set[str], schedule: RowSchedule) -> list[str]:
    """The serialised fields that the file's columns set."""
    keys = [name for name in SCALAR_KEYS if SCALAR_KEYS[name] & present]
    keys += [name for name in M2M_FIELDS if name in present]
    if schedule.rules is not None:
        keys.append("schedule_rules")
    if schedule.exceptions is not None:
        keys.append("schedule_exceptions")
    return keys


class RowPlanner:
    """Turns one spreadsheet row into a validated, unsaved listing (or reports why not)."""

    def __init__(self, lookups: Lookups, present: set[str], geocode: Geocode, result: ImportResult):
        self.lookups = lookups
        self.present = present
        self.geocode = geocode
        self.result = result
        self.fields = FieldReader(lookups, present)

    @property
    def errors(self) -> list[RowError]:
        return self.fields.errors

    def plan(self, row: SheetRow, publish: bool) -> PlannedRow | None:
        errors_before = len(self.errors)
        existing = self.lookups.existing.get(row.external_id)
        # The listing's latest version (a pending draft if there is one), serialised as in its
        # revisions: what the row is compared with, without rebuilding objects from revisions.
        current = self.lookups.current(existing) if existing is not None else None
        cells = self.fields.read(row, current)
        unreadable = {e.header for e in self.errors[errors_before:]}
        base = existing if existing is not None else Resource(external_id=row.external_id)
        if unreadable:
            self._check_the_rest(row.line, base, cells, unreadable)
            return None
        fill_coordinates(row.line, cells.scalars, current, self.geocode, self.result)
        cells.apply_to(base)
        if current is None:
            action = "create"
        elif self._changed(base, current, cells.schedule):
            action = "update"
            if existing.has_unpublished_changes:
                # Build on the pending draft, not on the published row.
                base = existing.get_latest_revision_as_object()
                cells.apply_to(base)
        elif publish and (not existing.live or existing.has_unpublished_changes):
            action = "publish"
        else:
            action = "unchanged"
        if errors := validate(row.line, base, cells.schedule):
            self.errors.extend(errors)
            return None
        return PlannedRow(
            line=row.line,
            external_id=row.external_id,
            action=action,
            resource=base,
            rules=cells.schedule.rules,
            exceptions=cells.schedule.exceptions,
            related=cells.related,
            new_organization=cells.new_organization,
            existing=existing,
        )

    def _changed(self, resource: Resource, current: dict, schedule: RowSchedule) -> bool:
        keys = _compared_keys(self.present, schedule)
        return _snapshot(resource.serializable_data(), keys) != _snapshot(current, keys)

    def _check_the_rest(self, line: int, base: Resource, cells: RowCells, unreadable: set[str]):
        """Still check what could be read, so every problem of the row is reported at once
        (nothing is written anyway); cells already reported are not reported again."""
        readable = {k: v for k, v in cells.scalars.items() if v is not None or k not in REQUIRED}
        dataclasses.replace(cells, scalars=readable).apply_to(base)
        self.errors.extend(validate(line, base, cells.schedule, skip=unreadable))


def _unique_rows(rows: list[SheetRow], result: ImportResult) -> dict[str, int]:
    """Each 外部ID with the line that holds it; a missing or repeated one is a problem."""
    seen: dict[str, int] = {}
    for row in rows:
        if not row.external_id:
            result.errors.append(RowError(row.line, "外部IDを入力してください。", "外部ID"))
        elif row.external_id in seen:
            message = f"「{row.external_id}」は{seen[row.external_id]}行目と同じです。行ごとに違う値にしてください。"
            result.errors.append(RowError(row.line, message, "外部ID"))
        else:
            seen[row.external_id] = row.line
    return seen


def _count(planned: list[PlannedRow], publish: bool, result: ImportResult) -> None:
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


def plan_rows(
    sheet: Sheet, publish: bool, result: ImportResult, progress: Progress, geocode: Geocode
) -> list[PlannedRow]:
    """The plan for every row, with every problem of every row in ``result.errors``."""
    seen = _unique_rows(sheet.rows, result)
    planner = RowPlanner(Lookups.load(seen), sheet.present, geocode, result)
    planned = []
    for index, row in enumerate(sheet.rows, start=1):
        first = row.external_id and seen.get(row.external_id) == row.line  # not a repeat
        if first and (plan := planner.plan(row, publish)) is not None:
            planned.append(plan)
        if index % 100 == 0 or index == len(sheet.rows):
            progress("検証", index, len(sheet.rows))
    result.errors.extend(planner.errors)
    result.errors.sort(key=lambda e: e.line)
    result.rows = len(sheet.rows)
    _count(planned, publish, result)
    return planned


def check_permissions(user, publish: bool) -> None:
    """Raise PermissionDenied unless ``user`` (when given) may add, and publish if asked."""
    if user is None:
        return
    if not user.has_perm("directory.add_resource"):
        raise PermissionDenied("地域資源を追加する権限がありません。")
    if publish and not user.has_perm("directory.publish_resource"):
        raise PermissionDenied("地域資源を公開する権限がありません。")


def check_update_permissions(user, planned: list[PlannedRow], result: ImportResult) -> None:
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

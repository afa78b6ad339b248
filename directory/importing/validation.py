"""A listing read from a row, checked as the admin form checks it."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from directory.models import Resource

from .columns import COORDINATES, KNOWN_FOREIGN_KEYS, header_for
from .fields import RowSchedule
from .results import RowError


def validate(
    line: int,
    resource: Resource,
    schedule: RowSchedule,
    skip: frozenset[str] | set[str] = frozenset(),
) -> list[RowError]:
    """Every problem the model's and the schedule rules' ``full_clean()`` find, except those
    under the column headers in ``skip`` (already reported as unreadable).

    Uniqueness of 外部ID is checked across the file by the caller (a row either creates a
    new 外部ID or updates its listing), and the coordinate check constraint is the same rule
    as ``Resource.clean()``, so neither needs a query per row here.
    """
    errors = []
    for header, children in (("開催日時", schedule.rules), ("休みの日", schedule.exceptions)):
        for child in children or []:
            try:
                child.full_clean(exclude=["resource"])
            except ValidationError as error:
                if header not in skip:
                    errors += [RowError(line, message, header) for message in error.messages]
    try:
        resource.full_clean(
            exclude=KNOWN_FOREIGN_KEYS, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            header = "" if name == NON_FIELD_ERRORS else header_for(name)
            if header in skip or (name in ("latitude", "longitude") and skip & COORDINATES):
                continue
            errors += [RowError(line, message, header) for message in messages]
    return errors

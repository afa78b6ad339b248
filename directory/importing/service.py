"""``resource_import()``: the one entry point of the command and the admin page."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from .coordinates import Geocode, geocode_address
from .files import read_sheet, read_table
from .planning import check_permissions, check_update_permissions, plan_rows
from .results import ImportResult, Progress, no_progress
from .writing import write


def resource_import(
    *,
    data: bytes,
    filename: str,
    user=None,
    publish: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    geocode: Geocode = geocode_address,
) -> ImportResult:
    """Import listings from a .csv or .xlsx file; see the package docstring for the rules.

    Returns the counts, or every problem found with its row number (then nothing is written).
    ``dry_run`` validates (and geocodes) without writing. ``user`` is recorded on revisions
    and history; when given, their permissions apply (adding, changing, publishing).
    Raises ``ImportFileError`` for a file that cannot be read as a table of listings.
    """
    result = ImportResult(dry_run=dry_run)
    with translation.override(settings.LANGUAGE_CODE):
        sheet = read_sheet(read_table(data, filename), result.errors)
        if result.errors:
            return result
        check_permissions(user, publish)
        planned = plan_rows(sheet, publish, result, progress or no_progress, geocode)
        if result.errors:
            return result
        check_update_permissions(user, planned, result)
        if result.errors or dry_run:
            return result
        write(planned, user, publish, progress or no_progress)
        result.written = True
    return result

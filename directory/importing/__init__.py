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

The stages, one module each: ``files`` (the file as rows of text cells keyed by column),
``columns`` (what each column sets), ``cells`` and ``schedules`` (one cell as a value),
``fields`` (a row's cells as field values), ``coordinates`` (points from addresses),
``validation`` (the admin form's checks), ``planning`` (what each row will do), ``writing``
(one transaction), ``results`` (what is reported), ``template`` (the downloadable template) and ``admin`` (the
admin's upload page).
"""

from .cells import CellError
from .columns import COLUMNS
from .coordinates import geocode_address
from .files import MAX_FILE_BYTES, MAX_ROWS
from .results import ImportFileError, ImportResult, RowError
from .schedules import parse_rule, parse_schedule
from .service import resource_import
from .template import template_csv, template_xlsx

__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "CellError",
    "ImportFileError",
    "ImportResult",
    "RowError",
    "geocode_address",
    "parse_rule",
    "parse_schedule",
    "resource_import",
    "template_csv",
    "template_xlsx",
]

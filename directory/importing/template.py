"""The downloadable template: the header row, an example row and how to fill each column."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .columns import COLUMNS
from .schedules import SCHEDULE_EXAMPLES


def template_rows() -> list[list[str]]:
    """The header row and one example row, for the downloadable template."""
    return [[c.header for c in COLUMNS], [c.example for c in COLUMNS]]


def template_csv() -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(template_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The template as an Excel workbook: the listing sheet and a sheet explaining each column."""
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

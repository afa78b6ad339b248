"""Reading the file: a .csv or .xlsx as text cells, the header row as column keys."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from .cells import nfkc
from .columns import BY_HEADER, COLUMNS
from .results import ImportFileError, RowError

MAX_ROWS = 20_000
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SheetRow:
    """One row of listings: its row number as the spreadsheet shows it, and its cells."""

    line: int  # the header is row 1
    values: dict[str, str]  # column key → cell text, for the columns the file has

    @property
    def external_id(self) -> str:
        return nfkc(self.values.get("external_id", ""))


@dataclass(frozen=True)
class Sheet:
    present: set[str]  # keys of the columns the file has
    rows: list[SheetRow]  # the rows that are not empty


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


def _read_xlsx(data: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError("Excel ファイル（.xlsx）として読み取れません。") from error
    sheet = workbook.worksheets[0]
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


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
        return _read_xlsx(data)
    raise ImportFileError("CSV（.csv）か Excel（.xlsx）のファイルを選んでください。")


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"(\*|\(必須\)|必須)$", "", text).strip()


def _column_keys(header: list[str], errors: list[RowError]) -> list[str | None]:
    """The column key of each header cell (None for an empty one); unknown or repeated names
    and missing required columns are problems of row 1."""
    keys: list[str | None] = []
    for cell in header:
        text = _header_key(cell)
        column = BY_HEADER.get(text)
        if text and column is None:
            errors.append(
                RowError(1, f"「{cell}」という列はありません。テンプレートの列名を使ってください。")
            )
        if column is not None and column.key in keys:
            errors.append(RowError(1, f"「{cell}」の列が2つあります。"))
        keys.append(column.key if column else None)
    for column in COLUMNS:
        if column.required and column.key not in keys:
            errors.append(RowError(1, f"必須の列「{column.header}」がありません。"))
    return keys


def read_sheet(table: list[list[str]], errors: list[RowError]) -> Sheet:
    """The table's rows keyed by column; problems of the file as a whole go to ``errors``."""
    if not table or not any(table[0]):
        errors.append(
            RowError(1, "1行目に列名（見出し）がありません。テンプレートの1行目を使ってください。")
        )
        return Sheet(set(), [])
    keys = _column_keys(table[0], errors)
    rows = [
        SheetRow(
            number, {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(keys) if key}
        )
        for number, cells in enumerate(table[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    if len(rows) > MAX_ROWS:
        errors.append(
            RowError(
                0, f"行が多すぎます（{len(rows):,} 行）。{MAX_ROWS:,} 行までに分けてください。"
            )
        )
    if not rows and not errors:
        errors.append(RowError(2, "取り込む行がありません。"))
    return Sheet({k for k in keys if k}, rows)

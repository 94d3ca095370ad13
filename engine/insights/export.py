"""Write result tables (after disclosure control) to CSV and XLSX bytes.

Tables may be a Polars DataFrame or a list of dicts. Text cells that a spreadsheet would
treat as a formula (starting ``=``, ``+``, ``-``, ``@``, tab or carriage return) are
prefixed with ``'`` to prevent CSV/formula injection; numbers are written as numbers, and
dates (``datetime.date``, ``datetime.datetime``) as ISO 8601 text in CSV and as real date cells
with a date format in XLSX, so a spreadsheet sorts and filters them as dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

Table = pl.DataFrame | Sequence[Mapping[str, Any]]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
#: Spreadsheets have no time zones: date-times are written as clock time in England.
LOCAL_TIME = ZoneInfo("Europe/London")


def _rows(table: Table) -> tuple[list[str], list[list[Any]]]:
    if isinstance(table, pl.DataFrame):
        return list(table.columns), [list(r) for r in table.iter_rows()]
    columns: list[str] = []
    for row in table:
        for key in row:
            if key not in columns:
                columns.append(key)
    return columns, [[row.get(c) for c in columns] for row in table]


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(table: Table) -> bytes:
    """UTF-8 CSV (with header); ``None`` becomes an empty cell."""
    columns, rows = _rows(table)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([_safe(c) for c in columns])
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date)
                         else _safe(v) for v in row])
    return buf.getvalue().encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(LOCAL_TIME).replace(tzinfo=None)
    if isinstance(value, list | dict):
        return str(value)
    return _safe(value)


def _format_dates(ws) -> None:
    """Give every date cell below the header a day/month/year format (openpyxl's default
    shows date-times with seconds and plain dates as date-times)."""
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT


def to_xlsx_bytes(table: Table, *, sheet_name: str = "Results", note: str | None = None) -> bytes:
    """An XLSX workbook with one sheet (header row bold and frozen).

    ``note`` (e.g. the disclosure-control statement) is written to a second sheet.
    """
    # openpyxl is slow to import and only this needs it
    from openpyxl import Workbook

    # openpyxl is slow to import and only this needs it
    from openpyxl.styles import Font

    columns, rows = _rows(table)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name[:31]
    ws.append([_safe(c) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append([_xlsx_value(v) for v in row])
    _format_dates(ws)
    if note:
        ws2 = wb.create_sheet("Notes")
        ws2.append([_safe(note)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

"""What every CSV and XLSX download shares: the formats offered, the check of the one asked
for, and the file handed back. The bytes themselves (with formula-injection guarding and real
date cells) are written by engine.insights.export."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from engine.insights.export import to_csv_bytes
from engine.insights.export import to_xlsx_bytes

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    content: bytes
    rows: int


def check_format(fmt: str) -> str:
    """``fmt`` in lower case, if it is one of FORMATS; otherwise a message naming it."""
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise ValidationError({"format": f'Choose csv or xlsx ("{fmt}" is not one of the '
                                         "options)"})
    return fmt


def table_bytes(rows: list[dict], fmt: str, *, sheet_name: str, note: str) -> bytes:
    """The rows as CSV (``fmt`` "csv", already checked), or as an XLSX sheet ``sheet_name``
    with ``note`` (e.g. the disclosure rules) on a second sheet."""
    return (to_csv_bytes(rows) if fmt == "csv"
            else to_xlsx_bytes(rows, sheet_name=sheet_name, note=note))

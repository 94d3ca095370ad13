"""Read a tenures CSV into durations, exits and groups, or list everything wrong with it.

The file has a header row with at least ``person_id,organisation,start_date,end_date,
exit_reason`` (in any order, other columns allowed: any of them can be the grouping column).
Dates are ``YYYY-MM-DD``. An empty ``end_date`` means still in post: the tenure is censored at
the as-of date. A non-empty ``end_date`` is an exit (an event), whatever the exit reason.

A tenure's duration is the number of whole days from its start to its end (or to the as-of
date). A row is not valid when a date is missing (start) or not a real ``YYYY-MM-DD`` date,
when the end is before the start, or when the start or the end is after the as-of date. Any
problem, in any row or in the header, stops the whole file: :class:`TenureInputError` lists
every one as ``line N: column: "value": what is wrong`` (line 1 is the header; a quoted field
spanning lines is counted by the line it starts on).

The standard library's C ``csv`` reader is used rather than Polars: Polars takes most of a
second to import, which would be most of the command's time for 200,000 tenures. Dates repeat
(there are only so many days), so each distinct text is parsed once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np

from engine.errors import InputError
from engine.tenure.columns import ALL
from engine.tenure.columns import NOT_RECORDED
from engine.tenure.columns import REQUIRED
from engine.tenure.plain import read_plain

__all__ = ["NOT_RECORDED", "REQUIRED", "TenureInputError", "read_tenures"]

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_BAD = -1  # ordinal of a date that could not be read (real ordinals are >= 1)
_EMPTY = 0  # ordinal of an empty date


class TenureInputError(InputError):
    """The tenures file is not valid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems, f"{len(problems)} problem(s): " + "; ".join(problems[:3]))


def _ordinal(text: str) -> int:
    text = text.strip()
    if not text:
        return _EMPTY
    if not _ISO.fullmatch(text):
        return _BAD
    try:
        return date.fromisoformat(text).toordinal()
    except ValueError:
        return _BAD


def _ordinals(values: Iterable[str]) -> np.ndarray:
    values = list(values)
    known = {text: _ordinal(text) for text in set(values)}
    return np.fromiter((known[text] for text in values), dtype=np.int64, count=len(values))


def _read(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, data rows and the line each row starts on (blank lines are skipped)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TenureInputError([f'line {line}: file: "{path.name}": not UTF-8 text (save it '
                                "as CSV UTF-8)"]) from None
    rows, lines = [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        last = reader.line_num
        for row in reader:
            if row:
                rows.append(row)
                lines.append(last + 1)
            last = reader.line_num
    except csv.Error as error:
        raise TenureInputError([f'line {reader.line_num}: file: "{path.name}": not a CSV file '
                                f"this reader can read ({error})"]) from None
    return ([] if header is None else [h.strip() for h in header]), rows, lines


def _header_problems(header: list[str], by: str | None) -> list[str]:
    if not header:
        return ['line 1: header: "": the file is empty; it needs a header row '
                f'({",".join(REQUIRED)})']
    problems = [
        f'line 1: {column}: "": a required column is missing from the header '
        f'(needed: {",".join(REQUIRED)})'
        for column in REQUIRED
        if column not in header
    ]
    if by is not None and by not in header:
        problems.append(
            f'line 1: --by: "{by}": no such column in the file (its columns are '
            f'{", ".join(header)})'
        )
    return problems


class _Rows:
    """Problems found in data rows: ``add`` takes row indices into the rows being checked,
    whose lines ``lines`` gives."""

    def __init__(self, lines: list[int]) -> None:
        self.lines = lines
        self.found: list[tuple[int, int, str]] = []

    def add(self, rows: np.ndarray, order: int, render) -> None:
        for i in rows.tolist():
            self.found.append((self.lines[i], order, render(i)))

    def messages(self) -> list[str]:
        return [f"line {line}: {text}" for line, _, text in sorted(self.found)]


def _whole_rows(header: list[str], rows: list[list[str]], found: _Rows) -> list[list[str]]:
    """The rows as wide as the header (the others are problems); ``found.lines`` follows."""
    width = len(header)
    wrong = np.fromiter((len(row) != width for row in rows), bool, len(rows))
    found.add(np.flatnonzero(wrong), 0,
              lambda i: f'row: "{",".join(rows[i])}": has {len(rows[i])} field(s), '
                        f"the header has {width}")
    keep = np.flatnonzero(~wrong).tolist()
    found.lines = [found.lines[i] for i in keep]
    return [rows[i] for i in keep]


def _date_problems(
    start_text: list[str], end_text: list[str], start: np.ndarray, end: np.ndarray,
    as_of: date, found: _Rows,
) -> None:
    day = as_of.toordinal()
    bad_form = "not a date in YYYY-MM-DD form (for example 2021-04-01)"
    found.add(np.flatnonzero(start == _EMPTY), 1,
              lambda i: 'start_date: "": missing (every tenure needs a start date)')
    found.add(np.flatnonzero(start == _BAD), 1,
              lambda i: f'start_date: "{start_text[i]}": {bad_form}')
    found.add(np.flatnonzero(end == _BAD), 2,
              lambda i: f'end_date: "{end_text[i]}": {bad_form}')
    good = (start > 0) & (end != _BAD)
    found.add(np.flatnonzero(good & (start > day)), 3,
              lambda i: f'start_date: "{start_text[i]}": after the as-of date {as_of}')
    dated = good & (end > 0)
    found.add(np.flatnonzero(dated & (end < start)), 4,
              lambda i: f'end_date: "{end_text[i]}": before the start date {start_text[i]}')
    found.add(np.flatnonzero(dated & (end > day)), 5,
              lambda i: f'end_date: "{end_text[i]}": after the as-of date {as_of} (an exit '
                        "cannot be later than the date the figures are for; use a later --as-of)")


def _groups(by: str, values: list[str], found: _Rows) -> np.ndarray:
    labels = np.array([v.strip() or NOT_RECORDED for v in values], dtype=object)
    found.add(np.flatnonzero(labels == ALL), 6,
              lambda i: f'{by}: "{ALL}": reserved for the curve of everyone; rename this group')
    return labels


def _read_slowly(
    path: Path, as_of: date, by: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The reference reader: the csv module, every problem described."""
    header, rows, lines = _read(path)
    problems = _header_problems(header, by)
    if problems:
        raise TenureInputError(problems)
    if not rows:
        raise TenureInputError(['line 2: row: "": the file has no tenures after its header'])
    found = _Rows(lines)
    rows = _whole_rows(header, rows, found)
    start_text = [row[header.index("start_date")] for row in rows]
    end_text = [row[header.index("end_date")] for row in rows]
    start, end = _ordinals(start_text), _ordinals(end_text)
    _date_problems(start_text, end_text, start, end, as_of, found)
    groups = None
    if by is not None:
        groups = _groups(by, [row[header.index(by)] for row in rows], found)
    if found.found:
        raise TenureInputError(found.messages())
    observed = end != _EMPTY
    return np.where(observed, end, as_of.toordinal()) - start, observed, groups


def read_tenures(
    path: str | Path, *, as_of: date, by: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(durations in whole days, observed exits, group labels or None) from a tenures CSV.

    Raises :class:`TenureInputError` listing every problem; nothing is returned then. A plain
    file (no quotes, no blank lines, every row valid) is read by :func:`read_plain`; anything
    else, including every file with a problem, by the csv module, which describes problems.
    """
    path = Path(path)
    fast = read_plain(path.read_bytes(), as_of=as_of, by=by)
    return fast if fast is not None else _read_slowly(path, as_of, by)

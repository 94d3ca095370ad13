"""The problems of input files, collected and reported the same way by every engine that reads
files (matching, mentoring): each message names the file (or list), the line (or row), the
column and the value, all are reported together ordered by file and line, at most
:data:`MAX_PROBLEMS` of them, then how many more."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

__all__ = ["MAX_PROBLEMS", "InputProblems", "quote", "read_text"]

#: At most this many problems are listed in one error.
MAX_PROBLEMS = 50


class InputProblems:
    """Collects problem messages; ``error()`` orders them by ``order`` of the file named at the
    start of each message (``where`` finds its ``file`` and ``line``) and makes the engine's
    own error from at most MAX_PROBLEMS of them."""

    def __init__(self, order: dict[str, int], where: re.Pattern[str],
                 error: Callable[[list[str]], Exception]) -> None:
        self.messages: list[str] = []
        self.more = 0
        self._order, self._where, self._error = order, where, error

    def add(self, message: str) -> None:
        self.messages.append(message)

    def add_rows(self, rows: pl.DataFrame, render: Callable[[dict[str, Any]], str]) -> None:
        """Add one message per row of ``rows`` (already filtered to offending rows)."""
        for row in rows.head(MAX_PROBLEMS).iter_rows(named=True):
            self.messages.append(render(row))
        self.more += max(rows.height - MAX_PROBLEMS, 0)

    def extend(self, other: InputProblems) -> None:
        self.messages.extend(other.messages)
        self.more += other.more

    def __bool__(self) -> bool:
        return bool(self.messages)

    def _key(self, message: str) -> tuple[int, int]:
        match = self._where.match(message)
        if match is None:
            return (len(self._order), 0)
        return (self._order.get(match["file"], len(self._order)), int(match["line"] or 0))

    def error(self) -> Exception:
        ordered = sorted(self.messages, key=self._key)
        shown = ordered[:MAX_PROBLEMS]
        more = self.more + len(ordered) - len(shown)
        if more:
            shown.append(f"… and {more} more problem(s) not listed")
        return self._error(shown)


def quote(value: object) -> str:
    """Quote a value for a message, showing an empty value as ``""``."""
    text = "" if value is None else str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return '"' + text.replace('"', '\\"') + '"'


def read_text(path: Path, required: list[str], problems: InputProblems) -> pl.DataFrame | None:
    """Read a CSV file as text with a ``line`` column (the header is line 1), or record why it
    cannot be read."""
    name = path.name
    if not path.is_file():
        problems.add(f"{name}: file not found")
        return None
    try:
        df = pl.read_csv(path, infer_schema=False)
    except pl.exceptions.NoDataError:
        problems.add(f"{name} line 1: the file is empty (a header row is required)")
        return None
    except pl.exceptions.PolarsError as exc:
        problems.add(f"{name}: cannot be read as CSV ({str(exc).splitlines()[0]})")
        return None
    missing = [c for c in required if c not in df.columns]
    if missing:
        found = ", ".join(df.columns) or "nothing"
        for column in missing:
            problems.add(f'{name} line 1: missing column "{column}" (found: {found})')
        return None
    return df.select(required).with_row_index("line", offset=2).with_columns(
        pl.col("line").cast(pl.Int64))

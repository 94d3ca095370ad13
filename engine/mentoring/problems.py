"""Collecting input problems, each naming file (or list), line (or row), column and value."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

__all__ = ["MAX_PROBLEMS", "MentoringInputError", "Problems", "Source", "q", "read_text"]

#: At most this many problems are listed in one :class:`MentoringInputError`.
MAX_PROBLEMS = 50

_ORDER = {"mentors": 0, "mentees": 1, "pairs": 2, "conflicts": 3}
_WHERE = re.compile(r"^(?P<file>[a-z]+)(?:\.csv)?(?: (?:line|row) (?P<line>\d+))?")


class MentoringInputError(ValueError):
    """The input is not valid. ``problems`` lists every problem found (at most MAX_PROBLEMS,
    then a line saying how many more)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Source:
    """Where rows come from: ``pairs.csv`` with lines from 2, or ``pairs`` with rows from 1."""

    name: str
    unit: str
    first: int

    def at(self, n: int) -> str:
        return f"{self.name} {self.unit} {n}"


class Problems:
    """Collects problem messages; reports them by file and line, at most MAX_PROBLEMS."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.more = 0

    def add(self, message: str) -> None:
        self.messages.append(message)

    def add_rows(self, rows: pl.DataFrame, render: Callable[[dict[str, Any]], str]) -> None:
        """Add one message per row of ``rows`` (already filtered to offending rows)."""
        for row in rows.head(MAX_PROBLEMS).iter_rows(named=True):
            self.messages.append(render(row))
        self.more += max(rows.height - MAX_PROBLEMS, 0)

    def extend(self, other: Problems) -> None:
        self.messages.extend(other.messages)
        self.more += other.more

    def __bool__(self) -> bool:
        return bool(self.messages)

    @staticmethod
    def _key(message: str) -> tuple[int, int]:
        match = _WHERE.match(message)
        if match is None:
            return (len(_ORDER), 0)
        return (_ORDER.get(match["file"], len(_ORDER)), int(match["line"] or 0))

    def error(self) -> MentoringInputError:
        ordered = sorted(self.messages, key=self._key)
        shown = ordered[:MAX_PROBLEMS]
        more = self.more + len(ordered) - len(shown)
        if more:
            shown.append(f"... and {more} more problem(s) not listed")
        return MentoringInputError(shown)


def q(value: object) -> str:
    """Quote a value for a message, showing an empty value as ``""``."""
    text = "" if value is None else str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return '"' + text.replace('"', '\\"') + '"'


def read_text(path: Path, required: list[str], problems: Problems) -> pl.DataFrame | None:
    """Read a CSV file as text with a ``line`` column, or record why it cannot be read."""
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

"""Collecting input problems, each naming file (or list), line (or row), column and value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.errors import InputError
from engine.problems import MAX_PROBLEMS
from engine.problems import InputProblems
from engine.problems import quote
from engine.problems import read_text

__all__ = ["MAX_PROBLEMS", "MentoringInputError", "Problems", "Source", "q", "read_text"]

_ORDER = {"mentors": 0, "mentees": 1, "pairs": 2, "conflicts": 3}
_WHERE = re.compile(r"^(?P<file>[a-z]+)(?:\.csv)?(?: (?:line|row) (?P<line>\d+))?")


class MentoringInputError(InputError):
    """The input is not valid. ``problems`` lists every problem found (at most MAX_PROBLEMS,
    then a line saying how many more)."""


@dataclass(frozen=True)
class Source:
    """Where rows come from: ``pairs.csv`` with lines from 2, or ``pairs`` with rows from 1."""

    name: str
    unit: str
    first: int

    def at(self, n: int) -> str:
        return f"{self.name} {self.unit} {n}"


class Problems(InputProblems):
    """Collects problem messages; reports them by file and line, at most MAX_PROBLEMS."""

    def __init__(self) -> None:
        super().__init__(_ORDER, _WHERE, MentoringInputError)


q = quote

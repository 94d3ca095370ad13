"""A board post's vacancy risk, derived from its facts; a recorded override wins.

The rule (docs/succession.md says the same):

* vacant, or held by an interim → high;
* expected to fall vacant within 12 months (or the date has passed) → high;
* expected to fall vacant within 24 months → medium;
* otherwise (no expected vacancy, or further away) → low.
"""

from __future__ import annotations

import calendar
import datetime as dt

HIGH, MEDIUM, LOW = "high", "medium", "low"
RISKS = (HIGH, MEDIUM, LOW)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def within_months(when: dt.date | None, today: dt.date, months: int) -> bool:
    """Is ``when`` on or before the day ``months`` from today (past dates count)?"""
    return when is not None and when <= add_months(today, months)


def derived_risk(*, vacant: bool, interim: bool, expected_vacancy: dt.date | None,
                 today: dt.date) -> str:
    if vacant or interim or within_months(expected_vacancy, today, 12):
        return HIGH
    if within_months(expected_vacancy, today, 24):
        return MEDIUM
    return LOW


def vacancy_risk(*, vacant: bool, interim: bool, expected_vacancy: dt.date | None,
                 today: dt.date, override: str = "") -> str:
    """The risk shown for a post: the override when one was recorded, else the derived one."""
    if override:
        if override not in RISKS:
            raise ValueError(f"unknown vacancy risk {override!r}")
        return override
    return derived_risk(vacant=vacant, interim=interim, expected_vacancy=expected_vacancy,
                        today=today)

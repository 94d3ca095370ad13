"""Early warnings for chief executives and board members, worked out from plain facts.

No Django here: the support app reads the facts (posts, holdings, check-ins, support,
oversight segments) and gives them to these functions with today's date. Each warning comes
back with its explanation in plain words: what fired, the dates and the facts behind it
(docs/support.md says the rules). A warning is never stored: it is worked out afresh, so it
clears as soon as its cause is gone.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

#: The kinds of warning, in the order pages list them.
NO_MENTOR = "no_mentor"
NO_CHECK_IN = "no_check_in"
TURNOVER = "turnover"
HIGH_PRESSURE = "high_pressure"
FORCED_OUT = "forced_out"

KIND_LABELS = {
    NO_MENTOR: "New chief executive without a mentor or coach",
    NO_CHECK_IN: "Intensive support organisation without a check-in",
    TURNOVER: "Three or more chief executives in five years",
    HIGH_PRESSURE: "High pressure at two check-ins in a row",
    FORCED_OUT: "Left by mutual agreement within two years",
}

#: A chief executive is "new" for their first year in post.
NEW_FOR_MONTHS = 12
#: The months after which a new chief executive should have a mentor or coach, and after
#: which an organisation in segment 4 or 5 should have had a check-in with its chief executive.
SUPPORT_WITHIN_MONTHS = 3
CHECK_IN_EVERY_MONTHS = 3
#: Oversight Framework segments of organisations needing intensive support.
INTENSIVE_SEGMENTS = frozenset({4, 5})
TURNOVER_YEARS = 5
TURNOVER_COUNT = 3
HIGH_PRESSURE_FROM = 4
FORCED_OUT_WITHIN_MONTHS = 24
#: How long a departure by mutual agreement stays on the warnings list.
FORCED_OUT_SHOWN_MONTHS = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier); the month's last day when it is shorter
    (31 August plus 6 months is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Warning:
    kind: str
    person_id: int | None
    organisation_id: int | None
    since: dt.date
    explanation: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class _ChiefExecutiveOf:
    """Who a fact is about: a chief executive and their organisation (the first four fields
    of each fact below, in this order)."""

    person_id: int
    name: str
    organisation_id: int
    organisation: str


@dataclass(frozen=True)
class NewChiefExecutive(_ChiefExecutiveOf):
    started_on: dt.date
    has_mentor_or_coach: bool


def _warning(kind: str, chief: _ChiefExecutiveOf, since: dt.date, explanation: str) -> Warning:
    """A warning of ``kind`` about ``chief`` and their organisation."""
    return Warning(kind, chief.person_id, chief.organisation_id, since, explanation)


def no_mentor(chiefs: Iterable[NewChiefExecutive], today: dt.date) -> list[Warning]:
    """(a) A chief executive in their first year, three months or more in post, without a
    mentor or coach (a mentoring relationship, or a coaching or mentor offer taken up)."""
    found = []
    for chief in chiefs:
        due = add_months(chief.started_on, SUPPORT_WITHIN_MONTHS)
        if chief.has_mentor_or_coach or not due <= today < add_months(
                chief.started_on, NEW_FOR_MONTHS):
            continue
        found.append(_warning(
            NO_MENTOR, chief, due,
            f"{chief.name} started as chief executive of {chief.organisation} on "
            f"{long_date(chief.started_on)} and has had no mentor or coach since "
            f"{long_date(due)}, three months on."))
    return found


@dataclass(frozen=True)
class SegmentedChiefExecutive(_ChiefExecutiveOf):
    segment: int
    #: when the organisation entered its segment, and when the chief executive started
    segment_since: dt.date
    started_on: dt.date
    last_check_in: dt.date | None


def no_check_in(chiefs: Iterable[SegmentedChiefExecutive], today: dt.date) -> list[Warning]:
    """(b) The chief executive of an organisation in segment 4 or 5 without a check-in for
    three months: since their last check-in, or (never checked in) since the later of their
    start and the organisation's entry into the segment."""
    found = []
    for chief in chiefs:
        if chief.segment not in INTENSIVE_SEGMENTS:
            continue
        since = chief.last_check_in or max(chief.segment_since, chief.started_on)
        due = add_months(since, CHECK_IN_EVERY_MONTHS)
        if today < due:
            continue
        last = (f"the last check-in was on {long_date(chief.last_check_in)}"
                if chief.last_check_in else "there has been no check-in since "
                f"{long_date(since)}")
        found.append(_warning(
            NO_CHECK_IN, chief, due,
            f"{chief.organisation} is in Oversight Framework segment {chief.segment} "
            f"(intensive support) and {last}: a check-in with {chief.name} was due by "
            f"{long_date(due)}."))
    return found


@dataclass(frozen=True)
class Holding(_ChiefExecutiveOf):
    """One person's time as chief executive of an organisation."""

    started_on: dt.date
    ended_on: dt.date | None = None
    interim: bool = False
    exit_reason: str = ""


def turnover(holdings: Iterable[Holding], today: dt.date) -> list[Warning]:
    """(c) An organisation that had three or more chief executives (substantive or interim)
    in the five years to today: holdings that were running at any time in that window."""
    window_start = add_months(today, -12 * TURNOVER_YEARS)
    by_organisation: dict[int, list[Holding]] = {}
    for holding in holdings:
        if holding.started_on <= today and (holding.ended_on is None
                                            or holding.ended_on >= window_start):
            by_organisation.setdefault(holding.organisation_id, []).append(holding)
    found = []
    for organisation_id, held in sorted(by_organisation.items()):
        people = {h.person_id for h in held}
        if len(people) < TURNOVER_COUNT:
            continue
        held.sort(key=lambda h: h.started_on)
        names = "; ".join(
            f"{h.name}{' (interim)' if h.interim else ''} from {long_date(h.started_on)}"
            + (f" to {long_date(h.ended_on)}" if h.ended_on else "") for h in held)
        found.append(Warning(
            TURNOVER, None, organisation_id, window_start,
            f"{held[0].organisation} has had {len(people)} chief executives since "
            f"{long_date(window_start)}: {names}."))
    return found


@dataclass(frozen=True)
class PressureReport:
    person_id: int
    name: str
    organisation_id: int | None
    held_on: dt.date
    pressure: int


def high_pressure(check_ins: Iterable[PressureReport]) -> list[Warning]:
    """(d) A leader whose two latest check-ins both report pressure of 4 or 5."""
    latest: dict[int, list[PressureReport]] = {}
    for check_in in sorted(check_ins, key=lambda c: (c.person_id, c.held_on), reverse=True):
        two = latest.setdefault(check_in.person_id, [])
        if len(two) < 2:
            two.append(check_in)
    found = []
    for person_id, (last, before) in ((p, r) for p, r in sorted(latest.items())
                                      if len(r) == 2):
        if min(last.pressure, before.pressure) < HIGH_PRESSURE_FROM:
            continue
        found.append(Warning(
            HIGH_PRESSURE, person_id, last.organisation_id, last.held_on,
            f"{last.name} reported pressure of {before.pressure} on "
            f"{long_date(before.held_on)} and {last.pressure} on {long_date(last.held_on)}, "
            f"two check-ins in a row at {HIGH_PRESSURE_FROM} or more."))
    return found


def left_early_by_agreement(holding: Holding) -> bool:
    """A substantive chief executive who left by mutual agreement within two years."""
    return (holding.exit_reason == "mutual_agreement" and holding.ended_on is not None
            and holding.ended_on < add_months(holding.started_on, FORCED_OUT_WITHIN_MONTHS))


def forced_out(holdings: Iterable[Holding], today: dt.date) -> list[Warning]:
    """(e) A chief executive who left by mutual agreement within two years of starting, in
    the last twelve months (counted over longer periods by `forced_out_count`)."""
    since = add_months(today, -FORCED_OUT_SHOWN_MONTHS)
    found = []
    for h in sorted(holdings, key=lambda h: (h.ended_on or today, h.person_id or 0)):
        # A holding whose person was erased still counts (forced_out_count); nobody is left
        # to warn about.
        if (h.person_id is None or not left_early_by_agreement(h)
                or not since <= h.ended_on <= today):
            continue
        found.append(_warning(
            FORCED_OUT, h, h.ended_on,
            f"{h.name} left as chief executive of {h.organisation} by mutual agreement on "
            f"{long_date(h.ended_on)}, {months_between(h.started_on, h.ended_on)} months "
            f"after starting on {long_date(h.started_on)}."))
    return found


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months


def forced_out_count(holdings: Iterable[Holding], since: dt.date, today: dt.date) -> int:
    """How many chief executives left by mutual agreement within two years of starting,
    leaving between ``since`` and ``today``."""
    return sum(1 for h in holdings if left_early_by_agreement(h)
               and since <= h.ended_on <= today)

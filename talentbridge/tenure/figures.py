"""Tenure figures for a scope: aggregates only, every count through the disclosure rules
(engine/insights/disclosure.py, docs/disclosure.md). Below England, counts of 1 to 7 are shown
as "*", others rounded to the nearest 5, a further count is hidden where one could be worked out
from a total, and a median or share is not worked out from fewer than 8 holdings. England's
figures are exact.

Survival is Kaplan–Meier (engine/tenure/survival.py): a holding's length is from its start to
its end, or to today for those still in post (censored). Groups:

- kind of organisation and region: where the organisation is today;
- oversight segment: the organisation's latest segment (today's), or "Not segmented";
- first-time or experienced (chief executives only): the holding's ``first_time``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field

import numpy as np
from django.utils import timezone

from engine.insights.disclosure import MIN_FOR_RATE
from engine.insights.disclosure import control_count
from engine.insights.disclosure import control_share
from engine.insights.disclosure import protect_table
from engine.tenure.survival import kaplan_meier
from talentbridge.organisations.models import OrganisationKind
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import placements_on
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.scopes import Scope

from .models import PostHolding
from .services import segments_by_organisation

CHIEF_EXECUTIVES = "chief_executives"
BOARD_MEMBERS = "board_members"
POPULATIONS = {
    CHIEF_EXECUTIVES: "Chief executives",
    BOARD_MEMBERS: "Other board members",
}
GROUPINGS = {
    "all": "Everyone",
    "organisation_kind": "Kind of organisation",
    "region": "Region",
    "segment": "Oversight segment (today)",
    "experience": "First-time or experienced chief executive",
}
#: Years at which the survival table reads the curve.
READ_AT_YEARS = (1, 2, 3, 5, 10)
NOT_SEGMENTED = "Not segmented"
DAYS_PER_YEAR = 365.25


@dataclass
class GroupFigures:
    label: str
    holdings: int | str
    exits: int | str
    in_post: int | str
    median_years: float | None
    #: share still in post at each of READ_AT_YEARS (None: not shown)
    survival: list[float | None] = field(default_factory=list)


@dataclass
class SurvivalFigures:
    population: str
    grouping: str
    national: bool
    groups: list[GroupFigures]
    #: group label → survival at 0..10 years (None where not shown), for the chart
    curves: dict[str, list[float | None]]


@dataclass
class _Tenure:
    organisation_id: int
    days: float
    observed: bool
    group: str


def _kinds(population: str) -> list[str]:
    if population == CHIEF_EXECUTIVES:
        return [BoardPostKind.CHIEF_EXECUTIVE]
    return [k for k in BoardPostKind.values if k != BoardPostKind.CHIEF_EXECUTIVE]


def _holdings(scope: Scope, population: str, today: dt.date):
    rows = PostHolding.unscoped.filter(kind__in=_kinds(population), started_on__lte=today,
                                       **scope.filter())
    return rows.values_list("organisation_id", "organisation__kind", "started_on", "ended_on",
                            "first_time")


def _group_namer(grouping: str, organisation_ids: set[int]):
    """A function (organisation id, organisation kind, first_time) → group label."""
    if grouping == "organisation_kind":
        return lambda org, kind, first: OrganisationKind(kind).label
    if grouping == "region":
        regions = dict(Region.objects.values_list("pk", "name"))
        placements = placements_on()
        return lambda org, kind, first: (regions.get(placements[org].region_id, "No region")
                                         if org in placements else "No region")
    if grouping == "segment":
        latest = {org: history[-1][1] for org, history in
                  segments_by_organisation(organisation_ids).items()}
        return lambda org, kind, first: (f"Segment {latest[org]}" if org in latest
                                         else NOT_SEGMENTED)
    if grouping == "experience":
        return lambda org, kind, first: ("First chief executive post" if first
                                         else "Experienced chief executive")
    return lambda org, kind, first: "Everyone"


def tenures(scope: Scope, population: str, grouping: str,
            today: dt.date | None = None) -> list[_Tenure]:
    today = today or timezone.localdate()
    rows = list(_holdings(scope, population, today))
    name = _group_namer(grouping, {r[0] for r in rows})
    return [_Tenure(org, float(((ended or today) - started).days), ended is not None,
                    name(org, kind, first))
            for org, kind, started, ended, first in rows]


def _shown_at(days: np.ndarray, curve, years: float, national: bool) -> float | None:
    """The curve at ``years``, when enough holdings were still being followed then."""
    at_risk = int((days >= years * DAYS_PER_YEAR).sum())
    if not national and at_risk < MIN_FOR_RATE:
        return None
    return curve.at(years * DAYS_PER_YEAR)[0]


def _group(label: str, items: list[_Tenure], shown_counts: tuple, national: bool
           ) -> tuple[GroupFigures, list[float | None]]:
    days = np.array([t.days for t in items])
    observed = np.array([t.observed for t in items])
    holdings, exits, in_post = shown_counts
    enough = national or len(items) >= MIN_FOR_RATE
    if not enough:
        return GroupFigures(label, holdings, exits, in_post, None,
                            [None] * len(READ_AT_YEARS)), [None] * 11
    curve = kaplan_meier(days, observed)
    median = curve.median_days / DAYS_PER_YEAR if curve.median_days is not None else None
    survival = [_shown_at(days, curve, y, national) for y in READ_AT_YEARS]
    line = [_shown_at(days, curve, y, national) for y in range(11)]
    return GroupFigures(label, holdings, exits, in_post, median, survival), line


def survival(scope: Scope, population: str = CHIEF_EXECUTIVES, grouping: str = "all",
             today: dt.date | None = None) -> SurvivalFigures:
    """Kaplan–Meier survival in post by group, through the disclosure rules."""
    items = tenures(scope, population, grouping, today)
    by_group: dict[str, list[_Tenure]] = defaultdict(list)
    for item in items:
        by_group[item.group].append(item)
    labels = sorted(by_group)
    national = scope.national
    table = protect_table([[sum(t.observed for t in by_group[g]),
                            sum(not t.observed for t in by_group[g])] for g in labels]
                          or [[0, 0]], national=national)
    groups, curves = [], {}
    for i, label in enumerate(labels):
        counts = (table.row_totals[i], table.cells[i][0], table.cells[i][1])
        group, line = _group(label, by_group[label], counts, national)
        groups.append(group)
        curves[label] = line
    return SurvivalFigures(population, grouping, national, groups, curves)


# --------------------------------------------------------------------------------------
# Turnover and interim rates per year
# --------------------------------------------------------------------------------------


@dataclass
class YearFigures:
    year: int
    in_post_at_start: int | str
    exits: int | str
    turnover: float | None
    appointments: int | str
    interim_appointments: int | str
    interim_rate: float | None


def _rate(part: int, whole: int, national: bool) -> float | None:
    return control_share(part, whole, national=national) if whole else None


def turnover(scope: Scope, population: str = CHIEF_EXECUTIVES, years: int = 10,
             today: dt.date | None = None) -> list[YearFigures]:
    """Per calendar year: holders in post on 1 January, exits in the year (turnover is exits
    over holders on 1 January), appointments and how many were interim (interim rate)."""
    today = today or timezone.localdate()
    rows = list(PostHolding.unscoped.filter(kind__in=_kinds(population), **scope.filter())
                .values_list("started_on", "ended_on", "interim"))
    national = scope.national
    found = []
    for year in range(today.year - years + 1, today.year + 1):
        first = dt.date(year, 1, 1)
        holding = sum(1 for s, e, _ in rows if s < first and (e is None or e >= first))
        exits = sum(1 for _, e, _ in rows if e is not None and e.year == year and e <= today)
        starts = [i for s, _, i in rows if s.year == year and s <= today]
        interims = sum(starts)
        found.append(YearFigures(
            year, control_count(holding, national=national),
            control_count(exits, national=national), _rate(exits, holding, national),
            control_count(len(starts), national=national),
            control_count(interims, national=national), _rate(interims, len(starts), national)))
    return found


# --------------------------------------------------------------------------------------
# Chief executives per organisation in five years
# --------------------------------------------------------------------------------------

CE_COUNT_BANDS = ("1", "2", "3", "4 or more")


@dataclass
class ChiefExecutiveCounts:
    since: dt.date
    national: bool
    #: (band, organisations shown) for 1, 2, 3 and 4 or more chief executives
    bands: list[tuple[str, int | str]]
    organisations: int | str


def chief_executives_per_organisation(scope: Scope, today: dt.date | None = None
                                      ) -> ChiefExecutiveCounts:
    """How many people held each organisation's chief executive post in the last five years
    (interims included), as a distribution of organisations."""
    today = today or timezone.localdate()
    since = today.replace(year=today.year - 5)
    people = defaultdict(set)
    for org, person in (PostHolding.unscoped
                        .filter(kind=BoardPostKind.CHIEF_EXECUTIVE, started_on__lte=today,
                                **scope.filter())
                        .exclude(ended_on__lt=since)
                        .values_list("organisation_id", "person_id")):
        people[org].add(person)
    per_band = Counter(CE_COUNT_BANDS[min(len(p), 4) - 1] for p in people.values())
    counts = [per_band[b] for b in CE_COUNT_BANDS]
    national = scope.national
    table = protect_table([[c] for c in counts], national=national)
    bands = [(b, table.cells[i][0]) for i, b in enumerate(CE_COUNT_BANDS)]
    return ChiefExecutiveCounts(since, national, bands, table.col_totals[0])

"""Supply against demand for a region's board posts, by kind of post.

Demand for a kind of post: posts vacant or held by an interim now, and held posts expected to
fall vacant within 12 months, or in 12 to 24 months. Supply: the distinct people, in a talent
pool now, named as a successor ready now or in 1 to 2 years for a post of that kind. The gap is
supply minus demand (negative: too few ready people). Counts of people are shown through the
disclosure rules below England (`controlled`); counts of posts are not about people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from engine.insights.disclosure import SUPPRESSED
from engine.insights.disclosure import control_count

from .bench import WITHIN_TWO_YEARS
from .bench import Post
from .risk import within_months


@dataclass
class SupplyDemand:
    kind: str
    vacant_or_interim_now: int = 0
    within_12_months: int = 0
    in_12_to_24_months: int = 0
    ready_people: int = 0

    @property
    def expected_vacancies(self) -> int:
        return self.vacant_or_interim_now + self.within_12_months + self.in_12_to_24_months

    @property
    def gap(self) -> int:
        return self.ready_people - self.expected_vacancies


def supply_and_demand(posts: Iterable[Post], pool_member_ids: set[int], today: dt.date,
                      kinds: Iterable[str] = ()) -> list[SupplyDemand]:
    """One row per kind of post (every kind in ``kinds`` even when it has no posts)."""
    rows = {kind: SupplyDemand(kind) for kind in kinds}
    ready: dict[str, set[int]] = {kind: set() for kind in rows}
    for post in posts:
        row = rows.setdefault(post.kind, SupplyDemand(post.kind))
        if post.vacant or post.interim:
            row.vacant_or_interim_now += 1
        elif within_months(post.expected_vacancy, today, 12):
            row.within_12_months += 1
        elif within_months(post.expected_vacancy, today, 24):
            row.in_12_to_24_months += 1
        ready.setdefault(post.kind, set()).update(
            s.person_id for s in post.successors
            if s.readiness in WITHIN_TWO_YEARS and s.person_id in pool_member_ids)
    for kind, people in ready.items():
        rows[kind].ready_people = len(people)
    return list(rows.values())


def controlled(row: SupplyDemand, *, national: bool) -> dict:
    """A row for display: counts of people through the disclosure rule, and the gap worked out
    from the shown count (hidden when the count is)."""
    ready = control_count(row.ready_people, national=national)
    return {
        "kind": row.kind,
        "vacant_or_interim_now": row.vacant_or_interim_now,
        "within_12_months": row.within_12_months,
        "in_12_to_24_months": row.in_12_to_24_months,
        "expected_vacancies": row.expected_vacancies,
        "ready_people": ready,
        "gap": SUPPRESSED if ready == SUPPRESSED else ready - row.expected_vacancies,
    }

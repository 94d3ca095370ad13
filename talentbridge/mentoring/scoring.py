"""How well an offer fits a request, and each side's ranks from the scores. Plain Python: the
services give it plain values (docs/mentoring.md, "How a pair is scored").

A pair is admissible when the offer is of the kind asked for (mentor or coach), shares at least
one LCF domain with the request's needs, and the mentor will support a leader of another
organisation if the mentee is in one. Its score is

    3 × (LCF domains needed that the mentor offers)
  + 2 if the mentor knows the kind of organisation the mentee works in
  + 1 × (kinds of organisation the mentee asked for that the mentor knows)
  + 1 if the mentee wants someone from outside and the mentor is in another system

Conflicts of interest are decided elsewhere (conflicts.py) and never scored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Side:
    """What scoring needs of a request (mentee) or an offer (mentor)."""

    key: str
    person_id: int
    organisation_id: int
    organisation_kind: str
    system_id: int | None
    domains: frozenset[int]
    kinds: frozenset[str]  # organisation kinds known (offer) or wanted (request)
    support: frozenset[str]  # "mentor"/"coach" offered, or the one asked for
    wants_outside: bool = False
    across_organisations: bool = True


def score(mentee: Side, mentor: Side) -> float | None:
    """The pair's score, or None when it is not admissible."""
    if not (mentee.support & mentor.support):
        return None
    overlap = len(mentee.domains & mentor.domains)
    if overlap == 0:
        return None
    if mentee.organisation_id != mentor.organisation_id and not mentor.across_organisations:
        return None
    total = 3 * overlap
    if mentee.organisation_kind in mentor.kinds:
        total += 2
    total += len(mentee.kinds & mentor.kinds)
    if mentee.wants_outside and mentee.system_id != mentor.system_id:
        total += 1
    return float(total)


def ranks(pairs: list[tuple[str, str, float]]) -> list[tuple[str, str, float, int, int]]:
    """(mentee, mentor, score) → with each side's rank of the other (1 = best): higher score
    first, ties broken by the other side's key, so each side's ranks are 1..k."""
    by_mentee: dict[str, list] = defaultdict(list)
    by_mentor: dict[str, list] = defaultdict(list)
    for mentee, mentor, value in pairs:
        by_mentee[mentee].append((-value, mentor))
        by_mentor[mentor].append((-value, mentee))
    mentee_rank = {(m, o): i for m, row in by_mentee.items()
                   for i, (_, o) in enumerate(sorted(row), start=1)}
    mentor_rank = {(m, o): i for o, row in by_mentor.items()
                   for i, (_, m) in enumerate(sorted(row), start=1)}
    return [(m, o, v, mentee_rank[m, o], mentor_rank[m, o]) for m, o, v in pairs]

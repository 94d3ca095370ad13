"""Bench strength: how well a set of board posts is covered by successors.

Every figure counts posts (or successor lines), never names, and counts every post and plan
in the scope whoever asks. Definitions (docs/succession.md says the same):

* ``with_ready_now``: posts with at least one successor ready now;
* ``with_two_ready_within_two_years``: posts with two or more successors ready now or in
  1 to 2 years;
* ``with_none``: posts with no successor at all;
* ``covered``: posts with an emergency-cover or a ready-now successor;
* ``interim``: posts held by an interim; ``vacant``: posts with no incumbent;
* ``successors_from_elsewhere_share``: of all successor lines, the share whose person works
  for another organisation than the post's (same system or elsewhere); None with no lines;
* ``incumbents_within_two_years_of_vacancy``: held posts expected to fall vacant within 24
  months; ``incumbents_retiring_within_two_years``: those of them for retirement.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

from .risk import vacancy_risk
from .risk import within_months

NOW, ONE_TO_TWO, THREE_PLUS = "now", "1-2", "3+"
SAME_ORGANISATION, SAME_SYSTEM, ELSEWHERE = "same organisation", "same system", "elsewhere"
WITHIN_TWO_YEARS = (NOW, ONE_TO_TWO)


@dataclass(frozen=True)
class SuccessorLine:
    person_id: int
    readiness: str
    emergency: bool
    source: str


@dataclass(frozen=True)
class Post:
    post_id: int
    kind: str
    organisation: str
    organisation_kind: str = ""
    system: str = ""
    region: str = ""
    vacant: bool = False
    interim: bool = False
    expected_vacancy: dt.date | None = None
    vacancy_reason: str = ""
    risk_override: str = ""
    successors: tuple[SuccessorLine, ...] = field(default=())

    def risk(self, today: dt.date) -> str:
        return vacancy_risk(vacant=self.vacant, interim=self.interim,
                            expected_vacancy=self.expected_vacancy, today=today,
                            override=self.risk_override)

    @property
    def has_ready_now(self) -> bool:
        return any(s.readiness == NOW for s in self.successors)

    @property
    def covered(self) -> bool:
        """Covered: an emergency-cover successor or one ready now."""
        return any(s.emergency or s.readiness == NOW for s in self.successors)

    @property
    def ready_within_two_years(self) -> int:
        return sum(1 for s in self.successors if s.readiness in WITHIN_TWO_YEARS)


@dataclass
class BenchStrength:
    posts: int = 0
    with_ready_now: int = 0
    with_two_ready_within_two_years: int = 0
    with_none: int = 0
    covered: int = 0
    interim: int = 0
    vacant: int = 0
    successors: int = 0
    successors_from_elsewhere: int = 0
    incumbents_within_two_years_of_vacancy: int = 0
    incumbents_retiring_within_two_years: int = 0

    @property
    def successors_from_elsewhere_share(self) -> float | None:
        if not self.successors:
            return None
        return self.successors_from_elsewhere / self.successors

    def share(self, count: int) -> float | None:
        """``count`` as a share of the posts (None with no posts)."""
        return count / self.posts if self.posts else None

    def add(self, post: Post, today: dt.date) -> None:
        self.posts += 1
        self.with_ready_now += post.has_ready_now
        self.with_two_ready_within_two_years += post.ready_within_two_years >= 2
        self.with_none += not post.successors
        self.covered += post.covered
        self.interim += post.interim
        self.vacant += post.vacant
        self.successors += len(post.successors)
        self.successors_from_elsewhere += sum(
            1 for s in post.successors if s.source != SAME_ORGANISATION)
        if not post.vacant and within_months(post.expected_vacancy, today, 24):
            self.incumbents_within_two_years_of_vacancy += 1
            self.incumbents_retiring_within_two_years += post.vacancy_reason == "retirement"

    def as_dict(self) -> dict:
        return {
            "posts": self.posts,
            "with_ready_now": self.with_ready_now,
            "with_two_ready_within_two_years": self.with_two_ready_within_two_years,
            "with_none": self.with_none,
            "covered": self.covered,
            "interim": self.interim,
            "vacant": self.vacant,
            "successors_from_elsewhere_share": self.successors_from_elsewhere_share,
            "incumbents_within_two_years_of_vacancy": self.incumbents_within_two_years_of_vacancy,
            "incumbents_retiring_within_two_years": self.incumbents_retiring_within_two_years,
        }


def bench_strength(posts: Iterable[Post], today: dt.date) -> BenchStrength:
    total = BenchStrength()
    for post in posts:
        total.add(post, today)
    return total


def bench_strength_by(posts: Iterable[Post], today: dt.date,
                      key: Callable[[Post], str]) -> dict[str, BenchStrength]:
    """Bench strength per group (``key``: e.g. the post's kind, organisation, system, region
    or kind of organisation), groups in sorted order."""
    groups: dict[str, BenchStrength] = defaultdict(BenchStrength)
    for post in posts:
        groups[key(post)].add(post, today)
    return dict(sorted(groups.items()))


def risk_counts(posts: Iterable[Post], today: dt.date) -> dict[str, int]:
    counts = {"high": 0, "medium": 0, "low": 0}
    for post in posts:
        counts[post.risk(today)] += 1
    return counts

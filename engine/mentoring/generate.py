"""Deterministic synthetic mentoring instances for tests and the benchmark (vectorised NumPy).

Organisations of very different sizes; mentors with capacities 1 to 8 (some far more sought
after than others); each mentee lists up to ``pairs_per_mentee`` distinct mentors, drawn by how
sought after they are. Scores have two decimal places (0 to 100: how sought after the mentor is
plus personal fit). Each side ranks its pairs by the score plus its own noise, so the two sides
agree only roughly. A share of mentees want a mentor from outside their organisation, and a
share of listed pairs are declared conflicts (with a few conflicts between people not listed
together).

The same arguments and seed always give the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from engine.mentoring.instance import CONFLICTS
from engine.mentoring.instance import MENTEES
from engine.mentoring.instance import MENTORS
from engine.mentoring.instance import PAIRS

__all__ = ["FULL", "Generated", "generate"]


@dataclass(frozen=True, eq=False)
class Generated:
    """The four files' columns, as arrays."""

    mentor_ids: np.ndarray
    mentor_org: np.ndarray
    capacity: np.ndarray
    mentee_ids: np.ndarray
    mentee_org: np.ndarray
    wants_outside: np.ndarray
    pair_mentee: np.ndarray
    pair_mentor: np.ndarray
    cents: np.ndarray
    """Scores in hundredths (the file holds ``cents / 100``)."""
    mentee_rank: np.ndarray
    mentor_rank: np.ndarray
    conflict_mentee: np.ndarray
    conflict_mentor: np.ndarray

    def write(self, directory: str | Path) -> None:
        """Write mentors.csv, mentees.csv, pairs.csv and conflicts.csv into ``directory``."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        mentor_ids = pl.Series(self.mentor_ids, dtype=pl.String)
        mentee_ids = pl.Series(self.mentee_ids, dtype=pl.String)
        pl.DataFrame({"mentor_id": mentor_ids, "organisation": self.mentor_org,
                      "capacity": self.capacity}).write_csv(folder / MENTORS)
        pl.DataFrame({"mentee_id": mentee_ids, "organisation": self.mentee_org,
                      "wants_outside": self.wants_outside.astype(np.int8)}
                     ).write_csv(folder / MENTEES)
        whole, frac = np.divmod(self.cents, 100)
        score = (pl.Series(whole).cast(pl.String) + "."
                 + pl.Series(frac).cast(pl.String).str.zfill(2))
        pl.DataFrame({"mentee_id": mentee_ids.gather(self.pair_mentee),
                      "mentor_id": mentor_ids.gather(self.pair_mentor),
                      "score": score, "mentee_rank": self.mentee_rank,
                      "mentor_rank": self.mentor_rank}).write_csv(folder / PAIRS)
        pl.DataFrame({"mentee_id": mentee_ids.gather(self.conflict_mentee),
                      "mentor_id": mentor_ids.gather(self.conflict_mentor)}
                     ).write_csv(folder / CONFLICTS)


#: The benchmark's size: mentees, mentors, pairs per mentee.
FULL = (20_000, 5_000, 50)


def _ids(prefix: str, n: int) -> np.ndarray:
    width = len(str(n))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def _weighted(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    cdf = np.cumsum(weights, dtype=np.float64)
    cdf /= cdf[-1]
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(weights) - 1)


def _ranks(who: np.ndarray, liking: np.ndarray) -> np.ndarray:
    """1 for each person's best-liked pair, then 2, 3... (ties broken by pair order)."""
    order = np.lexsort((-liking, who))
    sorted_who = who[order]
    first = np.flatnonzero(np.r_[True, sorted_who[1:] != sorted_who[:-1]])
    start = np.repeat(first, np.diff(np.r_[first, who.shape[0]]))
    ranks = np.empty(who.shape[0], dtype=np.int32)
    ranks[order] = np.arange(who.shape[0]) - start + 1
    return ranks


def _pairs(rng: np.random.Generator, n_mentees: int, n_mentors: int, k: int,
           appeal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Up to k distinct mentors per mentee, drawn by appeal (25% extra draws cover repeats)."""
    k_draw = k + (k + 3) // 4
    draws = _weighted(rng, appeal, n_mentees * k_draw).astype(np.int64)
    mentee = np.repeat(np.arange(n_mentees, dtype=np.int64), k_draw)
    key = mentee * n_mentors + draws
    _, first = np.unique(key, return_index=True)
    first.sort()
    key = key[first]
    mentee = key // n_mentors
    starts = np.flatnonzero(np.r_[True, mentee[1:] != mentee[:-1]])
    position = np.arange(key.shape[0]) - np.repeat(starts, np.diff(np.r_[starts, key.shape[0]]))
    key = key[position < k]
    return (key // n_mentors).astype(np.int32), (key % n_mentors).astype(np.int32)


def generate(n_mentees: int, n_mentors: int, pairs_per_mentee: int = 50, seed: int = 0, *,
             n_orgs: int | None = None, outside_share: float = 0.3,
             conflict_share: float = 0.005) -> Generated:
    """A synthetic instance (see the module docstring)."""
    if n_mentees < 1 or n_mentors < 1:
        raise ValueError("need at least one mentee and one mentor")
    rng = np.random.default_rng(seed)
    n_orgs = n_orgs or max(2, min(200, (n_mentees + n_mentors) // 100))
    org_weight = rng.lognormal(0.0, 0.8, n_orgs)
    orgs = _ids("ORG", n_orgs)
    mentor_org = orgs[_weighted(rng, org_weight, n_mentors)]
    mentee_org = orgs[_weighted(rng, org_weight, n_mentees)]
    capacity = rng.integers(1, 9, n_mentors, dtype=np.int64)
    appeal = rng.lognormal(0.0, 0.7, n_mentors)
    k = min(pairs_per_mentee, n_mentors)
    pair_mentee, pair_mentor = _pairs(rng, n_mentees, n_mentors, k, appeal)
    n_p = pair_mentee.shape[0]
    appeal_cents = np.rint(4000 * appeal / appeal.max()).astype(np.int64)
    cents = appeal_cents[pair_mentor] + rng.integers(0, 6001, n_p, dtype=np.int64)
    liking = cents + rng.normal(0.0, 1500.0, n_p)
    mentee_rank = _ranks(pair_mentee, liking)
    mentor_rank = _ranks(pair_mentor, cents + rng.normal(0.0, 1500.0, n_p))
    listed = np.flatnonzero(rng.random(n_p) < conflict_share)
    n_extra = max(1, listed.shape[0] // 10)
    conflict_mentee = np.concatenate([pair_mentee[listed],
                                      rng.integers(0, n_mentees, n_extra, dtype=np.int32)])
    conflict_mentor = np.concatenate([pair_mentor[listed],
                                      rng.integers(0, n_mentors, n_extra, dtype=np.int32)])
    return Generated(
        mentor_ids=_ids("R", n_mentors), mentor_org=mentor_org, capacity=capacity,
        mentee_ids=_ids("M", n_mentees), mentee_org=mentee_org,
        wants_outside=rng.random(n_mentees) < outside_share,
        pair_mentee=pair_mentee, pair_mentor=pair_mentor, cents=cents,
        mentee_rank=mentee_rank, mentor_rank=mentor_rank,
        conflict_mentee=conflict_mentee.astype(np.int32),
        conflict_mentor=conflict_mentor.astype(np.int32),
    )

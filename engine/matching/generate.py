"""Deterministic synthetic instances for tests and benchmarks (vectorised NumPy).

The shape loosely follows the NHS in England: employers (trusts, ICBs…) of very different sizes,
opportunities hosted by those employers, a few opportunities far more popular than the rest,
and integer scores 0..1000 mixing how attractive an opportunity is with personal fit. Some
listed pairs are at the candidate's own employer, so exclusion is exercised; about half of the
employers cap how many people they release (roughly 15% of their staff in the instance).

The same arguments and seed always give the same instance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.matching.instance import NO_CAP
from engine.matching.instance import Instance

__all__ = ["SCALES", "Scale", "generate", "generate_scale"]


@dataclass(frozen=True)
class Scale:
    """Arguments for :func:`generate` used by the benchmark."""

    n_candidates: int
    n_opportunities: int
    pairs_per_candidate: int
    seats_total: int
    n_employers: int


SCALES: dict[str, Scale] = {
    "tiny": Scale(200, 30, 10, 40, 8),  # for tests and demos
    "small": Scale(2_000, 300, 60, 400, 30),
    "medium": Scale(20_000, 2_000, 125, 4_000, 120),
    "large": Scale(100_000, 10_000, 125, 20_000, 220),
}


def _weighted_choice(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Draw ``size`` indices with probability proportional to ``weights`` (with replacement)."""
    cdf = np.cumsum(weights, dtype=np.float64)
    cdf /= cdf[-1]
    picks = np.searchsorted(cdf, rng.random(size), side="right")
    return np.minimum(picks, len(weights) - 1)


def generate(
    n_candidates: int,
    n_opportunities: int,
    pairs_per_candidate: int = 125,
    seats_total: int | None = None,
    n_employers: int | None = None,
    seed: int = 0,
    *,
    cap_share: float = 0.5,
) -> Instance:
    """Generate a synthetic instance.

    Each candidate lists up to ``pairs_per_candidate`` distinct opportunities (popular ones are
    drawn more often; 25% extra draws cover repeats, so nearly everyone lists that many). Seats
    add up to ``seats_total`` (default: two per opportunity); every opportunity has at least one
    seat when there are enough seats. ``cap_share`` of employers get a release cap.
    """
    if n_candidates < 1 or n_opportunities < 1:
        raise ValueError("need at least one candidate and one opportunity")
    rng = np.random.default_rng(seed)
    if seats_total is None:
        seats_total = 2 * n_opportunities
    if n_employers is None:
        n_employers = max(2, min(220, n_candidates // 100))
    k = min(pairs_per_candidate, n_opportunities)

    # Organisations: sizes vary a lot (a big acute trust vs a small community provider).
    employer_weight = rng.lognormal(0.0, 0.8, n_employers)
    candidate_employer = _weighted_choice(rng, employer_weight, n_candidates).astype(np.int32)
    opportunity_host = _weighted_choice(rng, employer_weight, n_opportunities).astype(np.int32)
    seats = _seats(rng, seats_total, n_opportunities)
    appeal, cand_idx, opp_idx = _pairs(rng, n_candidates, n_opportunities, k)

    # Scores 0..1000: 40% how attractive the opportunity is, 60% personal fit.
    appeal_points = np.rint(400 * appeal / appeal.max()).astype(np.int64)
    fit = rng.integers(0, 601, cand_idx.shape[0], dtype=np.int64)
    score = appeal_points[opp_idx] + fit

    max_release = _release_caps(rng, candidate_employer, n_employers, cap_share)
    return Instance.from_pairs(
        candidate_ids=_ids("C", n_candidates),
        candidate_employer=candidate_employer,
        opportunity_ids=_ids("O", n_opportunities),
        opportunity_host=opportunity_host,
        seats=seats,
        employers=_ids("ORG", n_employers),
        cand_idx=cand_idx,
        opp_idx=opp_idx,
        score=score,
        max_release=max_release,
    )


def _seats(rng: np.random.Generator, seats_total: int, n_opportunities: int) -> np.ndarray:
    """Seats per opportunity: one each where possible, the rest spread at random."""
    if seats_total >= n_opportunities:
        seats = 1 + rng.multinomial(seats_total - n_opportunities, [1 / n_opportunities] *
                                    n_opportunities)
    else:
        seats = rng.multinomial(seats_total, [1 / n_opportunities] * n_opportunities)
    return seats.astype(np.int64)


def _pairs(rng: np.random.Generator, n_candidates: int, n_opportunities: int, k: int
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Opportunity appeal, and up to k distinct opportunities per candidate drawn by it."""
    # Pairs: k draws per candidate by popularity, duplicates dropped, random order kept.
    appeal = rng.lognormal(0.0, 1.0, n_opportunities)
    # Draw 25% extra so that, after dropping repeats, most candidates still list k.
    k_draw = k + (k + 3) // 4
    draws = _weighted_choice(rng, appeal, n_candidates * k_draw).astype(np.int64)
    cand = np.repeat(np.arange(n_candidates, dtype=np.int64), k_draw)
    key = cand * n_opportunities + draws
    _, first = np.unique(key, return_index=True)
    first.sort()  # back to draw order (grouped by candidate)
    key = key[first]
    cand = key // n_opportunities
    starts = np.flatnonzero(np.r_[True, cand[1:] != cand[:-1]])
    rank = np.arange(key.shape[0]) - np.repeat(starts, np.diff(np.r_[starts, key.shape[0]]))
    key = key[rank < k]
    cand_idx = (key // n_opportunities).astype(np.int32)
    opp_idx = (key % n_opportunities).astype(np.int32)
    return appeal, cand_idx, opp_idx


def _release_caps(rng: np.random.Generator, candidate_employer: np.ndarray, n_employers: int,
                  cap_share: float) -> np.ndarray | None:
    """Release caps for a share of employers: about 15% of their staff in this instance."""
    staff = np.bincount(candidate_employer, minlength=n_employers)
    max_release = np.full(n_employers, NO_CAP, dtype=np.int64)
    capped = (rng.random(n_employers) < cap_share) & (staff > 0)
    max_release[capped] = np.maximum(1, np.rint(0.15 * staff[capped])).astype(np.int64)
    return max_release if capped.any() else None


def _ids(prefix: str, n: int) -> np.ndarray:
    """Zero-padded ids (C001, C002, ...) as wide as the largest number needs."""
    width = len(str(n))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(n)], dtype=object)


def generate_scale(name: str, seed: int = 42) -> Instance:
    """Generate one of the benchmark :data:`SCALES` by name."""
    s = SCALES[name]
    return generate(
        s.n_candidates,
        s.n_opportunities,
        s.pairs_per_candidate,
        s.seats_total,
        s.n_employers,
        seed,
    )

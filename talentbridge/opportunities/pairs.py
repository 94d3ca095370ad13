"""The score of many (person, opportunity) pairs at once, as whole-array NumPy operations.

Plain NumPy, no Django. This is `engine.matching.scoring.score_pair` written over arrays (one
element per pair) so that a match run over 20,000 people and 2,000 opportunities scores every
pair without a Python object per pair. The rules and weights are the engine's, part by part;
`talentbridge/opportunities/tests/test_pairs.py` checks, on random pairs, that every part and
total here equals `score_pair`'s, and each match run re-scores its proposals with `score_pair`
(for their explanations) and fails if the two ever disagree.

Codes used in the arrays:

- ``readiness``: index into :data:`READINESS` (the engine's values);
- ``where``: 0 same system, 1 same region, 2 elsewhere; ``travel``: 0 own system, 1 own
  region, 2 anywhere (so a pair is within travel when ``where <= travel``);
- ``aspiration`` codes: 0 for none, the same positive code on both sides for a match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.matching.scoring import PART_NAMES, Weights

READINESS = ("ready_now", "1_2_years", "3_plus_years", "not_seeking")
WHERE = ("same_system", "same_region", "elsewhere")
TRAVEL = ("own_system", "own_region", "anywhere")

_POPCOUNT = np.array([bin(i).count("1") for i in range(64)], dtype=np.int64)


@dataclass(frozen=True, eq=False)
class PairArrays:
    """One element per pair; all int or bool NumPy arrays of the same length."""

    need_mask: np.ndarray
    develops_mask: np.ndarray
    person_aspiration: np.ndarray
    opportunity_aspiration: np.ndarray
    preference_rank: np.ndarray
    """0 when the person did not rank it."""
    readiness: np.ndarray
    new_host: np.ndarray
    new_kind: np.ndarray
    new_sector: np.ndarray
    where: np.ndarray
    travel: np.ndarray
    positive_action: np.ndarray


def score_parts(a: PairArrays, w: Weights) -> dict[str, np.ndarray]:
    """Points per part for every pair (int64 arrays keyed by engine PART_NAMES)."""
    n = a.need_mask.shape[0]
    developed = _POPCOUNT[(a.need_mask & a.develops_mask) & 63]
    aspiration = (a.person_aspiration > 0) & (a.person_aspiration == a.opportunity_aspiration)
    rank = a.preference_rank.astype(np.int64)
    preference = np.where(
        rank > 0, np.maximum(0, w.preference_first - (rank - 1) * w.preference_step), 0)
    readiness_points = np.array([w.ready_now, w.ready_1_2_years, w.ready_3_plus_years, 0],
                                dtype=np.int64)
    where_points = np.array([w.same_system, w.same_region, w.elsewhere], dtype=np.int64)
    geography = np.where(a.where <= a.travel, where_points[a.where], 0)
    parts = {
        "development": developed * w.development_per_domain,
        "aspiration": aspiration.astype(np.int64) * w.aspiration,
        "preference": preference.astype(np.int64),
        "readiness": readiness_points[a.readiness],
        "novelty": (a.new_host.astype(np.int64) * w.new_host
                    + a.new_kind.astype(np.int64) * w.new_kind
                    + a.new_sector.astype(np.int64) * w.new_sector),
        "geography": geography.astype(np.int64),
        "positive_action": np.zeros(n, dtype=np.int64),
    }
    if w.positive_action_tie_break:
        parts["positive_action"] = a.positive_action.astype(np.int64)
    assert tuple(parts) == PART_NAMES
    return parts


def totals(parts: dict[str, np.ndarray], w: Weights,
           candidates_in_run: int) -> tuple[np.ndarray, np.ndarray]:
    """(merit, total) per pair, as the engine defines them."""
    merit = sum(parts[p] for p in PART_NAMES if p != "positive_action")
    merit = np.asarray(merit, dtype=np.int64)
    if w.positive_action_tie_break:
        return merit, merit * (candidates_in_run + 1) + parts["positive_action"]
    return merit, merit.copy()

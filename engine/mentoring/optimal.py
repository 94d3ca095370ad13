"""Optimal matching: the largest total score, exactly, as a min-cost flow (OR-Tools).

Network (one unit of flow = one mentee matched)::

    source ──► mentee ──► mentor ──► sink
            cap 1      cap 1       cap = capacity
                       cost = -score in millionths
    source ─────────────────────────► sink      (bypass, cap = number of mentees, cost 0)

The source supplies one unit per mentee and the sink absorbs as many. A unit that does not lead
to a worthwhile pair takes the zero-cost bypass, so the minimum cost is minus the largest *total
score* (unmatched mentees are allowed; this is not a maximum-cardinality matching). Excluded
pairs are not arcs at all, a mentee node passes at most one unit, and a mentor's arc to the sink
at most its capacity.

Costs are whole numbers: a score is a multiple of 0.000001 (checked when the instance is built,
see :func:`engine.mentoring.instance._six_places`), so ``rint(score * 10**6)`` is exact and the
optimum over whole-number costs is the optimum over the scores. Scores are at most
``MAX_SCORE`` (10**6), so costs are at most 10**12 and OR-Tools' internal scaling (by the number
of nodes) stays far inside 64 bits.

The graph is handed over as NumPy arrays through the vectorised
``add_arcs_with_capacity_and_unit_cost`` (the OR-Tools 9.15 spelling of "add arcs with cost").
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from engine.mentoring.instance import MentoringInstance

__all__ = ["MentoringSolveError", "optimal_matching"]


class MentoringSolveError(RuntimeError):
    """OR-Tools did not prove an optimum (should not happen for a valid instance)."""


def _network(inst: MentoringInstance, units: np.ndarray) -> min_cost_flow.SimpleMinCostFlow:
    """Structural arcs first (bypass, source -> mentee, mentor -> sink), then the pair arcs in
    pair order, so pair p is arc ``1 + M + R + p``."""
    n_m, n_r = inst.n_mentees, inst.n_mentors
    i32 = np.int32
    mentee0, mentor0 = 2, 2 + n_m
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.zeros(1 + n_m, dtype=i32), np.arange(mentor0, mentor0 + n_r,
                                                                dtype=i32)]),
        np.concatenate([np.ones(1, dtype=i32), np.arange(mentee0, mentee0 + n_m, dtype=i32),
                        np.ones(n_r, dtype=i32)]),
        np.concatenate([np.array([n_m], dtype=np.int64), np.ones(n_m, dtype=np.int64),
                        inst.capacity.astype(np.int64, copy=False)]),
        np.zeros(1 + n_m + n_r, dtype=np.int64),
    )
    tails = np.add(inst.pair_mentee, mentee0, dtype=i32)
    heads = np.add(inst.pair_mentor, mentor0, dtype=i32)
    np.negative(units, out=units)
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, np.int64(1), units)
    np.negative(units, out=units)
    flow.set_nodes_supplies(np.array([0, 1], dtype=i32), np.array([n_m, -n_m], dtype=np.int64))
    return flow


def _chosen(flow: min_cost_flow.SimpleMinCostFlow, inst: MentoringInstance) -> np.ndarray:
    """Pairs carrying flow: ask which mentees are matched, then only about their pairs."""
    n_m = inst.n_mentees
    matched = flow.flows(np.arange(1, 1 + n_m, dtype=np.int32)) > 0
    candidates = np.flatnonzero(np.take(matched, inst.pair_mentee))
    if candidates.shape[0] == 0:
        return candidates.astype(np.int64)
    first_pair = 1 + n_m + inst.n_mentors
    flows = flow.flows((candidates + first_pair).astype(np.int32))
    return candidates[flows > 0].astype(np.int64)


def optimal_matching(inst: MentoringInstance) -> np.ndarray:
    """Indexes into the pair arrays of the chosen pairs (increasing), total score maximal.

    Raises :class:`MentoringSolveError` if OR-Tools does not report an optimum.
    """
    if inst.n_pairs == 0:
        return np.zeros(0, dtype=np.int64)
    units = inst.score_units()
    flow = _network(inst, units)
    status = flow.solve()
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise MentoringSolveError(f"OR-Tools min-cost flow did not find an optimum "
                                  f"(status {status.name})")
    chosen = _chosen(flow, inst)
    if int(units[chosen].sum()) != -int(flow.optimal_cost()):  # only if the network is wrong
        raise MentoringSolveError("the chosen pairs' total differs from the optimal cost")
    return chosen

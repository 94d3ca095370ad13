"""The exact solver: maximum total score as a min-cost flow (OR-Tools SimpleMinCostFlow).

Network (one unit of flow = one person placed)::

    source ──► employer ──► candidate ──► opportunity ──► sink
            cap = release    cap = 1      cap = 1           cap = seats
            cap (or staff)                cost = -score
    source ───────────────────────────────────────────────► sink   (bypass, cost 0)

The source supplies one unit per candidate and the sink absorbs the same amount. Every unit
that does not lead to a worthwhile placement takes the zero-cost bypass, so the minimum cost is
minus the *maximum total score* — not the maximum number of placements. Hard rules hold by
construction: own-employer pairs are not arcs at all, a candidate node passes at most one unit,
opportunity → sink arcs carry at most ``seats`` and source → employer arcs at most the cap.

:func:`solve` first hands OR-Tools only a core of likely pairs and proves the answer optimal
for every pair (:mod:`engine.matching.core`, :func:`solve_pairs`); the whole network below is
solved only if that proof does not come.

The whole graph is handed to OR-Tools as NumPy arrays through the vectorised
``add_arcs_with_capacity_and_unit_cost`` (never lists of tuples): one call for the structural
arcs, and the pair arcs in chunks of :data:`PAIR_CHUNK`. The API in OR-Tools 9.15 has no
``add_arcs_with_cost``; its vectorised call takes capacities too, and broadcasts a scalar.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from engine.matching.core import MAX_ROUNDS
from engine.matching.core import SAMPLE_STRIDE
from engine.matching.core import certify
from engine.matching.core import core_pairs
from engine.matching.instance import NO_CAP
from engine.matching.instance import Instance

__all__ = [
    "PAIR_CHUNK",
    "SAMPLE_FROM",
    "Network",
    "Solution",
    "SolverError",
    "build_network",
    "employer_capacity",
    "solution_from_flags",
    "solution_from_pairs",
    "solve",
    "solve_pairs",
]

#: Pair arcs are handed to OR-Tools this many at a time (2**21: 16 MB of costs per chunk, below
#: glibc's largest mmap threshold, so the buffers come from reusable heap memory).
PAIR_CHUNK = 1 << 21
#: From this many pairs on, the core's cut-off scores come from a sample (see
#: :func:`engine.matching.core.core_pairs`); below it, from every pair.
SAMPLE_FROM = 1 << 20


class SolverError(RuntimeError):
    """OR-Tools did not prove an optimum (should not happen for a valid instance)."""


@dataclass(frozen=True, eq=False)
class Solution:
    """Assigned pairs and totals, from :func:`solve` or :func:`engine.matching.greedy.greedy`."""

    method: str
    """``"optimal"`` (min-cost flow) or ``"greedy"``."""
    cand_idx: np.ndarray
    """(A,) int32 — candidate of each placement, increasing."""
    opp_idx: np.ndarray
    """(A,) int32 — opportunity of each placement."""
    pair_idx: np.ndarray
    """(A,) int64 — index of each placement in the instance's eligible pairs, so that whoever
    built the instance can find their own data for a placement without searching."""
    score: np.ndarray
    """(A,) int64 — score of each placement."""
    total_score: int
    assigned: int
    excluded: int
    """Listed pairs set aside because the candidate works for the host."""
    seconds: float
    """Wall-clock time spent solving (building the network included)."""


def solution_from_flags(
    instance: Instance, chosen: np.ndarray, method: str, seconds: float
) -> Solution:
    """Make a :class:`Solution` from a boolean mask over the instance's eligible pairs."""
    return solution_from_pairs(instance, np.flatnonzero(chosen), method, seconds)


def solution_from_pairs(
    instance: Instance, pick: np.ndarray, method: str, seconds: float
) -> Solution:
    """Make a :class:`Solution` from the indices of the chosen eligible pairs."""
    pick = np.asarray(pick, dtype=np.int64)
    cand = instance.cand_idx[pick]
    order = np.argsort(cand, kind="stable")
    pick = pick[order]
    score = instance.score[pick]
    return Solution(
        method=method,
        cand_idx=instance.cand_idx[pick],
        opp_idx=instance.opp_idx[pick],
        pair_idx=pick,
        score=score,
        total_score=int(score.sum()),
        assigned=int(pick.shape[0]),
        excluded=instance.n_excluded,
        seconds=seconds,
    )


@dataclass(frozen=True, eq=False)
class Network:
    """A built OR-Tools network and where the pair arcs are in it."""

    flow: min_cost_flow.SimpleMinCostFlow
    first_candidate_arc: int
    """Arcs employer -> candidate are this one and the next ``n_candidates``."""
    n_candidates: int
    first_pair_arc: int
    """Arcs candidate -> opportunity are this one and the next ``n_pairs``, in pair order."""
    n_pairs: int

    def chosen_pairs(self, instance: Instance) -> np.ndarray:
        """Indices of the pairs carrying flow (after ``solve``).

        Rather than asking OR-Tools about every pair arc (millions), ask which candidates are
        placed, then only about those candidates' pairs.
        """
        if self.n_pairs == 0:
            return np.zeros(0, dtype=np.int64)
        placed = (
            self.flow.flows(
                np.arange(
                    self.first_candidate_arc,
                    self.first_candidate_arc + self.n_candidates,
                    dtype=np.int32,
                )
            )
            > 0
        )
        candidates_pairs = np.flatnonzero(np.take(placed, instance.cand_idx))
        if candidates_pairs.shape[0] == 0:
            return candidates_pairs
        flows = self.flow.flows((self.first_pair_arc + candidates_pairs).astype(np.int32))
        return candidates_pairs[flows > 0]


def build_network(instance: Instance) -> Network:
    """Build the min-cost-flow network for ``instance`` (see module docstring)."""
    n_emp = int(instance.employers.shape[0])
    n_cand = instance.n_candidates
    n_opp = instance.n_opportunities
    source, sink = 0, 1
    emp0 = 2
    cand0 = emp0 + n_emp
    opp0 = cand0 + n_cand

    emp_cap = employer_capacity(instance)
    i32 = np.int32
    flow = min_cost_flow.SimpleMinCostFlow()
    # Structural arcs (few): bypass, source -> employer, employer -> candidate, opp -> sink.
    n_structural = 1 + n_emp + n_cand + n_opp
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(
            [
                np.full(1 + n_emp, source, dtype=i32),
                np.add(instance.candidate_employer, emp0, dtype=i32, casting="unsafe"),
                np.arange(opp0, opp0 + n_opp, dtype=i32),
            ]
        ),
        np.concatenate(
            [
                np.array([sink], dtype=i32),
                np.arange(emp0, emp0 + n_emp, dtype=i32),
                np.arange(cand0, cand0 + n_cand, dtype=i32),
                np.full(n_opp, sink, dtype=i32),
            ]
        ),
        np.concatenate(
            [
                np.array([n_cand], dtype=np.int64),
                emp_cap.astype(np.int64, copy=False),
                np.ones(n_cand, dtype=np.int64),
                instance.seats.astype(np.int64, copy=False),
            ]
        ),
        np.zeros(n_structural, dtype=np.int64),
    )
    # Pair arcs (millions), added last so their arc numbers are one contiguous range in pair
    # order, in chunks of PAIR_CHUNK through three buffers allocated once and refilled in
    # place (capacity 1 is a scalar OR-Tools broadcasts). Whole-size temporaries would be
    # fresh memory at the large scale (300 MB); these stay small and are freed before
    # ``solve()``, which reuses that memory.
    n_pairs = instance.n_pairs
    size = min(PAIR_CHUNK, n_pairs)
    tails = np.empty(size, dtype=i32)
    heads = np.empty(size, dtype=i32)
    costs = np.empty(size, dtype=np.int64)
    for lo in range(0, n_pairs, PAIR_CHUNK):
        k = min(PAIR_CHUNK, n_pairs - lo)
        np.add(instance.cand_idx[lo : lo + k], cand0, out=tails[:k], casting="unsafe")
        np.add(instance.opp_idx[lo : lo + k], opp0, out=heads[:k], casting="unsafe")
        np.negative(instance.score[lo : lo + k], out=costs[:k])
        flow.add_arcs_with_capacity_and_unit_cost(tails[:k], heads[:k], np.int64(1), costs[:k])
    del tails, heads, costs
    flow.set_nodes_supplies(
        np.array([source, sink], dtype=i32), np.array([n_cand, -n_cand], dtype=np.int64)
    )
    return Network(
        flow=flow,
        first_candidate_arc=1 + n_emp,
        n_candidates=n_cand,
        first_pair_arc=n_structural,
        n_pairs=n_pairs,
    )


def employer_capacity(instance: Instance) -> np.ndarray:
    """Capacity of each source → employer arc: its staff in the instance, or its release cap
    if that is smaller."""
    staff = np.bincount(instance.candidate_employer, minlength=len(instance.employers))
    staff = staff.astype(np.int64)
    if instance.max_release is None:
        return staff
    return np.where(instance.max_release == NO_CAP, staff, np.minimum(staff, instance.max_release))


def _check_status(status: min_cost_flow.SimpleMinCostFlow.Status) -> None:
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise SolverError(
            f"OR-Tools min-cost flow did not find an optimum (status {status.name}); "
            "check that scores are at most engine.matching.instance.MAX_SCORE"
        )


def solve_pairs(instance: Instance, pairs: np.ndarray, employer_cap: np.ndarray) -> np.ndarray:
    """Best placement using only the eligible pairs ``pairs`` (increasing indices).

    The same network as :func:`build_network` restricted to those pairs, with fewer nodes: a
    candidate with none of the pairs can only take the bypass and is left out, and a candidate
    with exactly one needs no node of their own (employer → candidate → opportunity, both
    capacity 1, is the same as one arc employer → opportunity of capacity 1 and the pair's
    cost). Only candidates with two or more pairs get a node. Returns the chosen pairs.
    """
    cand = instance.cand_idx[pairs]
    n_pairs_of = np.bincount(cand, minlength=instance.n_candidates)
    who = np.flatnonzero(n_pairs_of > 1)
    renumber = np.cumsum(n_pairs_of > 1, dtype=np.int64) - 1
    n_emp, n_who, n_opp = len(instance.employers), int(who.shape[0]), instance.n_opportunities
    emp0, cand0 = 2, 2 + len(instance.employers)
    opp0 = cand0 + n_who
    own_node = np.take(n_pairs_of, cand) > 1
    tails = np.where(own_node, np.take(renumber, cand) + cand0,
                     np.take(instance.candidate_employer, cand) + emp0)
    supply = int(np.count_nonzero(n_pairs_of))
    i32, i64 = np.int32, np.int64
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.zeros(1 + n_emp, i64), instance.candidate_employer[who] + emp0,
                        np.arange(opp0, opp0 + n_opp), tails]).astype(i32),
        np.concatenate([[1], np.arange(emp0, cand0), np.arange(cand0, opp0),
                        np.ones(n_opp, i64), instance.opp_idx[pairs] + opp0]).astype(i32),
        np.concatenate([[supply], employer_cap, np.ones(n_who, i64), instance.seats,
                        np.ones(pairs.shape[0], i64)]).astype(i64),
        np.concatenate([np.zeros(1 + n_emp + n_who + n_opp, i64), -instance.score[pairs]]),
    )
    flow.set_nodes_supplies(np.array([0, 1], dtype=i32), np.array([supply, -supply], dtype=i64))
    _check_status(flow.solve())
    first_pair_arc = 1 + n_emp + n_who + n_opp
    used = flow.flows(np.arange(first_pair_arc, first_pair_arc + pairs.shape[0], dtype=i32))
    return pairs[used > 0]


def _solve_by_core(instance: Instance) -> np.ndarray | None:
    """Chosen pairs proved optimal by :mod:`engine.matching.core`, or ``None`` if not proved
    within its rounds."""
    employer_cap = employer_capacity(instance)
    stride = SAMPLE_STRIDE if instance.n_pairs >= SAMPLE_FROM else 1
    core = core_pairs(instance, stride)
    for _ in range(MAX_ROUNDS):
        chosen = solve_pairs(instance, np.flatnonzero(core), employer_cap)
        certificate = certify(instance, chosen, core, employer_cap)
        if certificate.proved:
            return chosen
        if certificate.improving.shape[0] == 0:
            return None
        core[certificate.improving] = True
    return None


def solve(instance: Instance) -> Solution:
    """Place candidates to maximise the total score, exactly. Raises :class:`SolverError`.

    First on a core of likely pairs with a proof of optimality for every pair
    (:mod:`engine.matching.core`); if that proof does not come, on the whole network.
    """
    start = time.perf_counter()
    chosen = _solve_by_core(instance)
    if chosen is None:
        network = build_network(instance)
        _check_status(network.flow.solve())
        chosen = network.chosen_pairs(instance)
        optimum = -int(network.flow.optimal_cost())
        if int(instance.score[chosen].sum()) != optimum:  # cannot happen unless it is wrong
            raise SolverError(f"flow total {int(instance.score[chosen].sum())} != {optimum}")
    return solution_from_pairs(instance, chosen, "optimal", time.perf_counter() - start)

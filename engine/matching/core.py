"""Solve on a small core of likely pairs, then prove that answer optimal for every pair.

Most listed pairs can never be part of an optimal placement: an opportunity with two seats is
listed by about a thousand candidates at the benchmark's medium scale, and only its best few
can take a seat. Handing OR-Tools all of them makes it work on millions of arcs and on every
candidate node. So :func:`engine.matching.solver.solve` works in three steps:

1. **Core** (:func:`core_pairs`): for each opportunity keep only its best-scored listings,
   about :data:`CORE_PER_SEAT` per seat plus :data:`CORE_EXTRA` (the cut-off score is read
   from a sample of every :data:`SAMPLE_STRIDE`-th pair, so choosing the core costs one pass
   over the pairs, not a sort of all of them). Which pairs are in the core decides only how
   fast the answer comes, never what it is.
2. **Solve** the min-cost flow on the core alone (candidates with no core pair left out).
3. **Certify** (:func:`certify`): the core's best placement is a placement of the whole
   instance too (it uses only eligible pairs, and respects seats, caps and one placement per
   candidate). It is optimal for the whole instance exactly when the whole network's residual
   graph has node potentials under which no residual arc has a negative reduced cost (the
   standard optimality condition of min-cost flow). Potentials are computed by Bellman–Ford
   over the core's residual graph and then *checked* on every arc of the whole network, each
   of the millions of pairs included, in whole-number arithmetic. Potentials are not unique,
   so pairs outside the core that fail the check first join Bellman–Ford's graph: if it still
   settles, the new potentials may prove the placement. If it does not (a negative cycle: a
   better placement exists), the failing pairs join the core and the core is solved again;
   if that does not settle within :data:`MAX_ROUNDS`, or anything unexpected happens, the
   whole network is solved as before.

So the result is the exact optimum whatever the core: a core that is too small costs another
round, never a worse answer. The check does not trust Bellman–Ford either: potentials that do
not satisfy every arc are treated as "not proved" and the whole network is solved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.matching.instance import Instance

__all__ = [
    "CORE_EXTRA",
    "CORE_PER_SEAT",
    "MAX_ROUNDS",
    "SAMPLE_STRIDE",
    "Certificate",
    "certify",
    "core_pairs",
]

#: Listings kept per seat of an opportunity, and extra per opportunity, in the first core.
CORE_PER_SEAT = 3
CORE_EXTRA = 8
#: The core's cut-off scores are read from every this-many-th pair (1 = all pairs).
SAMPLE_STRIDE = 8
#: Rounds of "solve the core, add the pairs that fail the check" before solving everything.
MAX_ROUNDS = 4
#: Bellman–Ford passes before giving up (it needs one more than the most arcs on a shortest
#: path, a few dozen on these networks; it never settles if there is a negative cycle).
MAX_PASSES = 300
#: Times the failing pairs join the potentials' graph before the core is solved again.
CHECK_ROUNDS = 3
#: Pairs checked per step, so the check needs little memory at 12 million pairs.
CHECK_CHUNK = 1 << 21


def core_pairs(instance: Instance, stride: int = SAMPLE_STRIDE) -> np.ndarray:
    """Boolean mask over the eligible pairs: each opportunity's best-scored listings.

    An opportunity keeps its listings scored at least a cut-off: the score of its
    ``(CORE_PER_SEAT × seats + CORE_EXTRA) / stride``-th best listing among every
    ``stride``-th pair. An opportunity with fewer sampled listings than that keeps them all.
    """
    n_opp = instance.n_opportunities
    if instance.n_pairs == 0:
        return np.zeros(0, dtype=bool)
    opp = instance.opp_idx[::stride].astype(np.int64)
    score = instance.score[::stride]
    top = int(score.max()) + 1
    # One sort of a combined key: opportunity first, then score from best to worst.
    key = opp * top + (top - 1 - score)
    key.sort()
    sorted_opp = key // top
    sorted_score = top - 1 - key % top
    starts = np.searchsorted(sorted_opp, np.arange(n_opp))
    counts = np.bincount(sorted_opp, minlength=n_opp)
    want = (CORE_PER_SEAT * instance.seats + CORE_EXTRA + stride - 1) // stride
    cut = np.full(n_opp, -1, dtype=np.int64)
    enough = counts > want
    cut[enough] = sorted_score[(starts + want)[enough]]
    return instance.score >= np.take(cut, instance.opp_idx)


@dataclass(frozen=True, eq=False)
class Certificate:
    """The outcome of :func:`certify` for one placement."""

    proved: bool
    """The placement is optimal for the whole instance."""
    improving: np.ndarray
    """Indices of pairs outside the core that fail the check (empty when ``proved``)."""


def certify(instance: Instance, chosen: np.ndarray, core: np.ndarray,
            employer_cap: np.ndarray) -> Certificate:
    """Prove the placement ``chosen`` (pair indices) optimal for the whole instance, or not.

    ``core`` is the boolean mask of pairs that were in the solved network; ``employer_cap``
    the capacity of each source → employer arc. Returns ``proved=False`` with no improving
    pairs when the potentials could not be found or do not hold on the core's own arcs (the
    caller then solves the whole network).
    """
    graph = _Residual(instance, chosen, employer_cap)
    core_idx = np.flatnonzero(core)
    arcs = core_idx[~graph.is_chosen[core_idx]]
    outside = np.zeros(0, dtype=np.int64)
    # Potentials are not unique, and those of the core alone may fail a pair outside it even
    # when the placement is optimal (scores tie). So failing pairs join the potentials' graph
    # first: if Bellman–Ford still settles, the new potentials may prove everything; if it
    # does not (a negative cycle: a better placement exists), the core must be solved again.
    for _ in range(CHECK_ROUNDS):
        potentials = graph.potentials(arcs)
        if potentials is None or not graph.structural_arcs_hold(potentials):
            return Certificate(False, outside)
        failing = graph.failing_pairs(potentials)
        if failing.shape[0] == 0:
            return Certificate(True, failing)
        if core[failing].any():  # the core's own optimum should satisfy its own arcs
            return Certificate(False, np.zeros(0, dtype=np.int64))
        outside = np.union1d(outside, failing)
        arcs = np.concatenate([arcs, failing])
    return Certificate(False, outside)


class _Residual:
    """The whole network's residual graph for one placement (node numbers as in the solver:
    source 0, sink 1, then employers, candidates, opportunities)."""

    def __init__(self, instance: Instance, chosen: np.ndarray, employer_cap: np.ndarray):
        self.instance = instance
        n_emp, n_cand = len(instance.employers), instance.n_candidates
        self.emp0, self.cand0 = 2, 2 + n_emp
        self.opp0 = self.cand0 + n_cand
        self.n_nodes = self.opp0 + instance.n_opportunities
        self.chosen = np.asarray(chosen, dtype=np.int64)
        self.is_chosen = np.zeros(instance.n_pairs, dtype=bool)
        self.is_chosen[self.chosen] = True
        placed = np.zeros(n_cand, dtype=bool)
        placed[instance.cand_idx[self.chosen]] = True
        released = np.bincount(instance.candidate_employer[placed], minlength=n_emp)
        taken = np.bincount(instance.opp_idx[self.chosen], minlength=instance.n_opportunities)
        self.structural = self._structural_arcs(placed, released, taken, employer_cap)

    def _structural_arcs(self, placed: np.ndarray, released: np.ndarray, taken: np.ndarray,
                         employer_cap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(tails, heads) of the residual arcs other than pairs; all of them cost 0."""
        inst = self.instance
        assigned, n_cand = int(self.chosen.shape[0]), inst.n_candidates
        emp = np.arange(len(inst.employers)) + self.emp0
        cand_node = np.arange(n_cand) + self.cand0
        cand_emp = inst.candidate_employer.astype(np.int64) + self.emp0
        opp = np.arange(inst.n_opportunities) + self.opp0
        parts = [
            ([0], [1]) if assigned > 0 else ([], []),  # bypass, forward
            ([1], [0]) if assigned < n_cand else ([], []),  # bypass, backward
            (np.zeros(int((released < employer_cap).sum())), emp[released < employer_cap]),
            (emp[released > 0], np.zeros(int((released > 0).sum()))),
            (cand_emp[~placed], cand_node[~placed]),
            (cand_node[placed], cand_emp[placed]),
            (opp[taken < inst.seats], np.ones(int((taken < inst.seats).sum()))),
            (np.ones(int((taken > 0).sum())), opp[taken > 0]),
        ]
        tails = np.concatenate([np.asarray(t, dtype=np.int64) for t, _ in parts])
        heads = np.concatenate([np.asarray(h, dtype=np.int64) for _, h in parts])
        return tails, heads

    def potentials(self, unchosen: np.ndarray) -> np.ndarray | None:
        """Shortest distances from a virtual node joined to every node at cost 0 (Bellman–Ford,
        one whole-array pass at a time), over the structural arcs, the chosen pairs' reverse
        arcs and the unchosen pairs ``unchosen``; ``None`` if they do not settle."""
        inst = self.instance
        s_tails, s_heads = self.structural
        tails = np.concatenate([s_tails, inst.cand_idx[unchosen] + self.cand0,
                                inst.opp_idx[self.chosen] + self.opp0])
        heads = np.concatenate([s_heads, inst.opp_idx[unchosen] + self.opp0,
                                inst.cand_idx[self.chosen] + self.cand0])
        costs = np.concatenate([np.zeros(s_tails.shape[0], dtype=np.int64),
                                -inst.score[unchosen], inst.score[self.chosen]])
        order = np.argsort(heads, kind="stable")
        tails, heads, costs = tails[order], heads[order], costs[order]
        if heads.shape[0] == 0:
            return np.zeros(self.n_nodes, dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, heads[1:] != heads[:-1]])
        targets = heads[starts]
        distance = np.zeros(self.n_nodes, dtype=np.int64)
        for _ in range(MAX_PASSES):
            best = np.minimum.reduceat(distance[tails] + costs, starts)
            shorter = best < distance[targets]
            if not shorter.any():
                return distance
            distance[targets[shorter]] = best[shorter]
        return None

    def structural_arcs_hold(self, potentials: np.ndarray) -> bool:
        """No structural residual arc, nor chosen pair's reverse arc, has a negative reduced
        cost (they cost 0, and a chosen pair's reverse arc costs its score)."""
        tails, heads = self.structural
        if (potentials[heads] > potentials[tails]).any():
            return False
        inst = self.instance
        c = potentials[inst.cand_idx[self.chosen] + self.cand0]
        o = potentials[inst.opp_idx[self.chosen] + self.opp0]
        return bool((c <= o + inst.score[self.chosen]).all())

    def failing_pairs(self, potentials: np.ndarray) -> np.ndarray:
        """Unchosen pairs c → o (cost −score) with a negative reduced cost, i.e.
        ``score > d(c) − d(o)``; checked over every pair, a chunk at a time."""
        inst = self.instance
        d_cand = potentials[self.cand0 : self.opp0]
        d_opp = potentials[self.opp0 :]
        failing = []
        for lo in range(0, inst.n_pairs, CHECK_CHUNK):
            hi = min(lo + CHECK_CHUNK, inst.n_pairs)
            slack = np.take(d_cand, inst.cand_idx[lo:hi])
            slack -= np.take(d_opp, inst.opp_idx[lo:hi])
            bad = np.flatnonzero(inst.score[lo:hi] > slack) + lo
            failing.append(bad[~self.is_chosen[bad]])
        return np.concatenate(failing) if failing else np.zeros(0, dtype=np.int64)

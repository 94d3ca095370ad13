"""Stable matching: mentee-proposing deferred acceptance with mentor capacities.

Every mentee proposes to the mentors on its list in its own order (``mentee_rank``); a mentor
holds at most ``capacity`` proposals, keeping its best by ``mentor_rank`` and rejecting the rest;
a rejected mentee proposes to its next choice. It ends when every mentee is held or has run out
of choices. The result is stable (no blocking pair, see :mod:`engine.mentoring.check`) and the
best stable matching for every mentee at once; it does not depend on the order in which proposals
are made.

The proposals are made in rounds, all free mentees at once, with whole-array operations: a round
sorts only the proposals just made together with what their mentors already hold. When few
mentees are still proposing, the last rounds are made one proposal at a time (a heap per mentor),
which is cheaper than whole-array steps over a handful of people.
"""

from __future__ import annotations

import heapq

import numpy as np

from engine.mentoring.instance import MentoringInstance

__all__ = ["stable_matching"]

#: Below this many proposers in a round, finish one proposal at a time.
SERIAL_BELOW = 32


class _State:
    """Preference lists in order, each mentee's next choice, and what mentors hold."""

    def __init__(self, inst: MentoringInstance) -> None:
        n_m = inst.n_mentees
        self.inst = inst
        # Pairs in (mentee, mentee_rank) order: each mentee's list, best first.
        self.order = np.lexsort((inst.mentee_rank, inst.pair_mentee)).astype(np.int64)
        counts = np.bincount(inst.pair_mentee, minlength=n_m)
        self.end = np.cumsum(counts)
        self.next = self.end - counts
        self.held = np.zeros(0, dtype=np.int64)  # pair indexes currently held
        self.is_held = np.zeros(n_m, dtype=bool)
        self.rank_span = int(inst.mentor_rank.max(initial=0)) + 1

    def proposers(self) -> np.ndarray:
        return np.flatnonzero(~self.is_held & (self.next < self.end))

    def round(self, free: np.ndarray) -> None:
        """Each free mentee proposes to its next choice; mentors keep their best."""
        inst = self.inst
        proposals = self.order[self.next[free]]
        self.next[free] += 1
        self.is_held[free] = True
        mentors = inst.pair_mentor[proposals]
        touched = np.zeros(inst.n_mentors, dtype=bool)
        touched[mentors] = True
        involved = touched[inst.pair_mentor[self.held]]
        contest = np.concatenate([self.held[involved], proposals])
        c_mentor = inst.pair_mentor[contest].astype(np.int64)
        contest = contest[np.argsort(c_mentor * self.rank_span + inst.mentor_rank[contest])]
        c_mentor = inst.pair_mentor[contest]
        first = np.flatnonzero(np.r_[True, c_mentor[1:] != c_mentor[:-1]])
        group_start = np.repeat(first, np.diff(np.r_[first, contest.shape[0]]))
        keep = (np.arange(contest.shape[0]) - group_start) < inst.capacity[c_mentor]
        self.is_held[inst.pair_mentee[contest[~keep]]] = False
        self.held = np.concatenate([self.held[~involved], contest[keep]])

    def finish_serially(self) -> None:
        """The remaining proposals one at a time, each mentor's held mentees in a heap."""
        inst = self.inst
        mentee_of, mentor_of = inst.pair_mentee, inst.pair_mentor
        rank, capacity = inst.mentor_rank, inst.capacity
        heaps: dict[int, list[tuple[int, int]]] = {}
        for pair in self.held.tolist():
            heaps.setdefault(int(mentor_of[pair]), []).append((-int(rank[pair]), pair))
        for heap in heaps.values():
            heapq.heapify(heap)
        order, nxt, end = self.order, self.next, self.end
        free = self.proposers().tolist()
        while free:
            mentee = free.pop()
            while nxt[mentee] < end[mentee]:
                pair = int(order[nxt[mentee]])
                nxt[mentee] += 1
                mentor = int(mentor_of[pair])
                heap = heaps.setdefault(mentor, [])
                if len(heap) < capacity[mentor]:
                    heapq.heappush(heap, (-int(rank[pair]), pair))
                    break
                if heap and -heap[0][0] > rank[pair]:
                    _, dropped = heapq.heapreplace(heap, (-int(rank[pair]), pair))
                    free.append(int(mentee_of[dropped]))
                    break
        held = [pair for heap in heaps.values() for _, pair in heap]
        self.held = np.array(held, dtype=np.int64)


def stable_matching(inst: MentoringInstance) -> np.ndarray:
    """Indexes into the pair arrays of the chosen pairs (increasing): the mentee-optimal stable
    matching."""
    if inst.n_pairs == 0:
        return np.zeros(0, dtype=np.int64)
    state = _State(inst)
    free = state.proposers()
    while free.shape[0] and free.shape[0] >= SERIAL_BELOW:
        state.round(free)
        free = state.proposers()
    if free.shape[0]:
        state.finish_serially()
    return np.sort(state.held)

"""The "best pair first" greedy pass, for comparison with the exact solver.

Pairs are taken in order of score, highest first (ties in file order); a pair is taken when its
candidate is still free, its opportunity has a seat left and the candidate's employer has not
reached its release cap. It obeys every hard rule but can miss the optimum — e.g. it gives the
one seat to whoever scores highest there even when that person had an almost-as-good
alternative and the runner-up had none.
"""

from __future__ import annotations

import time

import numpy as np

from engine.matching.instance import NO_CAP
from engine.matching.instance import Instance
from engine.matching.solver import Solution
from engine.matching.solver import solution_from_flags

__all__ = ["greedy"]


def greedy(instance: Instance) -> Solution:
    """Run the greedy pass (vectorised sort, then one tight Python loop over pairs)."""
    start = time.perf_counter()
    order = np.argsort(-instance.score, kind="stable")
    n_emp = int(instance.employers.shape[0])
    if instance.max_release is None:
        release_left = [instance.n_candidates + 1] * n_emp
    else:
        caps = instance.max_release
        release_left = np.where(caps == NO_CAP, instance.n_candidates + 1, caps).tolist()
    seats_left = instance.seats.tolist()
    free = [True] * instance.n_candidates
    employer_of = instance.candidate_employer.tolist()
    seats_total = int(instance.seats.sum())
    remaining = min(seats_total, instance.n_candidates)
    chosen = np.zeros(instance.n_pairs, dtype=bool)
    taken: list[int] = []
    cands = instance.cand_idx[order].tolist()
    opps = instance.opp_idx[order].tolist()
    for k, (c, o) in enumerate(zip(cands, opps, strict=True)):
        if remaining == 0:
            break
        if free[c] and seats_left[o]:
            e = employer_of[c]
            if release_left[e]:
                free[c] = False
                seats_left[o] -= 1
                release_left[e] -= 1
                remaining -= 1
                taken.append(k)
    chosen[order[np.asarray(taken, dtype=np.int64)]] = True
    return solution_from_flags(instance, chosen, "greedy", time.perf_counter() - start)

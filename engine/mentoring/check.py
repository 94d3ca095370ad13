"""Independent checks of a matching: hard rules, and blocking pairs.

Written apart from both matchings (it shares nothing with :mod:`engine.mentoring.stable` or
:mod:`engine.mentoring.optimal`), so that the tests and ``summary.json`` can use it as a referee.

A *blocking pair* is an admissible listed pair (mentee m, mentor r) that is not in the matching,
where

- m is unmatched, or m ranks r better (lower ``mentee_rank``) than its own mentor, and
- r has spare capacity (holds fewer mentees than its capacity), or r ranks m better (lower
  ``mentor_rank``) than the worst-ranked mentee it holds.

Both would rather be matched to each other than keep what they have, so a matching with a
blocking pair is not stable. Pairs that are conflicts, or in the same organisation when the
mentee wants a mentor from outside, are not admissible and can never block.
"""

from __future__ import annotations

import numpy as np

from engine.mentoring.instance import MentoringInstance

__all__ = ["blocking_pairs", "check_matching"]


def blocking_pairs(inst: MentoringInstance, chosen: np.ndarray) -> list[tuple[str, str]]:
    """Every blocking pair of the matching ``chosen`` (pair indexes), as (mentee_id, mentor_id),
    in pair order."""
    chosen = np.asarray(chosen, dtype=np.int64)
    big = np.iinfo(np.int64).max
    partner_rank = np.full(inst.n_mentees, big, dtype=np.int64)
    np.minimum.at(partner_rank, inst.pair_mentee[chosen], inst.mentee_rank[chosen])
    held = np.bincount(inst.pair_mentor[chosen], minlength=inst.n_mentors)
    worst = np.full(inst.n_mentors, -1, dtype=np.int64)
    np.maximum.at(worst, inst.pair_mentor[chosen], inst.mentor_rank[chosen])
    in_matching = np.zeros(inst.n_pairs, dtype=bool)
    in_matching[chosen] = True
    mentee_wants = inst.mentee_rank < partner_rank[inst.pair_mentee]
    mentor = inst.pair_mentor
    mentor_wants = (held[mentor] < inst.capacity[mentor]) | (inst.mentor_rank < worst[mentor])
    found = np.flatnonzero(mentee_wants & mentor_wants & ~in_matching)
    return [(inst.mentee_ids[inst.pair_mentee[p]], inst.mentor_ids[inst.pair_mentor[p]])
            for p in found.tolist()]


def check_matching(inst: MentoringInstance, chosen: np.ndarray) -> list[str]:
    """Problems with the matching ``chosen`` (pair indexes); empty when it keeps every rule:
    known pairs, each once, each mentee at most once, mentors within capacity, no declared
    conflict, no same-organisation pair for a mentee who wants a mentor from outside."""
    chosen = np.asarray(chosen, dtype=np.int64)
    bad = chosen[(chosen < 0) | (chosen >= inst.n_pairs)]
    problems = [f"pair index {p} is not a listed admissible pair" for p in bad.tolist()]
    chosen = np.unique(chosen[(chosen >= 0) & (chosen < inst.n_pairs)], return_counts=True)
    pairs, repeats = chosen
    problems += [f"pair index {p} is chosen {n} times" for p, n in
                 zip(pairs[repeats > 1].tolist(), repeats[repeats > 1].tolist(), strict=True)]
    mentee, mentor = inst.pair_mentee[pairs], inst.pair_mentor[pairs]
    per_mentee = np.bincount(mentee, minlength=inst.n_mentees)
    problems += [f"mentee {inst.mentee_ids[m]} is matched {per_mentee[m]} times"
                 for m in np.flatnonzero(per_mentee > 1).tolist()]
    per_mentor = np.bincount(mentor, minlength=inst.n_mentors)
    problems += [f"mentor {inst.mentor_ids[r]} has {per_mentor[r]} mentees, capacity "
                 f"{inst.capacity[r]}"
                 for r in np.flatnonzero(per_mentor > inst.capacity).tolist()]
    conflicts = set(zip(inst.conflict_mentee.tolist(), inst.conflict_mentor.tolist(),
                        strict=True))
    for m, r in zip(mentee.tolist(), mentor.tolist(), strict=True):
        if (m, r) in conflicts:
            problems.append(f"mentee {inst.mentee_ids[m]} and mentor {inst.mentor_ids[r]} "
                            "are a declared conflict")
        if inst.wants_outside[m] and inst.mentee_org[m] == inst.mentor_org[r]:
            problems.append(f"mentee {inst.mentee_ids[m]} wants a mentor from outside "
                            f"{inst.mentee_org[m]} but is matched with {inst.mentor_ids[r]} "
                            "of the same organisation")
    return problems

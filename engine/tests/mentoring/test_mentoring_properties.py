"""Properties on random small instances, against independent solvers.

- neither method chooses an excluded pair (conflict, or same organisation for a mentee who wants
  a mentor from outside), capacities hold and each mentee is matched at most once;
- stable has no blocking pair (by the independent check) and is the matching a plain,
  one-proposal-at-a-time deferred acceptance written here finds (so both of the engine's ways of
  proposing, in rounds and one at a time, give the mentee-optimal stable matching);
- the optimal total equals scipy's assignment on mentor places (each mentor expanded into
  ``capacity`` places), and the stable total is at most the optimal one.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from engine.mentoring import blocking_pairs
from engine.mentoring import build_instance
from engine.mentoring import check_matching
from engine.mentoring import optimal_matching
from engine.mentoring import stable as stable_module
from engine.mentoring import stable_matching


@st.composite
def raw_instances(draw: st.DrawFn) -> dict[str, list[tuple]]:
    n_m = draw(st.integers(1, 7))
    n_r = draw(st.integers(1, 5))
    orgs = ["A", "B", "C"]
    mentors = [(f"R{r}", draw(st.sampled_from(orgs)), draw(st.integers(0, 3)))
               for r in range(n_r)]
    mentees = [(f"M{m}", draw(st.sampled_from(orgs)), draw(st.booleans())) for m in range(n_m)]
    listed = draw(st.lists(st.tuples(st.integers(0, n_m - 1), st.integers(0, n_r - 1)),
                           unique=True, max_size=n_m * n_r))
    units = [draw(st.integers(0, 10_000_000)) for _ in listed]
    pairs = [[m, r, u / 1_000_000] for (m, r), u in zip(listed, units, strict=True)]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    for side in (0, 1):  # a random strict order 1..k over each person's pairs
        for who in {p[side] for p in pairs}:
            mine = [p for p in pairs if p[side] == who]
            for rank, p in zip(rng.permutation(len(mine)) + 1, mine, strict=True):
                p.append(int(rank))
    # ranks were appended mentee side first, then mentor side: (m, r, score, mrank, rrank)
    conflicts = draw(st.lists(st.sampled_from(listed), max_size=3)) if listed else []
    return {
        "mentors": mentors,
        "mentees": mentees,
        "pairs": [(f"M{m}", f"R{r}", s, a, b) for m, r, s, a, b in pairs],
        "conflicts": [(f"M{m}", f"R{r}") for m, r in conflicts],
    }


def admissible(raw: dict[str, list[tuple]]) -> set[tuple[str, str]]:
    org = {i: o for i, o, _ in raw["mentors"]} | {i: o for i, o, _ in raw["mentees"]}
    outside = {i: w for i, _, w in raw["mentees"]}
    conflicts = set(raw["conflicts"])
    return {(m, r) for m, r, *_ in raw["pairs"]
            if (m, r) not in conflicts and not (outside[m] and org[m] == org[r])}


def reference_stable(raw: dict[str, list[tuple]]) -> set[tuple[str, str]]:
    """Deferred acceptance, one proposal at a time, straight from the rows."""
    ok = admissible(raw)
    prefs = {m: [r for _, r in sorted((a, r) for mm, r, _, a, _ in raw["pairs"]
                                       if mm == m and (m, r) in ok)]
             for m, _, _ in raw["mentees"]}
    mentor_rank = {(m, r): b for m, r, _, _, b in raw["pairs"]}
    capacity = {r: c for r, _, c in raw["mentors"]}
    held: dict[str, list[str]] = {r: [] for r in capacity}
    free = [m for m, _, _ in raw["mentees"]]
    while free:
        m = free.pop(0)
        if not prefs[m]:
            continue
        r = prefs[m].pop(0)
        held[r].append(m)
        held[r].sort(key=lambda x: mentor_rank[(x, r)])
        if len(held[r]) > capacity[r]:
            free.append(held[r].pop())
    return {(m, r) for r, ms in held.items() for m in ms}


def chosen_set(inst, chosen: np.ndarray) -> set[tuple[str, str]]:
    return {(inst.mentee_ids[inst.pair_mentee[p]], inst.mentor_ids[inst.pair_mentor[p]])
            for p in chosen.tolist()}


def assignment_optimum(raw: dict[str, list[tuple]]) -> int:
    """Largest total (millionths) by scipy: mentees against mentor places."""
    ok = admissible(raw)
    places = [r for r, _, c in raw["mentors"] for _ in range(c)]
    mentees = [m for m, _, _ in raw["mentees"]]
    if not places:
        return 0
    value = np.zeros((len(mentees), len(places)), dtype=np.int64)
    score = {(m, r): round(s * 1_000_000) for m, r, s, _, _ in raw["pairs"]}
    for i, m in enumerate(mentees):
        for j, r in enumerate(places):
            if (m, r) in ok:
                value[i, j] = score[(m, r)]
    rows, cols = linear_sum_assignment(value, maximize=True)
    return int(value[rows, cols].sum())


@settings(max_examples=150, deadline=None)
@given(raw_instances())
def test_both_matchings_keep_the_rules_and_stable_is_stable(raw) -> None:
    inst = build_instance(raw["mentors"], raw["mentees"], raw["pairs"], raw["conflicts"])
    ok = admissible(raw)
    assert inst.n_pairs == len(ok)
    assert inst.excluded_pairs == len(raw["pairs"]) - len(ok)
    stable, optimal = stable_matching(inst), optimal_matching(inst)
    for chosen in (stable, optimal):
        assert check_matching(inst, chosen) == []
        pairs = chosen_set(inst, chosen)
        assert pairs <= ok
        mentees = [m for m, _ in pairs]
        assert len(mentees) == len(set(mentees))
        capacity = {r: c for r, _, c in raw["mentors"]}
        for r in capacity:
            assert sum(1 for _, rr in pairs if rr == r) <= capacity[r]
    assert blocking_pairs(inst, stable) == []
    assert chosen_set(inst, stable) == reference_stable(raw)
    units = inst.score_units()
    assert int(units[optimal].sum()) == assignment_optimum(raw)
    assert int(units[stable].sum()) <= int(units[optimal].sum())


@settings(max_examples=100, deadline=None)
@given(raw=raw_instances(), serial_below=st.sampled_from([0, 10**9]))
def test_proposing_in_rounds_or_one_at_a_time_agree(raw, serial_below: int) -> None:
    inst = build_instance(raw["mentors"], raw["mentees"], raw["pairs"], raw["conflicts"])
    saved = stable_module.SERIAL_BELOW
    stable_module.SERIAL_BELOW = serial_below
    try:
        chosen = stable_matching(inst)
    finally:
        stable_module.SERIAL_BELOW = saved
    assert chosen_set(inst, chosen) == reference_stable(raw)


def test_blocking_pairs_finds_what_a_bad_matching_leaves_open() -> None:
    inst = build_instance([("R1", "A", 1), ("R2", "B", 1)],
                          [("M1", "C", False), ("M2", "C", False)],
                          [("M1", "R1", 1, 1, 1), ("M1", "R2", 1, 2, 1),
                           ("M2", "R1", 1, 1, 2)], [])
    # Matching M1-R2 only: M1 prefers R1, which is empty; M2 is unmatched and R1 empty.
    assert blocking_pairs(inst, np.array([1])) == [("M1", "R1"), ("M2", "R1")]
    assert blocking_pairs(inst, np.array([0])) == []
    assert check_matching(inst, np.array([0, 2])) == ["mentor R1 has 2 mentees, capacity 1"]
    assert check_matching(inst, np.array([0, 1])) == ["mentee M1 is matched 2 times"]

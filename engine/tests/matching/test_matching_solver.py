"""The exact solver against brute force, the hard rules, and the greedy pass."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from engine.matching import solver
from engine.matching.generate import generate
from engine.matching.greedy import greedy
from engine.matching.instance import NO_CAP
from engine.matching.instance import Instance
from engine.matching.solver import Solution
from engine.matching.solver import SolverError
from engine.matching.solver import solve


def make_instance(
    employer_of: list[int],
    host_of: list[int],
    seats: list[int],
    pairs: dict[tuple[int, int], int],
    caps: list[int] | None = None,
) -> Instance:
    n_emp = max([*employer_of, *host_of, len(caps or []) - 1]) + 1
    listed = sorted(pairs)
    return Instance.from_pairs(
        candidate_ids=np.array([f"C{i}" for i in range(len(employer_of))], dtype=object),
        candidate_employer=np.array(employer_of),
        opportunity_ids=np.array([f"O{j}" for j in range(len(host_of))], dtype=object),
        opportunity_host=np.array(host_of),
        seats=np.array(seats),
        employers=np.array([f"E{e}" for e in range(n_emp)], dtype=object),
        cand_idx=np.array([c for c, _ in listed], dtype=np.int32),
        opp_idx=np.array([o for _, o in listed], dtype=np.int32),
        score=np.array([pairs[p] for p in listed], dtype=np.int64),
        max_release=None if caps is None else np.array(caps + [NO_CAP] * (n_emp - len(caps))),
    )


def brute_force_optimum(instance: Instance) -> int:
    """Best total over every rule-abiding assignment (each candidate: nothing or one pair)."""
    options: list[list[tuple[int, int]]] = [[] for _ in range(instance.n_candidates)]
    for c, o, s in zip(instance.cand_idx, instance.opp_idx, instance.score, strict=True):
        options[int(c)].append((int(o), int(s)))
    seats = instance.seats.tolist()
    caps = (
        [instance.n_candidates] * len(instance.employers)
        if instance.max_release is None
        else [instance.n_candidates if m == NO_CAP else int(m) for m in instance.max_release]
    )
    employer = instance.candidate_employer.tolist()
    best = 0

    def visit(c: int, total: int) -> None:
        nonlocal best
        if c == instance.n_candidates:
            best = max(best, total)
            return
        visit(c + 1, total)  # not placed
        e = employer[c]
        if caps[e] == 0:
            return
        for o, s in options[c]:
            if seats[o]:
                seats[o] -= 1
                caps[e] -= 1
                visit(c + 1, total + s)
                seats[o] += 1
                caps[e] += 1

    visit(0, 0)
    return best


def assert_rules_hold(instance: Instance, solution: Solution) -> None:
    cand = solution.cand_idx
    opp = solution.opp_idx
    assert solution.assigned == len(cand) == len(set(cand.tolist())), "one placement each"
    assert not np.any(instance.candidate_employer[cand] == instance.opportunity_host[opp]), (
        "never at own employer"
    )
    used = np.bincount(opp, minlength=instance.n_opportunities)
    assert np.all(used <= instance.seats), "seats never exceeded"
    if instance.max_release is not None:
        released = np.bincount(instance.candidate_employer[cand], minlength=len(instance.employers))
        capped = instance.max_release != NO_CAP
        assert np.all(released[capped] <= instance.max_release[capped]), "release caps hold"
    listed = {
        (int(c), int(o)): int(s)
        for c, o, s in zip(instance.cand_idx, instance.opp_idx, instance.score, strict=True)
    }
    for c, o, s in zip(cand, opp, solution.score, strict=True):
        assert listed.get((int(c), int(o))) == int(s), "only listed, eligible pairs"
    assert solution.total_score == int(solution.score.sum())
    k = solution.pair_idx
    assert k.shape == cand.shape, "the index of each chosen pair"
    assert np.array_equal(instance.cand_idx[k], cand)
    assert np.array_equal(instance.opp_idx[k], opp)
    assert np.array_equal(instance.score[k], solution.score)


@st.composite
def small_instances(draw: st.DrawFn) -> Instance:
    n_emp = draw(st.integers(1, 3))
    n_cand = draw(st.integers(1, 7))
    n_opp = draw(st.integers(1, 4))
    employer_of = draw(st.lists(st.integers(0, n_emp - 1), min_size=n_cand, max_size=n_cand))
    host_of = draw(st.lists(st.integers(0, n_emp - 1), min_size=n_opp, max_size=n_opp))
    seats = draw(st.lists(st.integers(0, 3), min_size=n_opp, max_size=n_opp))
    all_pairs = [(c, o) for c in range(n_cand) for o in range(n_opp)]
    chosen = draw(st.lists(st.sampled_from(all_pairs), unique=True, max_size=len(all_pairs)))
    pairs = {p: draw(st.integers(0, 30)) for p in chosen}
    caps = draw(
        st.none() | st.lists(st.sampled_from([NO_CAP, 0, 1, 2, 3]), min_size=n_emp,
                             max_size=n_emp)
    )
    return make_instance(employer_of, host_of, seats, pairs, caps)


@settings(max_examples=100, deadline=None)
@given(small_instances())
def test_optimum_equals_brute_force_and_rules_hold(instance: Instance) -> None:
    solution = solve(instance)
    assert solution.total_score == brute_force_optimum(instance)
    assert_rules_hold(instance, solution)
    assert solution.excluded == instance.n_excluded


@settings(max_examples=100, deadline=None)
@given(small_instances())
def test_greedy_obeys_rules_and_never_beats_optimum(instance: Instance) -> None:
    fast = greedy(instance)
    assert_rules_hold(instance, fast)
    assert fast.total_score <= solve(instance).total_score


def test_greedy_is_strictly_worse_on_a_hand_made_instance() -> None:
    # Ana scores 10 on A and 9 on B; Ben can only go to A (8). One seat each.
    # Greedy gives A to Ana (10) and leaves Ben out; the optimum is Ana→B, Ben→A (17).
    instance = make_instance(
        employer_of=[0, 1],
        host_of=[2, 3],
        seats=[1, 1],
        pairs={(0, 0): 10, (0, 1): 9, (1, 0): 8},
    )
    fast, best = greedy(instance), solve(instance)
    assert (fast.total_score, fast.assigned) == (10, 1)
    assert (best.total_score, best.assigned) == (17, 2)
    assert dict(zip(best.cand_idx.tolist(), best.opp_idx.tolist(), strict=True)) == {0: 1, 1: 0}


def test_optimum_is_maximum_score_not_maximum_count() -> None:
    # Placing both people (Ana→B, Ben→A) scores 2; placing only Ana at A scores 10.
    instance = make_instance(
        employer_of=[0, 1], host_of=[2, 3], seats=[1, 1], pairs={(0, 0): 10, (0, 1): 1, (1, 0): 1}
    )
    best = solve(instance)
    assert (best.total_score, best.assigned) == (10, 1)


def test_own_employer_pairs_are_excluded_and_never_assigned() -> None:
    # The only pair with a score is at the candidate's own employer (E0 hosts O0).
    instance = make_instance(employer_of=[0], host_of=[0, 1], seats=[1, 1],
                             pairs={(0, 0): 99, (0, 1): 1})
    best = solve(instance)
    assert instance.n_excluded == 1 and best.excluded == 1
    assert (best.total_score, best.opp_idx.tolist()) == (1, [1])


def test_release_cap_limits_one_employer() -> None:
    # Three people from E0, three seats elsewhere, but E0 releases at most one.
    instance = make_instance(
        employer_of=[0, 0, 0],
        host_of=[1, 1, 1],
        seats=[1, 1, 1],
        pairs={(0, 0): 5, (1, 1): 7, (2, 2): 6},
        caps=[1],
    )
    for solution in (solve(instance), greedy(instance)):
        assert (solution.total_score, solution.cand_idx.tolist()) == (7, [1])


def test_empty_instance_places_no_one() -> None:
    instance = make_instance(employer_of=[0], host_of=[1], seats=[0], pairs={(0, 0): 3})
    assert solve(instance).assigned == 0
    assert greedy(instance).assigned == 0


def test_pair_arcs_are_one_contiguous_range_in_pair_order() -> None:
    instance = generate(150, 20, pairs_per_candidate=8, seats_total=40, n_employers=6, seed=11)
    network = solver.build_network(instance)
    arcs = np.arange(network.first_pair_arc, network.first_pair_arc + instance.n_pairs)
    assert network.flow.num_arcs() == network.first_pair_arc + instance.n_pairs
    first_cand_node = network.flow.head(network.first_candidate_arc)
    first_opp_node = first_cand_node + instance.n_candidates
    tails = np.array([network.flow.tail(int(a)) for a in arcs])
    heads = np.array([network.flow.head(int(a)) for a in arcs])
    costs = np.array([network.flow.unit_cost(int(a)) for a in arcs])
    assert (tails - first_cand_node).tolist() == instance.cand_idx.tolist()
    assert (heads - first_opp_node).tolist() == instance.opp_idx.tolist()
    assert (-costs).tolist() == instance.score.tolist()
    assert_rules_hold(instance, solve(instance))


def test_solver_status_other_than_optimal_is_a_clear_error() -> None:
    # Far beyond MAX_SCORE (which read_instance enforces): OR-Tools cannot scale such costs.
    instance = make_instance(employer_of=[0, 1], host_of=[2], seats=[1],
                             pairs={(0, 0): 2**61, (1, 0): 2**61 - 1})
    with pytest.raises(SolverError, match="did not find an optimum"):
        solve(instance)


def test_pair_arcs_added_in_chunks_give_the_same_network_and_answer(monkeypatch) -> None:
    instance = generate(150, 20, pairs_per_candidate=8, seats_total=40, n_employers=6, seed=11)
    whole = solver.build_network(instance)
    expected = solve(instance).total_score
    monkeypatch.setattr(solver, "PAIR_CHUNK", 7)
    chunked = solver.build_network(instance)
    assert chunked.flow.num_arcs() == whole.flow.num_arcs()
    for arc in range(whole.flow.num_arcs()):
        assert (chunked.flow.tail(arc), chunked.flow.head(arc)) == (
            whole.flow.tail(arc), whole.flow.head(arc)
        )
        assert chunked.flow.unit_cost(arc) == whole.flow.unit_cost(arc)
        assert chunked.flow.capacity(arc) == whole.flow.capacity(arc)
    solution = solve(instance)
    assert solution.total_score == expected
    assert_rules_hold(instance, solution)

"""The core-and-certificate solve gives the whole network's optimum, and its proof is sound."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from engine.matching import core
from engine.matching import solver
from engine.matching.cli import raw_ortools_solve
from engine.matching.generate import generate
from engine.matching.greedy import greedy
from engine.matching.instance import NO_CAP
from engine.matching.instance import Instance
from engine.matching.solver import employer_capacity
from engine.matching.solver import solve
from engine.tests.matching.test_matching_solver import assert_rules_hold
from engine.tests.matching.test_matching_solver import brute_force_optimum
from engine.tests.matching.test_matching_solver import small_instances


def _whole_network_is_never_solved(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(instance: Instance) -> None:
        raise AssertionError("the whole network was solved: the certificate did not prove it")

    monkeypatch.setattr(solver, "build_network", refuse)


@st.composite
def regional_instances(draw: st.DrawFn) -> Instance:
    """Candidates list opportunities in their own region only, so each region is a part of
    its own; a few "go anywhere" candidates (if drawn) join the regions into one."""
    n_regions = draw(st.integers(1, 4))
    n_cand = draw(st.integers(4, 40))
    n_opp = draw(st.integers(n_regions, 12))
    seed = draw(st.integers(0, 2**32 - 1))
    anywhere = draw(st.sampled_from([0.0, 0.1]))
    rng = np.random.default_rng(seed)
    cand_region = rng.integers(0, n_regions, n_cand)
    opp_region = np.arange(n_opp) % n_regions
    cand_idx, opp_idx = [], []
    for c in range(n_cand):
        mine = np.flatnonzero(opp_region == cand_region[c])
        options = np.arange(n_opp) if rng.random() < anywhere else mine
        listed = rng.choice(options, size=rng.integers(1, len(options) + 1), replace=False)
        cand_idx += [c] * len(listed)
        opp_idx += sorted(listed.tolist())
    n_emp = 3 * n_regions
    caps = rng.choice([NO_CAP, 0, 1, 2, 5], size=n_emp)
    return Instance.from_pairs(
        candidate_ids=np.array([f"C{i}" for i in range(n_cand)], dtype=object),
        candidate_employer=3 * cand_region + rng.integers(0, 3, n_cand),
        opportunity_ids=np.array([f"O{j}" for j in range(n_opp)], dtype=object),
        opportunity_host=3 * opp_region + rng.integers(0, 3, n_opp),
        seats=rng.integers(0, 4, n_opp),
        employers=np.array([f"E{e}" for e in range(n_emp)], dtype=object),
        cand_idx=np.array(cand_idx),
        opp_idx=np.array(opp_idx),
        score=rng.integers(0, 30, len(cand_idx)),
        max_release=caps if draw(st.booleans()) else None,
    )


@settings(max_examples=100, deadline=None)
@given(regional_instances())
def test_optimum_equals_raw_ortools_on_regions_apart_or_joined(instance: Instance) -> None:
    solution = solve(instance)
    assert solution.total_score == raw_ortools_solve(instance)[2]
    assert_rules_hold(instance, solution)


@settings(max_examples=100, deadline=None)
@given(small_instances() | regional_instances())
def test_a_core_of_only_the_best_listings_is_repaired_to_the_exact_optimum(
    instance: Instance,
) -> None:
    # No listing per seat and none extra: each opportunity starts with only its top-scored
    # listings, so most instances need pairs added by the check, round after round.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(core, "CORE_PER_SEAT", 0)
        patch.setattr(core, "CORE_EXTRA", 0)
        patch.setattr(solver, "MAX_ROUNDS", 1_000)
        _whole_network_is_never_solved(patch)
        solution = solve(instance)
    assert solution.total_score == raw_ortools_solve(instance)[2]
    assert_rules_hold(instance, solution)


@settings(max_examples=100, deadline=None)
@given(small_instances())
def test_the_certificate_never_proves_a_placement_that_is_not_optimal(
    instance: Instance,
) -> None:
    fast = greedy(instance)
    optimum = brute_force_optimum(instance)
    cap = employer_capacity(instance)
    for in_core in (np.ones(instance.n_pairs, dtype=bool), np.zeros(instance.n_pairs, bool)):
        in_core[fast.pair_idx] = True
        certificate = core.certify(instance, fast.pair_idx, in_core, cap)
        if certificate.proved:
            assert fast.total_score == optimum
        else:
            assert not in_core[certificate.improving].any()


def test_greedy_placement_is_refused_and_the_pair_that_beats_it_named() -> None:
    # Ana scores 10 on A and 9 on B; Ben can only go to A (8). Greedy: Ana→A (10) only.
    instance = Instance.from_pairs(
        candidate_ids=np.array(["Ana", "Ben"], dtype=object),
        candidate_employer=np.array([0, 1]),
        opportunity_ids=np.array(["A", "B"], dtype=object),
        opportunity_host=np.array([2, 3]),
        seats=np.array([1, 1]),
        employers=np.array(["E0", "E1", "E2", "E3"], dtype=object),
        cand_idx=np.array([0, 0, 1]),
        opp_idx=np.array([0, 1, 0]),
        score=np.array([10, 9, 8]),
    )
    fast = greedy(instance)
    only_chosen = np.zeros(instance.n_pairs, dtype=bool)
    only_chosen[fast.pair_idx] = True
    certificate = core.certify(instance, fast.pair_idx, only_chosen, employer_capacity(instance))
    assert not certificate.proved
    assert certificate.improving.size > 0
    assert solve(instance).total_score == 17


def test_sampled_core_on_a_generated_instance_is_proved_without_the_whole_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    instance = generate(3_000, 300, pairs_per_candidate=60, seats_total=600, n_employers=40,
                        seed=5)
    monkeypatch.setattr(solver, "SAMPLE_FROM", 0)  # cut-offs from every 8th pair
    monkeypatch.setattr(solver, "MAX_ROUNDS", 1_000)
    in_core = core.core_pairs(instance, core.SAMPLE_STRIDE)
    assert in_core.sum() < instance.n_pairs / 4
    _whole_network_is_never_solved(monkeypatch)
    solution = solve(instance)
    assert solution.total_score == raw_ortools_solve(instance)[2]
    assert_rules_hold(instance, solution)


def test_unproved_core_falls_back_to_the_whole_network(monkeypatch: pytest.MonkeyPatch) -> None:
    instance = generate(400, 40, pairs_per_candidate=20, seats_total=80, n_employers=10, seed=3)
    monkeypatch.setattr(solver, "MAX_ROUNDS", 0)
    built = []
    whole = solver.build_network

    def counted(inst: Instance) -> solver.Network:
        built.append(inst)
        return whole(inst)

    monkeypatch.setattr(solver, "build_network", counted)
    assert solve(instance).total_score == raw_ortools_solve(instance)[2]
    assert built == [instance]

"""Pair scores: the documented parts, the positive-action tie-break and the explanations."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from engine.matching.instance import Instance
from engine.matching.scoring import PART_NAMES
from engine.matching.scoring import Opportunity
from engine.matching.scoring import Person
from engine.matching.scoring import Readiness
from engine.matching.scoring import Travel
from engine.matching.scoring import Weights
from engine.matching.scoring import explain
from engine.matching.scoring import reasons
from engine.matching.scoring import score_pair
from engine.matching.solver import solve

DOMAINS = st.frozensets(st.integers(1, 6))
WORDS = st.frozensets(st.sampled_from(["trust_a", "trust_b", "icb_c"]))

people = st.builds(
    Person,
    development_needs=DOMAINS,
    aspirations=st.frozensets(st.sampled_from(["executive_director", "chief_executive"])),
    readiness=st.sampled_from(list(Readiness)),
    worked_at=WORDS,
    worked_kinds=st.frozensets(st.sampled_from(["acute trust", "integrated care board"])),
    worked_sectors=st.frozensets(st.sampled_from(["NHS", "local government"])),
    system=st.sampled_from(["QWE", "QKK"]),
    region=st.sampled_from(["London", "North West"]),
    travel=st.sampled_from(list(Travel)),
    positive_action=st.booleans(),
)
opportunities = st.builds(
    Opportunity,
    domains=DOMAINS,
    leads_to=st.frozensets(st.sampled_from(["executive_director", "chief_executive"])),
    host=st.sampled_from(["trust_a", "trust_b", "icb_c"]),
    kind=st.sampled_from(["acute trust", "integrated care board"]),
    sector=st.sampled_from(["NHS", "local government"]),
    system=st.sampled_from(["QWE", "QKK", "QMF"]),
    region=st.sampled_from(["London", "North West"]),
)
weights = st.builds(
    Weights,
    **{name: st.integers(0, 25) for name in (
        "development_per_domain", "aspiration", "preference_first", "preference_step",
        "ready_now", "ready_1_2_years", "ready_3_plus_years", "new_host", "new_kind",
        "new_sector", "same_system", "same_region", "elsewhere")},
    positive_action_tie_break=st.just(True),
)
ranks = st.none() | st.integers(1, 6)


def test_worked_example_and_its_explanation() -> None:
    person = Person(
        development_needs=frozenset({2, 3, 5}),
        aspirations=frozenset({"executive_director"}),
        readiness=Readiness.READY_NOW,
        worked_at=frozenset({"Royal Free London"}),
        worked_kinds=frozenset({"acute trust"}),
        worked_sectors=frozenset({"NHS"}),
        system="QMJ",
        region="London",
        travel=Travel.OWN_REGION,
    )
    opp = Opportunity(
        domains=frozenset({2, 5, 6}),
        leads_to=frozenset({"executive_director"}),
        host="NHS North Central London ICB",
        kind="integrated care board",
        sector="NHS",
        system="QMJ",
        region="London",
    )
    score = score_pair(person, opp, preference_rank=2)
    assert score.parts == {
        "development": 20,  # 2 domains × 10
        "aspiration": 15,
        "preference": 15,  # 20 for a first choice, 5 less per rank
        "readiness": 20,
        "novelty": 15,  # new host (10) and new kind (5); not a new sector
        "geography": 10,  # same system
        "positive_action": 0,
    }
    assert score.total == score.merit == 95
    text = explain(score)
    assert text.startswith(
        "Proposed because: it develops 2 of the 3 leadership domains you want to grow "
        '("setting strategy and delivering long-term transformation" and "creating a '
        'compassionate, just and positive culture"); it builds towards your aspiration: '
        "executive director; you ranked it your 2nd choice;"
    )
    assert (
        "it gives you new experience: you have not worked at NHS North Central London ICB or "
        "in an integrated care board; it is in your own integrated care system."
    ) in text
    assert "in the NHS sector" not in text


def test_geography_respects_the_travel_choice() -> None:
    opp = Opportunity(system="QKK", region="London")
    near = Person(system="QMJ", region="London", travel=Travel.OWN_SYSTEM)
    assert score_pair(near, opp).parts["geography"] == 0  # same region, but own system only
    wider = Person(system="QMJ", region="London", travel=Travel.OWN_REGION)
    assert score_pair(wider, opp).parts["geography"] == Weights().same_region


def test_weights_must_be_whole_numbers_at_least_zero() -> None:
    with pytest.raises(ValueError, match="development_per_domain"):
        Weights(development_per_domain=-1)
    with pytest.raises(ValueError, match="unknown LCF domain"):
        score_pair(Person(development_needs=frozenset({7})), Opportunity())


@settings(max_examples=100, deadline=None)
@given(people, opportunities, ranks, people, opportunities, ranks, weights,
       st.integers(1, 5000))
def test_tie_break_never_reverses_a_real_difference(
    p1: Person, o1: Opportunity, r1: int | None, p2: Person, o2: Opportunity, r2: int | None,
    w: Weights, run_size: int,
) -> None:
    a = score_pair(p1, o1, w, r1, candidates_in_run=run_size)
    b = score_pair(p2, o2, w, r2, candidates_in_run=run_size)
    if a.merit != b.merit:
        assert (a.total > b.total) == (a.merit > b.merit)
    else:  # equal merit: the tie-break (and only it) decides
        assert (a.total - b.total) == (a.parts["positive_action"] - b.parts["positive_action"])


@settings(max_examples=100, deadline=None)
@given(people, opportunities, ranks, st.booleans())
def test_explanations_mention_every_part_that_scored(
    person: Person, opp: Opportunity, rank: int | None, tie_break: bool
) -> None:
    score = score_pair(person, opp, Weights(positive_action_tie_break=tie_break), rank)
    scored = {name for name in PART_NAMES if score.parts[name]}
    found = reasons(score)
    assert set(found) == scored
    text = explain(score)
    for phrase in found.values():
        assert phrase in text
    if tie_break and person.positive_action:
        assert "Equality Act 2010 s.158/159" in text


ONLY_DEVELOPMENT = Weights(
    development_per_domain=1, aspiration=0, preference_first=0, preference_step=0,
    ready_now=0, ready_1_2_years=0, ready_3_plus_years=0, new_host=0, new_kind=0,
    new_sector=0, same_system=0, same_region=0, elsewhere=0, positive_action_tie_break=True,
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(DOMAINS, st.booleans()), min_size=1, max_size=6),
    st.lists(st.tuples(DOMAINS, st.integers(0, 2)), min_size=1, max_size=3),
    st.data(),
)
def test_over_a_whole_run_the_optimiser_never_trades_merit_for_tie_breaks(
    cands: list[tuple[frozenset[int], bool]],
    opps: list[tuple[frozenset[int], int]],
    data: st.DataObject,
) -> None:
    """Solving with tie-broken totals gives the same total merit as solving on merit alone."""
    listed = data.draw(st.lists(
        st.tuples(st.integers(0, len(cands) - 1), st.integers(0, len(opps) - 1)), unique=True
    ))
    scores = [
        score_pair(Person(development_needs=cands[c][0], positive_action=cands[c][1]),
                   Opportunity(domains=opps[o][0]), ONLY_DEVELOPMENT,
                   candidates_in_run=len(cands))
        for c, o in listed
    ]

    def instance(values: list[int]) -> Instance:
        return Instance.from_pairs(
            candidate_ids=np.array([f"C{i}" for i in range(len(cands))], dtype=object),
            candidate_employer=np.zeros(len(cands), dtype=np.int32),
            opportunity_ids=np.array([f"O{j}" for j in range(len(opps))], dtype=object),
            opportunity_host=np.ones(len(opps), dtype=np.int32),
            seats=np.array([seats for _, seats in opps], dtype=np.int64),
            employers=np.array(["E0", "E1"], dtype=object),
            cand_idx=np.array([c for c, _ in listed], dtype=np.int32),
            opp_idx=np.array([o for _, o in listed], dtype=np.int32),
            score=np.array(values, dtype=np.int64),
        )

    merit = {pair: s.merit for pair, s in zip(listed, scores, strict=True)}
    with_tie_break = solve(instance([s.total for s in scores]))
    merit_only = solve(instance([s.merit for s in scores]))
    placed = zip(with_tie_break.cand_idx.tolist(), with_tie_break.opp_idx.tolist(), strict=True)
    assert sum(merit[p] for p in placed) == merit_only.total_score


def test_tie_break_decides_only_between_equal_merit() -> None:
    w = Weights(positive_action_tie_break=True)
    base = {"development_needs": frozenset({1}), "readiness": Readiness.READY_NOW}
    opp = Opportunity(domains=frozenset({1}))
    plain = score_pair(Person(**base), opp, w, candidates_in_run=100)
    pa = score_pair(Person(**base, positive_action=True), opp, w, candidates_in_run=100)
    assert pa.merit == plain.merit and pa.total == plain.total + 1
    assert "positive_action" in reasons(pa) and "positive_action" not in reasons(plain)
    off = score_pair(Person(**base, positive_action=True), opp, Weights())
    assert off.total == off.merit and off.parts["positive_action"] == 0


def test_all_readiness_and_rank_values_are_handled() -> None:
    for readiness, rank in itertools.product(Readiness, [None, 1, 2, 5, 9]):
        score = score_pair(Person(readiness=readiness), Opportunity(), preference_rank=rank)
        assert score.total >= 0
        assert explain(score)


def test_the_positive_action_phrase_can_be_left_out() -> None:
    w = Weights(positive_action_tie_break=True)
    person = Person(development_needs=frozenset({1}), positive_action=True)
    score = score_pair(person, Opportunity(domains=frozenset({1})), w, candidates_in_run=10)
    assert "positive_action" in reasons(score)
    hidden = reasons(score, positive_action=False)
    assert "positive_action" not in hidden and "development" in hidden
    text = explain(score, positive_action=False)
    assert "Equality Act" not in text and text == explain(
        score_pair(person, Opportunity(domains=frozenset({1})), Weights()))
    assert "Equality Act 2010 s.158/159" in explain(score)
    assert score.parts["positive_action"] == 1  # the score itself is untouched


@pytest.mark.parametrize(("kind", "article"), [
    ("integrated care board", "an"), ("Integrated care board", "an"),
    ("acute trust", "an"), ("ambulance trust", "an"), ("NHS trust", "an"), ("ICB", "an"),
    ("community provider", "a"), ("mental health and learning disability trust", "a"),
    ("university hospital", "a"), ("CCG", "a"), ("hospice", "a"),
])
def test_the_article_before_a_kind_of_organisation(kind: str, article: str) -> None:
    score = score_pair(Person(), Opportunity(kind=kind))
    assert f"in {article} {kind}" in explain(score)


def test_travel_within_own_organisation_scores_no_geography() -> None:
    person = Person(system="QMJ", region="London", travel=Travel.OWN_ORGANISATION)
    assert score_pair(person, Opportunity(system="QMJ", region="London")).parts[
        "geography"] == 0

"""score_arrays (many pairs at once, NumPy) equals score_pair, part by part, on random pairs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from engine.matching.scoring import PART_NAMES
from engine.matching.scoring import READINESS
from engine.matching.scoring import TRAVEL
from engine.matching.scoring import WHERE
from engine.matching.scoring import Opportunity
from engine.matching.scoring import PairArrays
from engine.matching.scoring import Person
from engine.matching.scoring import Weights
from engine.matching.scoring import score_arrays
from engine.matching.scoring import score_pair

ASPIRATIONS = ("", "chief_executive", "executive_director")
weights_strategy = st.builds(
    Weights,
    **{name: st.integers(0, 50) for name in (
        "development_per_domain", "aspiration", "preference_first", "preference_step",
        "ready_now", "ready_1_2_years", "ready_3_plus_years", "new_host", "new_kind",
        "new_sector", "same_system", "same_region", "elsewhere")},
    positive_action_tie_break=st.booleans(),
)
pair_strategy = st.tuples(
    st.integers(0, 63), st.integers(0, 63),
    st.integers(0, len(ASPIRATIONS) - 1), st.integers(0, len(ASPIRATIONS) - 1),
    st.integers(0, 6), st.integers(0, len(READINESS) - 1),
    st.booleans(), st.booleans(), st.booleans(),
    st.integers(0, len(WHERE) - 1), st.integers(0, len(TRAVEL) - 1), st.booleans(),
)


def _domains(mask: int) -> frozenset[int]:
    return frozenset(d for d in range(1, 7) if mask & (1 << (d - 1)))


def _arrays(rows: list[tuple]) -> PairArrays:
    columns = list(zip(*rows, strict=True))
    return PairArrays(*(np.array(c) for c in columns))


@settings(max_examples=60, deadline=None)
@given(weights=weights_strategy, rows=st.lists(pair_strategy, min_size=1, max_size=30),
       candidates=st.integers(1, 50))
def test_arrays_score_like_score_pair(weights, rows, candidates):
    scored = score_arrays(_arrays(rows), weights, candidates_in_run=candidates)
    assert tuple(scored.parts) == PART_NAMES
    for k, row in enumerate(rows):
        (need, develops, p_asp, o_asp, rank, readiness, new_host, new_kind, new_sector,
         where, travel, positive) = row
        person = Person(
            development_needs=_domains(need),
            aspirations=frozenset({ASPIRATIONS[p_asp]} - {""}),
            readiness=READINESS[readiness],
            worked_at=frozenset() if new_host else frozenset({"HOST"}),
            worked_kinds=frozenset() if new_kind else frozenset({"acute trust"}),
            worked_sectors=frozenset() if new_sector else frozenset({"NHS"}),
            system="S", region="R", travel=TRAVEL[travel], positive_action=positive)
        opportunity = Opportunity(
            domains=_domains(develops), leads_to=frozenset({ASPIRATIONS[o_asp]} - {""}),
            host="HOST", kind="acute trust", sector="NHS",
            system="S" if where == 0 else "S2", region="R" if where <= 1 else "R2")
        expected = score_pair(person, opportunity, weights, rank or None,
                              candidates_in_run=candidates)
        assert expected.details.where == WHERE[where]
        assert {name: int(values[k]) for name, values in scored.parts.items()} == \
            expected.parts
        assert int(scored.merit[k]) == expected.merit
        assert int(scored.total[k]) == expected.total


def test_no_pairs_and_a_bad_run_size():
    empty = PairArrays(*(np.zeros(0, dtype=np.int64) for _ in range(12)))
    scored = score_arrays(empty, Weights(positive_action_tie_break=True), candidates_in_run=3)
    assert scored.total.shape == scored.merit.shape == (0,)
    with pytest.raises(ValueError, match="candidates_in_run"):
        score_arrays(empty, candidates_in_run=0)


def test_own_organisation_travel_puts_nothing_within_reach():
    rows = [(0, 0, 0, 0, 0, 3, False, False, False, where, 0, False) for where in range(3)]
    assert score_arrays(_arrays(rows)).parts["geography"].tolist() == [0, 0, 0]
    rows = [(0, 0, 0, 0, 0, 3, False, False, False, where, 3, False) for where in range(3)]
    w = Weights()
    assert score_arrays(_arrays(rows), w).parts["geography"].tolist() == [
        w.same_system, w.same_region, w.elsewhere]

"""The vectorised scorer equals the engine's score_pair, part by part, on random pairs."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.matching.scoring import Opportunity, Person, Weights, score_pair
from talentbridge.opportunities import pairs

ASPIRATIONS = ("", "chief_executive", "executive_director")
weights_strategy = st.builds(
    Weights, **{name: st.integers(0, 50) for name in (
        "development_per_domain", "aspiration", "preference_first", "preference_step",
        "ready_now", "ready_1_2_years", "ready_3_plus_years", "new_host", "new_kind",
        "new_sector", "same_system", "same_region", "elsewhere")},
    positive_action_tie_break=st.booleans())
pair_strategy = st.tuples(
    st.integers(0, 63), st.integers(0, 63), st.integers(0, 2), st.integers(0, 2),
    st.integers(0, 6), st.integers(0, 3), st.booleans(), st.booleans(), st.booleans(),
    st.integers(0, 2), st.integers(0, 2), st.booleans())


def _domains(mask: int) -> frozenset[int]:
    return frozenset(d for d in range(1, 7) if mask & (1 << (d - 1)))


@settings(max_examples=60, deadline=None)
@given(weights=weights_strategy, rows=st.lists(pair_strategy, min_size=1, max_size=30),
       candidates=st.integers(1, 50))
def test_arrays_score_like_the_engine(weights, rows, candidates):
    columns = list(zip(*rows, strict=True))
    arrays = pairs.PairArrays(*(np.array(c) for c in columns))
    parts = pairs.score_parts(arrays, weights)
    merit, total = pairs.totals(parts, weights, candidates)
    for k, row in enumerate(rows):
        (need, develops, p_asp, o_asp, rank, readiness, new_host, new_kind, new_sector,
         where, travel, positive) = row
        person = Person(
            development_needs=_domains(need),
            aspirations=frozenset({ASPIRATIONS[p_asp]} - {""}),
            readiness=pairs.READINESS[readiness],
            worked_at=frozenset() if new_host else frozenset({"HOST"}),
            worked_kinds=frozenset() if new_kind else frozenset({"acute trust"}),
            worked_sectors=frozenset() if new_sector else frozenset({"NHS"}),
            system="S", region="R", travel=pairs.TRAVEL[travel], positive_action=positive)
        opportunity = Opportunity(
            domains=_domains(develops), leads_to=frozenset({ASPIRATIONS[o_asp]} - {""}),
            host="HOST", kind="acute trust", sector="NHS",
            system="S" if where == 0 else "S2", region="R" if where <= 1 else "R2")
        expected = score_pair(person, opportunity, weights, rank or None,
                              candidates_in_run=candidates)
        got = {name: int(values[k]) for name, values in parts.items()}
        assert got == expected.parts
        assert int(merit[k]) == expected.merit
        assert int(total[k]) == expected.total

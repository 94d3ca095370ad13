"""Rates, shares and ratios below England tell nothing the published counts do not.

An attacker who sees a count rounded to 5 next to a rate worked out from the exact counts can
often pin the exact counts (10 / 50 / 30 / 105 with a ratio to 4 decimal places fits only
9 / 48 / 31 / 103). So every rate below England is a function of the published counts: two
populations whose published counts are the same must publish the same rates.
"""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from engine.insights import disclosure
from engine.insights import pipeline
from engine.insights import ratios

counts = st.integers(min_value=0, max_value=200)


def _same_rounding(n: int) -> st.SearchStrategy[int]:
    """Another count published exactly as ``n`` is (the same "*", 0 or multiple of 5)."""
    shown = disclosure.control_count(n)
    if shown == 0:
        return st.just(0)
    if shown == disclosure.SUPPRESSED:
        return st.integers(1, disclosure.SMALL_MAX)
    return st.integers(max(shown - 2, disclosure.SMALL_MAX + 1), shown + 2)


@st.composite
def twins(draw, k: int):
    """Two tuples of ``k`` counts (events <= totals) published identically."""
    first = [draw(counts) for _ in range(k)]
    second = [draw(_same_rounding(n)) for n in first]
    return first, second


def _valid(c):
    return c[0] <= c[1] and c[2] <= c[3]


@settings(max_examples=300, deadline=None)
@given(twins(4))
def test_a_relative_likelihood_depends_only_on_the_published_counts(pair):
    a, b = pair
    if not (_valid(a) and _valid(b)):
        return
    ra = ratios.relative_likelihood(*a, suppress=True)
    rb = ratios.relative_likelihood(*b, suppress=True)
    assert (ra.ratio, ra.ci_low, ra.ci_high) == (rb.ratio, rb.ci_low, rb.ci_high)
    frame = pl.DataFrame([a, b], schema=["a", "na", "b", "nb"], orient="row")
    out = frame.with_columns(ratios.ratio_exprs("a", "na", "b", "nb", suppress=True))
    assert out["ratio"][0] == out["ratio"][1]
    assert out["ci_low"][0] == out["ci_low"][1]


def test_the_example_from_the_attack_is_no_longer_pinned():
    # 9/48 and 31/103 were shown as 10/50 and 30/105 beside a ratio from the exact counts
    exact = ratios.relative_likelihood(9, 48, 31, 103, suppress=True)
    other = ratios.relative_likelihood(10, 52, 29, 105, suppress=True)
    assert exact.ratio == other.ratio == (10 / 50) / (30 / 105)


@settings(max_examples=200, deadline=None)
@given(twins(3))
def test_a_pipeline_share_depends_only_on_the_published_counts(pair):
    def shares(cells):
        table = pl.DataFrame({
            "scope": ["X"] * 3, "level": ["8a"] * 3, "category": ["white", "minority", "unknown"],
            "headcount": cells, "level_headcount": [sum(cells)] * 3})
        return pipeline.control(table, "ethnicity")["share"].to_list()

    a, b = pair
    # Only when the totals are published alike too (otherwise the tables differ anyway).
    if disclosure.control_count(sum(a)) != disclosure.control_count(sum(b)):
        return
    assert shares(a) == shares(b)

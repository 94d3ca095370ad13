"""Disclosure control: hand-worked values and an attacker property test."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from engine.insights import disclosure as d


def test_counts() -> None:
    shown = [d.control_count(n) for n in (0, 1, 7, 8, 12, 13, 17, 18, 1234)]
    assert shown == [0, "*", "*", 10, 10, 15, 15, 20, 1235]
    assert d.control_count(3, national=True) == 3


def test_shares_from_rounded_values_and_small_numbers() -> None:
    # 10 of 28: rounded 10 / 30 = 0.3333 (percentages come from rounded values)
    assert d.control_share(10, 28) == 10 / 30
    assert d.control_share(7, 28) is None  # numerator under 8
    assert d.control_share(10, 28, national=True) == 10 / 28
    assert d.rate_shown(8, 8, 9) and not d.rate_shown(8, 0)


def test_secondary_suppression_hand_worked() -> None:
    # Primary: the 3. Row 0 then has one hidden cell -> hide its smallest other
    # non-zero cell, 20. Column 0 -> hide 10; column 1 -> hide 25. That leaves a 2x2
    # rectangle {3, 20 / 10, 25}: every row and column has 0 or 2 hidden cells.
    t = d.protect_table([[3, 20, 30], [10, 25, 40], [15, 35, 50]])
    assert t.cells == [["*", "*", 30], ["*", "*", 40], [15, 35, 50]]
    assert t.row_totals == [55, 75, 100]  # 53, 75, 100 rounded
    assert t.col_totals == [30, 80, 120]  # 28, 80, 120
    assert t.grand_total == 230  # 228
    # unrounded values are kept for calculation
    assert int(t.raw[0, 0]) == 3 and int(t.raw[3, 3]) == 228


def test_rounding_alone_can_leak_so_the_audit_hides_more() -> None:
    # One row [1, 8, 8]: total 17 shows 15, each 8 shows 10. Without secondary
    # suppression an attacker gets x <= 17 - 8 - 8 = 1 and x >= 1, so x = 1.
    naive = [["*", 10, 10, 15], [1, 10, 10, 15]]
    naive[1][0] = "*"
    lo, hi = d.interval_attack(naive)
    assert lo[0, 0] == hi[0, 0] == 1
    t = d.protect_table([[1, 8, 8]])
    lo, hi = d.interval_attack(t.shown())
    assert lo[0, 0] != hi[0, 0]


def test_national_tables_are_not_controlled() -> None:
    t = d.protect_table([[3, 20], [1, 0]], national=True)
    assert t.cells == [[3, 20], [1, 0]] and t.grand_total == 24


# --- property test: an attacker using only what is shown ---------------------------


def what_is_known(v: object) -> tuple[float, float]:
    """The bounds one shown value gives: '*' is at least 1, 0 is exactly 0, and a rounded
    v is within 2 of v and at least 8."""
    if v == "*":
        return 1, math.inf
    if v == 0:
        return 0, 0
    return max(v - 2, 8), v + 2


def attack(shown: list[list[object]]) -> tuple[np.ndarray, np.ndarray]:
    """Independent attacker: bounds from each shown value (:func:`what_is_known`),
    tightened by row/column subtraction until nothing changes."""
    bounds = np.array([[what_is_known(v) for v in row] for row in shown], dtype=float)
    lo, hi = bounds[..., 0], bounds[..., 1]
    rows, cols = lo.shape
    lines = [[(i, j) for j in range(cols)] for i in range(rows)]
    lines += [[(i, j) for i in range(rows)] for j in range(cols)]
    for _ in range(1000):
        changed = False
        for line in lines:
            *cells, total = line
            for k, pos in enumerate(cells):
                others = [p for n, p in enumerate(cells) if n != k]
                new_lo = lo[total] - sum(hi[p] for p in others)
                new_hi = hi[total] - sum(lo[p] for p in others)
                if new_lo > lo[pos]:
                    lo[pos], changed = new_lo, True
                if new_hi < hi[pos]:
                    hi[pos], changed = new_hi, True
            t_lo, t_hi = sum(lo[p] for p in cells), sum(hi[p] for p in cells)
            if t_lo > lo[total]:
                lo[total], changed = t_lo, True
            if t_hi < hi[total]:
                hi[total], changed = t_hi, True
        if not changed:
            break
    return lo, hi


small_counts = st.one_of(st.integers(0, 9), st.integers(0, 9), st.integers(10, 60))
tables = st.integers(1, 4).flatmap(
    lambda r: st.integers(1, 4).flatmap(
        lambda c: st.lists(st.lists(small_counts, min_size=c, max_size=c), min_size=r, max_size=r)
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_attacker_cannot_recover_small_counts(table: list[list[int]]) -> None:
    t = d.protect_table(table)
    shown = t.shown()
    raw = t.raw
    for i, row in enumerate(shown):
        for j, v in enumerate(row):
            n = int(raw[i, j])
            if 1 <= n <= 7:
                assert v == "*", "every count 1-7 is hidden"
            if v != "*":
                assert v == 0 or (v % 5 == 0 and v >= 10), "shown values are 0 or rounded"
    # no row or column (with its total) has exactly one hidden element
    for line in (*t.hidden, *t.hidden.T):
        assert int(line.sum()) != 1
    lo, hi = attack(shown)
    for i, j in zip(*np.nonzero(t.hidden), strict=True):
        n = int(raw[i, j])
        assert lo[i, j] <= n <= hi[i, j], "attacker bounds are sound"
        if 1 <= n <= 7:
            assert lo[i, j] != hi[i, j], f"hidden {n} at {(i, j)} pinned down"

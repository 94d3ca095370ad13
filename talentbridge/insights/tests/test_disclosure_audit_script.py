"""The outside attacker's reasoning (scripts/disclosure_reasoning.py) on small hand-made
inputs: no server, no database."""

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[3] / "scripts" / "disclosure_reasoning.py"
_spec = importlib.util.spec_from_file_location("disclosure_reasoning", _PATH)
dr = importlib.util.module_from_spec(_spec)
sys.modules["disclosure_reasoning"] = dr
_spec.loader.exec_module(dr)


def _region_of_stars(total_shown, n_orgs, *, exact_total=None):
    m = dr.Model()
    orgs = [("org", i) for i in range(n_orgs)]
    for k in orgs:
        m.observe(k, "*", f"org {k[1]}")
    if exact_total is None:
        m.observe("region", total_shown, "region")
    else:
        m.observe("region", exact_total, "region", controlled=False)
    m.add_sum("region", orgs)
    return m, orgs


@pytest.mark.parametrize("exact", [False, True])
def test_region_of_twelve_hidden_organisations_pins_each_to_one(exact):
    # A region shown 10 holds at most 12 people; 12 organisations each hold at least 1.
    m, orgs = _region_of_stars(10, 12, exact_total=12 if exact else None)
    dr.propagate(m)
    expected = orgs if exact else [*orgs, "region"]  # the shown 10 is 12, too
    assert sorted(m.pinned(), key=repr) == sorted(expected, key=repr)
    assert all(m.lo[k] == m.hi[k] == 1 for k in orgs)
    assert m.lo["region"] == 12


def test_region_of_eight_hidden_organisations_pins_nothing():
    m, orgs = _region_of_stars(10, 8)
    dr.propagate(m)
    dr.exact_pins(m)
    assert m.pinned() == []
    assert m.published_hidden() == [*orgs, "region"]


def _two_by_two(hidden_total_row=False):
    """Cells a b / c d with exact row and column totals; a is hidden."""
    m = dr.Model()
    true = {"a": 3, "b": 20, "c": 12, "d": 40}
    for k in "bcd":
        m.observe(k, true[k], k, controlled=False)
    m.observe("a", "*", "a")
    for name, parts in (("r1", "ab"), ("r2", "cd"), ("c1", "ac"), ("c2", "bd")):
        m.observe(name, sum(true[p] for p in parts), name, controlled=False)
        m.add_sum(name, parts)
    return m


def test_two_by_two_with_one_hidden_cell_beside_exact_totals_is_pinned():
    m = _two_by_two()
    dr.propagate(m)
    assert m.pinned() == ["a"] and m.lo["a"] == 3


def test_rounded_two_by_two_with_two_hidden_cells_is_not_pinned():
    # The secondary-suppression pattern: a and b hidden in a row whose total is rounded.
    m = dr.Model()
    m.observe("a", "*", "a")
    m.observe("b", "*", "b")
    m.observe("t", 10, "t")
    m.add_sum("t", ["a", "b"])
    dr.propagate(m)
    dr.exact_pins(m)
    assert m.pinned() == []


def test_exact_search_pins_what_intervals_miss():
    # x + y = 9 and x - y... a share: x / (x + y) shown as 0.3333 gives x = 3 (9 people).
    m = dr.Model()
    m.observe("x", "*", "x")
    m.observe("y", "*", "y")
    m.observe("n", 9, "n", controlled=False)
    m.add_sum("n", ["x", "y"])
    m.add_ratio("x", "n", 0.3333, 4)
    dr.propagate(m)
    assert set(m.pinned()) == {"x", "y"} and m.lo["x"] == 3


def test_rate_at_four_decimals_pins_rounded_counts():
    # 15 of 185 shown as 8.1522 %: only 15 / 184 fits inside the rounding intervals.
    m = dr.Model()
    m.observe("promoted", 15, "promoted")
    m.observe("stayers", 185, "stayers")
    m.add_ratio("promoted", "stayers", 8.1522, 4, scale=100)
    dr.propagate(m)
    dr.exact_pins(m)
    assert m.lo["stayers"] == m.hi["stayers"] == 184
    assert m.lo["promoted"] == m.hi["promoted"] == 15


def test_cp_sat_pins_through_a_relation_the_intervals_cannot_use():
    m = dr.Model()
    for k in ("a", "b"):
        m.observe(k, 10, k)
    # a * b = 64 within 8..12 each: only 8 x 8.
    m.add_relation(("a", "b"), lambda a, b: a * b == 64, "product")
    dr.propagate(m)
    assert m.pinned() == ["a", "b"]


def test_rounded_share_bounds_the_unpublished_denominator():
    m = dr.Model()
    m.var("known")
    m.add_rounded_share(255, "known", 0.191, 4)
    # 255 / m = 0.191 -> m = 1335 (255 / 1335 = 0.19101)
    assert (m.lo["known"], m.hi["known"]) == (1333, 1337)


def test_inconsistent_figures_are_reported():
    m = dr.Model()
    m.observe("a", 0, "a")
    m.observe("t", 10, "t")
    m.add_sum("t", ["a"])
    with pytest.raises(dr.Inconsistent):
        dr.propagate(m)

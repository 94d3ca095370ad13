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


_AUDIT = Path(__file__).resolve().parents[3] / "scripts" / "disclosure_audit.py"
_audit_spec = importlib.util.spec_from_file_location("disclosure_audit", _AUDIT)
audit = importlib.util.module_from_spec(_audit_spec)
_audit_spec.loader.exec_module(audit)


def _area(key, orgs):
    level = key.split(":")[0]
    return {"key": key, "level": level, "code": key.split(":")[1], "name": key,
            "organisations": orgs,
            "kinds": {} if level == "organisation" else {"acute": orgs}}


def _pipeline(snap, key, white, minority):
    return {"page": "pipeline", "status": 200,
            "params": {"scope": key, "kind": "", "snapshot": snap, "dimension": "ethnicity"},
            "body": {"scope": {"key": key}, "disclosure_controlled": True,
                     "snapshot": {"as_of": {1: "2025-10-01", 2: "2026-10-01"}[snap]},
                     "figures": {key: {"all": {"headcount": white + minority,
                                               "declared_pct": None, "categories": {
                                                   "white": {"headcount": white, "share": None},
                                                   "minority": {"headcount": minority,
                                                                "share": None},
                                                   "unknown": {"headcount": 0,
                                                               "share": None}}}}}}}


def _progression(key, stayers):
    row = {"top_promoted": 10, "top_stayers": stayers, "bottom_promoted": 10,
           "bottom_stayers": stayers}
    return {"page": "progression", "status": 200,
            "params": {"scope": key, "kind": "", "snapshot": 2, "earlier": 1,
                       "dimension": "sex"},
            "body": {"scope": {"key": key}, "disclosure_controlled": True,
                     "snapshot": {"as_of": "2026-10-01"}, "figures": {key: {"all": row}}}}


def _dated_crawl():
    """System QYG held RBN and RY2 on 1 October 2025; RY2 closed before 1 October 2026, and
    the later snapshot has nobody from it. Progression groups people by their organisation
    in the earlier snapshot, so QYG's stayers include RY2's, whose progression the user
    cannot ask for (RY2 is not an area on the later date)."""
    earlier = [_area("system:QYG", ["RBN", "RY2"]), _area("organisation:RBN", ["RBN"]),
               _area("organisation:RY2", ["RY2"])]
    later = [_area("system:QYG", ["RBN"]), _area("organisation:RBN", ["RBN"])]
    return {"scopes": [], "snapshots": [{"id": 1, "as_of": "2025-10-01"},
                                        {"id": 2, "as_of": "2026-10-01"}],
            "areas": {"2025-10-01": earlier, "2026-10-01": later},
            "answers": [_pipeline(1, "system:QYG", 150, 50), _pipeline(1, "organisation:RBN",
                                                                      100, 30),
                        _pipeline(1, "organisation:RY2", 50, 20),
                        _pipeline(2, "system:QYG", 100, 35),
                        _pipeline(2, "organisation:RBN", 100, 35),
                        _progression("system:QYG", 140), _progression("organisation:RBN", 90)]}


def test_areas_are_the_sum_of_their_organisations_on_each_snapshot_s_date():
    builder = audit.Builder(_dated_crawl())
    m = builder.build()
    sums = {total: set(parts) for total, parts in m.sums}
    qyg = ("pl", "2025-10-01", "eth", "system:QYG", "all", "white")
    assert sums[qyg] == {qyg[:3] + (f"organisation:{o}",) + qyg[4:] for o in ("RBN", "RY2")}
    later = ("pl", "2026-10-01", "eth", "system:QYG", "all", "white")
    assert sums[later] == {later[:3] + ("organisation:RBN",) + later[4:]}
    # progression: QYG's stayers are RBN's and RY2's as of the earlier date; RY2 was never
    # asked, so its part is free (not 0, which would contradict the shown 140 and 90)
    stayers = ("pr", "2026-10-01", "sex", "system:QYG", "all", "top_stayers")
    ry2 = ("pr", "2026-10-01", "sex", "organisation:RY2", "all", "top_stayers")
    assert ry2 in sums[stayers] and ry2 not in m.obs
    dr.propagate(m)  # consistent: no modelling mistake
    assert (m.lo[ry2], m.hi[ry2]) == (46, 54)
    assert m.pinned() == []
    assert builder.member_of(stayers) == ["organisation:RBN", "organisation:RY2"]


def test_today_s_membership_for_an_earlier_snapshot_would_be_a_modelling_mistake():
    doc = _dated_crawl()
    doc["areas"]["2025-10-01"] = doc["areas"]["2026-10-01"]  # RY2 left out of QYG in 2025
    m = audit.Builder(doc).build()
    with pytest.raises(dr.Inconsistent):
        dr.propagate(m)

"""Promotion between snapshots and the Markov projection."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from engine.insights import progression
from engine.insights import projection
from engine.insights.projection import Programme
from engine.insights.projection import Rates
from engine.insights.projection import Scenario


def snap(rows: list[tuple[str, str, str, str]]) -> pl.DataFrame:
    """(person_id, org, level, ethnic_group)"""
    return pl.DataFrame(
        {
            "person_id": [r[0] for r in rows],
            "org_code": [r[1] for r in rows],
            "level": [r[2] for r in rows],
            "ethnic_group": [r[3] for r in rows],
            "disability": ["N"] * len(rows),
            "sex": ["F"] * len(rows),
        }
    )


def test_promotion_relative_likelihood() -> None:
    # 10 White and 10 minority staff at band 7 in RJ1. A year later 3 White and 1
    # minority are at 8a; 1 White left; everyone else is still at band 7.
    before = [(f"W{i}", "RJ1", "7", "white") for i in range(10)]
    before += [(f"M{i}", "RJ1", "7", "minority") for i in range(10)]
    after = [(f"W{i}", "RJ1", "8a" if i < 3 else "7", "white") for i in range(9)]
    after += [(f"M{i}", "RJ1", "8a" if i < 1 else "7", "minority") for i in range(10)]
    after += [("NEW", "RJ1", "8b", "white")]
    out = progression.promotion_rates(snap(before), snap(after), suppress=False)
    row = out.row(0, named=True)
    # stayers: White 9 (3 promoted), minority 10 (1 promoted) -> (3/9) / (1/10) = 3.33
    assert (row["top_promoted"], row["top_stayers"]) == (3, 9)
    assert (row["bottom_promoted"], row["bottom_stayers"]) == (1, 10)
    assert row["ratio"] == pytest.approx((3 / 9) / (1 / 10))
    assert progression.promotion_rates(snap(before), snap(after)).row(0, named=True)["suppressed"]


LEVELS = ("8a", "8b", "VSM")
GROUPS = ("white", "minority")


def rates_equal() -> Rates:
    stay = np.array([[0.8, 0.8], [0.8, 0.8], [0.9, 0.9]])
    up = np.array([[0.1, 0.1], [0.1, 0.1], [0.0, 0.0]])
    leave = 1 - stay - up
    entrants = np.array([[14.0, 6.0], [3.5, 1.5], [0.7, 0.3]])  # 30% minority everywhere
    return Rates(LEVELS, GROUPS, stay, up, leave, entrants)


def test_headcount_conserved_apart_from_leavers_and_entrants() -> None:
    r = rates_equal()
    n = np.array([[100.0, 20.0], [40.0, 5.0], [10.0, 1.0]])
    nxt = projection.step(n, r)
    leavers = (n * r.leave).sum()
    assert nxt.sum() == pytest.approx(n.sum() - leavers + r.entrants.sum())
    # a development programme only moves people
    moved = projection.step(n, r, [Programme("minority", "8a", 3)])
    assert moved.sum() == pytest.approx(nxt.sum())
    assert moved[1, 1] == pytest.approx(nxt[1, 1] + 3)


def test_equal_rates_converge_to_entrant_mix() -> None:
    r = rates_equal()
    n = np.array([[100.0, 0.0], [40.0, 0.0], [10.0, 0.0]])  # start all White
    result = projection.project(r, n, years=15)
    minority = result.table.filter(pl.col("group") == "minority")
    # each level's minority share rises towards the 30% entrant mix, never above it
    for level in LEVELS:
        shares = minority.filter(pl.col("level") == level).sort("year")["share"].to_list()
        assert shares == sorted(shares)
        assert 0.15 < shares[-1] <= 0.30 + 1e-9
    far = n
    for _ in range(300):
        far = projection.step(far, r)
    assert far[:, 1] / far.sum(axis=1) == pytest.approx([0.3, 0.3, 0.3], abs=1e-6)


def test_scenarios_and_parity_year() -> None:
    stay = np.array([[0.8, 0.85], [0.8, 0.85], [0.9, 0.9]])
    up = np.array([[0.1, 0.05], [0.1, 0.05], [0.0, 0.0]])
    leave = 1 - stay - up
    entrants = np.array([[14.0, 6.0], [0.0, 0.0], [0.0, 0.0]])
    r = Rates(LEVELS, GROUPS, stay, up, leave, entrants)
    n = np.array([[70.0, 30.0], [45.0, 5.0], [19.0, 1.0]])
    base = projection.project(r, n, 15)
    fair = projection.project(r, n, 15, Scenario("equalised", equalise_promotion="white"))
    assert fair.top_share[-1] > base.top_share[-1]
    assert fair.table.filter(pl.col("year") == 0)["headcount"].sum() == pytest.approx(n.sum())
    prog = projection.project(
        r, n, 15, Scenario("programme", programmes=(Programme("minority", "8b", 2),))
    )
    assert prog.top_share[-1] > base.top_share[-1]
    mix = projection.project(
        r, n, 5, Scenario("mix", recruitment_mix={"white": 0.5, "minority": 0.5})
    )
    assert mix.table.filter(pl.col("year") == 0).height == 6
    assert base.parity_year is None or base.parity_year > 0
    assert prog.parity_year is not None and (
        base.parity_year is None or prog.parity_year <= base.parity_year
    )
    with pytest.raises(ValueError):
        projection.project(r, n, 16)


def test_estimate_rates_from_snapshots() -> None:
    a = snap(
        [
            ("P1", "X", "8a", "white"),
            ("P2", "X", "8a", "white"),
            ("P3", "X", "8a", "minority"),
            ("P4", "X", "8b", "minority"),
        ]
    )
    b = snap(
        [
            ("P1", "X", "8b", "white"),
            ("P2", "X", "8a", "white"),
            ("P4", "X", "8b", "minority"),
            ("P5", "X", "8a", "minority"),
        ]
    )
    r = projection.estimate_rates([a, b], levels=LEVELS, groups=GROUPS)
    wi, mi = 0, 1
    # White at 8a: 1 of 2 up, 1 stayed; minority at 8a: 1 of 1 left; P5 entered 8a
    assert r.up[0, wi] == pytest.approx(0.5) and r.stay[0, wi] == pytest.approx(0.5)
    assert r.leave[0, mi] == pytest.approx(1.0)
    assert r.entrants[0, mi] == 1
    # VSM had nobody: borrows its level's pooled rates, i.e. stays
    assert r.stay[2, wi] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        Rates(LEVELS, GROUPS, np.ones((3, 2)), np.ones((3, 2)), np.zeros((3, 2)), np.zeros((3, 2)))

"""Pipeline and WRES/WDES figures on the hand-made workforce (see conftest.py)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from engine.insights import pipeline
from engine.insights import wres
from engine.insights.snapshot import import_events
from engine.insights.snapshot import import_snapshot

from .conftest import SPEC
from .conftest import workforce_csv


def cell(df: pl.DataFrame, scope: str, level: str, category: str) -> dict:
    rows = df.filter(
        (pl.col("scope") == scope) & (pl.col("level") == level) & (pl.col("category") == category)
    )
    assert rows.height == 1
    return rows.row(0, named=True)


def test_representation_by_level(snapshot: pl.DataFrame) -> None:
    rep = pipeline.representation(snapshot, "ethnicity", levels="senior", by="org")
    # RJ1 8a: White 5 (A x4, A/U x1), minority 2 (N x2), unknown 1 (99) -> 2/7
    m = cell(rep, "RJ1", "8a", "minority")
    assert (m["headcount"], m["level_headcount"], m["known_headcount"]) == (2, 8, 7)
    assert m["share"] == pytest.approx(2 / 7)
    assert cell(rep, "RJ1", "8a", "unknown")["share"] is None
    # VSM are all on the board at RJ1: VSM level empty, board 2 White + 1 minority
    assert cell(rep, "RJ1", "VSM", "white")["headcount"] == 0
    assert cell(rep, "RJ1", "board", "minority")["share"] == pytest.approx(1 / 3)
    # overall RJ1: minority 10 of known 28
    assert cell(rep, "RJ1", "all", "minority")["share"] == pytest.approx(10 / 28)
    # every scope x level x category is present: 2 orgs x 8 levels x 3 categories
    assert rep.height == 2 * 8 * 3


def test_scopes_and_categories(snapshot: pl.DataFrame) -> None:
    eng = pipeline.representation(snapshot, "ethnicity", by="england")
    # England 8a: White 5 + 6 = 11, minority 2 + 2 = 4, unknown 1 -> 4/15
    assert cell(eng, "ENGLAND", "8a", "minority")["share"] == pytest.approx(4 / 15)
    org_map = pl.DataFrame(
        {"org_code": ["RJ1", "RM2"], "region": ["Y56", "Y56"], "system": ["QMJ", "QRV"]}
    )
    reg = pipeline.representation(snapshot, by="region", org_map=org_map)
    assert reg["scope"].unique().to_list() == ["Y56"]
    only = pipeline.representation(snapshot, by="org", orgs={"RM2"})
    assert only["scope"].unique().to_list() == ["RM2"]
    cats = pipeline.representation(snapshot, "ethnic_category", levels=["5"], orgs={"RJ1"})
    # band 5 at RJ1: A 6, H 3, Z 1 -> H share of the 9 known = 1/3
    assert cell(cats, "RJ1", "5", "H")["share"] == pytest.approx(1 / 3)
    assert cell(cats, "RJ1", "5", "Z")["share"] is None
    dis = pipeline.representation(snapshot, "disability", levels=["8a"], orgs={"RJ1"})
    # RJ1 8a disability: Y 2, N 5, U 1 -> 2/7
    assert cell(dis, "RJ1", "8a", "Y")["share"] == pytest.approx(2 / 7)
    with pytest.raises(ValueError):
        pipeline.representation(snapshot, by="system")


def test_declaration_rates(snapshot: pl.DataFrame) -> None:
    rates = pipeline.declaration_rates(snapshot, levels=["8a"], by="org")
    row = rates.filter((pl.col("scope") == "RJ1") & (pl.col("level") == "8a")).row(0, named=True)
    # RJ1 8a: 8 staff, ethnicity known 7, disability known 7 (one A/U)
    assert (row["headcount"], row["ethnicity_declared"], row["disability_declared"]) == (8, 7, 7)
    assert row["ethnicity_rate"] == pytest.approx(7 / 8)


def test_change_between_snapshots(snapshot: pl.DataFrame, tmp_path: Path) -> None:
    # later: RM2 recruits 4 more ethnic-minority staff at 8a (D/N)
    later_spec = [*SPEC, ("RM2", "8a", "D", "N", False, 4)]
    p = tmp_path / "later.csv"
    p.write_text(workforce_csv(later_spec), encoding="utf-8")
    later = import_snapshot(p)
    prev = pipeline.representation(snapshot, levels=["8a"], by="org")
    curr = pipeline.representation(later, levels=["8a"], by="org")
    ch = pipeline.change(prev, curr)
    row = cell(ch, "RM2", "8a", "minority")
    # 2/8 = 25% -> 6/12 = 50%: +4 headcount, +25 percentage points
    assert row["headcount_change"] == 4
    assert row["share_change_pp"] == pytest.approx(25.0)


def test_pipeline_disclosure_control(snapshot: pl.DataFrame) -> None:
    rep = pipeline.representation(snapshot, levels=["8a"], by="org", orgs={"RM2"})
    shown = pipeline.control(rep, "ethnicity")
    row = shown.filter((pl.col("level") == "8a") & (pl.col("category") == "white")).row(
        0, named=True
    )
    # RM2 8a: White 6, minority 2 -> both hidden (1-7), total 8 shown as 10, no shares
    assert row["headcount"] == "*" and row["level_headcount"] == "10" and row["share"] is None
    allrow = shown.filter((pl.col("level") == "all") & (pl.col("category") == "white")).row(
        0, named=True
    )
    # RM2 overall: White 14 -> 15, minority 6 -> "*", so White is hidden too (secondary)
    assert allrow["headcount"] == "*"
    eng = pipeline.control(
        pipeline.representation(snapshot, levels=["8a"], by="england"), national=True
    )
    assert (
        eng.filter(pl.col("category") == "minority")
        .filter(pl.col("level") == "8a")["headcount"]
        .item()
        == "4"
    )


def build_report(snapshot: pl.DataFrame, files: dict[str, Path], **kw) -> wres.WresReport:
    return wres.wres_report(
        snapshot,
        import_events(files["recruitment"], "recruitment"),
        import_events(files["disciplinary"], "disciplinary"),
        import_events(files["training"], "training"),
        **kw,
    )


def ratio(report: wres.WresReport, scope: str, name: str) -> dict:
    return report.ratios.filter((pl.col("scope") == scope) & (pl.col("indicator") == name)).row(
        0, named=True
    )


def test_wres_ratios_hand_worked(snapshot: pl.DataFrame, event_files: dict[str, Path]) -> None:
    rep = build_report(snapshot, event_files, suppress=False)
    # Indicator 2, RJ1: White 12/40 = 0.30, minority 10/50 = 0.20 -> 1.5 (CI 0.7236-3.1094)
    i2 = ratio(rep, "RJ1", "indicator_2")
    assert (i2["top_events"], i2["top_total"], i2["bottom_events"], i2["bottom_total"]) == (
        12,
        40,
        10,
        50,
    )
    assert i2["ratio"] == pytest.approx(1.5)
    assert i2["ci_low"] == pytest.approx(0.7236, abs=1e-4) and i2["flag"] is True
    # Indicator 3, RJ1 (minority / White): (2/10) / (1/18) = 3.6; P0007 counted once
    i3 = ratio(rep, "RJ1", "indicator_3")
    assert (i3["top_events"], i3["top_total"], i3["bottom_events"], i3["bottom_total"]) == (
        2,
        10,
        1,
        18,
    )
    assert i3["ratio"] == pytest.approx(3.6)
    # Indicator 4, RJ1 (White / minority): (9/18) / (4/10) = 1.25, on the band edge
    i4 = ratio(rep, "RJ1", "indicator_4")
    assert i4["ratio"] == pytest.approx(1.25) and i4["flag"] is False
    assert rep.unmatched == {"entered_formal_process": 0, "accessed_non_mandatory": 1}
    # WDES 2, RJ1 (non-disabled / disabled): (22/90) / (3/3) = 0.2444
    assert ratio(rep, "RJ1", "wdes_metric_2")["ratio"] == pytest.approx(22 / 90)
    # WDES 3, RJ1 (disabled / non-disabled): P0016 is disabled of 3; P0007, P0001 of 24
    # -> (1/3) / (2/24) = 4.0
    assert ratio(rep, "RJ1", "wdes_metric_3")["ratio"] == pytest.approx(4.0)
    # Indicator 9, RJ1: board 1/3 = 33.33% minus workforce 10/28 = 35.71% -> -2.38 pp
    i9 = rep.indicator_9.filter(pl.col("scope") == "RJ1").row(0, named=True)
    assert i9["difference_pp"] == pytest.approx(100 / 3 - 1000 / 28)


def test_wres_rollup_and_suppression(snapshot: pl.DataFrame, event_files: dict[str, Path]) -> None:
    eng = build_report(snapshot, event_files, by="england")
    # England indicator 2: White (12+4)/(40+20) = 0.2667, minority (10+2)/(50+10) = 0.2 -> 1.333
    i2 = ratio(eng, "ENGLAND", "indicator_2")
    assert i2["ratio"] == pytest.approx(4 / 3) and not i2["suppressed"]
    org = build_report(snapshot, event_files)  # suppression on by default
    assert ratio(org, "RJ1", "indicator_2")["suppressed"] is False
    for name in ("indicator_3", "wdes_metric_2"):  # counts 1, 2, 3 behind them
        r = ratio(org, "RJ1", name)
        assert r["suppressed"] is True and r["ratio"] is None
    assert ratio(org, "RM2", "indicator_2")["suppressed"] is True  # 4 and 2 appointed


def test_wres_json_shape(snapshot: pl.DataFrame, event_files: dict[str, Path]) -> None:
    doc = wres.to_json(build_report(snapshot, event_files))
    rj1 = doc["RJ1"]
    assert set(rj1) >= set(wres.ALL_INDICATORS)
    # Below England the ratio comes from the published counts: White 12/40 and minority
    # 10/50 are published as 10/40 and 10/50, so (10/40) / (10/50) = 1.25, not 1.5.
    assert rj1["indicator_2"]["ratio"] == 1.25
    assert rj1["indicator_2"]["counts"] == {
        "top_events": 10,
        "top_total": 40,
        "bottom_events": 10,
        "bottom_total": 50,
    }
    assert (
        rj1["indicator_3"]["suppressed"] is True
        and rj1["indicator_3"]["counts"]["top_events"] == "*"
    )
    # indicator 1, band 5 at RJ1: White 6, minority 3, unknown 1 -> hidden; total 10
    band5 = rj1["indicator_1"]["bands"]["5"]
    assert band5["headcount"] == 10 and band5["minority"] == "*"
    assert rj1["indicator_1"]["overall"]["headcount"] == 30

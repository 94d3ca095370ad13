"""`talentbridge tenure survival` agrees with lifelines' KaplanMeierFitter to 1e-9.

lifelines is the reference (a development dependency): every figure below is read off its own
curves here, independently of the engine and its benchmark.
"""

from __future__ import annotations

import io
import json
import random
import warnings
from datetime import date
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from lifelines import KaplanMeierFitter

from engine.tenure.cli import main
from engine.tenure.survival import kaplan_meier

AS_OF = date(2026, 3, 31)
HORIZONS = ("365", "730", "1095", "1826")


def _lifelines(durations: list[int], exits: list[bool]) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitter = KaplanMeierFitter().fit(np.array(durations, float), np.array(exits))
    curve = fitter.survival_function_.iloc[:, 0]
    bounds = fitter.confidence_interval_
    figures = {}
    for horizon in HORIZONS:
        row = curve.index[curve.index <= int(horizon)].max()
        figures[horizon] = (curve.loc[row], bounds.loc[row].iloc[0], bounds.loc[row].iloc[1])
    median = fitter.median_survival_time_
    return {"median": None if np.isinf(median) else median, "figures": figures}


def _write_tenures(path: Path, seed: int) -> dict[str, tuple[list[int], list[bool]]]:
    """Tenures in four trusts, with many ties (starts on a few dates, lengths rounded to
    months) and about a third still in post; returns what each group should hold."""
    rng = random.Random(seed)
    lines = ["person_id,organisation,start_date,end_date,exit_reason,trust_rating"]
    truth: dict[str, tuple[list[int], list[bool]]] = {}
    for i in range(1200):
        org = rng.choice(["RAA", "RBB", "RCC", "RDD"])
        rating = {"RAA": "inadequate", "RBB": "good", "RCC": "good", "RDD": "outstanding"}[org]
        start = AS_OF - timedelta(days=rng.choice([400, 800, 1500, 2200, 3000, 4000]))
        length = 30 * rng.randint(1, 80)
        end = start + timedelta(days=length)
        exited = end <= AS_OF and rng.random() < 0.8
        if not exited:
            end = AS_OF if end > AS_OF else end
        days = (end - start).days if exited else (AS_OF - start).days
        end_text = end.isoformat() if exited else ""
        lines.append(f"P{i},{org},{start},{end_text},{'resignation' if exited else ''},{rating}")
        for key in (rating, "ALL"):
            truth.setdefault(key, ([], []))
            truth[key][0].append(days)
            truth[key][1].append(exited)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return truth


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_command_agrees_with_lifelines_on_every_group_and_horizon(tmp_path, seed) -> None:
    truth = _write_tenures(tmp_path / "tenures.csv", seed)
    out = io.StringIO()
    code = main(["survival", "--tenures", str(tmp_path / "tenures.csv"), "--by", "trust_rating",
                 "--format", "json", "--as-of", AS_OF.isoformat()], stdout=out)
    assert code == 0
    result = json.loads(out.getvalue())
    assert set(result) == {"inadequate", "good", "outstanding", "ALL"}
    for group, (durations, exits) in truth.items():
        reference = _lifelines(durations, exits)
        ours = result[group]
        assert (ours["n"], ours["events"]) == (len(durations), sum(exits))
        assert ours["median_days"] == reference["median"]
        for horizon in HORIZONS:
            figures = ours["survival"][horizon]
            assert (figures["estimate"], figures["ci_low"], figures["ci_high"]) == pytest.approx(
                reference["figures"][horizon], abs=1e-9, rel=0)


def test_generated_data_has_the_ties_and_censoring_the_comparison_needs(tmp_path) -> None:
    durations, exits = _write_tenures(tmp_path / "t.csv", 1)["ALL"]
    assert len(set(durations)) < len(durations) / 3  # many ties
    assert 0.2 < 1 - sum(exits) / len(exits) < 0.6  # censoring


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.booleans()), min_size=1, max_size=60))
def test_every_step_agrees_with_lifelines(rows) -> None:
    """Any small set of tenures, including all censored, all exits, and exits on day 0."""
    durations = np.array([d for d, _ in rows], dtype=float)
    exits = np.array([e for _, e in rows])
    curve = kaplan_meier(durations, exits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitter = KaplanMeierFitter().fit(durations, exits)
    theirs = np.column_stack((fitter.survival_function_.iloc[:, 0].to_numpy(),
                              fitter.confidence_interval_.to_numpy()))
    for row, day in enumerate(fitter.survival_function_.index):
        assert curve.at(day) == pytest.approx(tuple(theirs[row]), abs=1e-12, rel=0)
    median = fitter.median_survival_time_
    assert curve.median_days == (None if np.isinf(median) else median)

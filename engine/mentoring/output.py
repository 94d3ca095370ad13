"""Running the matchings on an instance and writing the results: ``stable.csv``,
``optimal.csv`` (``mentee_id,mentor_id,score``, sorted by mentee then mentor) and
``summary.json``, all or nothing."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from engine.folders import staged_folder
from engine.mentoring.check import blocking_pairs
from engine.mentoring.check import check_matching
from engine.mentoring.instance import SCORE_SCALE
from engine.mentoring.instance import MentoringInstance
from engine.mentoring.optimal import optimal_matching
from engine.mentoring.stable import stable_matching

__all__ = ["METHODS", "SUMMARY", "Result", "run_method", "summary", "write_results"]

METHODS: dict[str, Callable[[MentoringInstance], np.ndarray]] = {
    "stable": stable_matching,
    "optimal": optimal_matching,
}
SUMMARY = "summary.json"


@dataclass(frozen=True, eq=False)
class Result:
    """One method's chosen pairs, its figures and what the independent check found."""

    method: str
    chosen: np.ndarray
    seconds: float
    blocking_pairs: int
    problems: list[str]

    def figures(self, inst: MentoringInstance) -> dict[str, object]:
        units = inst.score_units()[self.chosen]
        return {
            "matched_mentees": int(np.unique(inst.pair_mentee[self.chosen]).shape[0]),
            "total_score": round(int(units.sum()) / SCORE_SCALE, 6),
            "blocking_pairs": self.blocking_pairs,
            "seconds": round(self.seconds, 4),
        }


def run_method(inst: MentoringInstance, method: str) -> Result:
    """Run one method, timing it, and check its result independently."""
    start = time.perf_counter()
    chosen = METHODS[method](inst)
    seconds = time.perf_counter() - start
    return Result(method, chosen, seconds, len(blocking_pairs(inst, chosen)),
                  check_matching(inst, chosen))


def summary(inst: MentoringInstance, results: list[Result], read_seconds: float
            ) -> dict[str, object]:
    return {
        "totals": {
            "mentees": inst.n_mentees,
            "mentors": inst.n_mentors,
            "capacity": int(inst.capacity.sum()),
            "listed_pairs": inst.n_pairs + inst.excluded_pairs,
            "excluded_pairs": inst.excluded_pairs,
            "admissible_pairs": inst.n_pairs,
        },
        "read_seconds": round(read_seconds, 4),
        "methods": {r.method: r.figures(inst) for r in results},
        "blocking_pair_rule": "an admissible listed pair not matched where the mentee is "
        "unmatched or prefers the mentor to its own, and the mentor has spare capacity or "
        "prefers the mentee to its worst held mentee",
    }


def _pairs_frame(inst: MentoringInstance, chosen: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame({
        "mentee_id": pl.Series(inst.mentee_ids, dtype=pl.String).gather(
            inst.pair_mentee[chosen]),
        "mentor_id": pl.Series(inst.mentor_ids, dtype=pl.String).gather(
            inst.pair_mentor[chosen]),
        "score": pl.Series(inst.score[chosen], dtype=pl.Float64),
    }).sort("mentee_id", "mentor_id")


def write_results(inst: MentoringInstance, results: list[Result], figures: dict[str, object],
                  output: Path) -> None:
    """Write each method's CSV and ``summary.json`` into ``output``, all or nothing.

    Files go into a fresh sibling folder first and are then moved into place, so an interrupted
    run never leaves a half-written output folder.
    """
    with staged_folder(output) as staging:
        for result in results:
            _pairs_frame(inst, result.chosen).write_csv(staging / f"{result.method}.csv")
        (staging / SUMMARY).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    run = {result.method for result in results}
    for method in METHODS:  # a method not run this time: its old result would mislead
        if method not in run:
            (output / f"{method}.csv").unlink(missing_ok=True)

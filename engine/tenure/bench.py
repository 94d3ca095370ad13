"""``talentbridge tenure bench``: our survival curves against lifelines on the same data.

One run generates a deterministic tenures file (200,000 rows by default, 200 organisations)
and times, best of ``repeat``:

- ours, read + compute: :func:`read_tenures`, :func:`survival_by_group` by organisation and
  the JSON report, in this process;
- ours, compute only: :func:`survival_by_group` and the report on arrays already read;
- ours, whole command: ``python -m talentbridge.cli tenure survival …`` as a new process
  (interpreter start-up and imports included), wall and CPU seconds;
- lifelines, compute only: ``KaplanMeierFitter.fit`` for each organisation and for everyone on
  the same arrays, then the same figures read off its curves.

It then checks that every figure agrees with lifelines to 1e-9 (and the medians exactly).
Timings are wall seconds and this process's CPU seconds; on a shared machine CPU seconds are
the steadier measure, and the 1-minute load average is printed beside them.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from typing import TextIO

import numpy as np

from engine.tenure.columns import ALL
from engine.tenure.generate import write_tenures
from engine.tenure.report import HORIZONS
from engine.tenure.report import survival_report
from engine.tenure.survival import survival_by_group
from engine.tenure.tenures import read_tenures
from engine.timing import run_module

__all__ = ["lifelines_report", "print_bench", "run_bench", "split_by_group"]

AS_OF = date(2026, 3, 31)
BY = "organisation"
TOLERANCE = 1e-9


def split_by_group(
    durations: np.ndarray, observed: np.ndarray, groups: np.ndarray | None
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(durations, observed) of each group and of everyone, for lifelines (not timed)."""
    parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if groups is not None:
        labels = np.asarray(groups, dtype=object)
        for name in sorted(set(labels.tolist())):
            rows = labels == name
            parts[name] = durations[rows], observed[rows]
    parts[ALL] = durations, observed
    return parts


def lifelines_report(parts: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, Any]:
    """The same report as ours, every figure taken from lifelines' ``KaplanMeierFitter``."""
    # lifelines is a development dependency, slow to import, and only the benchmark needs it
    from lifelines import KaplanMeierFitter

    report = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, (durations, observed) in parts.items():
            fitter = KaplanMeierFitter().fit(durations, observed)
            report[name] = _lifelines_summary(fitter, durations.size, int(observed.sum()))
    return report


def _lifelines_summary(fitter: Any, n: int, events: int) -> dict[str, Any]:
    curve = fitter.survival_function_.iloc[:, 0]
    bounds = fitter.confidence_interval_
    survival = {}
    for day in HORIZONS:
        i = int(np.searchsorted(curve.index.to_numpy(), day, side="right")) - 1
        survival[str(day)] = {
            "estimate": float(curve.iloc[i]),
            "ci_low": float(bounds.iloc[i, 0]),
            "ci_high": float(bounds.iloc[i, 1]),
        }
    median = float(fitter.median_survival_time_)
    return {"n": n, "events": events, "median_days": None if np.isinf(median) else median,
            "survival": survival}


def largest_difference(ours: dict[str, Any], theirs: dict[str, Any]) -> float:
    """The largest absolute difference of any figure; infinity if anything else differs."""
    if ours.keys() != theirs.keys():
        return float("inf")
    worst = 0.0
    for name, mine in ours.items():
        other = theirs[name]
        if (mine["n"], mine["events"], mine["median_days"]) != (
            other["n"], other["events"], other["median_days"]
        ):
            return float("inf")
        for day, figures in mine["survival"].items():
            for key, value in figures.items():
                worst = max(worst, abs(value - other["survival"][day][key]))
    return worst


def _best(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(best wall seconds, CPU seconds of that run, its result)."""
    best = (float("inf"), 0.0, None)
    for _ in range(repeat):
        cpu, start = time.process_time(), time.perf_counter()
        result = run()
        wall = time.perf_counter() - start
        if wall < best[0]:
            best = (wall, time.process_time() - cpu, result)
    return best


def _command(path: Path, repeat: int) -> tuple[float, float]:
    """Best (wall, CPU incl. children) seconds of the whole command as a new process."""
    argv = ["talentbridge.cli", "tenure", "survival", "--tenures", str(path), "--by", BY,
            "--as-of", AS_OF.isoformat()]
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        wall, usage, code = run_module(argv)
        if code != 0:
            raise SystemExit("the tenure survival command failed in the benchmark")
        best = min(best, (wall, usage.ru_utime + usage.ru_stime))
    return best


def run_bench(
    rows: int = 200_000, seed: int = 42, repeat: int = 3, organisations: int = 200
) -> dict[str, Any]:
    """Generate, time ours and lifelines, compare; the figures as a dict."""
    with tempfile.TemporaryDirectory(prefix="talentbridge-tenure-bench-") as folder:
        path = write_tenures(Path(folder) / "tenures.csv", rows, seed, AS_OF, organisations)
        load = os.getloadavg()[0]

        def read_and_compute() -> dict[str, Any]:
            arrays = read_tenures(path, as_of=AS_OF, by=BY)
            report = survival_report(survival_by_group(*arrays))
            json.dumps(report)
            return report

        ours_wall, ours_cpu, ours = _best(read_and_compute, repeat)
        arrays = read_tenures(path, as_of=AS_OF, by=BY)
        compute_wall, compute_cpu, _ = _best(
            lambda: survival_report(survival_by_group(*arrays)), repeat)
        parts = split_by_group(*arrays)
        lifelines_report({ALL: parts[ALL]})  # imports lifelines, outside the timing
        theirs_wall, theirs_cpu, theirs = _best(lambda: lifelines_report(parts), repeat)
        command_wall, command_cpu = _command(path, repeat)
    difference = largest_difference(ours, theirs)
    return {
        "rows": rows, "groups": len(ours) - 1, "seed": seed, "repeat": repeat,
        "ours_read_compute_s": ours_wall, "ours_read_compute_cpu_s": ours_cpu,
        "ours_compute_s": compute_wall, "ours_compute_cpu_s": compute_cpu,
        "ours_command_s": command_wall, "ours_command_cpu_s": command_cpu,
        "lifelines_compute_s": theirs_wall, "lifelines_compute_cpu_s": theirs_cpu,
        "ratio_compute": theirs_wall / compute_wall,
        "ratio_compute_cpu": theirs_cpu / max(compute_cpu, 1e-9),
        "ratio_with_read_cpu": theirs_cpu / max(ours_cpu, 1e-9),
        "largest_difference": difference, "agree": difference <= TOLERANCE,
        "load_avg_1min": [round(load, 1), round(os.getloadavg()[0], 1)],
    }


def print_bench(result: dict[str, Any], out: TextIO) -> None:
    r = result
    lines = [
        f"Tenure survival benchmark: {r['rows']:,} tenures, {r['groups']} organisations "
        f"(seed {r['seed']}, best of {r['repeat']}; load {r['load_avg_1min'][0]} → "
        f"{r['load_avg_1min'][1]} on {os.cpu_count()} cores)",
        f"  {'':34} {'wall s':>8} {'CPU s':>8}",
        f"  {'ours, read + compute (in process)':34} {r['ours_read_compute_s']:8.3f} "
        f"{r['ours_read_compute_cpu_s']:8.3f}",
        f"  {'ours, whole command (new process)':34} {r['ours_command_s']:8.3f} "
        f"{r['ours_command_cpu_s']:8.3f}",
        f"  {'ours, compute only':34} {r['ours_compute_s']:8.3f} {r['ours_compute_cpu_s']:8.3f}",
        f"  {'lifelines, compute only':34} {r['lifelines_compute_s']:8.3f} "
        f"{r['lifelines_compute_cpu_s']:8.3f}",
        f"  lifelines / ours, compute only: {r['ratio_compute']:.1f}× wall, "
        f"{r['ratio_compute_cpu']:.1f}× CPU; lifelines' curves / our read + curves: "
        f"{r['ratio_with_read_cpu']:.1f}× CPU",
        f"  largest difference from lifelines: {r['largest_difference']:.3g} "
        f"({'agrees' if r['agree'] else 'DOES NOT AGREE'} to {TOLERANCE:g}; medians equal)",
    ]
    out.write("\n".join(lines) + "\n")

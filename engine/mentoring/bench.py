"""The benchmark: both matchings at 20,000 mentees, 5,000 mentors and 1,000,000 listed pairs.

Measures, in one run: the stable matching's seconds (target: under 3 s); the optimal matching's
seconds against :func:`raw_min_cost_flow` — OR-Tools' ``SimpleMinCostFlow`` built with its
vectorised calls from the same NumPy arrays and solved, nothing else (target: ours within 1.3
times); and the peak memory of ``python -m engine.mentoring match`` on the same files, end to end
(read, both methods, the independent checks, writing; target: under 1.5 GB).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import numpy as np
from ortools.graph.python import min_cost_flow

from engine.mentoring.generate import FULL
from engine.mentoring.generate import generate
from engine.mentoring.instance import MentoringInstance
from engine.mentoring.instance import read_instance
from engine.mentoring.optimal import optimal_matching
from engine.mentoring.stable import stable_matching
from engine.timing import run_module

__all__ = ["raw_min_cost_flow", "run_bench"]


def raw_min_cost_flow(pair_mentee: np.ndarray, pair_mentor: np.ndarray, units: np.ndarray,
                      capacity: np.ndarray, n_mentees: int) -> tuple[float, int]:
    """The baseline: build the same network straight from the arrays and solve it.

    Same nodes and arcs as :mod:`engine.mentoring.optimal` (bypass, source -> mentee cap 1,
    mentor -> sink cap capacity, pair arcs cost ``-units``), each added with one vectorised
    call. Written apart from that module so that it cross-checks the optimum. Returns (seconds
    to build and solve, the optimal total in millionths).
    """
    start = time.perf_counter()
    n_r = capacity.shape[0]
    m0, r0 = 2, 2 + n_mentees
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.zeros(1 + n_mentees), r0 + np.arange(n_r),
                            m0 + pair_mentee]).astype(np.int32)
    heads = np.concatenate([[1], m0 + np.arange(n_mentees), np.ones(n_r),
                            r0 + pair_mentor]).astype(np.int32)
    caps = np.concatenate([[n_mentees], np.ones(n_mentees), capacity,
                           np.ones(pair_mentee.shape[0])]).astype(np.int64)
    costs = np.concatenate([np.zeros(1 + n_mentees + n_r), -units]).astype(np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_nodes_supplies(np.array([0, 1], np.int32), np.array([n_mentees, -n_mentees],
                                                                 np.int64))
    status = flow.solve()
    seconds = time.perf_counter() - start
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"raw OR-Tools status {status.name}")
    return seconds, -int(flow.optimal_cost())


def _cli_peak(instance_dir: Path, output_dir: Path) -> tuple[float, float]:
    """Run ``python -m engine.mentoring match``; return (wall seconds, peak RSS in MiB)."""
    seconds, usage, code = run_module(
        ["engine.mentoring", "match", "--instance", str(instance_dir), "--output", str(output_dir)]
    )
    if code != 0:
        raise RuntimeError(f"`python -m engine.mentoring match` failed ({code})")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def _timed(inst: MentoringInstance, repeat: int) -> dict[str, object]:
    """Best of ``repeat`` interleaved runs of stable, ours and the raw baseline."""
    units = inst.score_units()
    stable_s, ours_s, raw_s, ours_cpu, raw_cpu = [], [], [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        stable = stable_matching(inst)
        stable_s.append(time.perf_counter() - start)
        cpu, start = time.process_time(), time.perf_counter()
        ours = optimal_matching(inst)
        ours_s.append(time.perf_counter() - start)
        ours_cpu.append(time.process_time() - cpu)
        cpu = time.process_time()
        seconds, raw_total = raw_min_cost_flow(inst.pair_mentee, inst.pair_mentor, units,
                                               inst.capacity, inst.n_mentees)
        raw_cpu.append(time.process_time() - cpu)
        raw_s.append(seconds)
    return {
        "ratio_cpu": min(ours_cpu) / min(raw_cpu),
        "stable_s": min(stable_s), "optimal_s": min(ours_s), "raw_s": min(raw_s),
        "ratio": min(ours_s) / min(raw_s),
        "optimum_equal": int(units[ours].sum()) == raw_total,
        "stable_total": int(units[stable].sum()) / 1e6,
        "optimal_total": int(units[ours].sum()) / 1e6,
        "runs": {"stable": [round(s, 3) for s in stable_s],
                 "optimal": [round(s, 3) for s in ours_s],
                 "raw": [round(s, 3) for s in raw_s]},
    }


def run_bench(size: tuple[int, int, int] = FULL, seed: int = 42, repeat: int = 3
              ) -> dict[str, object]:
    """Generate, write, read and time everything; the figures as a dict."""
    with tempfile.TemporaryDirectory(prefix="talentbridge-mentoring-bench-") as tmp:
        folder = Path(tmp) / "instance"
        generate(*size, seed=seed).write(folder)
        start = time.perf_counter()
        inst = read_instance(folder)
        read_s = time.perf_counter() - start
        figures = _timed(inst, repeat)
        cli_s, peak = _cli_peak(folder, Path(tmp) / "out")
    return {
        "mentees": inst.n_mentees, "mentors": inst.n_mentors,
        "listed_pairs": inst.n_pairs + inst.excluded_pairs, "excluded_pairs": inst.excluded_pairs,
        "capacity": int(inst.capacity.sum()), "read_s": read_s, **figures,
        "cli_s": cli_s, "peak_rss_mib": peak, "repeat": repeat, "seed": seed,
        "load_avg_1min": round(os.getloadavg()[0], 1),
    }

"""The generator (deterministic, valid, with exclusions) and the benchmark at a small size."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from engine.mentoring import read_instance
from engine.mentoring.bench import raw_min_cost_flow
from engine.mentoring.cli import main
from engine.mentoring.generate import generate
from engine.mentoring.optimal import optimal_matching


def test_the_same_seed_gives_the_same_files(tmp_path: Path) -> None:
    generate(300, 80, 10, seed=7).write(tmp_path / "a")
    generate(300, 80, 10, seed=7).write(tmp_path / "b")
    generate(300, 80, 10, seed=8).write(tmp_path / "c")
    for name in ("mentors.csv", "mentees.csv", "pairs.csv", "conflicts.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "pairs.csv").read_bytes() != (tmp_path / "c" / "pairs.csv"
                                                           ).read_bytes()


def test_generated_files_read_back_with_capacities_and_exclusions(tmp_path: Path, capsys) -> None:
    assert main(["generate", "--mentees", "400", "--mentors", "100", "--pairs-per-mentee", "20",
                 "--seed", "3", "--output", str(tmp_path)]) == 0
    assert "Wrote 400 mentees, 100 mentors" in capsys.readouterr().out
    inst = read_instance(tmp_path)
    assert inst.n_mentees == 400 and inst.n_mentors == 100
    pair_lines = (tmp_path / "pairs.csv").read_text(encoding="utf-8").count("\n") - 1
    assert inst.n_pairs + inst.excluded_pairs == pair_lines
    assert 0.95 * 400 * 20 <= pair_lines <= 400 * 20  # up to 20 each, nearly all listing 20
    assert inst.excluded_pairs > 0 and inst.wants_outside.any() and inst.conflict_mentee.size
    assert set(np.unique(inst.capacity)) <= set(range(1, 9))


def test_raw_baseline_reaches_the_same_optimum(tmp_path: Path) -> None:
    generate(500, 120, 15, seed=5).write(tmp_path)
    inst = read_instance(tmp_path)
    units = inst.score_units()
    _, raw_total = raw_min_cost_flow(inst.pair_mentee, inst.pair_mentor, units, inst.capacity,
                                     inst.n_mentees)
    assert int(units[optimal_matching(inst)].sum()) == raw_total


def test_bench_reports_every_figure(tmp_path: Path, capsys) -> None:
    out = tmp_path / "bench.json"
    code = main(["bench", "--repeat", "1", "--mentees", "300", "--mentors", "80",
                 "--pairs-per-mentee", "10", "--json", str(out)])
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["optimum_equal"] is True
    assert 0.95 * 3000 <= figures["listed_pairs"] <= 3000
    assert figures["stable_total"] <= figures["optimal_total"]
    assert figures["peak_rss_mib"] > 0 and figures["stable_s"] > 0 and figures["raw_s"] > 0
    printed = capsys.readouterr().out
    assert "ours/raw" in printed and "peak RSS" in printed
    # At this size fixed costs dominate, so the 1.3x target may be missed: the exit code says.
    assert code == (0 if "all targets met" in printed else 1)


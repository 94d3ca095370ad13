"""The benchmark command and `python -m engine.matching` entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from engine.matching.cli import main
from engine.timing import REPO_ROOT


def test_bench_reports_optimum_reached(tmp_path: Path, capsys) -> None:
    out = tmp_path / "bench.json"
    assert main(["bench", "--scales", "tiny", "--seed", "1", "--json", str(out)]) == 0
    (row,) = json.loads(out.read_text(encoding="utf-8"))
    assert row["equal"] is True
    assert row["greedy_total"] <= row["optimum_total"] == row["ours_total"]
    assert row["peak_rss_mib"] > 0
    # Targets are set for medium and large only; the end-to-end ratio is shown at every scale.
    assert row["targets"] == "—"
    assert row["ratio_subprocess"] == row["ours_subprocess_s"] / row["raw_ortools_solve_s"]
    assert "Matching benchmark" in capsys.readouterr().out


def test_bench_rejects_unknown_scale(capsys) -> None:
    assert main(["bench", "--scales", "huge"]) == 2
    assert "Unknown scale" in capsys.readouterr().err


def test_python_dash_m_reports_invalid_instance_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "candidates.csv").write_text("candidate_id,employer\nC1,RJ1\n", encoding="utf-8")
    (tmp_path / "opportunities.csv").write_text("opportunity_id,host,seats\nO1,RYJ,x\n",
                                                encoding="utf-8")
    (tmp_path / "pairs.csv").write_text("candidate_id,opportunity_id,score\nC1,O1,1\n",
                                        encoding="utf-8")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "engine.matching", "solve", "--instance", str(tmp_path),
         "--output", str(tmp_path / "out")],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2
    assert 'opportunities.csv line 2: seats "x" must be a whole number ≥ 0' in result.stderr
    assert not (tmp_path / "out").exists()

"""The hand-worked instance (files.py) through the command line, compared with the CSVs written.

Admissible pairs (score, mentee's rank, mentor's rank)::

    M1-R1  excluded: same organisation A and M1 wants a mentor from outside
    M1-R2  4.25      2  3
    M2-R1  7.5       1  2
    M2-R2  6.125     2  1
    M3-R1  8         1  3
    M3-R3  excluded: a declared conflict
    M4-R2  3.000001  1  2
    M4-R3  2         2  2

Stable, by hand (mentees propose in rank order, skipping excluded pairs):
    M1 -> R2, M2 -> R1, M3 -> R1, M4 -> R2. R1 (capacity 1) holds M2 (its rank 2) and rejects M3
    (rank 3); R2 (capacity 2) holds M1 and M4. M3's only other mentor, R3, is a conflict: M3
    stays unmatched. Stable = M1-R2, M2-R1, M4-R2; total 4.25 + 7.5 + 3.000001 = 14.750001.
    No blocking pair: M3-R1 does not block (R1 is full and prefers M2), M2 and M4 have their
    first choice, and M1's first choice is excluded.

Optimal, by hand: R1 goes to M3 (8) or M2 (7.5). With M2-R1, M1 and M4 share R2: at most
    7.5 + 4.25 + 3.000001 = 14.750001 (M3 cannot be matched). With M3-R1, M2 takes R2 (6.125),
    R2's other place goes to M1 (4.25, whose only mentor it is) and M4 takes R3 (2):
    8 + 6.125 + 4.25 + 2 = 20.375, every mentee matched. Optimal = M1-R2, M2-R2, M3-R1, M4-R3.
    It has 2 blocking pairs: M2-R1 (M2 ranks R1 first; R1 ranks M2 2nd, above M3) and M4-R2 (M4
    ranks R2 first; R2 ranks M4 2nd, above M1, its worst).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.mentoring.cli import main
from engine.tests.mentoring.files import write
from engine.timing import REPO_ROOT

STABLE = [("M1", "R2", 4.25), ("M2", "R1", 7.5), ("M4", "R2", 3.000001)]
OPTIMAL = [("M1", "R2", 4.25), ("M2", "R2", 6.125), ("M3", "R1", 8.0), ("M4", "R3", 2.0)]


def rows(path: Path) -> list[tuple[str, str, float]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["mentee_id", "mentor_id", "score"]
        return [(mentee, mentor, float(score)) for mentee, mentor, score in reader]


def test_both_methods_write_the_hand_worked_matchings(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["match", "--instance", str(write(tmp_path / "in")), "--output", str(out)]) == 0
    assert rows(out / "stable.csv") == STABLE
    assert rows(out / "optimal.csv") == OPTIMAL
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"] == {"mentees": 4, "mentors": 3, "capacity": 4, "listed_pairs": 8,
                                 "excluded_pairs": 2, "admissible_pairs": 6}
    stable, optimal = summary["methods"]["stable"], summary["methods"]["optimal"]
    assert (stable["matched_mentees"], stable["total_score"], stable["blocking_pairs"]) == (
        3, 14.750001, 0)
    assert (optimal["matched_mentees"], optimal["total_score"], optimal["blocking_pairs"]) == (
        4, 20.375, 2)
    assert stable["seconds"] >= 0 and optimal["seconds"] >= 0
    assert "stable: matched 3 of 4 mentees" in capsys.readouterr().out


@pytest.mark.parametrize("method,written,absent", [("stable", "stable.csv", "optimal.csv"),
                                                   ("optimal", "optimal.csv", "stable.csv")])
def test_one_method_writes_only_its_own_file(tmp_path: Path, method, written, absent) -> None:
    out = tmp_path / "out"
    folder = write(tmp_path / "in")
    assert main(["match", "--instance", str(folder), "--output", str(out)]) == 0
    assert main(["match", "--instance", str(folder), "--output", str(out),
                 "--method", method]) == 0
    assert (out / written).exists() and not (out / absent).exists()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert list(summary["methods"]) == [method]


def test_python_dash_m_and_talentbridge_command(tmp_path: Path) -> None:
    folder = write(tmp_path / "in")
    for i, module in enumerate(("engine.mentoring", "talentbridge.cli")):
        args = [] if module == "engine.mentoring" else ["mentoring"]
        out = tmp_path / f"out{i}"
        result = subprocess.run(  # noqa: S603 - fixed argv, our own modules
            [sys.executable, "-m", module, *args, "match", "--instance", str(folder),
             "--output", str(out), "--method", "stable"],
            cwd=REPO_ROOT, capture_output=True, text=True, check=False,
        )
        assert result.returncode == 0, result.stderr
        assert rows(out / "stable.csv") == STABLE

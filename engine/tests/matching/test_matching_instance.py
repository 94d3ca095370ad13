"""Reading and writing instance folders, and what the user sees when files are wrong."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from engine.matching.cli import main
from engine.matching.generate import generate
from engine.matching.instance import MAX_PROBLEMS
from engine.matching.instance import NO_CAP
from engine.matching.instance import InstanceError
from engine.matching.instance import read_instance
from engine.matching.instance import write_instance

GOOD = {
    "candidates.csv": "candidate_id,employer\nC1,RJ1\nC2,RJ1\nC3,RYJ\n",
    "opportunities.csv": "opportunity_id,host,seats\nO1,RYJ,1\nO2,QWE,2\n",
    "pairs.csv": "candidate_id,opportunity_id,score\nC1,O1,10\nC1,O2,4\nC2,O1,7\nC3,O1,9\n"
    "C3,O2,3\n",
    "caps.csv": "employer,max_release\nRJ1,1\n",
}


def write_folder(folder: Path, **changes: str | None) -> Path:
    files = dict(GOOD)
    for name, text in changes.items():
        files[name.replace("_csv", ".csv")] = text  # type: ignore[assignment]
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        read_instance(folder)
    return caught.value.problems


def test_good_folder_is_read_with_exclusions_and_caps(tmp_path: Path) -> None:
    instance = read_instance(write_folder(tmp_path))
    assert instance.candidate_ids.tolist() == ["C1", "C2", "C3"]
    assert instance.employers.tolist() == ["QWE", "RJ1", "RYJ"]
    # C3 works for RYJ, which hosts O1: that pair is excluded, the other four are eligible.
    assert (instance.n_pairs, instance.n_excluded) == (4, 1)
    assert instance.excluded_cand_idx.tolist() == [2]
    assert instance.max_release.tolist() == [NO_CAP, 1, NO_CAP]
    assert instance.seats.tolist() == [1, 2]


def test_caps_file_is_optional(tmp_path: Path) -> None:
    instance = read_instance(write_folder(tmp_path, caps_csv=None))
    assert instance.max_release is None


#: Wrong files (changes to GOOD), and every problem the reader lists for them, in order.
BAD_FOLDERS = {
    "unknown id": (
        {"pairs_csv": "candidate_id,opportunity_id,score\nC1,O1,10\nC9,O1,3\nC2,O7,1\n"},
        ['pairs.csv line 3: unknown candidate_id "C9" (not in candidates.csv)',
         'pairs.csv line 4: unknown opportunity_id "O7" (not in opportunities.csv)'],
    ),
    "duplicate id": (
        {"candidates_csv": "candidate_id,employer\nC1,RJ1\nC2,RJ1\nC3,RYJ\nC2,RYJ\n"},
        ['candidates.csv line 5: duplicate candidate_id "C2" (first on line 3)'],
    ),
    "duplicate pair": (
        {"pairs_csv": "candidate_id,opportunity_id,score\nC1,O1,10\nC2,O1,7\nC1,O1,2\n"},
        ['pairs.csv line 4: duplicate pair candidate_id "C1", opportunity_id "O1" '
         "(first on line 2)"],
    ),
    "negative score": (
        {"pairs_csv": "candidate_id,opportunity_id,score\nC1,O1,10\nC2,O1,-3\n"},
        ['pairs.csv line 3: score "-3" must be a whole number ≥ 0'],
    ),
    "non-integer seats and cap": (
        {"opportunities_csv": "opportunity_id,host,seats\nO1,RYJ,2.5\nO2,QWE,two\n",
         "caps_csv": "employer,max_release\nRJ1,-1\n"},
        ['opportunities.csv line 2: seats "2.5" must be a whole number ≥ 0',
         'opportunities.csv line 3: seats "two" must be a whole number ≥ 0',
         'caps.csv line 2: max_release "-1" must be a whole number ≥ 0'],
    ),
    "missing column": (
        {"pairs_csv": "candidate_id,opportunity_id,points\nC1,O1,10\n"},
        ['pairs.csv line 1: missing column "score" (found: candidate_id, opportunity_id, '
         'points)'],
    ),
    "missing file and empty value": (
        {"opportunities_csv": None, "caps_csv": None,
         "candidates_csv": "candidate_id,employer\nC1,\n"},
        ["candidates.csv line 2: employer is empty", "opportunities.csv: file not found"],
    ),
    "empty ids in pairs": (
        {"pairs_csv": "candidate_id,opportunity_id,score\nC1,,10\n,O1,3\nC2,O1,\n"},
        ["pairs.csv line 2: opportunity_id is empty",
         "pairs.csv line 3: candidate_id is empty",
         'pairs.csv line 4: score "" must be a whole number ≥ 0'],
    ),
}


@pytest.mark.parametrize("case", list(BAD_FOLDERS))
def test_bad_folder_lists_every_problem(tmp_path: Path, case: str) -> None:
    changes, expected = BAD_FOLDERS[case]
    assert problems(write_folder(tmp_path, **changes)) == expected


def test_all_problems_are_reported_together_up_to_a_limit(tmp_path: Path) -> None:
    rows = "".join(f"C1,O2,-{i}\n" for i in range(1, 80))
    found = problems(write_folder(tmp_path, pairs_csv="candidate_id,opportunity_id,score\n" + rows))
    assert len(found) == MAX_PROBLEMS + 1
    assert found[0] == 'pairs.csv line 2: score "-1" must be a whole number ≥ 0'
    assert found[-1] == "… and 107 more problem(s) not listed"  # 79 scores + 78 duplicates


def test_round_trip_keeps_everything(tmp_path: Path) -> None:
    original = generate(300, 40, pairs_per_candidate=12, seats_total=70, n_employers=9, seed=3)
    assert original.n_excluded > 0 and original.max_release is not None
    write_instance(original, tmp_path)
    again = read_instance(tmp_path)
    for name in ("candidate_ids", "candidate_employer", "opportunity_ids", "opportunity_host",
                 "seats", "employers", "cand_idx", "opp_idx", "score", "max_release",
                 "excluded_cand_idx", "excluded_opp_idx", "excluded_score"):
        assert np.array_equal(getattr(original, name), getattr(again, name)), name


def test_generator_is_deterministic() -> None:
    a = generate(500, 50, 20, 90, 10, seed=7)
    b = generate(500, 50, 20, 90, 10, seed=7)
    c = generate(500, 50, 20, 90, 10, seed=8)
    assert np.array_equal(a.score, b.score) and np.array_equal(a.opp_idx, b.opp_idx)
    assert not np.array_equal(a.opp_idx, c.opp_idx)
    assert int(a.seats.sum()) == 90


# ----------------------------------------------------------------------------- CLI


def test_cli_solve_writes_assignments_and_summary(tmp_path: Path, capsys) -> None:
    folder = write_folder(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["solve", "--instance", str(folder), "--output", str(out)]) == 0
    lines = (out / "assignments.csv").read_text(encoding="utf-8").splitlines()
    # RJ1 releases one person: C1 (10 at O1) plus C3 at O2 (3) is the best, total 13.
    assert lines == ["candidate_id,opportunity_id,score", "C1,O1,10", "C3,O2,3"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {k: summary[k] for k in ("total_score", "assigned", "candidates", "opportunities",
                                    "pairs", "excluded")} == {
        "total_score": 13, "assigned": 2, "candidates": 3, "opportunities": 2, "pairs": 4,
        "excluded": 1,
    }
    assert summary["seconds"] >= summary["solve_seconds"] > 0
    assert "total score 13" in capsys.readouterr().out


@pytest.mark.parametrize(
    "change",
    [
        {"pairs_csv": "candidate_id,opportunity_id,score\nC1,O9,1\n"},
        {"candidates_csv": "candidate_id,employer\nC1,RJ1\nC1,RJ1\n"},
        {"pairs_csv": "candidate_id,opportunity_id,score\nC1,O1,1\nC1,O1,2\n"},
        {"pairs_csv": "candidate_id,opportunity_id,score\nC1,O1,-3\n"},
        {"opportunities_csv": "opportunity_id,host,seats\nO1,RYJ,1.5\nO2,QWE,1\n"},
        {"caps_csv": "employer\nRJ1\n"},
    ],
    ids=["unknown-id", "duplicate-id", "duplicate-pair", "negative-score", "seats", "column"],
)
def test_cli_invalid_instance_writes_nothing_and_exits_2(
    tmp_path: Path, capsys, change: dict[str, str]
) -> None:
    folder = write_folder(tmp_path / "in", **change)
    out = tmp_path / "results" / "run-1"
    assert main(["solve", "--instance", str(folder), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert ".csv line " in err
    assert not out.exists()
    assert not (tmp_path / "results").exists()


def test_cli_generate_then_solve(tmp_path: Path, capsys) -> None:
    assert main(["generate", "--candidates", "200", "--opportunities", "30", "--seed", "5",
                 "--output", str(tmp_path / "gen")]) == 0
    assert main(["solve", "--instance", str(tmp_path / "gen"), "--output",
                 str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "assignments.csv").is_file()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("duplicate", "duplicate pair candidate_id"),
        ("own duplicate", "duplicate pair candidate_id"),
        ("too large", "is too large"),
        ("negative", "must be a whole number ≥ 0"),
        ("empty score", "must be a whole number ≥ 0"),
        ("empty id", "opportunity_id is empty"),
        ("unknown id", "unknown candidate_id"),
    ],
)
@pytest.mark.parametrize("position", [0.0, 0.37, 1.0])
def test_one_bad_row_anywhere_in_a_large_file_is_found_with_its_line(
    tmp_path: Path, kind: str, expected: str, position: float
) -> None:
    """The fast whole-array checks must catch every kind of problem, wherever it is."""
    instance = generate(300, 40, pairs_per_candidate=10, seats_total=60, n_employers=7, seed=5)
    write_instance(instance, tmp_path)
    lines = (tmp_path / "pairs.csv").read_text(encoding="utf-8").splitlines()
    rows = lines[1:]
    at = round(position * len(rows))  # 0-based index among the rows after insertion
    assert instance.n_excluded > 0  # excluded pairs are written after the eligible ones
    own = kind == "own duplicate"  # repeat an excluded (own-employer) pair
    source = rows[instance.n_pairs] if own else rows[len(rows) // 2]
    cand, opp, _ = source.split(",")
    bad = {
        "duplicate": f"{cand},{opp},1",
        "own duplicate": f"{cand},{opp},1",
        "too large": f"{cand},{opp},1000000001",
        "negative": f"{cand},{opp},-1",
        "empty score": f"{cand},{opp},",
        "empty id": f"{cand},,5",
        "unknown id": f"NOBODY,{opp},5",
    }[kind]
    if kind not in ("duplicate", "own duplicate"):
        rows.remove(source)  # keep the (candidate, opportunity) pairs unique
        at = min(at, len(rows))
    rows.insert(at, bad)
    (tmp_path / "pairs.csv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    found = problems(tmp_path)
    assert len(found) == 1, found
    line = rows.index(bad) + 2
    if kind in ("duplicate", "own duplicate") and rows.index(source) > rows.index(bad):
        line = rows.index(source) + 2  # the later of the two lines is the repeat
    assert found[0].startswith(f"pairs.csv line {line}: "), found
    assert expected in found[0]


@pytest.mark.parametrize("order", ["as written", "sorted", "reversed"])
def test_duplicate_pair_is_found_whatever_the_row_order(tmp_path: Path, order: str) -> None:
    header, *rows = GOOD["pairs.csv"].splitlines()
    rows = sorted(rows) if order == "sorted" else rows[::-1] if order == "reversed" else rows
    rows.append(rows[0].rsplit(",", 1)[0] + ",1")
    found = problems(write_folder(tmp_path, pairs_csv="\n".join([header, *rows]) + "\n"))
    assert len(found) == 1
    assert found[0].startswith(f"pairs.csv line {len(rows) + 1}: duplicate pair")
    assert found[0].endswith("(first on line 2)")

"""Bad input: each problem named by file, line, column and value; exit code 2; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.mentoring import MentoringInputError
from engine.mentoring import build_instance
from engine.mentoring.cli import main
from engine.tests.mentoring.files import FILES
from engine.tests.mentoring.files import MENTEES
from engine.tests.mentoring.files import MENTORS
from engine.tests.mentoring.files import PAIRS
from engine.tests.mentoring.files import write


def with_lines(name: str, lines: dict[int, str]) -> dict[str, str]:
    """The hand-worked ``name`` file (``"pairs"``) with each line numbered in ``lines`` (the
    header is line 1) reading as given there; the number after the last line adds a line."""
    rows = FILES[f"{name}.csv"].splitlines()
    for number, text in lines.items():
        rows[number - 1:number] = [text]
    return {name: "\n".join(rows) + "\n"}


# (case, what is changed in the hand-worked files, every problem that must be named)
CASES = [
    ("missing file", {"conflicts": None}, ["conflicts.csv: file not found"]),
    ("missing column", {"mentors": "mentor_id,organisation\nR1,A\n"},
     ['mentors.csv line 1: missing column "capacity" (found: mentor_id, organisation)']),
    ("unknown mentee in pairs", with_lines("pairs", {10: "M9,R3,1,1,3"}),
     ['pairs.csv line 10: unknown mentee_id "M9" (not in mentees.csv)']),
    ("unknown mentor in pairs", with_lines("pairs", {10: "M2,R7,1,3,1"}),
     ['pairs.csv line 10: unknown mentor_id "R7" (not in mentors.csv)']),
    ("unknown ids in conflicts", with_lines("conflicts", {3: "M8,R1", 4: "M1,R0"}),
     ['conflicts.csv line 3: unknown mentee_id "M8" (not in mentees.csv)',
      'conflicts.csv line 4: unknown mentor_id "R0" (not in mentors.csv)']),
    ("duplicate mentor id", with_lines("mentors", {5: "R2,C,1"}),
     ['mentors.csv line 5: duplicate mentor_id "R2" (first on line 3)']),
    ("duplicate mentee id", with_lines("mentees", {6: "M1,B,0"}),
     ['mentees.csv line 6: duplicate mentee_id "M1" (first on line 2)']),
    ("duplicate pair", with_lines("pairs", {10: "M2,R1,1,3,4"}),
     ['pairs.csv line 10: duplicate pair mentee_id "M2" and mentor_id "R1" (first on line 4)']),
    ("negative capacity", with_lines("mentors", {3: "R2,B,-2"}),
     ['mentors.csv line 3: capacity "-2" must be a whole number >= 0']),
    ("capacity not a whole number", with_lines("mentors", {3: "R2,B,1.5"}),
     ['mentors.csv line 3: capacity "1.5" must be a whole number >= 0']),
    ("wants_outside not 0 or 1", with_lines("mentees", {3: "M2,B,yes"}),
     ['mentees.csv line 3: wants_outside "yes" must be 0 or 1']),
    ("self-match", with_lines("mentors", {5: "M2,B,1"}) | with_lines("pairs", {10: "M2,M2,1,3,1"}),
     ['pairs.csv line 10: mentee_id "M2" and mentor_id "M2" are the same person '
      "(a self-match)"]),
    ("ranks tie", with_lines("pairs", {5: "M2,R2,6.125,1,1"}),
     ['pairs.csv line 5: mentee_rank "1" ties with line 4 for mentee_id "M2"']),
    ("ranks with a gap", with_lines("pairs", {9: "M4,R3,2,3,2"}),
     ['pairs.csv line 9: mentee_rank "3" leaves a gap for mentee_id "M4": its 2 listed '
      "pair(s) must be ranked 1 to 2"]),
    ("ranks not starting at 1", with_lines("pairs", {7: "M3,R3,5,2,3", 9: "M4,R3,2,2,4"}),
     ['pairs.csv line 7: mentor_rank "3" leaves a gap for mentor_id "R3"',
      'pairs.csv line 9: mentor_rank "4" leaves a gap for mentor_id "R3"']),
    ("rank zero", with_lines("pairs", {2: "M1,R1,9,0,1"}),
     ['pairs.csv line 2: mentee_rank "0" must be a whole number >= 1']),
    ("negative score", with_lines("pairs", {4: "M2,R1,-7.5,1,2"}),
     ['pairs.csv line 4: score "-7.5" must be a number >= 0']),
    ("non-numeric score", with_lines("pairs", {4: "M2,R1,high,1,2"}),
     ['pairs.csv line 4: score "high" must be a number >= 0']),
    ("score with seven decimal places", with_lines("pairs", {4: "M2,R1,7.1234567,1,2"}),
     ['pairs.csv line 4: score "7.1234567" has more than 6 decimal places']),
    ("empty id", with_lines("pairs", {4: ",R1,7.5,1,2"}),
     ["pairs.csv line 4: mentee_id is empty"]),
]


@pytest.mark.parametrize(("changes", "messages"),
                         [pytest.param(changes, messages, id=case) for case, changes, messages
                          in CASES])
def test_bad_input_is_named_and_nothing_is_written(
        changes: dict[str, str | None], messages: list[str], tmp_path: Path, capsys) -> None:
    folder = write(tmp_path / "in", **changes)
    out = tmp_path / "out"
    assert main(["match", "--instance", str(folder), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    for message in messages:
        assert message in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "in"]  # no staging folder left either


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path, capsys) -> None:
    folder = write(
        tmp_path / "in",
        mentors=MENTORS.replace("R1,A,1", "R1,A,x"),
        mentees=MENTEES.replace("M3,C,0", "M3,C,2"),
        pairs=PAIRS.replace("M1,R2,4.25", "M1,R2,-1") + "M9,R1,1,1,4\n",
    )
    assert main(["match", "--instance", str(folder), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    for message in ('mentors.csv line 2: capacity "x"', 'mentees.csv line 4: wants_outside "2"',
                    'pairs.csv line 3: score "-1"', 'pairs.csv line 10: unknown mentee_id "M9"'):
        assert message in err
    assert not (tmp_path / "out").exists()


def test_an_existing_output_folder_is_left_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "stable.csv").write_text("earlier", encoding="utf-8")
    folder = write(tmp_path / "in", pairs=PAIRS.replace("M2,R1,7.5", "M2,R1,-7.5"))
    assert main(["match", "--instance", str(folder), "--output", str(out)]) == 2
    assert [p.name for p in out.iterdir()] == ["stable.csv"]
    assert (out / "stable.csv").read_text(encoding="utf-8") == "earlier"


def test_missing_instance_folder(tmp_path: Path, capsys) -> None:
    assert main(["match", "--instance", str(tmp_path / "nowhere"), "--output",
                 str(tmp_path / "out")]) == 2
    assert "instance folder not found" in capsys.readouterr().err


GOOD_MENTORS = [("R1", "A", 1), ("R2", "B", 2)]
GOOD_MENTEES = [("M1", "A", True), ("M2", "B", False)]


def test_build_instance_names_rows_and_lists_every_problem() -> None:
    with pytest.raises(MentoringInputError) as caught:
        build_instance(
            [("R1", "A", -1), ("R2", "B", 2)],
            [("M1", "A", True), ("M2", "B", "maybe")],
            [("M1", "R2", 1.5, 1, 1), ("M2", "R2", 2, 1, 1), ("M2", "R1", 3, 3, 1)],
            [("M1", "R9")],
        )
    problems = caught.value.problems
    assert 'mentors row 1: capacity "-1" must be a whole number >= 0' in problems
    assert 'mentees row 2: wants_outside "maybe" must be 0 or 1' in problems
    assert 'pairs row 3: mentor_rank "1" ties with row 2 for mentor_id "R2" (ranks must be ' \
           "a strict order 1, 2, 3...)" not in problems  # ranks are per mentor: R1 and R2 differ
    assert any(p.startswith('pairs row 2: mentor_rank "1" ties with row 1 for mentor_id "R2"')
               for p in problems)
    assert any(p.startswith('pairs row 3: mentee_rank "3" leaves a gap for mentee_id "M2"')
               for p in problems)
    assert 'conflicts row 1: unknown mentor_id "R9" (not in mentors)' in problems


def test_build_instance_rejects_rows_of_the_wrong_length() -> None:
    with pytest.raises(MentoringInputError) as caught:
        build_instance(GOOD_MENTORS, GOOD_MENTEES, [("M1", "R2", 1.0, 1)], [])
    assert caught.value.problems == [
        "pairs row 1: expected 5 values (mentee_id, mentor_id, score, mentee_rank, mentor_rank), "
        "got 4"
    ]


def test_build_instance_rejects_a_score_finer_than_a_millionth() -> None:
    with pytest.raises(MentoringInputError) as caught:
        build_instance(GOOD_MENTORS, GOOD_MENTEES, [("M1", "R2", 0.1234567, 1, 1)], [])
    assert caught.value.problems == [
        'pairs row 1: score "0.1234567" has more than 6 decimal places (scores must be '
        "multiples of 0.000001)"
    ]


def test_past_fifty_problems_the_rest_are_counted_not_dropped(tmp_path: Path, capsys) -> None:
    bad_mentors = "mentor_id,organisation,capacity\n" + "".join(
        f"R{i},A,-1\n" for i in range(1, 61))
    folder = write(tmp_path / "in", mentors=bad_mentors)
    assert main(["match", "--instance", str(folder), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert 'mentors.csv line 51: capacity "-1"' in err
    assert 'mentors.csv line 52: capacity "-1"' not in err
    assert "more problem(s) not listed" in err

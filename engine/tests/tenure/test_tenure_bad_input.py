"""Bad tenures files: every problem named by line, column and value; nothing on stdout; exit 2."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from engine.tenure.cli import main

HEADER = "person_id,organisation,start_date,end_date,exit_reason,region"
GOOD = "P1,RAA,2019-04-01,2022-03-31,retirement,London"


def _run(tmp_path: Path, body: str, *extra: str, capsys) -> tuple[int, str, str]:
    path = tmp_path / "tenures.csv"
    path.write_text(body, encoding="utf-8")
    out = io.StringIO()
    code = main(["survival", "--tenures", str(path), "--format", "json",
                 "--as-of", "2026-03-31", *extra], stdout=out)
    return code, out.getvalue(), capsys.readouterr().err


def test_end_before_start_names_line_column_and_value(tmp_path, capsys) -> None:
    body = f"{HEADER}\n{GOOD}\nP2,RBB,2021-06-01,2021-05-31,resignation,London\n"
    code, out, err = _run(tmp_path, body, capsys=capsys)
    assert (code, out) == (2, "")
    assert 'line 3: end_date: "2021-05-31": before the start date 2021-06-01' in err


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("P2,RBB,2021-02-30,,,London", 'line 3: start_date: "2021-02-30": not a date'),
        ("P2,RBB,01/04/2021,,,London", 'line 3: start_date: "01/04/2021": not a date'),
        ("P2,RBB,2021-04-01,unknown,,London", 'line 3: end_date: "unknown": not a date'),
        ("P2,RBB,,2022-01-01,retirement,London", 'line 3: start_date: "": missing'),
        ("P2,RBB,2026-04-01,,,London", 'line 3: start_date: "2026-04-01": after the as-of'),
        ("P2,RBB,2020-04-01,2027-01-01,retirement,London",
         'line 3: end_date: "2027-01-01": after the as-of date 2026-03-31'),
        ("P2,RBB,2020-04-01,London", 'line 3: row: "P2,RBB,2020-04-01,London": has 4 field(s)'),
    ],
)
def test_bad_date_or_row_names_line_column_and_value(tmp_path, capsys, row, expected) -> None:
    code, out, err = _run(tmp_path, f"{HEADER}\n{GOOD}\n{row}\n", capsys=capsys)
    assert (code, out) == (2, "")
    assert expected in err


def test_unknown_by_column_is_named_with_the_columns_there_are(tmp_path, capsys) -> None:
    code, out, err = _run(tmp_path, f"{HEADER}\n{GOOD}\n", "--by", "trust_type", capsys=capsys)
    assert (code, out) == (2, "")
    assert 'line 1: --by: "trust_type": no such column in the file' in err
    assert "person_id, organisation, start_date, end_date, exit_reason, region" in err


def test_missing_required_column_is_named(tmp_path, capsys) -> None:
    body = "person_id,organisation,start_date,exit_reason\nP1,RAA,2019-04-01,\n"
    code, out, err = _run(tmp_path, body, capsys=capsys)
    assert (code, out) == (2, "")
    assert 'line 1: end_date: "": a required column is missing from the header' in err


def test_every_problem_is_listed_in_line_order(tmp_path, capsys) -> None:
    body = (f"{HEADER}\nP1,RAA,2019-13-01,,,London\n{GOOD}\n"
            "P3,RCC,2020-01-01,2019-01-01,resignation,London\nP4,RDD,,,,London\n")
    code, out, err = _run(tmp_path, body, capsys=capsys)
    assert (code, out) == (2, "")
    listed = [line.strip() for line in err.splitlines()[1:]]
    assert [line.split(":")[0] for line in listed] == ["line 2", "line 4", "line 5"]
    assert "nothing was computed" in err.splitlines()[0]


def test_line_numbers_count_a_quoted_field_spanning_lines(tmp_path, capsys) -> None:
    body = f'{HEADER}\n"P1",RAA,2019-04-01,,,"London\nand the South"\nP2,RBB,2020-99-01,,,X\n'
    code, _, err = _run(tmp_path, body, capsys=capsys)
    assert code == 2
    assert 'line 4: start_date: "2020-99-01"' in err


def test_a_group_called_all_is_refused_with_its_line(tmp_path, capsys) -> None:
    body = f"{HEADER}\n{GOOD}\nP2,RBB,2020-01-01,,,ALL\n"
    code, out, err = _run(tmp_path, body, "--by", "region", capsys=capsys)
    assert (code, out) == (2, "")
    assert 'line 3: region: "ALL": reserved for the curve of everyone' in err


@pytest.mark.parametrize(("body", "expected"), [
    ("", 'line 1: header: "": the file is empty'),
    (f"{HEADER}\n", "line 2: row: \"\": the file has no tenures after its header"),
])
def test_empty_files_are_refused(tmp_path, capsys, body, expected) -> None:
    code, out, err = _run(tmp_path, body, capsys=capsys)
    assert (code, out) == (2, "")
    assert expected in err


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path, capsys) -> None:
    path = tmp_path / "tenures.csv"
    path.write_bytes(f"{HEADER}\n{GOOD}\n".encode() + "P2,RBB,2020-01-01,,,Hôpital\n".encode(
        "latin-1"))
    out = io.StringIO()
    assert main(["survival", "--tenures", str(path), "--as-of", "2026-03-31"], stdout=out) == 2
    assert out.getvalue() == ""
    assert 'line 3: file: "tenures.csv": not UTF-8 text' in capsys.readouterr().err


def test_missing_file_and_bad_as_of_exit_2(tmp_path, capsys) -> None:
    out = io.StringIO()
    assert main(["survival", "--tenures", str(tmp_path / "nope.csv")], stdout=out) == 2
    assert 'no such file' in capsys.readouterr().err
    (tmp_path / "t.csv").write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["survival", "--tenures", str(tmp_path / "t.csv"), "--as-of", "31/03/2026"],
             stdout=out)
    assert exit_.value.code == 2
    assert '"31/03/2026" is not a date in YYYY-MM-DD form' in capsys.readouterr().err
    assert out.getvalue() == ""


def test_talentbridge_command_exits_2_with_nothing_on_stdout_and_never_loads_django(
    tmp_path,
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f"{HEADER}\nP2,RBB,2021-06-01,2021-05-31,resignation,London\n",
                    encoding="utf-8")
    script = (
        "import sys\nfrom talentbridge.cli import main\n"
        f"code = main(['tenure', 'survival', '--tenures', {str(path)!r}, '--as-of', "
        "'2026-03-31'])\n"
        "assert 'django' not in sys.modules, 'Django was imported'\nsys.exit(code)\n"
    )
    result = subprocess.run(  # noqa: S603 - a fixed script of ours
        [sys.executable, "-c", script], capture_output=True, text=True, check=False,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert 'line 2: end_date: "2021-05-31": before the start date 2021-06-01' in result.stderr

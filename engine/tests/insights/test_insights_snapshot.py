"""Validated import: every rejected row with its line number, all-or-nothing."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

from engine.insights import snapshot as snap
from engine.insights.snapshot import ImportRejected
from engine.insights.snapshot import Rejection

from .conftest import HEADER
from .conftest import workforce_csv

GOOD = "P1,RJ1,8a,03,A,F,N,1980-01-02,1.0,2010-05-01,N"


def test_valid_file_imports_with_normalised_codes(workforce_file: Path) -> None:
    result = snap.validate_snapshot(workforce_file)
    assert result.ok and result.rejections == []
    df = result.frame
    assert df.height == 50
    assert df.filter(pl.col("org_code") == "RJ1").height == 30
    # board flag turns VSM into the separate "board" level
    assert df.filter(pl.col("level") == "board").height == 3
    assert df["ethnic_group"].value_counts().sort("ethnic_group").rows() == [
        ("white", 32),
        ("minority", 16),
        ("unknown", 2),
    ]


def test_every_rejected_row_is_reported_and_nothing_is_produced(make_csv) -> None:
    lines = [
        HEADER,
        GOOD,  # line 2
        "P2,RJ1,8e,03,Q,F,N,1980-01-02,1.0,2010-05-01,N",  # 3: band, ethnic code
        "P3,RJ1,5,03,A,F,N,31/02/1980,x,2010-05-01,N",  # 4: date, fte
        "P1,RJ1,5,03,A,F,N,1980-01-02,1.0,2010-05-01,N",  # 5: duplicate of line 2
        "P4,RJ1,5,03,A,F,N,1990-01-02,0.5,1985-01-01,N",  # 6: start before birth
        "P5,RJ1,5,03,A,F,N,1980-01-02,1.0,2010-05-01,maybe",  # 7: board flag
        "P6,RJ1,5,03,A,F,N",  # 8: truncated final row
    ]
    result = snap.validate_snapshot(make_csv("bad.csv", "\n".join(lines)))
    assert result.frame is None
    got = {(r.line, r.field, r.value) for r in result.rejections}
    assert got == {
        (3, "band", "8e"),
        (3, "ethnic_category", "Q"),
        (4, "date_of_birth", "31/02/1980"),
        (4, "fte", "x"),
        (5, "person_id", "P1"),
        (6, "start_date", "1985-01-01"),
        (7, "board", "maybe"),
        (8, "(row)", "P6,RJ1,5,03,A,F,N"),
    }
    reasons = {(r.line, r.field): r.reason for r in result.rejections}
    assert reasons[(5, "person_id")] == "duplicate person_id (first on line 2)"
    assert "expected 11 fields, found 7" in reasons[(8, "(row)")]
    assert [r.line for r in result.rejections] == sorted(r.line for r in result.rejections)
    # A rejected file still has its hash, so the app can say it has seen this file before.
    assert result.file_hash is not None and len(result.file_hash) == 64
    with pytest.raises(ImportRejected) as exc:
        snap.import_snapshot(make_csv("bad2.csv", "\n".join(lines)))
    assert len(exc.value.rejections) == 8


def test_missing_header_and_mapping(make_csv) -> None:
    result = snap.validate_snapshot(make_csv("h.csv", "person_id,org_code\nP1,RJ1\n"))
    assert result.frame is None
    assert all(r.line == 1 and r.field == "(header)" for r in result.rejections)
    assert {r.value for r in result.rejections} >= {"band", "ethnic_category", "start_date"}

    theirs = "Employee Number,Org,Pay Band,SG,Ethnic Origin,Gender,Disabled,DOB,FTE,Hire Date\n"
    row = "E1,RJ1,Band 8A,Nursing and Midwifery Registered,CA,Female,No,02/01/1980,0.6,2010-05-01\n"
    mapping = {
        "person_id": "Employee Number",
        "org_code": "Org",
        "band": "Pay Band",
        "staff_group": "SG",
        "ethnic_category": "Ethnic Origin",
        "sex": "Gender",
        "disability": "Disabled",
        "date_of_birth": "DOB",
        "start_date": "Hire Date",
    }
    df = snap.import_snapshot(make_csv("esr.csv", theirs + row), mapping=mapping)
    assert df.row(0, named=True)["band"] == "8a"
    assert df.row(0, named=True)["ethnic_category"] == "C"  # local sub-code rolls up
    assert df.row(0, named=True)["staff_group"] == "03"
    assert str(df.row(0, named=True)["date_of_birth"]) == "1980-01-02"


def test_known_org_codes(make_csv) -> None:
    text = workforce_csv()
    result = snap.validate_snapshot(make_csv("w.csv", text), known_org_codes={"RJ1"})
    bad = {r.value for r in result.rejections}
    assert bad == {"RM2"} and len(result.rejections) == 20


def test_non_utf8_and_blank_lines(tmp_path: Path) -> None:
    data = (
        (HEADER + "\n" + GOOD + "\n").encode()
        + b"P2,RJ1,5,03,A,F,N,1980-01-02,1.0,2010-05-01,\xff\n\n"
        + (GOOD.replace("P1", "P3") + "\n").encode()
    )
    p = tmp_path / "latin1.csv"
    p.write_bytes(data)
    result = snap.validate_snapshot(p)
    assert [(r.line, r.field) for r in result.rejections] == [(3, "(row)"), (4, "(row)")]
    assert "UTF-8" in result.rejections[0].reason
    assert "blank line" in result.rejections[1].reason


def test_quoted_csv_uses_record_start_lines(make_csv) -> None:
    text = (
        HEADER
        + "\n"
        + '"P1","RJ1","8a","03","A","F","N","1980-01-02","1.0","2010-05-01","N"\n"P2",RJ1\n'
    )
    result = snap.validate_snapshot(make_csv("q.csv", text))
    assert [(r.line, r.field) for r in result.rejections] == [(3, "(row)")]


def test_xlsx_round_trip_and_line_numbers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(GOOD.split(","))
    ws.append(["P2", "RJ1", "8z", "03", "A", "F", "N", "1980-01-02", 1, "2010-05-01", "N"])
    buf = io.BytesIO()
    wb.save(buf)
    result = snap.validate_snapshot(buf.getvalue())
    assert result.rejections == [Rejection(3, "band", "8z", "unknown band or grade")]
    ws.delete_rows(3)
    path = tmp_path / "w.xlsx"
    wb.save(path)
    assert snap.import_snapshot(path).height == 1


def test_parquet_summary_and_unchanged_detection(workforce_file: Path, tmp_path: Path) -> None:
    first = snap.validate_snapshot(workforce_file)
    again = snap.validate_snapshot(workforce_file)
    assert first.file_hash == again.file_hash
    s1 = snap.write_parquet(first.frame, tmp_path / "a.parquet")
    s2 = snap.write_parquet(
        again.frame.sample(fraction=1.0, shuffle=True, seed=1), tmp_path / "b.parquet"
    )
    assert s1.rows == 50 and s1.per_org == {"RJ1": 30, "RM2": 20}
    assert s1.content_hash == s2.content_hash  # same content, row order ignored
    stored = pl.read_parquet(tmp_path / "a.parquet")
    # the validated frame, plus the exact integer key of each id for joining events
    assert stored.drop("person_key").equals(first.frame)
    assert stored.get_column("person_key").n_unique() == 50


def test_progress_callback(workforce_file: Path) -> None:
    calls: list[tuple[int, int]] = []
    snap.validate_snapshot(
        workforce_file, on_progress=lambda d, t: calls.append((d, t)), batch_rows=20
    )
    assert calls[-1] == (50, 50)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_event_files(event_files: dict[str, Path], make_csv) -> None:
    rec = snap.import_events(event_files["recruitment"], "recruitment")
    assert rec.height == 128 and rec["shortlisted"].dtype == pl.Boolean
    bad = make_csv(
        "r.csv",
        "applicant_id,org_code,band,ethnic_category,disability,shortlisted,appointed\n"
        "A1,RJ1,5,A,N,N,Y\nA2,RJ1,5,A,N,perhaps,N\n",
    )
    result = snap.validate_events(bad, "recruitment")
    assert [(r.line, r.field, r.reason) for r in result.rejections] == [
        (2, "appointed", "appointed but not shortlisted"),
        (3, "shortlisted", "not a yes/no value (Y/N, 1/0, true/false)"),
    ]
    dis = snap.import_events(event_files["disciplinary"], "disciplinary")
    assert dis["entered_formal_process"].to_list() == [True, True, True, False, True]
    missing = make_csv("t.csv", "person_id,org_code\nP1,RJ1\n")
    assert snap.validate_events(missing, "training").rejections[0].value == "accessed_non_mandatory"

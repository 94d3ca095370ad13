"""An XLSX file that claims to be huge is refused before its rows are read."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from engine.insights import snapshot as snap
from engine.insights.snapshot import FILE
from engine.insights.snapshot import ImportRejected

from .conftest import HEADER
from .hostile_xlsx import claiming_unpacked
from .hostile_xlsx import declaring
from .hostile_xlsx import small_xlsx
from .hostile_xlsx import with_far_cell

GOOD = "P1,RJ1,8a,03,A,F,N,1980-01-02,1.0,2010-05-01,N"
CAPS = "an XLSX file may have at most 2,000,000 rows and 100 columns"


def _small() -> bytes:
    return small_xlsx([HEADER.split(","), GOOD.split(",")])


def _refused(data: bytes, tmp_path: Path, name: str = "staff.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    started = time.perf_counter()
    result = snap.validate_snapshot(path)
    elapsed = time.perf_counter() - started
    assert result.frame is None and not result.ok
    [rejection] = result.rejections
    assert rejection.field == FILE and rejection.value == name
    return rejection, elapsed


def test_a_5kb_file_declaring_a_whole_worksheet_is_refused_at_once(tmp_path: Path) -> None:
    data = declaring(_small(), "A1:XFD1048576")
    assert len(data) < 6_000
    rejection, elapsed = _refused(data, tmp_path)
    assert rejection.reason == f"declares 1,048,576 rows and 16,384 columns; {CAPS}"
    assert elapsed < 10  # refused at once; unpacking or reading the sheet takes minutes
    with pytest.raises(ImportRejected, match="16,384 columns"):
        snap.import_snapshot(data)


def test_the_row_and_column_caps(tmp_path: Path) -> None:
    rejection, _ = _refused(declaring(_small(), "A1:K2000001"), tmp_path)
    assert rejection.reason == f"declares 2,000,001 rows and 11 columns; {CAPS}"
    rejection, _ = _refused(declaring(_small(), "A1:CW2"), tmp_path)  # 101 columns
    assert rejection.reason == f"declares 2 rows and 101 columns; {CAPS}"
    # At the caps the declaration is accepted and the rows are read.
    assert snap.import_snapshot(declaring(_small(), "A1:CV2")).height == 1  # 100 columns


def test_a_far_cell_in_a_sheet_without_a_dimension_is_refused(tmp_path: Path) -> None:
    rejection, elapsed = _refused(with_far_cell(_small(), "XFD3", 3), tmp_path)
    assert (rejection.line, rejection.reason) == (3, f"has a cell in column 16,384; {CAPS}")
    assert elapsed < 10  # refused at once; unpacking or reading the sheet takes minutes
    rejection, _ = _refused(with_far_cell(_small(), "CW3", 3), tmp_path)
    assert (rejection.line, rejection.reason) == (3, f"has a cell in column 101; {CAPS}")
    # Column 100 is still inside the caps (and a value past the header is a bad row).
    result = snap.validate_snapshot(with_far_cell(_small(), "CV3", 3))
    assert [r.line for r in result.rejections] == [3] and result.rejections[0].field != FILE


def test_a_row_past_the_cap_is_refused_and_rows_past_the_dimension_are_read(
    tmp_path: Path,
) -> None:
    rejection, elapsed = _refused(with_far_cell(_small(), "A2000001", 2_000_001), tmp_path)
    assert rejection.line == 2_000_001
    assert rejection.reason == f"has more than 2,000,000 rows; {CAPS}"
    assert elapsed < 10  # refused at once; unpacking or reading the sheet takes minutes
    # A dimension declaring fewer rows than the sheet holds does not hide the others.
    data = small_xlsx([HEADER.split(","), GOOD.split(","), ["P2", *GOOD.split(",")[1:]]])
    assert snap.import_snapshot(declaring(data, "A1:K2")).height == 2


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    rejection, elapsed = _refused(claiming_unpacked(_small(), 3 * 1024**3), tmp_path)
    assert rejection.reason.endswith("an XLSX file may unpack to at most 2,147,483,648 bytes")
    assert elapsed < 10  # refused at once; unpacking or reading the sheet takes minutes


def test_openpyxl_parses_with_defusedxml() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML

"""Hand-made workforce used across the insights tests (no Django needed).

RJ1 (30 staff)                               RM2 (20 staff)
  band 5:  A/N x5, A/Y x1, H/N x3, Z/U x1      band 6:  A/N x8, J/N x4
  band 8a: A/N x4, A/U x1, N/Y x2, 99/N x1     band 8a: A/N x6, D/Y x2
  band 8b: C/N x3, M/N x1
  VSM (all on the board): A/N x2, H/N x1
  consultant: B/N x2, H/N x2, H/U x1
(code/disability x count). So RJ1 has White 18, ethnic minority 10, unknown 2;
RM2 has White 14, ethnic minority 6.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

HEADER = (
    "person_id,org_code,band,staff_group,ethnic_category,sex,disability,"
    "date_of_birth,fte,start_date,board"
)

SPEC: list[tuple[str, str, str, str, bool, int]] = [
    # org, band, ethnic code, disability, board, count
    ("RJ1", "5", "A", "N", False, 5),
    ("RJ1", "5", "A", "Y", False, 1),
    ("RJ1", "5", "H", "N", False, 3),
    ("RJ1", "5", "Z", "U", False, 1),
    ("RJ1", "8a", "A", "N", False, 4),
    ("RJ1", "8a", "A", "U", False, 1),
    ("RJ1", "8a", "N", "Y", False, 2),
    ("RJ1", "8a", "99", "N", False, 1),
    ("RJ1", "8b", "C", "N", False, 3),
    ("RJ1", "8b", "M", "N", False, 1),
    ("RJ1", "VSM", "A", "N", True, 2),
    ("RJ1", "VSM", "H", "N", True, 1),
    ("RJ1", "consultant", "B", "N", False, 2),
    ("RJ1", "consultant", "H", "N", False, 2),
    ("RJ1", "consultant", "H", "U", False, 1),
    ("RM2", "6", "A", "N", False, 8),
    ("RM2", "6", "J", "N", False, 4),
    ("RM2", "8a", "A", "N", False, 6),
    ("RM2", "8a", "D", "Y", False, 2),
]


def workforce_rows(spec: list[tuple[str, str, str, str, bool, int]] = SPEC) -> list[str]:
    rows = []
    n = 0
    for org, band, eth, dis, board, count in spec:
        for _ in range(count):
            n += 1
            sex = "F" if n % 3 else "M"
            rows.append(
                f"P{n:04d},{org},{band},03,{eth},{sex},{dis},1980-01-{(n % 28) + 1:02d},"
                f"1.0,2010-06-01,{'Y' if board else 'N'}"
            )
    return rows


def workforce_csv(spec: list[tuple[str, str, str, str, bool, int]] = SPEC) -> str:
    return "\n".join([HEADER, *workforce_rows(spec)]) + "\n"


@pytest.fixture
def workforce_text() -> str:
    return workforce_csv()


@pytest.fixture
def workforce_file(tmp_path: Path) -> Path:
    path = tmp_path / "workforce.csv"
    path.write_text(workforce_csv(), encoding="utf-8")
    return path


@pytest.fixture
def snapshot(workforce_file: Path):  # noqa: ANN201 - polars frame
    from engine.insights.snapshot import import_snapshot

    return import_snapshot(workforce_file)


def recruitment_lines() -> list[str]:
    """RJ1: White 40 shortlisted / 12 appointed; minority 50 / 10 (plus noise excluded:
    5 White not shortlisted, 3 unknown-ethnicity shortlisted and appointed).
    Disability at RJ1: non-disabled = the White and minority rows (N), so WDES 2 has
    non-disabled 90 shortlisted / 22 appointed; the 3 unknown-ethnicity rows are
    disabled (Y), 3 shortlisted / 3 appointed.
    RM2: White 20 / 4, minority 10 / 2."""
    lines = ["applicant_id,org_code,band,ethnic_category,disability,shortlisted,appointed"]
    n = 0

    def add(org: str, eth: str, dis: str, short: str, appt: str, count: int) -> None:
        nonlocal n
        for _ in range(count):
            n += 1
            lines.append(f"A{n:05d},{org},5,{eth},{dis},{short},{appt}")

    add("RJ1", "A", "N", "Y", "Y", 12)
    add("RJ1", "A", "N", "Y", "N", 28)
    add("RJ1", "H", "N", "1", "1", 10)
    add("RJ1", "H", "N", "true", "false", 40)
    add("RJ1", "A", "N", "N", "N", 5)
    add("RJ1", "Z", "Y", "Y", "Y", 3)
    add("RM2", "A", "N", "Y", "Y", 4)
    add("RM2", "A", "N", "Y", "N", 16)
    add("RM2", "J", "N", "Y", "Y", 2)
    add("RM2", "J", "N", "Y", "N", 8)
    return lines


@pytest.fixture
def event_files(tmp_path: Path) -> dict[str, Path]:
    """Disciplinary at RJ1: P0007 (H, band 5, twice) and P0016 (N, 8a) entered -> minority 2;
    P0001 (A) entered -> White 1; P0002 (A) listed but did not enter.
    Training at RJ1: White P0001-P0006 (band 5 A) + P0011-P0013 (8a A) = 9 accessed;
    minority P0007-P0009 (H) + P0016 = 4 accessed. P9999 is not in the snapshot."""
    rec = tmp_path / "recruitment.csv"
    rec.write_text("\n".join(recruitment_lines()) + "\n", encoding="utf-8")
    dis = tmp_path / "disciplinary.csv"
    dis.write_text(
        "person_id,org_code,entered_formal_process\n"
        "P0007,RJ1,Y\nP0016,RJ1,Y\nP0001,RJ1,Y\nP0002,RJ1,N\nP0007,RJ1,Y\n",
        encoding="utf-8",
    )
    tra = tmp_path / "training.csv"
    accessed = [f"P{i:04d}" for i in (1, 2, 3, 4, 5, 6, 11, 12, 13, 7, 8, 9, 16)]
    tra.write_text(
        "person_id,org_code,accessed_non_mandatory\n"
        + "".join(f"{p},RJ1,Y\n" for p in accessed)
        + "P0010,RJ1,N\nP9999,RJ1,Y\n",
        encoding="utf-8",
    )
    return {"recruitment": rec, "disciplinary": dis, "training": tra}


@pytest.fixture
def make_csv(tmp_path: Path) -> Callable[[str, str], Path]:
    def make(name: str, text: str) -> Path:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    return make

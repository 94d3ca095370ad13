"""Reading a tenures file: durations, exits and groups, by the fast and the careful reader alike."""

from __future__ import annotations

import io
import json
from datetime import date
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from engine.tenure.bench import run_bench
from engine.tenure.cli import main
from engine.tenure.generate import generate_tenures
from engine.tenure.plain import read_plain
from engine.tenure.tenures import read_tenures

AS_OF = date(2026, 3, 31)
HEADER = "person_id,organisation,start_date,end_date,exit_reason,region"
ROWS = [
    "P1,RAA,2020-03-31,2021-03-31,retirement,London",  # 365 days, an exit
    "P2,RAA,2024-02-28,2024-03-01,dismissal,London",  # 2 days across 29 February 2024
    "P3,RBB,2025-03-31,,,Midlands",  # still in post: 365 days to the as-of date
    "P4,RBB,2026-03-31,2026-03-31,end of interim,",  # 0 days, an exit; no region
    "P5,RCC,2016-03-31,,,Ysbyty Gwynedd – Bangor",  # still in post: 3652 days
]


def _plain(tmp_path: Path) -> Path:
    path = tmp_path / "plain.csv"
    path.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_durations_are_whole_days_and_in_post_is_censored_at_the_as_of_date(tmp_path) -> None:
    durations, observed, groups = read_tenures(_plain(tmp_path), as_of=AS_OF, by="region")
    assert durations.tolist() == [365, 2, 365, 0, 3652]
    assert observed.tolist() == [True, True, False, True, False]
    assert groups.tolist() == ["London", "London", "Midlands", "not recorded",
                               "Ysbyty Gwynedd – Bangor"]
    assert read_tenures(_plain(tmp_path), as_of=AS_OF, by=None)[2] is None


def test_a_plain_file_is_read_whole_columns_at_once(tmp_path) -> None:
    fast = read_plain(_plain(tmp_path).read_bytes(), as_of=AS_OF, by="region")
    assert fast is not None
    assert fast[0].tolist() == [365, 2, 365, 0, 3652]


@pytest.mark.parametrize(
    "variant",
    [
        lambda text: text.replace("\n", "\r\n"),  # Windows line ends
        lambda text: "\ufeff" + text,  # a byte-order mark, as Excel writes
        lambda text: text.replace("London", '"London"'),  # quoted values
        lambda text: text.replace("\nP3", "\n\nP3") + "\n",  # blank lines
        lambda text: text.replace(",Midlands", ", Midlands "),  # spaces around a value
    ],
)
def test_other_forms_of_the_same_file_read_the_same(tmp_path, variant) -> None:
    expected = read_tenures(_plain(tmp_path), as_of=AS_OF, by="region")
    other = tmp_path / "other.csv"
    other.write_text(variant(_plain(tmp_path).read_text(encoding="utf-8")), encoding="utf-8")
    got = read_tenures(other, as_of=AS_OF, by="region")
    for mine, theirs in zip(got, expected, strict=True):
        assert mine.tolist() == theirs.tolist()


def test_fast_and_careful_readers_agree_on_generated_data(tmp_path) -> None:
    lines = generate_tenures(3000, 7, AS_OF, organisations=30)
    plain, quoted = tmp_path / "plain.csv", tmp_path / "quoted.csv"
    plain.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    quoted.write_text("\n".join([HEADER, *(f'"{line}"'.replace(",", '","') for line in lines)])
                      + "\n", encoding="utf-8")
    assert read_plain(quoted.read_bytes(), as_of=AS_OF, by="region") is None
    for by in ("organisation", "region"):
        fast = read_tenures(plain, as_of=AS_OF, by=by)
        careful = read_tenures(quoted, as_of=AS_OF, by=by)
        for mine, theirs in zip(fast, careful, strict=True):
            assert mine.tolist() == theirs.tolist()


def test_default_as_of_is_today(tmp_path) -> None:
    start = date.today() - timedelta(days=40)
    path = tmp_path / "t.csv"
    path.write_text(f"{HEADER}\nP1,RAA,{start},,,London\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["survival", "--tenures", str(path)], stdout=out) == 0
    result = json.loads(out.getvalue())
    assert result == {"ALL": {"n": 1, "events": 0, "median_days": None, "survival": {
        day: {"estimate": 1.0, "ci_low": 1.0, "ci_high": 1.0}
        for day in ("365", "730", "1095", "1826")}}}
    durations, observed, _ = read_tenures(path, as_of=date.today(), by=None)
    assert (durations.tolist(), observed.tolist()) == ([40], [False])


def test_generated_tenures_are_deterministic_and_plausible() -> None:
    first = generate_tenures(2000, 11, AS_OF)
    assert first == generate_tenures(2000, 11, AS_OF)
    assert first != generate_tenures(2000, 12, AS_OF)
    in_post = sum(1 for line in first if line.split(",")[3] == "")
    assert 0.1 < in_post / 2000 < 0.5


def test_generate_command_writes_a_file_the_survival_command_reads(tmp_path) -> None:
    path = tmp_path / "gen.csv"
    out = io.StringIO()
    assert main(["generate", "--rows", "500", "--seed", "3", "--output", str(path)],
                stdout=out) == 0
    assert "Wrote 500 synthetic tenures" in out.getvalue()
    out = io.StringIO()
    assert main(["survival", "--tenures", str(path), "--by", "region", "--as-of",
                 "2026-03-31"], stdout=out) == 0
    result = json.loads(out.getvalue())
    assert result["ALL"]["n"] == 500
    assert sum(v["n"] for k, v in result.items() if k != "ALL") == 500


def test_bench_agrees_with_lifelines_and_times_both() -> None:
    result = run_bench(rows=2000, seed=5, repeat=1, organisations=12)
    assert result["agree"] is True
    assert result["largest_difference"] <= 1e-9
    assert result["groups"] == 12
    assert result["ours_command_s"] > 0 and result["lifelines_compute_s"] > 0


def test_observed_flags_are_booleans_for_every_reader(tmp_path) -> None:
    _, observed, _ = read_tenures(_plain(tmp_path), as_of=AS_OF, by=None)
    assert observed.dtype == np.bool_

"""The benchmark at a small size: Polars and pandas agree; timings are medians.

Sizes are chosen so every organisation has some events of each kind (with a zero
count pandas gives a confidence limit of 0.0 where we give null, which `compare`
reports).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from engine.insights import bench


def test_timed_reports_median_wall_and_cpu() -> None:
    calls: list[int] = []
    timing, result = bench._timed(lambda: calls.append(1) or len(calls), 3)
    assert result == 3 and timing.runs == 3
    assert timing.best_wall <= timing.wall and timing.best_cpu <= timing.cpu
    assert bench.load_average() >= 0


@pytest.fixture
def bench_folder(tmp_path: Path) -> Path:
    bench.write_raw_files(tmp_path, bench.generate(30_000, 6, 7))
    result, summary = bench.import_snapshot(tmp_path)
    assert result.ok and summary is not None and summary.rows == 30_000
    bench.store_events(tmp_path)
    # stored as the app stores them: with exact person keys, so the key join is tested
    assert "person_key" in pl.read_parquet_schema(tmp_path / "training.parquet")
    return tmp_path


def test_polars_and_pandas_figures_agree_from_csv_and_parquet(bench_folder: Path) -> None:
    ours_csv = bench.polars_from_csv(bench_folder)
    ours_pq = bench.polars_from_parquet(bench_folder)
    theirs = bench.pandas_from_csv(bench_folder)
    assert bench.compare(ours_csv, theirs) == []
    assert bench.compare(ours_pq, bench.pandas_from_parquet(bench_folder)) == []
    for key in ours_csv:
        assert ours_csv[key].equals(ours_pq[key]), key
    assert ours_pq["ratios"].height > 0 and ours_pq["pipeline"].height > 0


def test_compare_notices_a_difference(bench_folder: Path) -> None:
    ours = bench.polars_from_parquet(bench_folder)
    theirs = bench.pandas_from_csv(bench_folder)
    ours["ratios"] = ours["ratios"].with_columns(pl.col("top_events") + 1)
    assert bench.compare(ours, theirs)


def test_run_bench_small(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # a wide table: no label wrapped
    assert bench.run_bench(rows=30_000, orgs=5, seed=3, repeat=2) == 0
    out = capsys.readouterr().out
    assert "CPU (s)" in out and "load average" in out and "median of 2 runs" in out
    assert "Polars / pandas time, CSV" in out and "Polars / pandas time, Parquet" in out

"""Synthetic benchmark: our Polars engine against a plain pandas implementation.

Generates a deterministic snapshot (default 1,500,000 staff over 220 organisations) with
recruitment, disciplinary and training events, writes CSV and Parquet to a temporary
folder, then times the pipeline (8a-VSM/board by ethnicity) plus WRES indicators 1-4 for
every organisation, from CSV and from Parquet, for both implementations, the validating
import of the CSV, and reports peak memory. The pandas and Polars figures are compared.

pandas needs pyarrow (or fastparquet) to read Parquet; when neither is installed the
"pandas from Parquet" row reads the file with Polars and hands pandas NumPy columns,
and says so.
"""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import Final

import numpy as np
import polars as pl

from . import codes
from . import pipeline
from . import wres
from .snapshot import ImportResult
from .snapshot import SnapshotSummary
from .snapshot import read_trusted_files
from .snapshot import scan_trusted_events
from .snapshot import validate_snapshot
from .snapshot import write_events_parquet
from .snapshot import write_parquet

BANDS = ["2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9", "VSM", *codes.MEDICAL_GRADES]
BAND_P = np.array([8, 10, 9, 20, 17, 12, 5, 2.5, 1.2, 0.5, 0.2, 0.3, 4.5, 2.5, 5.0], dtype=float)
#: ethnic-minority share by band (falls with seniority, as in published WRES data)
MINORITY_P = np.array(
    [0.30, 0.28, 0.25, 0.42, 0.32, 0.24, 0.18, 0.15, 0.13, 0.12, 0.11, 0.11, 0.55, 0.50, 0.35]
)
WHITE = np.array(["A", "B", "C"])
MINORITY = np.array(sorted(codes.MINORITY_CODES))
SENIOR = list(codes.SENIOR_LEVELS)
#: raw snapshot columns the figures are made from (pandas reads these)
RESULT_COLUMNS = ["person_id", "org_code", "band", "ethnic_category", "board"]


def org_codes(n: int, rng: np.random.Generator) -> list[str]:
    alphabet = list("ABCDEFGHJKLMNPQRTVWXY0123456789")
    pool = sorted({"R" + a + b for a in alphabet for b in alphabet})
    return sorted(rng.choice(pool, size=n, replace=False).tolist())


def generate(rows: int, n_orgs: int, seed: int) -> dict[str, pl.DataFrame]:
    """Deterministic synthetic snapshot and event files (raw ESR-style strings)."""
    rng = np.random.default_rng(seed)
    orgs = org_codes(n_orgs, rng)
    size = rng.lognormal(0, 0.6, n_orgs)
    org_idx = rng.choice(n_orgs, size=rows, p=size / size.sum())
    band_idx = rng.choice(len(BANDS), size=rows, p=BAND_P / BAND_P.sum())
    unknown = rng.random(rows) < 0.05
    minority = rng.random(rows) < MINORITY_P[band_idx]
    eth = np.where(
        minority,
        MINORITY[rng.integers(0, len(MINORITY), rows)],
        WHITE[rng.integers(0, 3, rows)],
    )
    eth = np.where(unknown, np.where(rng.random(rows) < 0.5, "Z", "99"), eth)
    disability = np.array(["N", "Y", "U"])[rng.choice(3, size=rows, p=[0.8, 0.04, 0.16])]
    sex = np.array(["F", "M"])[(rng.random(rows) < 0.23).astype(int)]
    is_vsm = band_idx == BANDS.index("VSM")
    board = np.where(is_vsm & (rng.random(rows) < 0.6), "Y", "N")
    dob_days = rng.integers(-3650, 11000, rows)  # 1960 .. 2000
    start_days = dob_days + 18 * 365 + rng.integers(0, 20 * 365, rows)
    start_days = np.minimum(start_days, 19_800)
    fte = np.array(["1.0", "0.8", "0.6", "0.5"])[rng.choice(4, size=rows, p=[0.7, 0.15, 0.1, 0.05])]
    staff_group = np.array(list(codes.STAFF_GROUPS))[rng.integers(0, 10, rows)]
    snap = pl.DataFrame(
        {
            "person_id": pl.int_range(rows, eager=True).cast(pl.String).str.zfill(8),
            "org_code": pl.Series(orgs).gather(org_idx),
            "band": pl.Series(BANDS).gather(band_idx),
            "staff_group": staff_group,
            "ethnic_category": eth,
            "sex": sex,
            "disability": disability,
            "date_of_birth": pl.Series(dob_days.astype(np.int32)).cast(pl.Date),
            "fte": fte,
            "start_date": pl.Series(start_days.astype(np.int32)).cast(pl.Date),
            "board": board,
        }
    ).with_columns(("P" + pl.col("person_id")).alias("person_id"))

    n_rec = rows // 5
    rec_min = rng.random(n_rec) < 0.4
    rec_eth = np.where(
        rec_min,
        MINORITY[rng.integers(0, len(MINORITY), n_rec)],
        WHITE[rng.integers(0, 3, n_rec)],
    )
    rec_eth = np.where(rng.random(n_rec) < 0.04, "Z", rec_eth)
    short = rng.random(n_rec) < 0.4
    appointed = short & (rng.random(n_rec) < np.where(rec_min, 0.12, 0.19))
    recruitment = pl.DataFrame(
        {
            "applicant_id": pl.int_range(n_rec, eager=True).cast(pl.String).str.zfill(8),
            "org_code": pl.Series(orgs).gather(rng.choice(n_orgs, n_rec, p=size / size.sum())),
            "band": pl.Series(BANDS).gather(rng.integers(0, len(BANDS), n_rec)),
            "ethnic_category": rec_eth,
            "disability": np.array(["N", "Y", "U"])[
                rng.choice(3, size=n_rec, p=[0.85, 0.08, 0.07])
            ],
            "shortlisted": np.where(short, "Y", "N"),
            "appointed": np.where(appointed, "Y", "N"),
        }
    ).with_columns(("A" + pl.col("applicant_id")).alias("applicant_id"))

    def events(frac: float, p_white: float, p_min: float, column: str) -> pl.DataFrame:
        pick = np.flatnonzero(rng.random(rows) < frac)
        is_min = minority[pick] & ~unknown[pick]
        hit = rng.random(len(pick)) < np.where(is_min, p_min, p_white)
        return pl.DataFrame(
            {
                "person_id": snap["person_id"].gather(pick),
                "org_code": snap["org_code"].gather(pick),
                column: np.where(hit, "Y", "N"),
            }
        )

    return {
        "snapshot": snap,
        "recruitment": recruitment,
        "disciplinary": events(0.03, 0.3, 0.45, "entered_formal_process"),
        "training": events(0.4, 0.7, 0.6, "accessed_non_mandatory"),
    }


def write_raw_files(folder: Path, data: dict[str, pl.DataFrame]) -> None:
    """The generated files as a user would have them: CSV, and raw Parquet for pandas."""
    for name, df in data.items():
        df.write_csv(folder / f"{name}.csv")
        df.write_parquet(folder / f"raw_{name}.parquet")


def import_snapshot(folder: Path) -> tuple[ImportResult, SnapshotSummary | None]:
    """Validate ``snapshot.csv`` and store it as the app does (nothing stored if rejected)."""
    result = validate_snapshot(folder / "snapshot.csv")
    if not result.ok:
        return result, None
    return result, write_parquet(result.frame, folder / "snapshot.parquet")


def store_events(folder: Path) -> None:
    """Store the event files as the app stores imported ones."""
    for name in ("recruitment", "disciplinary", "training"):
        write_events_parquet(
            scan_trusted_events(folder / f"{name}.csv", name).collect(),  # type: ignore[arg-type]
            folder / f"{name}.parquet",
        )


# --- the two implementations -----------------------------------------------------------


INDICATORS = ("indicator_1", "indicator_2", "indicator_3", "indicator_4")
#: snapshot columns the figures need (``level`` and ``ethnic_group`` are derived ones)
NEEDED_COLUMNS = ["person_id", "org_code", "band", "level", "ethnic_group"]
RECRUITMENT_NEEDED = ["org_code", "ethnic_group", "shortlisted", "appointed"]

SnapshotArg = pl.DataFrame | pl.LazyFrame | str | Path

#: wall-clock targets (seconds) for pipeline + WRES 1-4 for every organisation
CSV_TARGET: Final = 0.5
PARQUET_TARGET: Final = 0.15


def polars_report(
    snap: SnapshotArg,
    rec: pl.LazyFrame,
    dis: pl.LazyFrame,
    tra: pl.LazyFrame,
    *,
    combined: bool = True,
) -> dict[str, pl.DataFrame]:
    """Pipeline (8a-VSM/board by ethnicity) and WRES 1-4 for every organisation.

    ``combined`` uses :func:`wres.pipeline_and_wres` (one pass over the staff rows, one
    ``collect_all``); otherwise :func:`pipeline.representation` and
    :func:`wres.wres_report` are called separately. Same figures either way.
    """
    if combined:
        rep, report = wres.pipeline_and_wres(
            snap,
            rec,
            dis,
            tra,
            dimension="ethnicity",
            levels="senior",
            by="org",
            suppress=False,
            include=INDICATORS,
        )
    else:
        rep = pipeline.representation(snap, "ethnicity", levels="senior", by="org")
        report = wres.wres_report(snap, rec, dis, tra, by="org", suppress=False, include=INDICATORS)
    return {"pipeline": rep, "indicator_1": report.indicator_1, "ratios": report.ratios}


def _events_parquet(folder: Path) -> list[pl.LazyFrame]:
    return [
        pl.scan_parquet(folder / f"{name}.parquet")
        for name in ("recruitment", "disciplinary", "training")
    ]


def polars_from_csv(folder: Path, *, combined: bool = True) -> dict[str, pl.DataFrame]:
    # Parse the CSVs once (only the needed columns; the event files on a second thread
    # while the snapshot is parsed), then report from memory.
    snap, events = read_trusted_files(
        folder / "snapshot.csv",
        {
            "recruitment": (folder / "recruitment.csv", RECRUITMENT_NEEDED),
            "disciplinary": (folder / "disciplinary.csv", None),
            "training": (folder / "training.csv", None),
        },
        NEEDED_COLUMNS,
    )
    return polars_report(
        snap,
        events["recruitment"].lazy(),
        events["disciplinary"].lazy(),
        events["training"].lazy(),
        combined=combined,
    )


def polars_from_parquet(folder: Path, *, combined: bool = True) -> dict[str, pl.DataFrame]:
    # The path itself: the engine scans it lazily, reading only the columns it needs.
    return polars_report(folder / "snapshot.parquet", *_events_parquet(folder), combined=combined)


def pandas_report(snap: Any, rec: Any, dis: Any, tra: Any) -> dict[str, Any]:
    """The same figures in plain pandas (canonical codes assumed, as generated)."""
    # pandas is slow to import and only this needs it
    import pandas as pd

    group_of = {c: "white" for c in codes.WHITE_CODES} | {
        c: "minority" for c in codes.MINORITY_CODES
    }
    snap = snap.assign(group=snap["ethnic_category"].map(group_of).fillna("unknown"))
    is_board = snap["board"].isin(["Y", True])
    snap["level"] = snap["band"].where(~is_board, "board")
    senior = snap[snap["level"].isin(SENIOR)]
    rep = senior.groupby(["org_code", "level", "group"]).size()
    overall = snap.groupby(["org_code", "group"]).size()
    ind1 = snap.groupby(["org_code", "band", "group"]).size()
    headcount = snap.groupby(["org_code", "group"]).size().unstack(fill_value=0)

    def ratio(top_e: Any, top_n: Any, bot_e: Any, bot_n: Any) -> Any:
        out = pd.DataFrame(
            {"top_events": top_e, "top_total": top_n, "bottom_events": bot_e, "bottom_total": bot_n}
        ).fillna(0)
        rr = (out.top_events / out.top_total) / (out.bottom_events / out.bottom_total)
        se = np.sqrt(
            1 / out.top_events - 1 / out.top_total + 1 / out.bottom_events - 1 / out.bottom_total
        )
        out["ratio"] = rr
        out["ci_low"] = np.exp(np.log(rr) - 1.959963984540054 * se)
        out["ci_high"] = np.exp(np.log(rr) + 1.959963984540054 * se)
        return out

    rec = rec.assign(group=rec["ethnic_category"].map(group_of).fillna("unknown"))
    short = rec[rec["shortlisted"] == "Y"]
    shortlisted = short.groupby(["org_code", "group"]).size().unstack(fill_value=0)
    appointed = (
        short[short["appointed"] == "Y"].groupby(["org_code", "group"]).size().unstack(fill_value=0)
    )
    ind2 = ratio(
        appointed["white"], shortlisted["white"], appointed["minority"], shortlisted["minority"]
    )

    def person_events(ev: Any, column: str) -> Any:
        who = ev.loc[ev[column] == "Y", ["person_id", "org_code"]].drop_duplicates()
        who = who.merge(snap[["person_id", "group"]], on="person_id", how="inner")
        return who.groupby(["org_code", "group"]).size().unstack(fill_value=0)

    d = person_events(dis, "entered_formal_process").reindex(headcount.index, fill_value=0)
    ind3 = ratio(d["minority"], headcount["minority"], d["white"], headcount["white"])
    t = person_events(tra, "accessed_non_mandatory").reindex(headcount.index, fill_value=0)
    ind4 = ratio(t["white"], headcount["white"], t["minority"], headcount["minority"])
    return {
        "pipeline": rep,
        "overall": overall,
        "indicator_1": ind1,
        "indicator_2": ind2,
        "indicator_3": ind3,
        "indicator_4": ind4,
    }


def pandas_from_csv(folder: Path) -> dict[str, Any]:
    # pandas is slow to import and only this needs it
    import pandas as pd

    snap = pd.read_csv(folder / "snapshot.csv", usecols=RESULT_COLUMNS, dtype=str)
    rec = pd.read_csv(
        folder / "recruitment.csv",
        usecols=["org_code", "ethnic_category", "shortlisted", "appointed"],
        dtype=str,
    )
    dis = pd.read_csv(folder / "disciplinary.csv", dtype=str)
    tra = pd.read_csv(folder / "training.csv", dtype=str)
    return pandas_report(snap, rec, dis, tra)


def _has_pandas_parquet() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        try:
            import fastparquet  # noqa: F401
        except ImportError:
            return False
    return True


def pandas_from_parquet(folder: Path) -> dict[str, Any]:
    # pandas is slow to import and only this needs it
    import pandas as pd

    def load(name: str, columns: list[str] | None = None) -> Any:
        path = folder / f"{name}.parquet"
        if _has_pandas_parquet():
            return pd.read_parquet(path, columns=columns)
        df = pl.read_parquet(path, columns=columns)
        return pd.DataFrame({c: df[c].to_numpy() for c in df.columns})

    snap = load("raw_snapshot", RESULT_COLUMNS)
    rec = load("raw_recruitment", ["org_code", "ethnic_category", "shortlisted", "appointed"])
    return pandas_report(snap, rec, load("raw_disciplinary"), load("raw_training"))


# --- agreement check -------------------------------------------------------------------


def compare(ours: dict[str, pl.DataFrame], theirs: dict[str, Any]) -> list[str]:
    """Differences between the Polars and pandas figures (empty list = agree)."""
    problems: list[str] = []
    rep = ours["pipeline"]
    senior = rep.filter((pl.col("level") != pipeline.ALL) & (pl.col("headcount") > 0))
    mine = {
        (s, lv, c): n
        for s, lv, c, n in senior.select("scope", "level", "category", "headcount").iter_rows()
    }
    other = {k: int(v) for k, v in theirs["pipeline"].items()}
    if mine != other:
        problems.append(
            f"pipeline counts differ ({len(set(mine.items()) ^ set(other.items()))} cells)"
        )
    ind1 = ours["indicator_1"].filter((pl.col("level") != pipeline.ALL) & (pl.col("headcount") > 0))
    mine = {
        (s, lv, c): n
        for s, lv, c, n in ind1.select("scope", "level", "category", "headcount").iter_rows()
    }
    other = {k: int(v) for k, v in theirs["indicator_1"].items()}
    if mine != other:
        problems.append("indicator 1 counts differ")
    for name in ("indicator_2", "indicator_3", "indicator_4"):
        df = ours["ratios"].filter(pl.col("indicator") == name)
        pd_df = theirs[name]
        for row in df.iter_rows(named=True):
            if row["scope"] not in pd_df.index:
                problems.append(f"{name}: {row['scope']} missing in pandas")
                continue
            ref = pd_df.loc[row["scope"]]
            for col in wres.RATIO_COUNTS:
                if int(ref[col]) != row[col]:
                    problems.append(f"{name} {row['scope']} {col}: {row[col]} vs {int(ref[col])}")
            for col in ("ratio", "ci_low", "ci_high"):
                a, b = row[col], float(ref[col])
                if a is None and not np.isfinite(b):
                    continue
                if a is None or not np.isclose(a, b, rtol=1e-9, atol=0):
                    problems.append(f"{name} {row['scope']} {col}: {a} vs {b}")
        if df.height != len(pd_df):
            problems.append(f"{name}: {df.height} orgs vs {len(pd_df)} in pandas")
    return problems


# --- the run -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timing:
    """Median (and best) wall-clock and CPU seconds over ``runs`` runs.

    CPU time is the whole process's (every Polars thread included), so on a shared,
    loaded machine it shows the work done even when the wall clock is inflated by
    waiting for a core; on an idle machine wall time is what a user sees.
    """

    wall: float
    cpu: float
    best_wall: float
    best_cpu: float
    runs: int


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[Timing, Any]:
    walls: list[float] = []
    cpus: list[float] = []
    result = None
    for _ in range(max(repeat, 1)):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    timing = Timing(
        statistics.median(walls), statistics.median(cpus), min(walls), min(cpus), len(walls)
    )
    return timing, result


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs (kept for callers of the old helper)."""
    timing, result = _timed(fn, repeat)
    return timing.best_wall, result


def load_average() -> float:
    """One-minute load average (0 where the platform has none)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - not on Linux
        return 0.0


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(
    rows: int = 1_500_000,
    orgs: int = 220,
    seed: int = 42,
    repeat: int = 5,
    import_repeat: int = 1,
) -> int:
    # rich is slow to import and only this needs it
    from rich.console import Console

    # rich is slow to import and only this needs it
    from rich.table import Table

    console = Console()
    load_start = load_average()
    with tempfile.TemporaryDirectory(prefix="tb-insights-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        data = generate(rows, orgs, seed)
        gen_s = time.perf_counter() - t0
        write_raw_files(folder, data)
        console.print(
            f"Generated {rows:,} staff over {orgs} organisations "
            f"({data['recruitment'].height:,} applications, {data['disciplinary'].height:,} "
            f"disciplinary and {data['training'].height:,} training records) in {gen_s:.2f} s; "
            f"snapshot CSV {(folder / 'snapshot.csv').stat().st_size / 1e6:.0f} MB"
        )
        del data
        t_import, (result, summary) = _timed(lambda: import_snapshot(folder), import_repeat)
        if summary is None:
            console.print(f"[red]import rejected {len(result.rejections)} rows[/red]")
            return 1
        del result
        csv_mb = (folder / "snapshot.csv").stat().st_size / 1e6
        parquet_mb = (folder / "snapshot.parquet").stat().st_size / 1e6
        console.print(f"Stored snapshot Parquet {parquet_mb:.1f} MB ({csv_mb:.1f} MB as CSV): "
                      f"{parquet_mb / rows * 100_000:.2f} MB per 100,000 staff rows")
        store_events(folder)
        # Warm-up (first-call costs: imports, thread pools, file cache), not timed.
        for warm_up in (polars_from_csv, polars_from_parquet, pandas_from_csv, pandas_from_parquet):
            warm_up(folder)
        t_pl_csv, ours = _timed(lambda: polars_from_csv(folder), repeat)
        t_pl_pq, ours_pq = _timed(lambda: polars_from_parquet(folder), repeat)
        t_pl_sep, ours_sep = _timed(lambda: polars_from_parquet(folder, combined=False), repeat)
        t_pd_csv, theirs = _timed(lambda: pandas_from_csv(folder), repeat)
        t_pd_pq, theirs_pq = _timed(lambda: pandas_from_parquet(folder), repeat)
        problems = (
            compare(ours, theirs)
            + compare(ours_pq, theirs_pq)
            + compare(ours_pq, theirs)
            + compare(ours_sep, theirs_pq)
        )
        peak = peak_rss_mb()
    load_end = load_average()

    pq_note = "" if _has_pandas_parquet() else " (read via Polars: no pyarrow)"
    table = Table(
        title=f"Insights benchmark: {rows:,} staff, {orgs} organisations, seed {seed}, "
        f"{os.cpu_count()} CPUs, load average {load_start:.1f} -> {load_end:.1f}"
    )
    table.add_column("Step")
    table.add_column("Wall (s)", justify="right")
    table.add_column("CPU (s)", justify="right")
    table.add_column("Target (wall)", justify="right")
    table.add_column("Met (wall)", justify="center")

    def mark(ok: bool) -> str:
        return "yes" if ok else "NO"

    def row(label: str, t: Timing, target: float | None) -> None:
        ok = "" if target is None else mark(t.wall <= target)
        table.add_row(
            label, f"{t.wall:.3f}", f"{t.cpu:.3f}", "" if target is None else f"<= {target:g} s", ok
        )

    row("Import: validate the snapshot CSV (all checks) and store it", t_import, 5)
    row("Polars: pipeline + WRES 1-4, every org, from CSV", t_pl_csv, CSV_TARGET)
    row("Polars: pipeline + WRES 1-4, every org, from Parquet", t_pl_pq, PARQUET_TARGET)
    row("Polars from Parquet, pipeline and WRES as two separate calls", t_pl_sep, None)
    row("pandas: same figures from CSV", t_pd_csv, None)
    row(f"pandas: same figures from Parquet{pq_note}", t_pd_pq, None)
    # Both measured in the same run, so the fraction holds on a loaded machine too.
    for source, ours_t, theirs_t in (("CSV", t_pl_csv, t_pd_csv), ("Parquet", t_pl_pq, t_pd_pq)):
        table.add_row(
            f"Polars / pandas time, {source}",
            f"{ours_t.wall / theirs_t.wall:.3f}",
            f"{ours_t.cpu / theirs_t.cpu:.3f}",
            "",
            "",
        )
    wall_x, cpu_x = t_pd_pq.wall / t_pl_pq.wall, t_pd_pq.cpu / t_pl_pq.cpu
    table.add_row(
        "Speed-up from Parquet (pandas / Polars)",
        f"{wall_x:.1f}x",
        f"{cpu_x:.1f}x",
        ">= 4x",
        mark(wall_x >= 4),
    )
    table.add_row(
        "Speed-up from CSV (pandas / Polars)",
        f"{t_pd_csv.wall / t_pl_csv.wall:.1f}x",
        f"{t_pd_csv.cpu / t_pl_csv.cpu:.1f}x",
        "",
        "",
    )
    table.add_row(
        "Peak memory (process max RSS)",
        f"{peak:,.0f} MB",
        "",
        "<= 1,536 MB",
        mark(peak <= 1536),
    )
    table.add_row(
        "pandas and Polars figures agree",
        "yes" if not problems else f"{len(problems)} diffs",
        "",
        "",
        mark(not problems),
    )
    console.print(table)
    console.print(
        f"Snapshot content hash {summary.content_hash[:16]}..., {summary.rows:,} rows, "
        f"{len(summary.per_org)} organisations. Times are the median of {repeat} runs after "
        f"a warm-up (import: {import_repeat} run(s)); CPU is process CPU time (all threads). "
        "The machine is shared: compare changes by running old and new alternately."
    )
    for p in problems[:20]:
        console.print(f"[red]{p}[/red]")
    return 0 if not problems else 1

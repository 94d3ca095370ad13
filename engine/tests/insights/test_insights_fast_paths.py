"""The fast paths give exactly what the straightforward code gives.

* :func:`snapshot.map_distinct` (a function evaluated once per distinct value and mapped
  back, through :func:`snapshot.distinct_lookup`) against the function applied to every row;
* :func:`snapshot.scan_trusted_csv` / :func:`snapshot.scan_trusted_events` against the
  previous row-by-row normalisation (kept below as the reference), on tricky spellings;
* :func:`wres.wres_report` (one staff aggregate shared by every figure) against
  figures computed directly from the rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from polars.testing import assert_series_equal

from engine.insights import codes
from engine.insights import pipeline
from engine.insights import snapshot as snap
from engine.insights import wres
from engine.insights.snapshot import BAND_ENUM
from engine.insights.snapshot import DISABILITY_ENUM
from engine.insights.snapshot import ETHNIC_ENUM
from engine.insights.snapshot import LEVEL_ENUM
from engine.insights.snapshot import SEX_ENUM
from engine.insights.snapshot import ethnic_group_expr

# --- the previous (row-by-row) normalisation, as the reference ---------------------------


def reference_norm(col: str, aliases: Mapping[str, str], upper: bool) -> pl.Expr:
    """A code column stripped, re-cased and mapped through its aliases (anything else: null)."""
    v = pl.col(col).fill_null("").str.strip_chars()
    v = v.str.to_uppercase() if upper else v.str.to_lowercase()
    return v.replace_strict(dict(aliases), default=None, return_dtype=pl.String)


def reference_scan_trusted_csv(path: str | Path) -> pl.LazyFrame:
    lf = pl.scan_csv(path, infer_schema=False)
    names = lf.collect_schema().names()
    board = (
        pl.col("board").str.strip_chars().str.to_lowercase().is_in(["y", "yes", "1", "true", "t"])
        if "board" in names
        else pl.lit(False)
    )
    return lf.select(
        pl.col("person_id").str.strip_chars(),
        pl.col("org_code").str.strip_chars().str.to_uppercase(),
        reference_norm("band", codes.band_aliases(), False).cast(BAND_ENUM),
        reference_norm("ethnic_category", codes.ethnic_aliases(), True).cast(ETHNIC_ENUM),
        reference_norm("sex", codes.sex_aliases(), False).cast(SEX_ENUM),
        reference_norm("disability", codes.disability_aliases(), False).cast(DISABILITY_ENUM),
        board.alias("board"),
    ).with_columns(
        pl.when(pl.col("board"))
        .then(pl.lit(codes.BOARD))
        .otherwise(pl.col("band").cast(pl.String))
        .cast(LEVEL_ENUM)
        .alias("level"),
        ethnic_group_expr(pl.col("ethnic_category")).alias("ethnic_group"),
    )


def reference_scan_trusted_events(path: str | Path, kind: str) -> pl.LazyFrame:
    lf = pl.scan_csv(path, infer_schema=False)
    yes = ["y", "yes", "1", "true", "t"]

    def flag(col: str) -> pl.Expr:
        return pl.col(col).str.strip_chars().str.to_lowercase().is_in(yes).alias(col)

    org = pl.col("org_code").str.strip_chars().str.to_uppercase()
    if kind == "recruitment":
        eth = reference_norm("ethnic_category", codes.ethnic_aliases(), True)
        dis = reference_norm("disability", codes.disability_aliases(), False).cast(DISABILITY_ENUM)
        return lf.select(
            pl.col("applicant_id"),
            org,
            ethnic_group_expr(eth).alias("ethnic_group"),
            dis.alias("disability"),
            flag("shortlisted"),
            flag("appointed"),
        )
    column = "entered_formal_process" if kind == "disciplinary" else "accessed_non_mandatory"
    return lf.select(pl.col("person_id").str.strip_chars(), org, flag(column))


# --- tricky spellings -------------------------------------------------------------------


def _spellings(canonical: list[str], junk: list[str]) -> st.SearchStrategy[str]:
    """Canonical values, re-cased and padded, blanks, and values that are not codes."""
    base = st.sampled_from(canonical + junk)
    recased = st.tuples(base, st.sampled_from(["", "lower", "upper", "title"])).map(
        lambda t: getattr(t[0], t[1])() if t[1] else t[0]
    )
    padded = st.tuples(st.sampled_from(["", " ", "  ", "\t"]), recased, st.sampled_from(["", " "]))
    return padded.map("".join)


BANDS = _spellings(
    [*codes.BANDS, "Band 8A", "band 5", "Consultant", "8A"], ["8e", "band", "", "VSM2"]
)
ETHNIC = _spellings([*codes.ETHNIC_CODE_ORDER, "a1", "Hx", "99"], ["I", "O", "Q", "", "AA1"])
SEX = _spellings(["F", "M", "U", "X", "unknown", "female"], ["", "?", "Z"])
DISABILITY = _spellings(["Y", "N", "U", "yes", "no"], ["", "maybe"])
FLAGS = _spellings(["Y", "N", "yes", "no", "1", "0", "true", "false", "t"], ["", "x"])
ORGS = _spellings(["RJ1", "rm2", "R0A", "RXX01"], ["", "r j1"])
IDS = st.tuples(st.sampled_from(["", " ", "\t"]), st.integers(0, 30)).map(
    lambda t: f"{t[0]}P{t[1]:03d}"
)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _event_file(folder: Path, kind: str, rows: list[list[str]]) -> Path:
    """``folder/<kind>.csv``: an events file of that kind, under its columns, with ``rows``."""
    return _write(folder / f"{kind}.csv", list(snap.EVENT_COLUMNS[kind]), rows)


SNAPSHOT_ROW = st.tuples(IDS, ORGS, BANDS, ETHNIC, SEX, DISABILITY, FLAGS)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(SNAPSHOT_ROW, min_size=1, max_size=40), with_board=st.booleans())
def test_scan_trusted_csv_matches_row_by_row_normalisation(
    tmp_path: Path, rows: list[tuple[str, ...]], with_board: bool
) -> None:
    header = ["person_id", "org_code", "band", "ethnic_category", "sex", "disability"]
    header += ["board"] if with_board else []
    data = [list(r) if with_board else list(r[:-1]) for r in rows]
    path = _write(tmp_path / "snapshot.csv", [*header, "fte"], [[*r, "1.0"] for r in data])
    fast = snap.scan_trusted_csv(path).collect()
    slow = reference_scan_trusted_csv(path).collect()
    assert_frame_equal(fast, slow)


def test_scan_trusted_csv_reads_only_the_needed_columns(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "s.csv",
        ["person_id", "org_code", "band", "ethnic_category", "sex", "disability", "board"],
        [[" P1", "rj1 ", "Band 8A", " h ", "f", "", "yes"], ["P2", "RM2", "8e", "", "", "n", ""]],
    )
    df = snap.scan_trusted_csv(path).select("org_code", "level").collect()
    assert df.rows() == [("RJ1", "board"), ("RM2", None)]
    assert_frame_equal(
        snap.scan_trusted_csv(path).collect(), reference_scan_trusted_csv(path).collect()
    )


@pytest.mark.parametrize("kind", ["recruitment", "disciplinary", "training"])
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_scan_trusted_events_matches_row_by_row_normalisation(
    tmp_path: Path, kind: str, data: st.DataObject
) -> None:
    header = list(snap.EVENT_COLUMNS[kind])
    strategies = {
        "applicant_id": IDS,
        "person_id": IDS,
        "org_code": ORGS,
        "band": BANDS,
        "ethnic_category": ETHNIC,
        "disability": DISABILITY,
    }
    row = st.tuples(*[strategies.get(c, FLAGS) for c in header]).map(list)
    rows = data.draw(st.lists(row, min_size=1, max_size=30))
    path = _event_file(tmp_path, kind, rows)
    fast = snap.scan_trusted_events(path, kind).collect()  # type: ignore[arg-type]
    slow = reference_scan_trusted_events(path, kind).collect()
    assert_frame_equal(fast, slow)


def test_scan_trusted_events_rejects_an_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown event kind"):
        snap.scan_trusted_events(tmp_path / "x.csv", "payroll")  # type: ignore[arg-type]


# --- map_distinct -----------------------------------------------------------------------


def _upper_or_dash(col: pl.Expr) -> pl.Expr:
    return col.cast(pl.String).str.strip_chars().str.to_uppercase().fill_null("-")


VALUES = st.lists(st.one_of(st.none(), st.sampled_from(["a", " a", "B", "b ", "", "cc"])))


@settings(max_examples=100, deadline=None)
@given(values=VALUES, dense=st.sampled_from([None, True, False]))
def test_map_distinct_equals_the_function_on_every_row(
    values: list[str | None], dense: bool | None
) -> None:
    text = pl.Series("v", values, dtype=pl.String)
    expected = text.to_frame().select(_upper_or_dash(pl.col("v"))).to_series()
    for series in (text, text.cast(pl.Categorical)):
        got = snap.map_distinct(series, _upper_or_dash, pl.String(), dense=dense)
        assert_series_equal(got, expected)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), st.sampled_from(list(codes.BANDS)))),
    dense=st.sampled_from([None, True, False]),
)
def test_map_distinct_on_an_enum_to_another_enum(
    values: list[str | None], dense: bool | None
) -> None:
    bands = pl.Series("band", values, dtype=BAND_ENUM)

    def level(col: pl.Expr) -> pl.Expr:
        return col.cast(pl.String).cast(LEVEL_ENUM)

    expected = bands.to_frame().select(level(pl.col("band"))).to_series()
    got = snap.map_distinct(bands, level, LEVEL_ENUM, dense=dense)
    assert got.dtype == LEVEL_ENUM
    assert_series_equal(got, expected)


def test_map_distinct_handles_sparse_categorical_codes() -> None:
    # Fill the global categories so this column's codes are large and sparse: the
    # dense table would be wasteful, so the hash lookup is used - same answer.
    pl.Series([f"filler-{i}" for i in range(70_000)]).cast(pl.Categorical)
    series = pl.Series("v", ["late-x", None, "late-y", "late-x"]).cast(pl.Categorical)
    got = snap.map_distinct(series, _upper_or_dash, pl.String())
    assert got.to_list() == ["LATE-X", "-", "LATE-Y", "LATE-X"]


# --- one staff aggregate for every WRES figure -----------------------------------------


def _direct_headcounts(staff: pl.DataFrame, dim: str) -> dict[tuple[str, str], int]:
    counts = staff.group_by("org_code", dim).len()
    return {(o, str(d)): n for o, d, n in counts.iter_rows()}


def test_wres_ratios_totals_and_indicator_9_match_direct_counts(
    snapshot: pl.DataFrame, event_files: dict[str, Path]
) -> None:
    rec, dis, tra = (
        snap.scan_trusted_events(event_files[k], k)  # type: ignore[arg-type]
        for k in ("recruitment", "disciplinary", "training")
    )
    report = wres.wres_report(snapshot, rec, dis, tra, suppress=False)
    eth = _direct_headcounts(snapshot, "ethnic_group")
    dis_counts = _direct_headcounts(snapshot, "disability")
    for row in report.ratios.iter_rows(named=True):
        direction = wres.ratios.DIRECTIONS[row["indicator"]]
        if row["indicator"] in {"indicator_3", "indicator_4"}:
            assert row["top_total"] == eth.get((row["scope"], direction.top), 0)
            assert row["bottom_total"] == eth.get((row["scope"], direction.bottom), 0)
        if row["indicator"] == "wdes_metric_3":
            assert row["top_total"] == dis_counts.get((row["scope"], direction.top), 0)
    ind9 = report.indicator_9.filter(pl.col("scope") == "RJ1").row(0, named=True)
    board = snapshot.filter((pl.col("org_code") == "RJ1") & pl.col("board"))
    assert ind9["board_known"] == board.filter(pl.col("ethnic_group") != "unknown").height
    assert ind9["board_minority"] == board.filter(pl.col("ethnic_group") == "minority").height
    direct = pipeline.representation(
        snapshot, "ethnicity", levels=wres.WRES_BANDS, level_column="band"
    )
    assert_frame_equal(report.indicator_1, direct)


def test_wres_only_recruitment_figures_skip_the_staff_aggregate(
    snapshot: pl.DataFrame, event_files: dict[str, Path]
) -> None:
    rec = snap.scan_trusted_events(event_files["recruitment"], "recruitment")
    report = wres.wres_report(snapshot, rec, include=("indicator_2",))
    assert report.indicator_1.height == 0 and report.indicator_9.height == 0
    assert set(report.ratios["indicator"]) == {"indicator_2"}


def test_rolled_up_scope_counts_a_person_once_and_keeps_unmatched(
    snapshot: pl.DataFrame, tmp_path: Path
) -> None:
    # P0001 (White, RJ1) is listed under two organisations of the same region, and
    # P9999 (not in the snapshot) twice: the region counts P0001 once; unmatched
    # counts distinct (person, organisation) pairs, as before.
    rows = [[person, org, "Y"] for person in ("P0001", "P9999") for org in ("RJ1", "RM2")]
    tra = _event_file(tmp_path, "training", rows)
    org_map = pl.DataFrame({"org_code": ["RJ1", "RM2"], "region": ["Y56", "Y56"]})
    events = snap.scan_trusted_events(tra, "training")
    region = wres.wres_report(
        snapshot, training=events, by="region", org_map=org_map, include=("indicator_4",)
    )
    row = region.ratios.row(0, named=True)
    assert (row["scope"], row["top_events"], row["bottom_events"]) == ("Y56", 1, 0)
    assert region.unmatched == {"accessed_non_mandatory": 2}
    by_org = wres.wres_report(snapshot, training=events, include=("indicator_4",))
    assert by_org.ratios.select("scope", "top_events").rows() == [("RJ1", 1), ("RM2", 1)]


def test_from_counts_sums_finer_rows(snapshot: pl.DataFrame) -> None:
    fine = snapshot.group_by(
        pl.col("org_code").alias("scope"), "level", "ethnic_group", "disability"
    ).agg(pl.len().alias("headcount"))
    via_counts = pipeline.from_counts(
        fine.select("scope", "level", pl.col("ethnic_group").alias("category"), "headcount"),
        "ethnicity",
    )
    assert_frame_equal(via_counts, pipeline.representation(snapshot, "ethnicity"))


@pytest.mark.parametrize(
    ("dimension", "levels", "by", "include"),
    [
        ("ethnicity", "senior", "org", None),
        ("ethnic_category", "band", "org", ("indicator_2",)),
        ("sex", ["8a", "VSM"], "region", ("indicator_3", "wdes_metric_3")),
        ("disability", "senior", "england", ("indicator_1", "indicator_4", "indicator_9")),
    ],
)
def test_pipeline_and_wres_equals_the_two_separate_calls(
    snapshot: pl.DataFrame,
    event_files: dict[str, Path],
    tmp_path: Path,
    dimension: str,
    levels: object,
    by: str,
    include: tuple[str, ...] | None,
) -> None:
    org_map = pl.DataFrame({"org_code": ["RJ1", "RM2"], "region": ["Y56", "Y57"]})
    path = tmp_path / "staff.parquet"
    snap.write_parquet(snapshot, path)
    for source in (snapshot, path):
        events = [
            snap.scan_trusted_events(event_files[k], k)  # type: ignore[arg-type]
            for k in ("recruitment", "disciplinary", "training")
        ]
        kwargs = {"by": by, "org_map": org_map, "include": include}
        table, report = wres.pipeline_and_wres(
            source,
            *events,
            dimension=dimension,  # type: ignore[arg-type]
            levels=levels,  # type: ignore[arg-type]
            **kwargs,  # type: ignore[arg-type]
        )
        expected_table = pipeline.representation(
            source,
            dimension,  # type: ignore[arg-type]
            levels=levels,  # type: ignore[arg-type]
            by=by,  # type: ignore[arg-type]
            org_map=org_map,
        )
        expected = wres.wres_report(source, *events, **kwargs)  # type: ignore[arg-type]
        assert_frame_equal(table, expected_table)
        for name in ("indicator_1", "wdes_metric_1", "ratios", "indicator_9"):
            assert_frame_equal(getattr(report, name), getattr(expected, name))
        assert report.unmatched == expected.unmatched


def test_pipeline_and_wres_restricted_to_some_organisations(
    snapshot: pl.DataFrame, event_files: dict[str, Path]
) -> None:
    rec = snap.scan_trusted_events(event_files["recruitment"], "recruitment")
    table, report = wres.pipeline_and_wres(snapshot, rec, orgs={"RM2"})
    assert set(table["scope"]) == {"RM2"}
    assert_frame_equal(table, pipeline.representation(snapshot, orgs={"RM2"}))
    assert_frame_equal(report.ratios, wres.wres_report(snapshot, rec, orgs={"RM2"}).ratios)


def test_both_event_files_share_one_join_but_are_counted_apart(
    snapshot: pl.DataFrame, tmp_path: Path
) -> None:
    # P0007 (ethnic minority, RJ1) is in both files, under both organisations of one
    # region; P9999 (unknown) only in the disciplinary file.
    dis = _event_file(
        tmp_path,
        "disciplinary",
        [["P0007", "RJ1", "Y"], ["P0007", "RM2", "Y"], ["P9999", "RJ1", "Y"]],
    )
    tra = _event_file(tmp_path, "training", [["P0007", "RJ1", "Y"], ["P0001", "RJ1", "N"]])
    org_map = pl.DataFrame({"org_code": ["RJ1", "RM2"], "region": ["Y56", "Y56"]})
    for by in ("org", "region"):
        report = wres.wres_report(
            snapshot,
            disciplinary=snap.scan_trusted_events(dis, "disciplinary"),
            training=snap.scan_trusted_events(tra, "training"),
            by=by,  # type: ignore[arg-type]
            org_map=org_map,
            suppress=False,
        )
        got = {
            (r["scope"], r["indicator"]): (r["top_events"], r["bottom_events"])
            for r in report.ratios.iter_rows(named=True)
        }
        if by == "region":
            assert got[("Y56", "indicator_3")] == (1, 0)  # minority / White
            assert got[("Y56", "indicator_4")] == (0, 1)  # White / minority
        else:
            assert got[("RJ1", "indicator_3")] == (1, 0)
            assert got[("RM2", "indicator_3")] == (1, 0)
            assert got[("RJ1", "indicator_4")] == (0, 1)
            assert got[("RM2", "indicator_4")] == (0, 0)
        assert report.unmatched == {"entered_formal_process": 1, "accessed_non_mandatory": 0}


def test_trusted_reads_of_quoted_and_unquoted_files_agree(tmp_path: Path) -> None:
    header = ["person_id", "org_code", "band", "ethnic_category", "sex", "disability", "board"]
    rows = [["P1", "RJ1", "8a", "H", "F", "N", "N"], ["P2", "RM2", "VSM", "A", "M", "Y", "Y"]]
    plain = tmp_path / "plain.csv"
    plain.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n")
    quoted = tmp_path / "quoted.csv"
    quoted.write_text("\n".join(",".join(f'"{v}"' for v in r) for r in [header, *rows]) + "\n")
    assert_frame_equal(
        snap.scan_trusted_csv(quoted).collect(), snap.scan_trusted_csv(plain).collect()
    )
    assert snap.scan_trusted_csv(quoted).collect()["org_code"].to_list() == ["RJ1", "RM2"]
    events = ["person_id,org_code,accessed_non_mandatory", '"P1","RJ1","Y"', "P2,RM2,N"]
    (tmp_path / "training.csv").write_text("\n".join(events) + "\n")
    got = snap.scan_trusted_events(tmp_path / "training.csv", "training").collect()
    assert got.rows() == [("P1", "RJ1", True), ("P2", "RM2", False)]


def test_trusted_event_reads_give_the_columns_asked_for(tmp_path: Path) -> None:
    path = _event_file(tmp_path, "recruitment", [["A1", "rj1", "8a", " h ", "n", "Y", "yes"]])
    got = snap.scan_trusted_events(path, "recruitment", ["org_code", "ethnic_group", "appointed"])
    assert got.collect().rows() == [("RJ1", "minority", True)]
    with pytest.raises(ValueError, match="unknown recruitment column"):
        snap.scan_trusted_events(path, "recruitment", ["ethnic_category"])


def test_reading_trusted_files_together_equals_reading_each(tmp_path: Path) -> None:
    snapshot = _write(
        tmp_path / "s.csv",
        ["person_id", "org_code", "band", "ethnic_category", "sex", "disability", "board"],
        [["P1", "rj1", "8a", "H", "F", "N", "N"], ["P2", "RM2", "VSM", "A", "M", "Y", "Y"]],
    )
    training = _event_file(tmp_path, "training", [["P1", "RJ1", "Y"]])
    snap_frame, events = snap.read_trusted_files(
        snapshot, {"training": (training, None)}, ["person_id", "org_code", "level"]
    )
    # the same, with the exact integer keys stored files carry, to join people on
    alone = snap.scan_trusted_csv(snapshot, ["person_id", "org_code", "level"]).collect()
    assert_frame_equal(snap_frame, snap.with_person_key(alone))
    assert snap_frame.get_column("person_key").n_unique() == 2
    alone_events = snap.scan_trusted_events(training, "training").collect()
    assert_frame_equal(events["training"], snap.with_person_key(alone_events))


#: a snapshot file's columns (those the trusted read gives, less the two it derives)
CANONICAL_HEADER = [c for c in snap.TRUSTED_SNAPSHOT_COLUMNS if c not in ("level", "ethnic_group")]


@pytest.mark.parametrize(
    ("other", "canonical"),
    [
        (["vsm", "A", "M", "N"], ["VSM", "A", "M", "N"]),  # a band in lower case
        (["VSM", "A1", "M", "N"], ["VSM", "A", "M", "N"]),  # a local ethnic sub-code
        (["VSM", "", "M", "N"], ["VSM", "99", "M", "N"]),  # a blank ethnic category
        (["VSM", "A", "male", "N"], ["VSM", "A", "M", "N"]),
        (["VSM", "A", "M", "yes"], ["VSM", "A", "M", "Y"]),
    ],
)
def test_trusted_files_in_other_spellings_read_as_the_canonical_ones(
    tmp_path: Path, other: list[str], canonical: list[str]
) -> None:
    rows = [["P1", "RJ1", "8a", "H", "F", "N", "N"], ["P2", "RM2", "VSM", "A", "M", "Y", "Y"]]
    read = {}
    for name, (band, ethnic, sex, board) in (("other", other), ("canonical", canonical)):
        row = ["P3", "RM2", band, ethnic, sex, "Y", board]
        path = _write(tmp_path / f"{name}.csv", CANONICAL_HEADER, [*rows, row])
        read[name] = snap.read_trusted_files(path, {})[0]
    assert_frame_equal(read["other"], read["canonical"])
    assert read["other"].row(2, named=True)["band"] == "VSM"


def test_a_canonical_read_refuses_another_spelling_and_the_files_read_falls_back(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path / "s.csv", CANONICAL_HEADER, [["P1", "RJ1", "band 8a", "H", "F", "N", "N"]]
    )
    with pytest.raises(pl.exceptions.ComputeError, match="band 8a"):
        snap.scan_trusted_csv(path, canonical=True).collect()
    frame, _ = snap.read_trusted_files(path, {})
    assert frame.get_column("band").to_list() == ["8a"]


def test_ids_without_exact_keys_are_read_stripped_and_without_keys(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "s.csv",
        CANONICAL_HEADER,
        [[" p1 ", "RJ1", "8a", "H", "F", "N", "N"], ["P2", "RJ1", "8a", "H", "F", "N", "N"]],
    )
    frame, _ = snap.read_trusted_files(path, {}, ["person_id", "band"])
    assert frame.columns == ["person_id", "band"]
    assert frame.get_column("person_id").to_list() == ["p1", "P2"]


def test_trusted_snapshot_reads_refuse_a_column_they_do_not_give(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.csv", ["person_id", "org_code"], [["P1", "RJ1"]])
    with pytest.raises(ValueError, match=r"unknown snapshot column\(s\) \['fte'\]"):
        snap.scan_trusted_csv(path, ["person_id", "fte"])

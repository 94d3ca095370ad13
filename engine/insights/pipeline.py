"""Leadership pipeline figures: who is at each level, by ethnicity, sex and disability.

All functions take a validated snapshot (a Polars DataFrame/LazyFrame, or a Parquet path
written by :func:`engine.insights.snapshot.write_parquet`) and a *scope*:

* ``by``: ``"org"`` (every organisation at once), ``"system"``, ``"region"``, ``"kind"``
  (needs ``org_map``: a small frame with ``org_code`` and those columns) or
  ``"england"``;
* ``orgs``: optionally restrict to a set of organisation codes first.

Shares exclude unknown / not-stated values from the denominator (WRES rule), so the
share of the unknown category is null; declaration rates report how many are known.
The ``"all"`` level is the whole workforce of the scope (every band and grade).
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Sequence
from pathlib import Path
from typing import Final
from typing import Literal

import polars as pl

from . import codes
from . import disclosure
from .snapshot import read_snapshot

By = Literal["org", "system", "region", "kind", "england"]
Dimension = Literal["ethnicity", "ethnic_category", "sex", "disability"]
SnapshotLike = pl.DataFrame | pl.LazyFrame | str | Path

ENGLAND: Final = "ENGLAND"
ALL: Final = "all"
UNMAPPED: Final = "UNMAPPED"

#: dimension -> (snapshot column, categories in order, unknown categories)
DIMENSIONS: Final[dict[str, tuple[str, tuple[str, ...], frozenset[str]]]] = {
    "ethnicity": ("ethnic_group", ("white", "minority", "unknown"), frozenset({"unknown"})),
    "ethnic_category": (
        "ethnic_category",
        codes.ETHNIC_CODE_ORDER,
        codes.UNKNOWN_ETHNIC_CODES,
    ),
    "sex": ("sex", tuple(codes.SEX_CODES), frozenset({"U"})),
    "disability": ("disability", tuple(codes.DISABILITY_CODES), frozenset({"U"})),
}

ALL_BANDS: Final[tuple[str, ...]] = (
    *codes.AFC_BANDS,
    codes.VSM,
    codes.BOARD,
    *codes.MEDICAL_GRADES,
)


def scoped(
    snapshot: SnapshotLike,
    by: By = "org",
    *,
    orgs: Collection[str] | None = None,
    org_map: pl.DataFrame | None = None,
) -> pl.LazyFrame:
    """The snapshot restricted to ``orgs`` with a ``scope`` column for grouping."""
    lf = read_snapshot(snapshot)
    if orgs is not None:
        lf = lf.filter(pl.col("org_code").is_in(sorted(orgs)))
    return add_scope(lf, by, org_map)


def add_scope(lf: pl.LazyFrame, by: By, org_map: pl.DataFrame | None) -> pl.LazyFrame:
    """Add the ``scope`` column (ODS code, system, region, kind, or ``ENGLAND``)."""
    if by == "org":
        return lf.with_columns(pl.col("org_code").cast(pl.String).alias("scope"))
    if by == "england":
        return lf.with_columns(pl.lit(ENGLAND).alias("scope"))
    if org_map is None or by not in org_map.columns:
        raise ValueError(f"scope {by!r} needs an org_map with an {by!r} column")
    mapping = org_map.lazy().select(
        pl.col("org_code").cast(pl.String), pl.col(by).cast(pl.String).alias("scope")
    )
    return (
        lf.with_columns(pl.col("org_code").cast(pl.String))
        .join(mapping, on="org_code", how="left")
        .with_columns(pl.col("scope").fill_null(UNMAPPED))
    )


def _levels(levels: Sequence[str] | Literal["senior", "band"]) -> tuple[str, ...]:
    if levels == "senior":
        return codes.SENIOR_LEVELS
    if levels == "band":
        return ALL_BANDS
    return tuple(levels)


def representation(
    snapshot: SnapshotLike,
    dimension: Dimension = "ethnicity",
    *,
    levels: Sequence[str] | Literal["senior", "band"] = "senior",
    by: By = "org",
    orgs: Collection[str] | None = None,
    org_map: pl.DataFrame | None = None,
    level_column: Literal["level", "band"] = "level",
) -> pl.DataFrame:
    """Headcount and share of each category at each level, for every scope at once.

    ``level_column="band"`` groups by pay band / grade (WRES indicator 1, where board
    members appear under their band) instead of the pipeline level (board separate).

    Columns: ``scope, level, category, headcount, level_headcount, known_headcount,
    share`` (share of the known headcount; null for unknown categories). Every
    scope x level x category combination is present (zeros included); the extra level
    ``"all"`` is the scope's whole workforce.
    """
    column, categories, unknown = DIMENSIONS[dimension]
    # One group-by over the rows, on the (Enum) codes; the "all" level and the string
    # labels come from the small aggregated result.
    counts = (
        scoped(snapshot, by, orgs=orgs, org_map=org_map)
        .group_by("scope", pl.col(level_column).alias("level"), pl.col(column).alias("category"))
        .agg(pl.len().alias("headcount"))
        .collect()
    )
    return from_counts(counts, dimension, levels=levels)


def from_counts(
    counts: pl.DataFrame | pl.LazyFrame,
    dimension: Dimension = "ethnicity",
    *,
    levels: Sequence[str] | Literal["senior", "band"] = "senior",
) -> pl.DataFrame:
    """:func:`representation` from pre-aggregated ``scope, level, category, headcount``.

    ``counts`` may hold several rows per cell (they are summed), so a finer aggregate
    (e.g. by band and ethnic group and disability, relabelled) can be shared by
    several tables. Same columns and rows as :func:`representation`.
    """
    return from_counts_plan(counts, dimension, levels=levels).collect()


def from_counts_plan(
    counts: pl.DataFrame | pl.LazyFrame,
    dimension: Dimension = "ethnicity",
    *,
    levels: Sequence[str] | Literal["senior", "band"] = "senior",
) -> pl.LazyFrame:
    """:func:`from_counts` as one lazy plan (to collect with others at once)."""
    _, categories, unknown = DIMENSIONS[dimension]
    wanted = _levels(levels)
    cells = (
        counts.lazy()
        .select(
            pl.col("scope").cast(pl.String),
            pl.col("level").cast(pl.String),
            pl.col("category").cast(pl.String),
            pl.col("headcount").cast(pl.Int64),
        )
        .group_by("scope", "level", "category")
        .agg(pl.col("headcount").sum())
    )
    by_level = cells.filter(pl.col("level").is_in(list(wanted)))
    overall = (
        cells.group_by("scope", "category")
        .agg(pl.col("headcount").sum())
        .select("scope", pl.lit(ALL).alias("level"), "category", "headcount")
    )
    return _complete(pl.concat([by_level, overall]), (*wanted, ALL), categories, unknown)


def _complete(
    counts: pl.LazyFrame,
    levels: Sequence[str],
    categories: Sequence[str],
    unknown: Collection[str],
) -> pl.LazyFrame:
    """Every scope x level x category (zeros included), with level totals and shares."""
    level_enum, category_enum = pl.Enum(list(levels)), pl.Enum(list(categories))
    grid = (
        counts.select(pl.col("scope").unique())
        .join(pl.LazyFrame({"level": pl.Series(list(levels), dtype=level_enum)}), how="cross")
        .join(
            pl.LazyFrame({"category": pl.Series(list(categories), dtype=category_enum)}),
            how="cross",
        )
        .sort("scope", "level", "category")
        .select("scope", pl.col("level").cast(pl.String), pl.col("category").cast(pl.String))
    )
    known = ~pl.col("category").is_in(list(unknown))
    return (
        grid.join(counts, on=["scope", "level", "category"], how="left", maintain_order="left")
        .with_columns(pl.col("headcount").fill_null(0).cast(pl.Int64))
        .with_columns(
            pl.col("headcount").sum().over("scope", "level").alias("level_headcount"),
            pl.when(known)
            .then(pl.col("headcount"))
            .otherwise(0)
            .sum()
            .over("scope", "level")
            .alias("known_headcount"),
        )
        .with_columns(
            pl.when(known & (pl.col("known_headcount") > 0))
            .then(pl.col("headcount") / pl.col("known_headcount"))
            .alias("share")
        )
    )


def declaration_rates(
    snapshot: SnapshotLike,
    *,
    levels: Sequence[str] | Literal["senior", "band"] = "senior",
    by: By = "org",
    orgs: Collection[str] | None = None,
    org_map: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Data quality: share of staff with a known ethnicity, sex and disability status.

    Columns: ``scope, level, headcount, ethnicity_declared, sex_declared,
    disability_declared`` and a ``*_rate`` for each.
    """
    wanted = _levels(levels)
    lf = scoped(snapshot, by, orgs=orgs, org_map=org_map).select(
        "scope",
        pl.col("level").cast(pl.String),
        (pl.col("ethnic_group").cast(pl.String) != "unknown").alias("e"),
        (pl.col("sex").cast(pl.String) != "U").alias("s"),
        (pl.col("disability").cast(pl.String) != "U").alias("d"),
    )
    aggs = [
        pl.len().alias("headcount"),
        pl.col("e").sum().alias("ethnicity_declared"),
        pl.col("s").sum().alias("sex_declared"),
        pl.col("d").sum().alias("disability_declared"),
    ]
    per_level = lf.filter(pl.col("level").is_in(list(wanted))).group_by("scope", "level").agg(aggs)
    overall = lf.group_by("scope").agg(aggs).with_columns(pl.lit(ALL).alias("level"))
    out = pl.concat([per_level, overall.select(per_level.collect_schema().names())]).collect()
    order = pl.Enum([*wanted, ALL])
    return (
        out.with_columns(
            *[
                (pl.col(f"{d}_declared") / pl.col("headcount")).alias(f"{d}_rate")
                for d in ("ethnicity", "sex", "disability")
            ]
        )
        .with_columns(pl.col("level").cast(order).alias("_lv"))
        .sort("scope", "_lv")
        .drop("_lv")
        .with_columns(
            pl.col(c).cast(pl.Int64)
            for c in ("headcount", "ethnicity_declared", "sex_declared", "disability_declared")
        )
    )


def _as_previous(previous: pl.DataFrame) -> pl.DataFrame:
    """The earlier table's headcount and share, renamed to sit beside the later one's."""
    return previous.select(
        "scope",
        "level",
        "category",
        pl.col("headcount").alias("headcount_previous"),
        pl.col("share").alias("share_previous"),
    )


def change(previous: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """Change between two :func:`representation` results (same dimension and levels).

    Adds ``headcount_previous``, ``share_previous``, ``headcount_change`` and
    ``share_change_pp`` (percentage points).
    """
    prev = _as_previous(previous)
    return (
        current.join(
            prev,
            on=["scope", "level", "category"],
            how="full",
            coalesce=True,
            maintain_order="left",
        )
        .with_columns(pl.col("headcount").fill_null(0), pl.col("headcount_previous").fill_null(0))
        .with_columns(
            (pl.col("headcount") - pl.col("headcount_previous")).alias("headcount_change"),
            ((pl.col("share") - pl.col("share_previous")) * 100).alias("share_change_pp"),
        )
    )


def by_org(
    snapshot: SnapshotLike, dimension: Dimension = "ethnicity", **kwargs: object
) -> pl.DataFrame:
    """:func:`representation` for every organisation at once (one group-by)."""
    return representation(snapshot, dimension, by="org", **kwargs)  # type: ignore[arg-type]


# --- disclosure control ----------------------------------------------------------------


def control(
    table: pl.DataFrame, dimension: Dimension = "ethnicity", *, national: bool = False
) -> pl.DataFrame:
    """Apply disclosure control to a :func:`representation` result.

    Per scope, the levels x categories table (with level totals and category totals) is
    protected with :func:`engine.insights.disclosure.protect_table`; the ``"all"`` row is
    protected as its own one-row table. Counts become strings (``"*"`` or a multiple of
    5), shares are recomputed from rounded values and hidden under the small-number rule.
    With ``national=True`` (England) nothing is controlled.
    """
    _, categories, unknown = DIMENSIONS[dimension]
    rows: list[dict[str, object]] = []
    for (scope,), part in table.partition_by("scope", as_dict=True, maintain_order=True).items():
        levels = list(dict.fromkeys(part["level"].to_list()))
        blocks = [[lv for lv in levels if lv != ALL], [lv for lv in levels if lv == ALL]]
        lookup = {(r["level"], r["category"]): r for r in part.iter_rows(named=True)}
        for block in blocks:
            if not block:
                continue
            matrix = [[int(lookup[(lv, cat)]["headcount"]) for cat in categories] for lv in block]
            prot = disclosure.protect_table(matrix, national=national)
            shown = prot.shown()
            known_idx = [j for j, cat in enumerate(categories) if cat not in unknown]
            for i, lv in enumerate(block):
                known_hidden = any(prot.hidden[i, j] for j in known_idx)
                # Shares from the shown counts only (the sum of the shown known counts), so a
                # share tells nothing the counts beside it do not.
                known_shown = 0 if known_hidden else sum(int(shown[i][j]) for j in known_idx)
                for j, cat in enumerate(categories):
                    share = None
                    if cat not in unknown and not known_hidden and known_shown > 0:
                        share = int(shown[i][j]) / known_shown
                    row = {
                        "scope": scope,
                        "level": lv,
                        "category": cat,
                        "headcount": _text(shown[i][j]),
                        "level_headcount": _text(shown[i][-1]),
                        "share": share,
                    }
                    rows.append(row)
    return pl.DataFrame(rows, infer_schema_length=None)


def _text(v: disclosure.Shown) -> str:
    return str(v)


def controlled_change(previous: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """Change between two *controlled* tables (from :func:`control`).

    Only displayed values are compared: the share change is given only when both shares
    are shown, and headcounts stay as displayed (``"*"`` or rounded), so no new
    information about small cells is released.
    """
    prev = _as_previous(previous)
    return current.join(
        prev, on=["scope", "level", "category"], how="left", maintain_order="left"
    ).with_columns(((pl.col("share") - pl.col("share_previous")) * 100).alias("share_change_pp"))

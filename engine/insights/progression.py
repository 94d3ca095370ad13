"""Promotion between two snapshots, by group, with relative likelihoods.

A person is *promoted* when the same ``person_id`` is in both snapshots and their level
in the later one is at least one level higher (see :func:`engine.insights.codes.is_promotion`:
AfC ladder 1 ... 9, VSM, board; the medical ladder resident -> specialty -> consultant;
a medical grade to VSM/board counts). The denominator is everyone present in both
snapshots (stayers), grouped by their group and organisation in the earlier snapshot.

The relative likelihood follows the WRES convention for favourable outcomes: White /
ethnic minority (and non-disabled / disabled), so a value above 1 means White
(non-disabled) staff were more likely to be promoted.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final
from typing import Literal

import polars as pl

from . import codes
from . import ratios
from .pipeline import By
from .pipeline import SnapshotLike
from .pipeline import scoped
from .snapshot import read_snapshot

GROUPS: Final[dict[str, tuple[str, str, str]]] = {
    # dimension: (column, top group, bottom group)
    "ethnicity": ("ethnic_group", "white", "minority"),
    "disability": ("disability", "N", "Y"),
    "sex": ("sex", "M", "F"),
}


def _rank_expr(level: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    lv = level.cast(pl.String)
    afc = lv.replace_strict(codes.LEVEL_RANK, default=None, return_dtype=pl.Int32)
    med = lv.replace_strict(codes.MEDICAL_RANK, default=None, return_dtype=pl.Int32)
    return afc, med


def promotions(
    earlier: SnapshotLike,
    later: SnapshotLike,
    *,
    by: By = "org",
    orgs: Collection[str] | None = None,
    org_map: pl.DataFrame | None = None,
) -> pl.LazyFrame:
    """One row per stayer: ``person_id, scope, level_from, level_to, promoted`` + groups."""
    a = scoped(earlier, by, orgs=orgs, org_map=org_map).select(
        "person_id",
        "scope",
        pl.col("level").alias("level_from"),
        "ethnic_group",
        "disability",
        "sex",
    )
    b = read_snapshot(later).select("person_id", pl.col("level").alias("level_to"))
    joined = a.join(b, on="person_id", how="inner")
    afc_a, med_a = _rank_expr(pl.col("level_from"))
    afc_b, med_b = _rank_expr(pl.col("level_to"))
    top = pl.col("level_to").cast(pl.String).is_in(list(codes.TOP_LEVELS))
    promoted = (
        pl.when(afc_a.is_not_null() & afc_b.is_not_null())
        .then(afc_b > afc_a)
        .when(med_a.is_not_null() & med_b.is_not_null())
        .then(med_b > med_a)
        .otherwise(med_a.is_not_null() & top)
    )
    return joined.with_columns(promoted.alias("promoted"))


def _rate(events: str, total: str, controlled: bool) -> pl.Expr:
    """events / total; below England from the published (rounded) counts."""
    if controlled:
        return ratios.rounded(pl.col(events)) / ratios.rounded(pl.col(total))
    return pl.col(events) / pl.col(total)


def promotion_rates(
    earlier: SnapshotLike,
    later: SnapshotLike,
    dimension: Literal["ethnicity", "disability", "sex"] = "ethnicity",
    *,
    by: By = "org",
    orgs: Collection[str] | None = None,
    org_map: pl.DataFrame | None = None,
    per_level: bool = False,
    suppress: bool = True,
) -> pl.DataFrame:
    """Promotion counts, rates and the relative likelihood per scope (and level).

    Columns: ``scope, [level_from,] top_promoted, top_stayers, bottom_promoted,
    bottom_stayers, top_rate, bottom_rate, ratio, ci_low, ci_high, flag, suppressed``.
    """
    column, top, bottom = GROUPS[dimension]
    keys = ["scope", "level_from"] if per_level else ["scope"]
    g = pl.col(column).cast(pl.String)
    lf = promotions(earlier, later, by=by, orgs=orgs, org_map=org_map)
    if per_level:
        lf = lf.with_columns(pl.col("level_from").cast(pl.String))
    out = (
        lf.group_by(keys)
        .agg(
            (pl.col("promoted") & (g == top)).sum().alias("top_promoted"),
            (g == top).sum().alias("top_stayers"),
            (pl.col("promoted") & (g == bottom)).sum().alias("bottom_promoted"),
            (g == bottom).sum().alias("bottom_stayers"),
        )
        .collect()
        .with_columns(pl.col(pl.UInt32, pl.UInt64).cast(pl.Int64))
    )
    hide = suppress and by != "england"
    return (
        out.with_columns(
            *(_rate(f"{g}_promoted", f"{g}_stayers", hide).alias(f"{g}_rate")
              for g in ("top", "bottom")),
            *ratios.ratio_exprs(
                "top_promoted", "top_stayers", "bottom_promoted", "bottom_stayers", suppress=hide
            ),
        )
        .with_columns(
            pl.when(~pl.col("suppressed")).then(pl.col(c)).alias(c)
            for c in ("top_rate", "bottom_rate")
        )
        .sort(keys)
    )

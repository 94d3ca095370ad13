"""Relative likelihoods (WRES / WDES ratios) with 95% confidence intervals.

A relative likelihood compares two rates: ``(a / n_a) / (b / n_b)``. The 95% confidence
interval uses the log method (Katz): ``exp(ln RR +/- 1.96 * SE)`` with
``SE = sqrt(1/a - 1/n_a + 1/b - 1/n_b)``. It is undefined when either numerator is 0.

A ratio is *flagged* when it lies outside the conventional non-adverse band 0.80-1.25.

Direction of each NHS ratio (group on top first):

* WRES indicator 2: White / ethnic minority, appointment from shortlisting (>1: White
  applicants more likely to be appointed).
* WRES indicator 3: ethnic minority / White, entering the formal disciplinary process.
* WRES indicator 4: White / ethnic minority, accessing non-mandatory training and CPD.
* WDES metric 2: non-disabled / disabled, appointment from shortlisting.
* WDES metric 3: disabled / non-disabled, entering the formal capability process.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from dataclasses import dataclass
from typing import Final

import polars as pl

Z_95: Final = 1.959963984540054
LOWER: Final = 0.80
UPPER: Final = 1.25
#: A ratio is not shown when any of its four counts is below this (NHS small-number rule).
MIN_COUNT: Final = 8


@dataclass(frozen=True, slots=True)
class Direction:
    """Which group's rate is the numerator of a named ratio."""

    name: str
    dimension: str  # "ethnic_group" or "disability"
    top: str  # group value on top of the ratio
    bottom: str
    event: str


DIRECTIONS: Final[dict[str, Direction]] = {
    "indicator_2": Direction(
        "indicator_2", "ethnic_group", "white", "minority", "appointed from shortlisting"
    ),
    "indicator_3": Direction(
        "indicator_3", "ethnic_group", "minority", "white", "entered formal disciplinary process"
    ),
    "indicator_4": Direction(
        "indicator_4", "ethnic_group", "white", "minority", "accessed non-mandatory training/CPD"
    ),
    "wdes_metric_2": Direction(
        "wdes_metric_2", "disability", "N", "Y", "appointed from shortlisting"
    ),
    "wdes_metric_3": Direction(
        "wdes_metric_3", "disability", "Y", "N", "entered formal capability process"
    ),
}


@dataclass(frozen=True, slots=True)
class Ratio:
    """A relative likelihood. ``None`` fields are not calculable (or suppressed)."""

    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    flag: bool | None  # outside 0.80-1.25
    suppressed: bool
    rate_top: float | None = None
    rate_bottom: float | None = None

    def as_dict(self) -> dict[str, float | bool | None]:
        return asdict(self)


def flag(ratio: float | None) -> bool | None:
    """True when ``ratio`` is outside the non-adverse band 0.80-1.25."""
    if ratio is None or math.isnan(ratio):
        return None
    return ratio < LOWER or ratio > UPPER


def ratio_of_rates(rate_top: float, rate_bottom: float) -> float:
    """Plain ratio of two published rates, e.g. The Christie 46.99% / 14.65% = 3.21."""
    if rate_bottom == 0:
        raise ZeroDivisionError("bottom rate is zero")
    return rate_top / rate_bottom


def relative_likelihood(
    top_events: int,
    top_total: int,
    bottom_events: int,
    bottom_total: int,
    *,
    suppress: bool = False,
) -> Ratio:
    """Relative likelihood of the top group vs the bottom group, with a 95% CI.

    With ``suppress`` (any table below England level), the ratio is not shown when any of
    the four counts is under 8, and is otherwise worked out from the counts rounded to the
    nearest 5 (as published), never from the exact counts.
    """
    counts = (top_events, top_total, bottom_events, bottom_total)
    if any(c < 0 for c in counts) or top_events > top_total or bottom_events > bottom_total:
        raise ValueError(f"invalid counts {counts}")
    if suppress and min(counts) < MIN_COUNT:
        return Ratio(None, None, None, None, True)
    if suppress:  # below England: from the published (rounded) counts only
        top_events, top_total, bottom_events, bottom_total = (
            int(5 * math.floor(c / 5 + 0.5)) for c in counts)
    if top_total == 0 or bottom_total == 0:
        return Ratio(None, None, None, None, False)
    r_top = top_events / top_total
    r_bottom = bottom_events / bottom_total
    if r_bottom == 0:
        return Ratio(None, None, None, None, False, r_top, r_bottom)
    rr = r_top / r_bottom
    if top_events == 0:
        return Ratio(rr, None, None, flag(rr), False, r_top, r_bottom)
    se = math.sqrt(1 / top_events - 1 / top_total + 1 / bottom_events - 1 / bottom_total)
    lo = math.exp(math.log(rr) - Z_95 * se)
    hi = math.exp(math.log(rr) + Z_95 * se)
    return Ratio(rr, lo, hi, flag(rr), False, r_top, r_bottom)


def rounded(expr: pl.Expr) -> pl.Expr:
    """A count rounded to the nearest 5, as published below England."""
    return (expr / 5 + 0.5).floor() * 5


def ratio_exprs(
    top_events: str,
    top_total: str,
    bottom_events: str,
    bottom_total: str,
    *,
    suppress: bool | pl.Expr = False,
) -> list[pl.Expr]:
    """Vectorised :func:`relative_likelihood` over columns of a frame.

    Produces ``ratio``, ``ci_low``, ``ci_high``, ``flag`` and ``suppressed`` columns with
    exactly the same rules as the scalar function (used for every organisation at once).
    """
    exact = [pl.col(c).cast(pl.Float64) for c in (top_events, top_total, bottom_events,
                                                   bottom_total)]
    small = pl.min_horizontal(*exact) < MIN_COUNT
    controlled = pl.lit(suppress) if isinstance(suppress, bool) else suppress
    hidden = controlled & small
    # Below England the ratio and its interval come from the published (rounded) counts, so
    # they tell nothing the rounded counts do not.
    a, n_a, b, n_b = (pl.when(controlled).then(rounded(c)).otherwise(c) for c in exact)
    rr_raw = (a / n_a) / (b / n_b)
    valid = (n_a > 0) & (n_b > 0) & (b > 0) & ~hidden
    rr = pl.when(valid).then(rr_raw)
    se = (1 / a - 1 / n_a + 1 / b - 1 / n_b).sqrt()
    with_ci = valid & (a > 0)
    lo = pl.when(with_ci).then((rr_raw.log() - Z_95 * se).exp())
    hi = pl.when(with_ci).then((rr_raw.log() + Z_95 * se).exp())
    return [
        rr.alias("ratio"),
        lo.alias("ci_low"),
        hi.alias("ci_high"),
        pl.when(valid).then((rr_raw < LOWER) | (rr_raw > UPPER)).alias("flag"),
        hidden.alias("suppressed"),
    ]

"""A Markov workforce model over levels x groups, projected 1-15 years ahead.

Each year, everyone at level ``l`` in group ``g`` either stays (rate ``stay``), moves up
one level (``up``) or leaves (``leave``); the three rates sum to 1 and nobody moves up
from the top level. ``entrants[l, g]`` people join each level each year. So::

    n[t+1, l, g] = n[t, l, g] * stay[l, g] + n[t, l-1, g] * up[l-1, g] + entrants[l, g]

Headcounts are expected values (fractional). Rates are estimated from two or more
snapshots (pooled over consecutive pairs, assumed a year apart) or given by hand.

Scenarios:

* ``equalise_promotion="white"`` (or ``"overall"``): every group's promotion rate at
  each level is set to the White (or headcount-weighted overall) rate; the stay rate
  absorbs the difference, the leave rate is unchanged.
* ``recruitment_mix``: entrants at every level keep their total but are split across
  groups in the given proportions.
* ``programmes``: a development programme moving ``per_year`` people of a group from a
  level up one level each year (on top of the rates; at most the people there).

The result gives, per scenario and year, the headcount and share at each level, and
the first year (if any) in which the ethnic-minority share at the top levels (VSM and
board) reaches the ethnic-minority share of the whole modelled workforce.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from typing import Final
from typing import Literal

import numpy as np
import polars as pl

from . import codes
from .pipeline import SnapshotLike
from .snapshot import read_snapshot

DEFAULT_LEVELS: Final[tuple[str, ...]] = codes.LEVELS
DEFAULT_GROUPS: Final[tuple[str, ...]] = ("white", "minority", "unknown")
MAX_YEARS: Final = 15


@dataclass(frozen=True)
class Rates:
    """Transition rates (L x G arrays) and yearly entrants for a ladder of levels."""

    levels: tuple[str, ...]
    groups: tuple[str, ...]
    stay: np.ndarray
    up: np.ndarray
    leave: np.ndarray
    entrants: np.ndarray
    #: Headcount the rates were estimated from (weights for "overall" rates).
    base: np.ndarray | None = None

    def __post_init__(self) -> None:
        shape = (len(self.levels), len(self.groups))
        for name in ("stay", "up", "leave", "entrants"):
            arr = np.asarray(getattr(self, name), dtype=float)
            if arr.shape != shape:
                raise ValueError(f"{name} must have shape {shape}, not {arr.shape}")
            object.__setattr__(self, name, arr)
        if (self.stay < -1e-12).any() or (self.up < -1e-12).any() or (self.leave < -1e-12).any():
            raise ValueError("rates cannot be negative")
        if not np.allclose(self.stay + self.up + self.leave, 1.0, atol=1e-9):
            raise ValueError("stay + up + leave must be 1 for every level and group")
        if np.any(self.up[-1] > 0):
            raise ValueError("nobody can move up from the top level")
        if (self.entrants < 0).any():
            raise ValueError("entrants cannot be negative")

    def index(self, level: str, group: str) -> tuple[int, int]:
        return self.levels.index(level), self.groups.index(group)


@dataclass(frozen=True)
class Programme:
    """Move ``per_year`` people of ``group`` from ``level`` up one level every year."""

    group: str
    level: str
    per_year: float


@dataclass(frozen=True)
class Scenario:
    name: str = "baseline"
    equalise_promotion: Literal["white", "overall"] | None = None
    recruitment_mix: Mapping[str, float] | None = None
    programmes: tuple[Programme, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Projection:
    scenario: str
    table: pl.DataFrame  # scenario, year, level, group, headcount, share
    top_share: list[float | None]  # minority share at the top levels, per year
    workforce_share: list[float | None]
    parity_year: int | None


def counts_by_level(
    snapshot: SnapshotLike,
    levels: Sequence[str] = DEFAULT_LEVELS,
    groups: Sequence[str] = DEFAULT_GROUPS,
) -> np.ndarray:
    """Headcount (L x G) of a snapshot on the model's ladder."""
    df = (
        read_snapshot(snapshot)
        .select(pl.col("level").cast(pl.String), pl.col("ethnic_group").cast(pl.String))
        .group_by("level", "ethnic_group")
        .len()
        .collect()
    )
    out = np.zeros((len(levels), len(groups)))
    for level, group, n in df.iter_rows():
        if level in levels and group in groups:
            out[levels.index(level), groups.index(group)] = n
    return out


def estimate_rates(
    snapshots: Sequence[SnapshotLike],
    levels: Sequence[str] = DEFAULT_LEVELS,
    groups: Sequence[str] = DEFAULT_GROUPS,
) -> Rates:
    """Pool yearly transitions over consecutive snapshots (assumed one year apart).

    A person on the ladder in the earlier snapshot who is on a higher rung in the later
    one moved up (counted as one level), on the same or a lower rung stayed, and absent
    (or off the ladder) left. People in the later snapshot only are entrants at their
    level; entrants are averaged per year. Group is taken from the earlier snapshot.
    Cells with nobody to estimate from borrow the level's pooled rates (or stay = 1).
    """
    if len(snapshots) < 2:
        raise ValueError("need at least two snapshots")
    levels, groups = tuple(levels), tuple(groups)
    rank = {lv: i for i, lv in enumerate(levels)}
    shape = (len(levels), len(groups))
    base, ups, leaves, entrants = (np.zeros(shape) for _ in range(4))
    frames = [
        read_snapshot(s)
        .select(
            "person_id", pl.col("level").cast(pl.String), pl.col("ethnic_group").cast(pl.String)
        )
        .collect()
        for s in snapshots
    ]
    for a, b in zip(frames, frames[1:], strict=False):
        j = a.join(
            b.select("person_id", pl.col("level").alias("level_to")),
            on="person_id",
            how="full",
            coalesce=True,
        )
        j = j.with_columns(
            pl.col("level").replace_strict(rank, default=None, return_dtype=pl.Int32).alias("r0"),
            pl.col("level_to")
            .replace_strict(rank, default=None, return_dtype=pl.Int32)
            .alias("r1"),
        )
        agg = (
            j.filter(pl.col("r0").is_not_null())
            .group_by("r0", "ethnic_group")
            .agg(
                pl.len().alias("n"),
                (pl.col("r1") > pl.col("r0")).fill_null(False).sum().alias("up"),
                pl.col("r1").is_null().sum().alias("leave"),
            )
        )
        for r0, group, n, up, leave in agg.iter_rows():
            if group in groups:
                gi = groups.index(group)
                base[r0, gi] += n
                ups[r0, gi] += up
                leaves[r0, gi] += leave
        new = (
            b.join(a.select("person_id"), on="person_id", how="anti")
            .with_columns(
                pl.col("level").replace_strict(rank, default=None, return_dtype=pl.Int32).alias("r")
            )
            .filter(pl.col("r").is_not_null())
            .group_by("r", "ethnic_group")
            .len()
        )
        for r, group, n in new.iter_rows():
            if group in groups:
                entrants[r, groups.index(group)] += n
    pairs = len(frames) - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        up_rate = ups / base
        leave_rate = leaves / base
        level_up = ups.sum(axis=1) / base.sum(axis=1)
        level_leave = leaves.sum(axis=1) / base.sum(axis=1)
    level_up = np.nan_to_num(level_up)
    level_leave = np.nan_to_num(level_leave)
    up_rate = np.where(base > 0, up_rate, level_up[:, None])
    leave_rate = np.where(base > 0, leave_rate, level_leave[:, None])
    up_rate[-1] = 0.0  # a move "up" from the top rung is impossible; keep as stay
    stay = 1.0 - up_rate - leave_rate
    return Rates(levels, groups, stay, up_rate, leave_rate, entrants / pairs, base)


def apply_scenario(rates: Rates, scenario: Scenario) -> Rates:
    """Rates adjusted for ``scenario`` (programmes are applied during projection)."""
    up, stay, entrants = rates.up.copy(), rates.stay.copy(), rates.entrants.copy()
    if scenario.equalise_promotion == "white":
        ref = up[:, rates.groups.index("white")]
    elif scenario.equalise_promotion == "overall":
        weights = rates.base if rates.base is not None else np.ones_like(up)
        with np.errstate(invalid="ignore", divide="ignore"):
            ref = np.nan_to_num((up * weights).sum(axis=1) / weights.sum(axis=1))
    else:
        ref = None
    if ref is not None:
        new_up = np.minimum(np.repeat(ref[:, None], len(rates.groups), axis=1), 1.0 - rates.leave)
        stay = stay + up - new_up
        up = new_up
    if scenario.recruitment_mix is not None:
        mix = np.array([scenario.recruitment_mix.get(g, 0.0) for g in rates.groups], dtype=float)
        if mix.sum() <= 0:
            raise ValueError("recruitment mix must have a positive share")
        entrants = entrants.sum(axis=1, keepdims=True) * (mix / mix.sum())[None, :]
    return replace(rates, stay=stay, up=up, entrants=entrants)


def step(n: np.ndarray, rates: Rates, programmes: Sequence[Programme] = ()) -> np.ndarray:
    """One year of the model."""
    nxt = n * rates.stay + rates.entrants
    nxt[1:] += n[:-1] * rates.up[:-1]
    for p in programmes:
        li, gi = rates.index(p.level, p.group)
        if li == len(rates.levels) - 1:
            raise ValueError("a programme cannot move people up from the top level")
        moved = min(p.per_year, nxt[li, gi])
        nxt[li, gi] -= moved
        nxt[li + 1, gi] += moved
    return nxt


def _minority_share(n: np.ndarray, groups: Sequence[str]) -> float | None:
    if "minority" not in groups:
        return None
    known = sum(n[..., i].sum() for i, g in enumerate(groups) if g != "unknown")
    if known <= 0:
        return None
    return float(n[..., groups.index("minority")].sum() / known)


def project(
    rates: Rates,
    initial: np.ndarray,
    years: int = 10,
    scenario: Scenario | None = None,
    *,
    top_levels: Sequence[str] | None = None,
) -> Projection:
    """Project ``initial`` (L x G headcount) for ``years`` (1-15) under ``scenario``."""
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"years must be between 1 and {MAX_YEARS}")
    scenario = scenario or Scenario()
    adjusted = apply_scenario(rates, scenario)
    top = [lv for lv in (top_levels or codes.TOP_LEVELS) if lv in rates.levels]
    if not top:
        top = [rates.levels[-1]]
    top_idx = [rates.levels.index(lv) for lv in top]
    n = np.asarray(initial, dtype=float).copy()
    rows: list[dict[str, object]] = []
    top_share: list[float | None] = []
    work_share: list[float | None] = []
    parity: int | None = None
    for year in range(years + 1):
        if year:
            n = step(n, adjusted, scenario.programmes)
        for li, level in enumerate(rates.levels):
            known = sum(n[li, gi] for gi, g in enumerate(rates.groups) if g != "unknown")
            for gi, group in enumerate(rates.groups):
                share = None if group == "unknown" or known <= 0 else float(n[li, gi] / known)
                rows.append(
                    {
                        "scenario": scenario.name,
                        "year": year,
                        "level": level,
                        "group": group,
                        "headcount": float(n[li, gi]),
                        "share": share,
                    }
                )
        ts = _minority_share(n[top_idx], rates.groups)
        ws = _minority_share(n, rates.groups)
        top_share.append(ts)
        work_share.append(ws)
        if parity is None and ts is not None and ws is not None and ts >= ws - 1e-12:
            parity = year
    return Projection(scenario.name, pl.DataFrame(rows), top_share, work_share, parity)


def compare(
    rates: Rates, initial: np.ndarray, scenarios: Sequence[Scenario], years: int = 10
) -> list[Projection]:
    """Project several scenarios from the same start."""
    return [project(rates, initial, years, s) for s in scenarios]

"""Statistical disclosure control for anything published below England level.

The rule follows NHS Digital's HES/ECDS method (Sept 2018), the de facto NHS England
standard:

* sub-national counts from 1 to 7 are shown as ``"*"``;
* every other count is rounded to the nearest 5; 0 is shown as 0;
* national (England) tables are not controlled;
* a rate or ratio is not shown when any count behind it is under 8; percentages are
  calculated from the rounded values.

On top of that, tables with totals get **secondary suppression**: if a row or column
(each with its total) has exactly one hidden cell, the smallest other non-zero cell is
hidden too, so the first cannot be recovered by subtraction. Because counts are rounded,
an attacker works with intervals (a shown 10 means 8..12); the table is then *audited*
by interval propagation over every row and column equation, and while any hidden value
can be pinned to a single number another cell is hidden. Unrounded values are kept on
the result for calculation; only display values are controlled.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import polars as pl

SUPPRESSED: Final = "*"
SMALL_MAX: Final = 7  # counts 1..7 are hidden
ROUND_TO: Final = 5
MIN_FOR_RATE: Final = 8

Shown = int | str


def round5(n: int) -> int:
    """Round a non-negative count to the nearest 5 (integers never tie)."""
    return int(ROUND_TO * math.floor(n / ROUND_TO + 0.5))


def control_count(n: int, *, national: bool = False) -> Shown:
    """Display value of one count: exact nationally, else ``"*"`` / nearest 5 / 0."""
    if n < 0:
        raise ValueError("counts cannot be negative")
    if national or n == 0:
        return int(n)
    if n <= SMALL_MAX:
        return SUPPRESSED
    return round5(n)


def rate_shown(*counts: int, national: bool = False) -> bool:
    """Whether a rate or ratio built from ``counts`` may be shown."""
    return national or min(counts) >= MIN_FOR_RATE


def control_share(numerator: int, denominator: int, *, national: bool = False) -> float | None:
    """A proportion for display, from rounded values; ``None`` when not shown."""
    if denominator <= 0:
        return None
    if national:
        return numerator / denominator
    if not rate_shown(numerator, denominator):
        return None
    return round5(numerator) / round5(denominator)


def count_expr(col: str | pl.Expr, *, national: bool = False) -> pl.Expr:
    """Vectorised :func:`control_count` producing a String column (``"*"`` or digits)."""
    c = pl.col(col) if isinstance(col, str) else col
    if national:
        return c.cast(pl.Int64).cast(pl.String)
    rounded = ((c.cast(pl.Float64) / ROUND_TO + 0.5).floor() * ROUND_TO).cast(pl.Int64)
    return (
        pl.when(c == 0)
        .then(pl.lit("0"))
        .when(c <= SMALL_MAX)
        .then(pl.lit(SUPPRESSED))
        .otherwise(rounded.cast(pl.String))
    )


# --- tables with totals ----------------------------------------------------------------


@dataclass(frozen=True)
class ProtectedTable:
    """A controlled two-way table.

    ``raw`` is the unrounded (r+1)x(c+1) array with the row totals in the last column and
    column totals in the last row; ``hidden`` marks suppressed positions of that array.
    """

    raw: np.ndarray
    hidden: np.ndarray
    national: bool
    sound: bool = True
    """False when some hidden count can still be pinned down whatever else is hidden (only
    possible when the totals are published): such a table must not be shown at all."""

    @property
    def shape(self) -> tuple[int, int]:
        r, c = self.raw.shape
        return r - 1, c - 1

    def shown(self) -> list[list[Shown]]:
        """The full display array (cells, row totals, column totals, grand total)."""
        out: list[list[Shown]] = []
        for i in range(self.raw.shape[0]):
            row: list[Shown] = []
            for j in range(self.raw.shape[1]):
                v = int(self.raw[i, j])
                if self.hidden[i, j]:
                    row.append(SUPPRESSED)
                elif self.national:
                    row.append(v)
                else:
                    row.append(round5(v) if v else 0)
            out.append(row)
        return out

    @property
    def cells(self) -> list[list[Shown]]:
        return [row[:-1] for row in self.shown()[:-1]]

    @property
    def row_totals(self) -> list[Shown]:
        return [row[-1] for row in self.shown()[:-1]]

    @property
    def col_totals(self) -> list[Shown]:
        return self.shown()[-1][:-1]

    @property
    def grand_total(self) -> Shown:
        return self.shown()[-1][-1]

    def share(self, i: int, j: int, *, of_total: int | None = None) -> float | None:
        """Cell (i, j) as a share of its row total (or of cell (i, of_total) sum), if shown."""
        num = int(self.raw[i, j])
        den = int(self.raw[i, -1]) if of_total is None else of_total
        if self.hidden[i, j] or self.hidden[i, -1]:
            return None
        return control_share(num, den, national=self.national)


def _lines(r: int, c: int) -> list[list[tuple[int, int]]]:
    """Every equation of the full array: elements of a row/column, total last."""
    lines = [[(i, j) for j in range(c + 1)] for i in range(r + 1)]
    lines += [[(i, j) for i in range(r + 1)] for j in range(c + 1)]
    return lines


def interval_attack(
    shown: Sequence[Sequence[Shown]], *, rounded: bool = True, max_rounds: int = 500
) -> tuple[np.ndarray, np.ndarray]:
    """What an attacker can infer about every position from a displayed full array.

    Uses only what is shown: a shown 0 is exactly 0; a shown ``v`` is in ``[v-2, v+2]``
    when rounded (and at least 8, since 1..7 would have been hidden); ``"*"`` is at least
    1. Row and column equations (cells sum to the total) are propagated to a fixed
    point. Returns (low, high) bound arrays; ``high`` may be ``inf``.
    """
    arr = [list(row) for row in shown]
    rr, cc = len(arr), len(arr[0])
    lo = np.zeros((rr, cc))
    hi = np.zeros((rr, cc))
    for i in range(rr):
        for j in range(cc):
            v = arr[i][j]
            if v == SUPPRESSED:
                lo[i, j], hi[i, j] = 1, math.inf
            elif v == 0 or not rounded:
                lo[i, j] = hi[i, j] = float(v)
            else:
                lo[i, j], hi[i, j] = max(float(v) - 2, MIN_FOR_RATE), float(v) + 2
    lines = _lines(rr - 1, cc - 1)
    for _ in range(max_rounds):
        changed = False
        for line in lines:
            *cells, total = line
            ci = tuple(np.array(cells).T)
            clo, chi = lo[ci], hi[ci]
            sum_lo, sum_hi = clo.sum(), chi.sum()
            # total within [sum of lows, sum of highs]
            t = total
            new_lo, new_hi = max(lo[t], sum_lo), min(hi[t], sum_hi)
            if new_lo > lo[t] or new_hi < hi[t]:
                lo[t], hi[t], changed = new_lo, new_hi, True
            for k, pos in enumerate(cells):
                others_hi = sum_hi - chi[k] if math.isfinite(chi[k]) else _sum_except(chi, k)
                others_lo = sum_lo - clo[k]
                cand_lo = lo[t] - others_hi
                cand_hi = hi[t] - others_lo
                if cand_lo > lo[pos]:
                    lo[pos], changed = cand_lo, True
                if cand_hi < hi[pos]:
                    hi[pos], changed = cand_hi, True
        if not changed or (lo > hi).any():
            break
    return lo, hi


def _totals_mask(raw: np.ndarray, totals_published: bool) -> np.ndarray:
    """The totals' positions when they cannot be hidden (all False otherwise)."""
    mask = np.zeros_like(raw, dtype=bool)
    if totals_published:
        mask[-1, :] = True
        mask[:, -1] = True
    return mask


def _sum_except(values: np.ndarray, k: int) -> float:
    return float(np.delete(values, k).sum())


def _suppress_one(
    raw: np.ndarray, hidden: np.ndarray, line: list[tuple[int, int]], *, totals_fixed: bool
) -> bool:
    """Hide the smallest visible non-zero element of ``line`` (cells before the total).

    The total is hidden only when no cell can be, and never when the totals are published
    elsewhere (``totals_fixed``), since hiding it here would then protect nothing.
    """
    *cells, total = line
    fixed = _totals_mask(raw, totals_fixed)  # the totals row's cells are totals too
    candidates = [p for p in cells if not hidden[p] and raw[p] > 0 and not fixed[p]]
    if not candidates and not totals_fixed and not hidden[total] and raw[total] > 0:
        candidates = [total]
    if not candidates:
        return False
    pick = min(candidates, key=lambda p: (raw[p], p))
    hidden[pick] = True
    return True


def protect_table(
    counts: Sequence[Sequence[int]] | np.ndarray,
    *,
    national: bool = False,
    totals_published: bool = False,
) -> ProtectedTable:
    """Apply primary and secondary suppression plus rounding to a table with totals.

    ``totals_published``: the row, column and grand totals are shown elsewhere whatever
    this table hides (for example a run's proposals and the people it considered, on the
    same page). Totals are then hidden only when they are themselves 1 to 7, secondary
    suppression hides cells only, and the audit lets the attacker see every other total.
    """
    cells = np.asarray(counts, dtype=np.int64)
    if cells.ndim != 2:
        raise ValueError("counts must be a 2-D table")
    if (cells < 0).any():
        raise ValueError("counts cannot be negative")
    r, c = cells.shape
    raw = np.zeros((r + 1, c + 1), dtype=np.int64)
    raw[:r, :c] = cells
    raw[:r, c] = cells.sum(axis=1)
    raw[r, :c] = cells.sum(axis=0)
    raw[r, c] = cells.sum()
    if national:
        return ProtectedTable(raw, np.zeros_like(raw, dtype=bool), True)
    hidden = (raw >= 1) & (raw <= SMALL_MAX)
    lines = _lines(r, c)
    for _ in range(raw.size + 1):
        # Secondary suppression: no equation may have exactly one hidden element.
        stable = False
        while not stable:
            stable = True
            for line in lines:
                if sum(bool(hidden[p]) for p in line) == 1 and _suppress_one(
                    raw, hidden, line, totals_fixed=totals_published
                ):
                    stable = False
        if not hidden.any():
            break
        # Audit: nothing hidden may be pinned to one value by interval reasoning.
        lo, hi = interval_attack(ProtectedTable(raw, hidden.copy(), False).shown())
        pinned = [tuple(p) for p in np.argwhere(hidden & (lo == hi))]
        if not pinned:
            break
        pos = pinned[0]
        done = any(
            _suppress_one(raw, hidden, line, totals_fixed=totals_published)
            for line in lines
            if pos in line
        )
        if not done:
            visible = np.argwhere(~hidden & (raw > 0) & ~_totals_mask(raw, totals_published))
            if len(visible) == 0:
                break
            smallest = min((tuple(p) for p in visible), key=lambda p: (raw[p], p))
            hidden[smallest] = True
    return ProtectedTable(raw, hidden, False, sound=not _pinned(raw, hidden))


def _pinned(raw: np.ndarray, hidden: np.ndarray) -> bool:
    """Whether an attacker can pin some hidden count to one value."""
    if not hidden.any():
        return False
    lo, hi = interval_attack(ProtectedTable(raw, hidden, False).shown())
    return bool((hidden & (lo == hi)).any())

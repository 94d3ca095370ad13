"""Disclosure control over *linked* tables: every count a user could ever request, at once.

Controlling each published table on its own is not enough. A region's count is the sum of
its systems' counts, a total is the sum of its categories, the ethnic groups are sums of the
16 + 2 ethnic categories; an attacker who requests them all gets a system of equations, and
with the rounding intervals (a shown 10 is 8 to 12, a ``*`` is at least 1) the system can pin
a hidden count to one value. The classic case: twelve organisations each show ``*`` and the
region shows 10; the region is at most 12 and each organisation at least 1, so every
organisation holds exactly 1.

So a family of figures (say, the pipeline of one snapshot) is controlled as **one** set of
cells tied by equations ``total = sum(parts)``:

1. every count below England is shown by the NHS HES rule (1 to 7 hidden, others rounded to
   the nearest 5, 0 shown as 0); England counts are exact;
2. the attacker's bounds are computed from what is shown, by interval propagation over every
   equation to a fixed point (:func:`attacker_bounds`);
3. while any non-zero cell is pinned to one value (its lower bound equals its upper bound), a
   pinned visible cell is hidden, or, for a pinned hidden cell, the smallest visible non-zero
   cell of one of its equations is hidden; England cells are hidden only as a last resort;
4. the result is one :class:`Publication`: every page, export and API answer reads its cells
   from it, so the same cell always reads the same, whoever asks and however it is reached.

Rates, shares and ratios are never computed from the true counts: callers compute them from
the shown counts (:func:`share_of_shown`), so they carry no information the counts do not.

This is a plain-Python module (NumPy only); the attacker tests check it against exact integer
search on small populations.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from .disclosure import ROUND_TO
from .disclosure import SMALL_MAX
from .disclosure import SUPPRESSED
from .disclosure import Shown
from .disclosure import round5

#: An upper bound standing for "no upper bound" (keeps the arithmetic finite and exact).
UNBOUNDED: Final = 1e9

#: What the attacker knows of a cell: shown exactly, 0, rounded, hidden (``*``, at least 1),
#: or never published (a count the equations need but no page shows: at least 0).
EXACT, ZERO, ROUNDED, HIDDEN, UNPUBLISHED = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Equations:
    """Linear equations ``cell[total[e]] == sum(cell[parts[ptr[e]:ptr[e+1]]])``."""

    total: np.ndarray
    ptr: np.ndarray
    parts: np.ndarray

    @classmethod
    def from_lists(cls, equations: Iterable[tuple[int, Sequence[int]]]) -> Equations:
        totals: list[int] = []
        ptr = [0]
        parts: list[int] = []
        for total, members in equations:
            if not len(members):
                continue
            totals.append(int(total))
            parts.extend(int(p) for p in members)
            ptr.append(len(parts))
        return cls(np.asarray(totals, dtype=np.int64), np.asarray(ptr, dtype=np.int64),
                   np.asarray(parts, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.total)

    @property
    def part_equation(self) -> np.ndarray:
        """For each entry of ``parts``, the index of its equation."""
        return np.repeat(np.arange(len(self.total)), np.diff(self.ptr))

    def check(self, values: np.ndarray) -> None:
        """Raise ValueError if ``values`` do not satisfy every equation (a builder bug)."""
        if not len(self):
            return
        sums = np.add.reduceat(values[self.parts], self.ptr[:-1])
        bad = np.flatnonzero(sums != values[self.total])
        if bad.size:
            e = int(bad[0])
            raise ValueError(f"equation {e} does not hold: cell {int(self.total[e])} is "
                             f"{int(values[self.total[e]])}, its parts add up to {int(sums[e])}")


def display(values: np.ndarray, exact: np.ndarray, hidden: np.ndarray,
            unpublished: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """What is shown of every cell: (kind, value), kinds EXACT / ZERO / ROUNDED / HIDDEN /
    UNPUBLISHED."""
    kind = np.full(values.shape, ROUNDED, dtype=np.int8)
    kind[values == 0] = ZERO
    kind[exact] = EXACT
    kind[hidden] = HIDDEN
    if unpublished is not None:
        kind[unpublished] = UNPUBLISHED
    shown = np.where(kind == ROUNDED,
                     (ROUND_TO * np.floor(values / ROUND_TO + 0.5)).astype(np.int64), values)
    shown = np.where(kind >= HIDDEN, 0, shown)
    return kind, shown


def attacker_start(kind: np.ndarray, shown: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's interval from what is shown of it alone."""
    lo = shown.astype(np.float64).copy()
    hi = shown.astype(np.float64).copy()
    rounded = kind == ROUNDED
    lo[rounded] = np.maximum(shown[rounded] - 2, SMALL_MAX + 1)
    hi[rounded] = shown[rounded] + 2
    hid = kind == HIDDEN
    lo[hid], hi[hid] = 1, UNBOUNDED
    never = kind == UNPUBLISHED
    lo[never], hi[never] = 0, UNBOUNDED
    return lo, hi


def propagate(lo: np.ndarray, hi: np.ndarray, eqs: Equations, *, max_rounds: int = 10_000,
              at_most: tuple[np.ndarray, np.ndarray] | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """Tighten integer bounds over every equation (and ``a <= b`` for the index pairs in
    ``at_most``) to a fixed point (bounds consistency)."""
    lo, hi = lo.copy(), hi.copy()
    if not len(eqs):
        return lo, hi
    total, parts, starts = eqs.total, eqs.parts, eqs.ptr[:-1]
    of = eqs.part_equation
    for _ in range(max_rounds):
        plo, phi = lo[parts], hi[parts]
        sum_lo = np.add.reduceat(plo, starts)
        sum_hi = np.add.reduceat(phi, starts)
        t_lo = np.maximum(lo[total], sum_lo)
        t_hi = np.minimum(hi[total], sum_hi)
        new_lo, new_hi = lo.copy(), hi.copy()
        np.maximum.at(new_lo, total, t_lo)
        np.minimum.at(new_hi, total, t_hi)
        np.maximum.at(new_lo, parts, t_lo[of] - (sum_hi[of] - phi))
        np.minimum.at(new_hi, parts, t_hi[of] - (sum_lo[of] - plo))
        if at_most is not None:
            small, large = at_most
            np.maximum.at(new_lo, large, new_lo[small])
            np.minimum.at(new_hi, small, new_hi[large])
        new_lo = np.maximum(new_lo, 0)
        new_hi = np.minimum(new_hi, UNBOUNDED)
        if np.array_equal(new_lo, lo) and np.array_equal(new_hi, hi):
            break
        lo, hi = new_lo, new_hi
    return lo, hi


def attacker_bounds(kind: np.ndarray, shown: np.ndarray, eqs: Equations,
                    at_most: tuple[np.ndarray, np.ndarray] | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """What an attacker who sees every cell can infer of each: (low, high) integer bounds."""
    return propagate(*attacker_start(kind, shown), eqs, at_most=at_most)


@dataclass(frozen=True)
class Publication:
    """The controlled cells of a family of linked tables."""

    values: np.ndarray  # true counts: for computing nothing but this object
    exact: np.ndarray
    hidden: np.ndarray
    rounds: int = 0
    unpublished: np.ndarray | None = None

    @property
    def kind_and_shown(self) -> tuple[np.ndarray, np.ndarray]:
        return display(self.values, self.exact, self.hidden, self.unpublished)

    def shown(self, i: int) -> Shown:
        v = int(self.values[i])
        if self.hidden[i] or (self.unpublished is not None and self.unpublished[i]):
            return SUPPRESSED
        if self.exact[i] or v == 0:
            return v
        return round5(v)


def _equations_of(eqs: Equations) -> dict[int, list[int]]:
    """cell -> the equations it takes part in (as total or part)."""
    out: dict[int, list[int]] = {}
    for e, t in enumerate(eqs.total.tolist()):
        out.setdefault(t, []).append(e)
    for e, p in zip(eqs.part_equation.tolist(), eqs.parts.tolist(), strict=True):
        out.setdefault(p, []).append(e)
    return out


def protect(values: Sequence[int] | np.ndarray, exact: Sequence[bool] | np.ndarray,
            eqs: Equations, *, max_rounds: int = 1_000,
            at_most: tuple[np.ndarray, np.ndarray] | None = None,
            unpublished: np.ndarray | None = None) -> Publication:
    """Control every cell of a family of linked tables (see the module docstring).
    ``at_most``: index pairs (a, b) with a <= b that the attacker knows (say, promoted <=
    staff); ``unpublished``: cells the equations need but nothing shows."""
    values = np.asarray(values, dtype=np.int64)
    exact = np.asarray(exact, dtype=bool)
    if (values < 0).any():
        raise ValueError("counts cannot be negative")
    eqs.check(values)
    never = (np.zeros(values.shape, dtype=bool) if unpublished is None
             else np.asarray(unpublished, dtype=bool))
    hidden = ~exact & ~never & (values >= 1) & (values <= SMALL_MAX)
    membership: dict[int, list[int]] | None = None
    rounds = 0
    for rounds in range(1, max_rounds + 1):  # noqa: B007 (reported on the result)
        lo, hi = attacker_bounds(*display(values, exact, hidden, never), eqs, at_most)
        pinned = np.flatnonzero((lo == hi) & (values > 0) & (hidden | never | ~exact))
        if not pinned.size:
            break
        if membership is None:
            membership = _equations_of(eqs)
        progress = False
        for c in pinned.tolist():
            if not hidden[c] and not never[c]:
                hidden[c] = progress = True
                continue
            pick = _partner(c, values, exact, hidden | never, eqs, membership)
            if pick is not None:
                hidden[pick] = progress = True
        if not progress:
            # Nothing beside what is still pinned can be hidden (in practice an unpublished
            # count); the attacker tests check that no shown count below England is left so.
            break
    return Publication(values, exact, hidden, rounds, never)


def _partner(cell: int, values: np.ndarray, exact: np.ndarray, hidden: np.ndarray,
             eqs: Equations, membership: dict[int, list[int]]) -> int | None:
    """The cell to hide next to protect a pinned hidden ``cell``: the smallest visible
    non-zero cell of its equations, below England first."""
    candidates: set[int] = set()
    for e in membership.get(cell, ()):
        candidates.add(int(eqs.total[e]))
        candidates.update(eqs.parts[eqs.ptr[e]:eqs.ptr[e + 1]].tolist())
    visible = [c for c in candidates if not hidden[c] and values[c] > 0]
    for pool in ([c for c in visible if not exact[c]], visible):
        if pool:
            return min(pool, key=lambda c: (int(values[c]), c))
    return None


def share_of_shown(part: Shown | None, whole: Sequence[Shown | None]) -> float | None:
    """``part`` as a share of the sum of ``whole``, from shown counts only; None when any of
    them is hidden or missing, or the sum is 0."""
    if part is None or part == SUPPRESSED or any(w is None or w == SUPPRESSED for w in whole):
        return None
    denominator = sum(int(w) for w in whole)  # type: ignore[arg-type]
    if denominator <= 0:
        return None
    return int(part) / denominator

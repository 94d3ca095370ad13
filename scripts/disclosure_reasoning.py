"""The reasoning of the outside attacker (``scripts/disclosure_audit.py``): pure, no server.

A :class:`Model` holds integer unknowns (true counts), what was published about each one, and
constraints an outsider can write down from the published rules:

* ``observe``: a shown count is exact (England), ``"*"`` (at least 1), a rounded ``v`` (true in
  ``[max(v-2, 8), v+2]``) or 0 (exactly 0);
* ``add_sum``: a total equals the sum of its parts;
* ``add_ratio``: ``num / den`` lies in a closed rational interval (a rate shown at some
  precision, worked out from exact counts);
* ``add_rounded_share``: a share worked out from *rounded* counts (``round5(num) /
  round5(den)``) with the numerator shown: bounds the denominator;
* ``add_relation``: any predicate over a few unknowns (a ratio with its confidence interval),
  used by enumerating the few values left in their intervals.

:func:`propagate` runs interval propagation to a fixed point; :func:`exact_pins` then asks
OR-Tools CP-SAT, per connected component, whether each published non-exact unknown can take
any other value than the one in a witness solution. An unknown is *pinned* when it cannot.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from fractions import Fraction

BIG = 10_000_000
SMALL_MAX = 7
ROUND_TO = 5
ENUM_LIMIT = 20_000  # largest product of domain sizes a relation is enumerated over

Key = Hashable


@dataclass
class Observation:
    where: str  # the page, scope, level and category, for the report
    shown: object
    exact: bool


@dataclass
class Relation:
    keys: tuple[Key, ...]
    predicate: Callable[..., bool]
    label: str


@dataclass
class Ratio:
    num: Key
    den: Key
    lo: Fraction
    hi: Fraction
    label: str


class Inconsistent(Exception):
    """The published figures admit no solution under the model (a modelling mistake)."""


@dataclass
class Model:
    lo: dict[Key, int] = field(default_factory=dict)
    hi: dict[Key, int] = field(default_factory=dict)
    obs: dict[Key, list[Observation]] = field(default_factory=lambda: defaultdict(list))
    sums: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    # -- building -------------------------------------------------------------------------

    def var(self, key: Key, lo: int = 0, hi: int = BIG) -> Key:
        if key not in self.lo:
            self.lo[key], self.hi[key] = lo, hi
        else:
            self.bound(key, lo, hi)
        return key

    def bound(self, key: Key, lo: int, hi: int) -> None:
        if key not in self.lo:
            self.lo[key], self.hi[key] = 0, BIG
        self.lo[key] = max(self.lo[key], lo)
        self.hi[key] = min(self.hi[key], hi)

    def observe(self, key: Key, shown: object, where: str, *, controlled: bool = True) -> None:
        """Record a published count. ``None`` (not shown) adds nothing."""
        if shown is None:
            return
        self.var(key)
        if shown == "*":
            self.bound(key, 1, BIG)
            self.obs[key].append(Observation(where, shown, False))
            return
        v = int(shown)  # type: ignore[call-overload]
        if not controlled or v == 0:
            self.bound(key, v, v)
            self.obs[key].append(Observation(where, shown, True))
            return
        self.bound(key, max(v - 2, SMALL_MAX + 1), v + 2)
        self.obs[key].append(Observation(where, shown, False))

    def add_sum(self, total: Key, parts: Iterable[Key]) -> None:
        parts = tuple(parts)
        self.var(total)
        for p in parts:
            self.var(p)
        self.sums.append((total, parts))

    def add_ratio(self, num: Key, den: Key, shown: float, digits: int, scale: int = 1,
                  label: str = "") -> None:
        """``scale * num / den`` was shown rounded to ``digits`` decimals."""
        half = Fraction(5, 10 ** (digits + 1)) + Fraction(1, 10 ** (digits + 6))
        p = Fraction(repr(float(shown)))
        lo, hi = (p - half) / scale, (p + half) / scale
        self.var(num)
        self.var(den)
        self.ratios.append(Ratio(num, den, max(lo, Fraction(0)), hi, label))

    def add_rounded_share(self, num_shown: int, den: Key, shown: float, digits: int,
                          scale: int = 1) -> None:
        """``scale * round5(num) / round5(den)`` was shown to ``digits`` decimals, with
        ``round5(num) = num_shown`` shown too: narrows ``den``."""
        if not num_shown or not shown:
            return
        half = 0.5 * 10 ** -digits + 1e-9
        top, bottom = shown + half, shown - half
        m_lo = scale * num_shown / top
        m_hi = scale * num_shown / bottom if bottom > 0 else BIG
        cands = [m for m in range(ROUND_TO * math.ceil(m_lo / ROUND_TO),
                                  int(min(m_hi, BIG)) + 1, ROUND_TO)
                 if m >= 2 * ROUND_TO and abs(scale * num_shown / m - shown) <= half]
        if not cands:
            raise Inconsistent(f"no rounded denominator gives {shown} from {num_shown}")
        self.bound(den, max(min(cands) - 2, SMALL_MAX + 1), max(cands) + 2)

    def add_relation(self, keys: Sequence[Key], predicate: Callable[..., bool],
                     label: str = "") -> None:
        for k in keys:
            self.var(k)
        self.relations.append(Relation(tuple(keys), predicate, label))

    # -- questions ------------------------------------------------------------------------

    def published_hidden(self) -> list[Key]:
        """Unknowns published only as ``"*"`` or rounded (never exactly)."""
        return [k for k, obs in self.obs.items() if obs and not any(o.exact for o in obs)]

    def pinned(self) -> list[Key]:
        return [k for k in self.published_hidden() if self.lo[k] == self.hi[k]]


# -- interval propagation ----------------------------------------------------------------


def _tighten(m: Model, key: Key, low: int, high: int, changed: set[Key]) -> None:
    """Raise ``key``'s lower bound to ``low`` and lower its upper bound to ``high`` where that
    narrows them, noting in ``changed`` that it moved."""
    if low > m.lo[key]:
        m.lo[key] = low
        changed.add(key)
    if high < m.hi[key]:
        m.hi[key] = high
        changed.add(key)


def _sum_step(m: Model, total: Key, parts: tuple[Key, ...]) -> set[Key]:
    changed: set[Key] = set()
    lo, hi = m.lo, m.hi
    slo = sum(lo[p] for p in parts)
    shi = sum(min(hi[p], BIG) for p in parts)
    _tighten(m, total, slo, shi, changed)
    for p in parts:
        nlo = lo[total] - (shi - min(hi[p], BIG))
        nhi = hi[total] - (slo - lo[p])
        _tighten(m, p, nlo, nhi, changed)
    return changed


def _ratio_step(m: Model, r: Ratio) -> set[Key]:
    changed: set[Key] = set()
    lo, hi = m.lo, m.hi
    # lo_r * den <= num <= hi_r * den
    nlo = math.ceil(r.lo * lo[r.den])
    nhi = math.floor(r.hi * hi[r.den])
    _tighten(m, r.num, nlo, nhi, changed)
    dlo = math.ceil(lo[r.num] / r.hi) if r.hi > 0 else lo[r.den]
    dhi = math.floor(hi[r.num] / r.lo) if r.lo > 0 else hi[r.den]
    _tighten(m, r.den, dlo, dhi, changed)
    return changed


def relation_tuples(m: Model, rel: Relation, limit: int = ENUM_LIMIT) -> list[tuple] | None:
    """Every assignment of ``rel.keys`` within their bounds that satisfies the predicate, or
    None when there are too many to try."""
    sizes = [m.hi[k] - m.lo[k] + 1 for k in rel.keys]
    if math.prod(sizes) > limit:
        return None
    ranges = [range(m.lo[k], m.hi[k] + 1) for k in rel.keys]
    out = []
    for values in itertools.product(*ranges):
        try:
            ok = rel.predicate(*values)
        except (ZeroDivisionError, ValueError):
            ok = False
        if ok:
            out.append(values)
    return out


def _relation_step(m: Model, rel: Relation) -> set[Key]:
    tuples = relation_tuples(m, rel)
    if tuples is None:
        return set()
    if not tuples:
        raise Inconsistent(f"no values satisfy {rel.label}")
    changed: set[Key] = set()
    for i, k in enumerate(rel.keys):
        vals = [t[i] for t in tuples]
        if min(vals) > m.lo[k] or max(vals) < m.hi[k]:
            m.lo[k], m.hi[k] = max(m.lo[k], min(vals)), min(m.hi[k], max(vals))
            changed.add(k)
    return changed


def propagate(m: Model, max_steps: int = 2_000_000) -> None:
    """Interval propagation over every constraint to a fixed point (raises Inconsistent)."""
    watch: dict[Key, list[tuple[str, int]]] = defaultdict(list)
    for i, (total, parts) in enumerate(m.sums):
        for k in (total, *parts):
            watch[k].append(("s", i))
    for i, r in enumerate(m.ratios):
        watch[r.num].append(("r", i))
        watch[r.den].append(("r", i))
    for i, rel in enumerate(m.relations):
        for k in rel.keys:
            watch[k].append(("x", i))
    queue = [("s", i) for i in range(len(m.sums))] + [("r", i) for i in range(len(m.ratios))]
    queue += [("x", i) for i in range(len(m.relations))]
    queued = set(queue)
    steps = 0
    while queue and steps < max_steps:
        item = queue.pop()
        queued.discard(item)
        steps += 1
        kind, i = item
        if kind == "s":
            changed = _sum_step(m, *m.sums[i])
        elif kind == "r":
            changed = _ratio_step(m, m.ratios[i])
        else:
            changed = _relation_step(m, m.relations[i])
        for k in changed:
            if m.lo[k] > m.hi[k]:
                raise Inconsistent(f"{k}: no value in [{m.lo[k]}, {m.hi[k]}]")
            for dep in watch[k]:
                if dep not in queued:
                    queued.add(dep)
                    queue.append(dep)


# -- exact search ------------------------------------------------------------------------


def components(m: Model) -> list[set[Key]]:
    parent: dict[Key, Key] = {k: k for k in m.lo}

    def find(k: Key) -> Key:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(keys: Iterable[Key]) -> None:
        keys = [k for k in keys if m.lo[k] != m.hi[k]]  # fixed values do not link anything
        for a, b in itertools.pairwise(keys):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb

    for total, parts in m.sums:
        union((total, *parts))
    for r in m.ratios:
        union((r.num, r.den))
    for rel in m.relations:
        union(rel.keys)
    groups: dict[Key, set[Key]] = defaultdict(set)
    for k in m.lo:
        groups[find(k)].add(k)
    return list(groups.values())


@dataclass
class SearchReport:
    components_searched: int = 0
    components_skipped: int = 0  # too large
    undecided: int = 0  # the solver ran out of time
    newly_pinned: list[Key] = field(default_factory=list)


def exact_pins(m: Model, *, max_vars: int = 2000, seconds: float = 5.0,
               workers: int = 1) -> SearchReport:
    """CP-SAT per connected component: pin every published non-exact unknown that can take
    only one value. Tightens ``m.lo``/``m.hi`` of the pinned ones."""
    report = SearchReport()
    targets_all = {k for k in m.published_hidden() if m.lo[k] != m.hi[k]}
    if not targets_all:
        return report
    comps = components(m)
    where = {k: i for i, comp in enumerate(comps) for k in comp}
    owned: dict[int, list[tuple[str, object]]] = defaultdict(list)

    def owner(keys: Iterable[Key]) -> int | None:
        for k in keys:
            if m.lo[k] != m.hi[k]:
                return where[k]
        return None

    for total, parts in m.sums:
        i = owner((total, *parts))
        if i is not None:
            owned[i].append(("s", (total, parts)))
    for r in m.ratios:
        i = owner((r.num, r.den))
        if i is not None:
            owned[i].append(("r", r))
    for rel in m.relations:
        i = owner(rel.keys)
        if i is not None:
            owned[i].append(("x", rel))
    for i, comp in enumerate(comps):
        targets = sorted((k for k in comp if k in targets_all), key=repr)
        if not targets:
            continue
        if len(comp) > max_vars:
            report.components_skipped += 1
            continue
        report.components_searched += 1
        _search(m, owned[i], targets, report, seconds, workers)
    return report


def _search(m: Model, constraints: list[tuple[str, object]], targets: list[Key],
            report: SearchReport, seconds: float, workers: int) -> None:
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x: dict[Key, object] = {}

    def var(k: Key):
        if m.lo[k] == m.hi[k]:
            return m.lo[k]
        if k not in x:
            x[k] = model.new_int_var(m.lo[k], m.hi[k], "")
        return x[k]

    for kind, c in constraints:
        if kind == "s":
            total, parts = c  # type: ignore[misc]
            model.add(var(total) == sum(var(p) for p in parts))
        elif kind == "r":
            r: Ratio = c  # type: ignore[assignment]
            model.add(r.lo.denominator * var(r.num) >= r.lo.numerator * var(r.den))
            model.add(r.hi.denominator * var(r.num) <= r.hi.numerator * var(r.den))
        else:
            rel: Relation = c  # type: ignore[assignment]
            tuples = relation_tuples(m, rel, limit=200_000)
            if tuples is not None:
                model.add_allowed_assignments([var(k) for k in rel.keys], tuples)
    for k in targets:
        var(k)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        raise Inconsistent("a component has no solution")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        report.undecided += len(targets)
        return
    witness = {k: solver.value(v) for k, v in x.items()}
    moved = {k: model.new_bool_var("") for k in targets}
    for k, b in moved.items():
        model.add(x[k] != witness[k]).only_enforce_if(b)
    refuted: set[Key] = set()
    for k in targets:
        if k in refuted:
            continue
        model.clear_assumptions()
        model.add_assumptions([moved[k]])
        st = solver.solve(model)
        if st == cp_model.INFEASIBLE:
            m.lo[k] = m.hi[k] = witness[k]
            report.newly_pinned.append(k)
        elif st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            for j in targets:  # every unknown this solution moves is not pinned
                if solver.value(x[j]) != witness[j]:
                    refuted.add(j)
        else:
            report.undecided += 1


def round5(n: int) -> int:
    return int(ROUND_TO * math.floor(n / ROUND_TO + 0.5))

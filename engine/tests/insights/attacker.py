"""An attacker with exact integer search (OR-Tools CP-SAT), for the disclosure tests.

The attacker knows the structure of what is published (which organisations make up each
scope, which levels make up a broad level, which categories make up a group and a total) and
everything shown: exact England counts, zeros, rounded counts (a shown ``v`` is ``v-2..v+2``
and at least 8), ``*`` (at least 1), and shares at the precision the API gives them (4
decimal places). Its unknowns are the true counts per organisation, level and category.

For every published non-zero count below England it asks: is there a table consistent with
everything shown in which this count differs from the truth? If not, the count is recovered.
The attacker knows how figures are made (the code is public): a share that equals the one
worked out from the shown counts tells it nothing more; any other share is taken as worked
out from the true counts and becomes a constraint on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field

import polars as pl
from ortools.sat.python import cp_model

from engine.insights import codes
from engine.insights import linked
from engine.insights import published as P

#: The attacker's unknowns per organisation: people at a level of the ladder (not on the
#: board), board members at each band, and everyone else at each other band.
BASE_GROUPS = (*(("level", b) for b in P.LADDER_BANDS),
               *(("board", b) for b in P.WRES_BANDS),
               *(("other", b) for b in P.WRES_BANDS if b not in P.LADDER_BANDS))
BASE_CELLS = tuple(c for c in P.CELLS if c.split(":")[0] in ("ethnic_category", "sex",
                                                                 "disability"))


def acute_trusts(n: int) -> pl.DataFrame:
    """An organisation map of ``n`` acute trusts (R00, R01, ...) in one system and region."""
    orgs = [f"R{i:02d}" for i in range(n)]
    return pl.DataFrame({"org_code": orgs, "system": ["QA"] * n, "region": ["Y1"] * n,
                         "kind": ["acute"] * n})


def hierarchy_of(org_map: pl.DataFrame, kinds, root: str = P.ENGLAND) -> P.Hierarchy:
    return P.Hierarchy.build(org_map["org_code"].to_list(), org_map, kinds, root=root)


def loosened(publication: linked.Publication) -> linked.Publication:
    """The loosened control: each count of 1 to 7 hidden on its own (the rule cell by cell, no
    linked audit), as when every table was protected separately."""
    values, never = publication.values, publication.unpublished
    return linked.Publication(values, publication.exact,
                              ~publication.exact & ~never & (values >= 1) & (values <= 7), 0,
                              never)


@dataclass
class Person:
    org: str
    level: str  # a ladder level, "board", or "below" (a band under 8a)
    ethnic_category: str
    sex: str
    disability: str
    band: str = ""  # their pay band (default: the level; VSM for the board; 5 below)

    @property
    def pay_band(self) -> str:
        return self.band or {codes.BOARD: codes.VSM, "below": "5"}.get(self.level, self.level)


@dataclass
class Attack:
    """Recovered counts: (node, level, cell) -> value; and how many were tried."""

    recovered: dict[tuple[str, str, str], int] = field(default_factory=dict)
    tried: int = 0
    shares_used: bool = False


def _groups_of(level: str) -> tuple[tuple[str, str], ...]:
    """The unknowns a published level adds up."""
    if level == P.ALL:
        return BASE_GROUPS
    if level == codes.BOARD:
        return tuple(g for g in BASE_GROUPS if g[0] == "board")
    if level in P.BROAD:
        return tuple(g for part in P.BROAD[level] for g in _groups_of(part))
    kind, _, band = level.partition(":")
    if kind == "band":
        own = ("level", band) if band in P.LADDER_BANDS else ("other", band)
        return (own, ("board", band))
    if kind == "board":
        return (("board", band),)
    return (("level", level),)


def _cells_of(cell: str) -> tuple[str, ...]:
    if cell == P.TOTAL:
        return tuple(f"ethnic_category:{c}" for c in codes.ETHNIC_CODE_ORDER)
    dim, _, cat = cell.partition(":")
    if dim == "ethnicity":
        return tuple(f"ethnic_category:{c}" for c in codes.ETHNIC_CODE_ORDER
                     if codes.ethnic_group(c) == cat)
    return (cell,)


def attack(pub: P.PipelinePublication, hierarchy: P.Hierarchy,
           shares: Iterable[tuple[str, str, str, str, float]] = (),
           *, with_england: bool = False, limit_seconds: float = 2.0,
           enough: int | None = None) -> Attack:
    """Try to recover every published count below England. ``shares``: (node, level,
    dimension, category, share as published, rounded to 4 decimal places). England's exact
    counts are used only ``with_england`` (they are outside the linked control)."""
    kind, shown = pub.publication.kind_and_shown
    truth = pub.publication.values
    bound = 10_000  # no person count is known in advance
    shares = list(shares)

    def build(with_shares: bool):
        m = cp_model.CpModel()
        x = {(o, lv, c): m.NewIntVar(0, bound, "")
             for o in hierarchy.orgs for lv in BASE_GROUPS for c in BASE_CELLS}
        for o in hierarchy.orgs:
            for lv in BASE_GROUPS:
                per_dim = [sum(x[o, lv, c] for c in BASE_CELLS if c.startswith(d + ":"))
                           for d in ("ethnic_category", "sex", "disability")]
                m.Add(per_dim[0] == per_dim[1])
                m.Add(per_dim[0] == per_dim[2])
        exprs = {}
        for node in pub.node_index:
            orgs = [hierarchy.orgs[i] for i in hierarchy.nodes[node]]
            for level in P.LEVELS:
                for cell in P.CELLS:
                    i = pub._index(node, level, cell)
                    e = sum(x[o, lv, c] for o in orgs for lv in _groups_of(level)
                            for c in _cells_of(cell))
                    exprs[node, level, cell] = (i, e)
                    if (node == P.ENGLAND and not with_england) or int(
                            kind[i]) == linked.UNPUBLISHED:
                        continue
                    constrain(m, e, int(kind[i]), int(shown[i]))
        if with_shares:
            for node, level, dim, cat, s in shares:
                if node == P.ENGLAND and not with_england:
                    continue
                known = [c for c in P.CATEGORIES[dim] if c not in P.UNKNOWN[dim]]
                num = exprs[node, level, f"{dim}:{cat}"][1]
                den = sum(exprs[node, level, f"{dim}:{c}"][1] for c in known)
                scaled = round(s * 10_000)
                m.Add(20_000 * num >= (2 * scaled - 1) * den)
                m.Add(20_000 * num <= (2 * scaled + 1) * den)
        return m, exprs

    result = Attack()
    shares = [s for s in shares if s[4] != _share_from_shown(pub, *s[:4])]
    result.shares_used = bool(shares)
    model, exprs = build(with_shares=bool(shares))
    candidates = {key: (i, e) for key, (i, e) in exprs.items()
                  if int(kind[i]) in (linked.ROUNDED, linked.HIDDEN) and truth[i] > 0
                  and key[0] != P.ENGLAND}
    result.tried = len(candidates)
    result.recovered = search(model, candidates, truth, limit_seconds, enough=enough)
    return result


def below_england(pub, hierarchy: P.Hierarchy) -> Iterator[tuple[str, list[str]]]:
    """Each node of a publication but England, with its organisations."""
    for node in pub.node_index:
        if node != P.ENGLAND:
            yield node, [hierarchy.orgs[i] for i in hierarchy.nodes[node]]


def attack_cells(pub, m: cp_model.CpModel, cells: Iterable[tuple[tuple, int, object]]) -> dict:
    """What the attacker recovers of ``pub``'s ``cells`` (key, index in the publication,
    expression of ``m``'s unknowns): each published one constrains ``m`` by what is shown;
    the hidden or rounded ones that are not 0 are searched."""
    kind, shown = pub.publication.kind_and_shown
    truth = pub.publication.values
    candidates = {}
    for key, i, e in cells:
        if int(kind[i]) == linked.UNPUBLISHED:
            continue
        constrain(m, e, int(kind[i]), int(shown[i]))
        if int(kind[i]) in (linked.ROUNDED, linked.HIDDEN) and truth[i] > 0:
            candidates[key] = (i, e)
    return search(m, candidates, truth)


def constrain(m: cp_model.CpModel, e, kind: int, shown: int) -> None:
    """What the attacker knows of one published cell, as constraints on its expression."""
    if kind in (linked.EXACT, linked.ZERO):
        m.Add(e == shown)
    elif kind == linked.ROUNDED:
        m.Add(e >= max(shown - 2, 8))
        m.Add(e <= shown + 2)
    elif kind == linked.HIDDEN:
        m.Add(e >= 1)


def search(model: cp_model.CpModel, candidates: dict, truth, limit_seconds: float = 2.0,
           *, enough: int | None = None) -> dict:
    """The candidates (key -> (cell index, expression)) that no table consistent with
    ``model`` gives another value than the truth: the counts the attacker recovers. With
    ``enough``, stop once that many are recovered (a loosened control only needs to be shown
    to leak, not measured)."""
    def solver() -> cp_model.CpSolver:
        s = cp_model.CpSolver()
        s.parameters.max_time_in_seconds = limit_seconds
        s.parameters.num_workers = 1
        return s

    # Look for tables that differ from the truth in as many candidate counts as possible;
    # whatever differs somewhere is not recovered.
    remaining = dict(candidates)
    while remaining:
        m = model.Clone()
        flags = []
        for key, (i, e) in remaining.items():
            up, down = m.NewBoolVar(""), m.NewBoolVar("")
            m.Add(e >= int(truth[i]) + 1).OnlyEnforceIf(up)
            m.Add(e <= int(truth[i]) - 1).OnlyEnforceIf(down)
            m.Add(up + down <= 1)
            flags.append((key, up, down))
        m.Maximize(sum(u + d for _, u, d in flags))
        s = solver()
        status = s.Solve(m)
        moved = [key for key, u, d in flags
                 if status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
                 and (s.Value(u) or s.Value(d))]
        for key in moved:
            del remaining[key]
        if not moved:
            break
    recovered = {}
    for key, (i, e) in remaining.items():
        m = model.Clone()
        differs = m.NewBoolVar("")
        m.Add(e >= int(truth[i]) + 1).OnlyEnforceIf(differs)
        m.Add(e <= int(truth[i]) - 1).OnlyEnforceIf(differs.Not())
        if solver().Solve(m) == cp_model.INFEASIBLE:
            recovered[key] = int(truth[i])
            if enough is not None and len(recovered) >= enough:
                break
    return recovered


def _share_from_shown(pub: P.PipelinePublication, node: str, level: str, dim: str,
                      cat: str) -> float | None:
    known = [c for c in P.CATEGORIES[dim] if c not in P.UNKNOWN[dim]]
    share = linked.share_of_shown(pub.shown(node, level, f"{dim}:{cat}"),
                                  [pub.shown(node, level, f"{dim}:{c}") for c in known])
    return None if share is None else round(share, 4)

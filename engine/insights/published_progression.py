"""Progression's published counts for every area of a viewer, controlled together.

For each area (node), starting level and group, progression publishes how many people were in
both snapshots ("stayers") and how many of them were promoted. A region's counts are the sum of
its organisations' (people are placed by their organisation in the earlier snapshot), the
"all" row is the sum of every starting level (board included, though its row is not shown),
and nobody promoted is more than the people there: :func:`publish` controls them all at once
with :func:`engine.insights.linked.protect`, as :mod:`engine.insights.published` does for
the pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import polars as pl

from . import codes
from . import linked
from .disclosure import Shown
from .published import ALL
from .published import EquationList
from .published import Hierarchy
from .published import node_values

FIELDS: Final[tuple[str, ...]] = ("top_promoted", "top_stayers", "bottom_promoted",
                                  "bottom_stayers")
OTHER: Final = "other"  # a starting level outside the ladder (kept so that "all" adds up)
LEVELS: Final[tuple[str, ...]] = (*codes.LEVELS, *codes.MEDICAL_GRADES, OTHER, ALL)
#: Starting levels whose rows are never shown (nobody is promoted from the top).
UNPUBLISHED: Final[tuple[str, ...]] = (codes.BOARD, OTHER)


@dataclass(frozen=True)
class ProgressionPublication:
    node_index: dict[str, int]
    publication: linked.Publication

    def index(self, node: str, level: str, field: str) -> int:
        return ((self.node_index[node] * len(LEVELS) + LEVELS.index(level)) * len(FIELDS)
                + FIELDS.index(field))

    def shown(self, node: str, level: str, field: str) -> Shown:
        return self.publication.shown(self.index(node, level, field))

    def true_total(self, node: str, level: str) -> int:
        """How many people start at ``level`` (to leave out rows of nobody, as 0s would)."""
        return sum(int(self.publication.values[self.index(node, level, f)])
                   for f in ("top_stayers", "bottom_stayers"))

    def has(self, node: str) -> bool:
        return node in self.node_index


def org_counts(per_level: pl.DataFrame, orgs: Sequence[str]) -> np.ndarray:
    """``org x level x field`` from ``progression.promotion_rates(..., by="org",
    per_level=True)`` (``scope, level_from`` and the four counts)."""
    pos = {o: i for i, o in enumerate(orgs)}
    out = np.zeros((len(orgs), len(LEVELS), len(FIELDS)), dtype=np.int64)
    for row in per_level.select("scope", "level_from", *FIELDS).iter_rows():
        scope, level, *values = row
        if scope not in pos:
            continue
        lv = LEVELS.index(level) if level in LEVELS and level != ALL else LEVELS.index(OTHER)
        out[pos[scope], lv] += np.asarray(values, dtype=np.int64)
    out[:, LEVELS.index(ALL)] = out[:, :LEVELS.index(ALL)].sum(axis=1)
    return out


def _layout(n_nodes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(every cell's node, level and field index) for ``n_nodes`` nodes."""
    grid = np.indices((n_nodes, len(LEVELS), len(FIELDS))).reshape(3, -1)
    return grid[0], grid[1], grid[2]


def equations(hierarchy: Hierarchy) -> linked.Equations:
    n_nodes = len(hierarchy.nodes)
    L, F = len(LEVELS), len(FIELDS)
    eqs = EquationList()
    # Within a node: "all" is the sum of every starting level, field by field.
    first = np.arange(n_nodes, dtype=np.int64)[:, None] * L * F + np.arange(F)[None, :]
    first = first.ravel()
    levels = np.arange(L - 1, dtype=np.int64) * F
    eqs.add(first + (L - 1) * F, first[:, None] + levels[None, :])
    eqs.across(hierarchy, L * F)
    return eqs.done()


def at_most(n_nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """Promoted is at most the people there, for each node, level and group."""
    cells = np.arange(n_nodes * len(LEVELS), dtype=np.int64) * len(FIELDS)
    promoted = np.concatenate([cells + FIELDS.index("top_promoted"),
                               cells + FIELDS.index("bottom_promoted")])
    stayers = np.concatenate([cells + FIELDS.index("top_stayers"),
                              cells + FIELDS.index("bottom_stayers")])
    return promoted, stayers


def publish(counts: np.ndarray, hierarchy: Hierarchy) -> ProgressionPublication:
    values, exact = node_values(counts, hierarchy)
    _, level, _ = _layout(len(hierarchy.nodes))
    unpublished = np.isin(level, [LEVELS.index(lv) for lv in UNPUBLISHED]) & ~exact
    publication = linked.protect(values, exact, equations(hierarchy),
                                 at_most=at_most(len(hierarchy.nodes)),
                                 unpublished=unpublished)
    return ProgressionPublication({k: i for i, k in enumerate(hierarchy.nodes)}, publication)

"""Recruitment counts (WRES 2 and WDES 2) for every area of a viewer, controlled together.

For each area, the applicants shortlisted and appointed by ethnic group and by disability. A
region's counts are the sum of its organisations'; each stage's total is the sum of the
ethnic groups and the sum of the disability groups (the "not known" groups and the totals are
never shown but the attacker may reason with them); nobody appointed is more than those
shortlisted. :func:`publish` controls them all at once, as :mod:`engine.insights.published`
does for the pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import polars as pl

from . import linked
from .disclosure import Shown
from .published import EquationList
from .published import Hierarchy
from .published import node_values

STAGES: Final[tuple[str, ...]] = ("shortlisted", "appointed")
GROUPS: Final[dict[str, tuple[str, ...]]] = {"ethnic_group": ("white", "minority", "unknown"),
                                             "disability": ("Y", "N", "U")}
NOT_SHOWN: Final[frozenset[str]] = frozenset({"unknown", "U", "total"})
CELLS: Final[tuple[str, ...]] = tuple(
    f"{stage}:{group}" for stage in STAGES
    for group in ("total", *GROUPS["ethnic_group"], *GROUPS["disability"]))


#: Staff events (WRES 3, WRES 4, WDES 3): people entering the formal disciplinary process or
#: accessing non-mandatory training, for each ratio's two groups.
STAFF_CELLS: Final[tuple[str, ...]] = tuple(
    f"{name}:{field}" for name in ("indicator_3", "indicator_4", "wdes_metric_3")
    for field in ("top_events", "bottom_events"))


@dataclass(frozen=True)
class EventsPublication:
    node_index: dict[str, int]
    publication: linked.Publication
    cells: tuple[str, ...] = CELLS

    def index(self, node: str, cell: str) -> int:
        return self.node_index[node] * len(self.cells) + self.cells.index(cell)

    def shown(self, node: str, stage: str, group: str) -> Shown:
        return self.publication.shown(self.index(node, f"{stage}:{group}"))

    def has(self, node: str) -> bool:
        return node in self.node_index


def org_counts(recruitment: pl.DataFrame | pl.LazyFrame, orgs: Sequence[str]) -> np.ndarray:
    """``org x cell`` from a validated recruitment file (one row per application)."""
    pos = {o: i for i, o in enumerate(orgs)}
    counts = (recruitment.lazy().filter(pl.col("shortlisted"))
              .group_by(pl.col("org_code").cast(pl.String),
                        pl.col("ethnic_group").cast(pl.String),
                        pl.col("disability").cast(pl.String))
              .agg(pl.len().alias("shortlisted"), pl.col("appointed").sum().alias("appointed"))
              .collect())
    out = np.zeros((len(orgs), len(CELLS)), dtype=np.int64)
    for org, group, disability, shortlisted, appointed in counts.iter_rows():
        if org not in pos:
            continue
        for stage, n in (("shortlisted", shortlisted), ("appointed", appointed)):
            for cell in ("total", group, disability):
                out[pos[org], CELLS.index(f"{stage}:{cell}")] += int(n)
    return out


def equations(hierarchy: Hierarchy) -> linked.Equations:
    n_nodes = len(hierarchy.nodes)
    first = np.arange(n_nodes, dtype=np.int64) * len(CELLS)
    eqs = EquationList()
    for stage in STAGES:
        for groups in GROUPS.values():
            parts = np.array([CELLS.index(f"{stage}:{g}") for g in groups])
            eqs.add(first + CELLS.index(f"{stage}:total"), first[:, None] + parts[None, :])
    eqs.across(hierarchy, len(CELLS))
    return eqs.done()


def publish(counts: np.ndarray, hierarchy: Hierarchy) -> EventsPublication:
    values, exact = node_values(counts, hierarchy)
    n_nodes = len(hierarchy.nodes)
    cell = np.tile(np.arange(len(CELLS)), n_nodes)
    hidden_cells = [i for i, c in enumerate(CELLS) if c.split(":")[1] in NOT_SHOWN]
    unpublished = np.isin(cell, hidden_cells) & ~exact
    first = np.repeat(np.arange(n_nodes, dtype=np.int64) * len(CELLS),
                      len(CELLS) // 2)
    offsets = np.tile(np.arange(len(CELLS) // 2), n_nodes)
    at_most = (first + len(CELLS) // 2 + offsets, first + offsets)  # appointed <= shortlisted
    publication = linked.protect(values, exact, equations(hierarchy), at_most=at_most,
                                 unpublished=unpublished)
    return EventsPublication({k: i for i, k in enumerate(hierarchy.nodes)}, publication)


def staff_event_counts(ratios: pl.DataFrame, orgs: Sequence[str]) -> np.ndarray:
    """``org x cell`` from the engine's per-organisation ratio table (``scope, indicator,
    top_events, bottom_events``)."""
    pos = {o: i for i, o in enumerate(orgs)}
    out = np.zeros((len(orgs), len(STAFF_CELLS)), dtype=np.int64)
    for scope, name, top, bottom in ratios.select(
            "scope", "indicator", "top_events", "bottom_events").iter_rows():
        if scope in pos and f"{name}:top_events" in STAFF_CELLS:
            out[pos[scope], STAFF_CELLS.index(f"{name}:top_events")] += int(top)
            out[pos[scope], STAFF_CELLS.index(f"{name}:bottom_events")] += int(bottom)
    return out


def publish_staff_events(counts: np.ndarray, hierarchy: Hierarchy) -> EventsPublication:
    """Staff event counts of every area, an area the sum of its organisations."""
    values, exact = node_values(counts, hierarchy)
    eqs = EquationList()
    eqs.across(hierarchy, len(STAFF_CELLS))
    publication = linked.protect(values, exact, eqs.done())
    return EventsPublication({k: i for i, k in enumerate(hierarchy.nodes)}, publication,
                             STAFF_CELLS)

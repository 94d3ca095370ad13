"""The pipeline's published cells for every scope of one snapshot, controlled together.

Every pipeline figure anyone can request (England, each region, system and organisation,
each narrowed to a kind of organisation; each level from band 8a to board, the two broad
levels of the breakdown and the whole workforce; each dimension and its total) is a cell of
one array ``node x level x cell``. The equations that tie them are written out here (a total
is the sum of each dimension's categories, an ethnic group the sum of its categories, a
broad level the sum of its levels, a scope the sum of its organisations and of the scopes
just below it) and :func:`engine.insights.linked.protect` controls them all at once.

Node keys are the scope keys of the app: ``england``, ``region:Y62``, ``system:QOP``,
``organisation:R0A``, each optionally followed by ``/kind``.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import polars as pl

from . import codes
from . import linked
from .disclosure import SUPPRESSED
from .disclosure import Shown

ENGLAND: Final = "england"
ALL: Final = "all"
BROAD: Final[dict[str, tuple[str, ...]]] = {
    "8a to 9": ("8a", "8b", "8c", "8d", "9"),
    "VSM and board": (codes.VSM, codes.BOARD),
}
#: WRES 1 and WDES 1 count people by pay band, with board members under their band.
WRES_BANDS: Final[tuple[str, ...]] = (*codes.AFC_BANDS, codes.VSM, *codes.MEDICAL_GRADES)
BAND_LEVELS: Final[tuple[str, ...]] = tuple(f"band:{b}" for b in WRES_BANDS)
#: Board members by band: never shown, but they tie the bands to the pipeline's levels.
BOARD_BAND_LEVELS: Final[tuple[str, ...]] = tuple(f"board:{b}" for b in WRES_BANDS)
LEVELS: Final[tuple[str, ...]] = (*codes.SENIOR_LEVELS, *BROAD, ALL, *BAND_LEVELS,
                                  *BOARD_BAND_LEVELS)
#: The bands that are also pipeline levels (people other than board members at that band).
LADDER_BANDS: Final[tuple[str, ...]] = ("8a", "8b", "8c", "8d", "9", codes.VSM)

#: dimension -> its categories (in order) and the ones that are "not known".
CATEGORIES: Final[dict[str, tuple[str, ...]]] = {
    "ethnicity": ("white", "minority", "unknown"),
    "ethnic_category": codes.ETHNIC_CODE_ORDER,
    "sex": tuple(codes.SEX_CODES),
    "disability": tuple(codes.DISABILITY_CODES),
}
UNKNOWN: Final[dict[str, frozenset[str]]] = {
    "ethnicity": frozenset({"unknown"}),
    "ethnic_category": codes.UNKNOWN_ETHNIC_CODES,
    "sex": frozenset({"U"}),
    "disability": frozenset({"U"}),
}
TOTAL: Final = "total"
CELLS: Final[tuple[str, ...]] = (TOTAL, *(f"{d}:{c}" for d, cats in CATEGORIES.items()
                                          for c in cats))


def node_key(scope_key: str, kind: str = "") -> str:
    return f"{scope_key}/{kind}" if kind else scope_key


@dataclass(frozen=True)
class Hierarchy:
    """The scopes of one day: every node's organisations and the partitions between nodes."""

    orgs: tuple[str, ...]
    nodes: dict[str, np.ndarray]  # node key -> positions in ``orgs``
    partitions: list[tuple[str, list[str]]]  # parent = sum of children (organisations too)
    national: str = ENGLAND  # the node shown exactly ("" for none)

    @classmethod
    def build(cls, orgs: Sequence[str], org_map: pl.DataFrame, kinds: Sequence[str],
              root: str = ENGLAND) -> Hierarchy:
        """``orgs``: every organisation with staff in the snapshot; ``org_map``: org_code,
        system, region, kind on the snapshot's day (organisations not in it count only in
        England). ``root`` limits the hierarchy to one area and everything in it (a user
        who may see a region sees nothing above it); England's cells are exact only when
        the root is England."""
        if root != ENGLAND:
            whole = cls.build(orgs, org_map, kinds)
            if root not in whole.nodes:
                raise ValueError(f"{root} holds no organisation with staff")
            inside = set(whole.nodes[root].tolist())
            level = root.split(":")[0]
            order = ("region", "system", "organisation")
            allowed = order[order.index(level):]
            nodes = {k: v for k, v in whole.nodes.items()
                     if k.split(":")[0] in allowed and set(v.tolist()) <= inside}
            if level == "organisation":
                nodes = {root: whole.nodes[root]}
            partitions = [(p, c) for p, c in whole.partitions
                          if p in nodes and all(x in nodes for x in c)]
            return cls(whole.orgs, nodes, partitions, national="")
        orgs = tuple(sorted(set(orgs)))
        pos = {o: i for i, o in enumerate(orgs)}
        placed = [r for r in org_map.select("org_code", "system", "region", "kind").iter_rows()
                  if r[0] in pos]
        members: dict[str, list[str]] = {ENGLAND: list(orgs)}
        for code in orgs:
            members[f"organisation:{code}"] = [code]
        for code, system, region, kind in placed:
            for key in (f"region:{region}", f"system:{system}"):
                members.setdefault(key, []).append(code)
            if kind in kinds:
                for key in (ENGLAND, f"region:{region}", f"system:{system}"):
                    members.setdefault(node_key(key, kind), []).append(code)
        nodes = {k: np.asarray(sorted(pos[o] for o in v), dtype=np.int64)
                 for k, v in members.items()}
        partitions: list[tuple[str, list[str]]] = []
        # England's own cells are exact (the HES rule) and are left out of the equations:
        # the linked control covers everything below England (see ``docs/disclosure.md``).
        for key, member in members.items():
            if not key.startswith("organisation:") and key != ENGLAND:
                partitions.append((key, [f"organisation:{o}" for o in member]))
        # The scopes just below: England = regions (+ unplaced), region = systems, and a
        # scope = its kinds (+ organisations of no listed kind); the same for each kind.
        region_of = {r[0]: r[2] for r in placed}
        system_of = {r[0]: r[1] for r in placed}
        for kind in ("", *kinds):
            def node(key: str, kind: str = kind) -> str:
                return node_key(key, kind)
            england = node(ENGLAND)
            if england not in members:
                continue
            children = sorted({node(f"region:{region_of[o]}") for o in members[england]
                               if o in region_of})
            loose = [f"organisation:{o}" for o in members[england] if o not in region_of]
            if kind:
                partitions.append((england, [*children, *loose]))
            for region in {region_of[o] for o in members[england] if o in region_of}:
                key = node(f"region:{region}")
                systems = sorted({node(f"system:{system_of[o]}") for o in members[key]})
                if sum(len(members[s]) for s in systems) == len(members[key]):
                    partitions.append((key, systems))
        for key in [k for k in members if "/" not in k and k != ENGLAND
                    and not k.startswith("organisation:")]:
            by_kind = [node_key(key, k) for k in kinds if node_key(key, k) in members]
            covered = {o for k in by_kind for o in members[k]}
            rest = [f"organisation:{o}" for o in members[key] if o not in covered]
            if by_kind:
                partitions.append((key, [*by_kind, *rest]))
        return cls(orgs, nodes, partitions)


@dataclass(frozen=True)
class PipelinePublication:
    """Shown headcounts for every node x level x cell of one snapshot."""

    node_index: dict[str, int]
    publication: linked.Publication

    def shown(self, node: str, level: str, cell: str) -> Shown:
        return self.publication.shown(self._index(node, level, cell))

    def _index(self, node: str, level: str, cell: str) -> int:
        n = self.node_index[node]
        return (n * len(LEVELS) + LEVELS.index(level)) * len(CELLS) + CELLS.index(cell)

    def has(self, node: str) -> bool:
        return node in self.node_index

    def table(self, node: str, dimension: str, levels: Sequence[str] = (*codes.SENIOR_LEVELS,
                                                                        ALL)) -> pl.DataFrame:
        """The node's controlled table in the shape of ``pipeline.control``: one row per
        level and category with ``headcount`` and ``level_headcount`` as shown (strings)
        and ``share`` of the known categories worked out from the shown counts."""
        cats = CATEGORIES[dimension]
        unknown = UNKNOWN[dimension]
        known = [c for c in cats if c not in unknown]
        rows = []
        for level in levels:
            shown = {c: self.shown(node, level, f"{dimension}:{c}") for c in cats}
            total = self.shown(node, level, TOTAL)
            for c in cats:
                share = (None if c in unknown else
                         linked.share_of_shown(shown[c], [shown[k] for k in known]))
                rows.append({"scope": node, "level": level, "category": c,
                             "headcount": str(shown[c]), "level_headcount": str(total),
                             "share": share})
        return pl.DataFrame(rows, schema={"scope": pl.String, "level": pl.String,
                                          "category": pl.String, "headcount": pl.String,
                                          "level_headcount": pl.String,
                                          "share": pl.Float64})

    def declared_share(self, node: str, level: str, dimension: str) -> float | None:
        """Share of staff whose ``dimension`` is known, from the shown counts."""
        cats = CATEGORIES[dimension]
        shown = [self.shown(node, level, f"{dimension}:{c}") for c in cats]
        known = [s for c, s in zip(cats, shown, strict=True) if c not in UNKNOWN[dimension]]
        if any(s == SUPPRESSED for s in shown):
            return None
        return linked.share_of_shown(sum(int(s) for s in known), shown)


def org_counts(by_org: Mapping[str, pl.DataFrame], orgs: Sequence[str],
               by_band: pl.DataFrame | None = None) -> np.ndarray:
    """``org x level x cell`` headcounts from the per-organisation representation of each
    dimension (``scope, level, category, headcount`` for levels 8a to board and ``all``) and
    ``by_band``: ``scope, band, board, ethnic_category, sex, disability, n`` (every member
    of staff once)."""
    pos = {o: i for i, o in enumerate(orgs)}
    out = np.zeros((len(orgs), len(LEVELS), len(CELLS)), dtype=np.int64)
    if by_band is not None:
        _fill_bands(out, by_band, pos)
    for dimension, frame in by_org.items():
        for scope, level, category, n in frame.select(
                "scope", "level", "category", "headcount").iter_rows():
            if scope in pos and level in LEVELS and n:
                out[pos[scope], LEVELS.index(level),
                    CELLS.index(f"{dimension}:{category}")] += int(n)
    eth = [CELLS.index(f"ethnicity:{c}") for c in CATEGORIES["ethnicity"]]
    out[:, :, 0] = out[:, :, eth].sum(axis=2)
    for broad, parts in BROAD.items():
        out[:, LEVELS.index(broad), :] = out[:, [LEVELS.index(p) for p in parts], :].sum(axis=1)
    return out


class EquationList:
    """Equations added in blocks of arrays (``total = sum(members)``, row by row)."""

    def __init__(self) -> None:
        self.totals: list[np.ndarray] = []
        self.parts: list[np.ndarray] = []
        self.sizes: list[np.ndarray] = []

    def add(self, total: np.ndarray, members: np.ndarray) -> None:
        """``total``: (k,) cell indices; ``members``: (k, m) cell indices."""
        self.totals.append(total)
        self.parts.append(members.ravel())
        self.sizes.append(np.full(len(total), members.shape[1], dtype=np.int64))

    def across(self, hierarchy: Hierarchy, block: int) -> None:
        """A parent node is the sum of its children, cell by cell (``block`` cells a node)."""
        node_index = {k: i for i, k in enumerate(hierarchy.nodes)}
        cells = np.arange(block, dtype=np.int64)
        for parent, children in hierarchy.partitions:
            kids = np.array([node_index[c] for c in children], dtype=np.int64) * block
            self.add(node_index[parent] * block + cells, cells[:, None] + kids[None, :])

    def done(self) -> linked.Equations:
        if not self.totals:
            return linked.Equations.from_lists([])
        ptr = np.concatenate([[0], np.cumsum(np.concatenate(self.sizes))])
        return linked.Equations(np.concatenate(self.totals), ptr, np.concatenate(self.parts))


def node_values(counts: np.ndarray, hierarchy: Hierarchy) -> tuple[np.ndarray, np.ndarray]:
    """Every node's cells summed from ``counts`` (organisation x cells of one node), and which
    are exact (the national node's)."""
    membership = np.zeros((len(hierarchy.nodes), len(hierarchy.orgs)), dtype=np.int64)
    for i, members in enumerate(hierarchy.nodes.values()):
        membership[i, members] = 1
    block = int(np.prod(counts.shape[1:]))
    values = (membership @ counts.reshape(len(hierarchy.orgs), block)).ravel()
    exact = np.zeros(values.shape, dtype=bool)
    if hierarchy.national:
        n = list(hierarchy.nodes).index(hierarchy.national)
        exact[n * block:(n + 1) * block] = True
    return values, exact


def _fill_bands(out: np.ndarray, by_band: pl.DataFrame, pos: dict[str, int]) -> None:
    """Band and board-by-band cells of every organisation (each person in every dimension)."""
    for scope, band, board, category, sex, disability, n in by_band.select(
            "scope", "band", "board", "ethnic_category", "sex", "disability", "n").iter_rows():
        if scope not in pos or band not in WRES_BANDS:
            continue
        levels = [LEVELS.index(f"band:{band}")]
        if board:
            levels.append(LEVELS.index(f"board:{band}"))
        cells = [CELLS.index(f"ethnic_category:{category}"),
                 CELLS.index(f"ethnicity:{codes.ethnic_group(category)}"),
                 CELLS.index(f"sex:{sex}"), CELLS.index(f"disability:{disability}"), 0]
        for lv in levels:
            for c in cells:
                out[pos[scope], lv, c] += int(n)


def unpublished_cells(n_nodes: int) -> np.ndarray:
    """Cells no page shows: board members by band, and the bands' ethnic categories and sex
    (WRES 1 and WDES 1 show ethnic groups and disability only)."""
    cell = np.zeros((len(LEVELS), len(CELLS)), dtype=bool)
    for level in BOARD_BAND_LEVELS:
        cell[LEVELS.index(level), :] = True
    hidden_dims = [i for i, c in enumerate(CELLS) if c.split(":")[0] in ("ethnic_category", "sex")]
    for level in BAND_LEVELS:
        cell[LEVELS.index(level), hidden_dims] = True
    return np.tile(cell.ravel(), n_nodes)


def equations(hierarchy: Hierarchy, by_band_links: bool = True) -> linked.Equations:
    """Every equation between the cells of all nodes (see the module docstring)."""
    n_nodes = len(hierarchy.nodes)
    L, C = len(LEVELS), len(CELLS)
    eqs = EquationList()
    add = eqs.add
    base = np.arange(n_nodes * L, dtype=np.int64) * C  # first cell of each node x level
    # Within a node and level: the total is the sum of each dimension; groups of categories.
    for dimension, cats in CATEGORIES.items():
        idx = np.array([CELLS.index(f"{dimension}:{c}") for c in cats])
        add(base, base[:, None] + idx[None, :])
    for group in ("white", "minority", "unknown"):
        cats = [c for c in codes.ETHNIC_CODE_ORDER if codes.ethnic_group(c) == group]
        idx = np.array([CELLS.index(f"ethnic_category:{c}") for c in cats])
        add(base + CELLS.index(f"ethnicity:{group}"), base[:, None] + idx[None, :])
    # Within a node and cell: a broad level is the sum of its levels.
    node_cells = (np.arange(n_nodes, dtype=np.int64)[:, None] * L * C
                  + np.arange(C, dtype=np.int64)[None, :]).ravel()
    for broad, levels in BROAD.items():
        idx = np.array([LEVELS.index(lv) for lv in levels]) * C
        add(node_cells + LEVELS.index(broad) * C, node_cells[:, None] + idx[None, :])
    # Bands: the whole workforce is the sum of the bands; a band on the ladder is its level
    # plus the board members at that band; the board is the sum of its members' bands.
    def at(level: str) -> np.ndarray:
        return node_cells + LEVELS.index(level) * C
    if by_band_links:
        add(at(ALL), np.stack([at(b) for b in BAND_LEVELS], axis=1))
        for band in LADDER_BANDS:
            add(at(f"band:{band}"), np.stack([at(band), at(f"board:{band}")], axis=1))
        add(at(codes.BOARD), np.stack([at(b) for b in BOARD_BAND_LEVELS], axis=1))
    eqs.across(hierarchy, L * C)
    return eqs.done()


def publish(counts: np.ndarray, hierarchy: Hierarchy) -> PipelinePublication:
    """Control every cell of every node at once; ``counts`` from :func:`org_counts`."""
    values, exact = node_values(counts, hierarchy)
    node_index = {k: i for i, k in enumerate(hierarchy.nodes)}
    never = unpublished_cells(len(hierarchy.nodes)) & ~exact
    publication = linked.protect(values, exact, equations(hierarchy), unpublished=never)
    return PipelinePublication(node_index, publication)

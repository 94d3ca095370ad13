"""The figures behind every insights page, export and API response, for one scope.

A thin layer over the pure engine (``engine.insights``): it finds the scope's organisations on
the snapshot's date, calls the engine on the snapshot's Parquet file and returns results that
are **already disclosure-controlled** below England level (counts 1-7 hidden, others rounded to
the nearest 5, shares from rounded values, secondary suppression; ratios hidden when any count
is under 8). Unrounded values never leave this module. England as a whole is not controlled
(national totals, as the NHS rule allows).

Results are cached (snapshots never change once imported) under a key that includes the
snapshot's content hash and the organisations in the scope, so a change of ICB membership gives
new figures.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from django.conf import settings
from django.core.cache import cache

from engine.insights import charts
from engine.insights import codes
from engine.insights import disclosure
from engine.insights import pipeline
from engine.insights import progression
from engine.insights import projection as markov
from engine.insights import published
from engine.insights import published_events
from engine.insights import published_progression
from engine.insights import ratios
from engine.insights import wres
from talentbridge.core.forms import nhs_date

from . import scopes
from . import services
from .models import EventFile
from .models import EventKind
from .models import WorkforceSnapshot
from .scopes import Geography
from .scopes import Scope
from .storage import absolute

CACHE_SECONDS = 60 * 60
logger = logging.getLogger(__name__)
SENIOR = codes.SENIOR_LEVELS
ALL = pipeline.ALL
LEVEL_LABELS = {
    **{band: f"Band {band}" for band in codes.AFC_BANDS},
    codes.VSM: "Very senior manager (VSM)",
    codes.BOARD: "Board",
    ALL: "Whole workforce",
    **codes.MEDICAL_GRADE_LABELS,
}
DIMENSIONS = {
    "ethnicity": "Ethnicity (White and ethnic minority)",
    "ethnic_category": "Ethnic group (the 16 categories)",
    "sex": "Sex",
    "disability": "Disability",
}
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "ethnicity": dict(codes.ETHNIC_GROUP_LABELS),
    "ethnic_category": {c: (f"{c} {label}" if c != "99" else "99 Not known")
                        for c, label in codes.ETHNIC_CATEGORIES.items()},
    "sex": {"F": "Women", "M": "Men", "U": "Not known"},
    "disability": {"Y": "Disabled", "N": "Not disabled", "U": "Not declared"},
}
#: The category each dimension's chart shows the share of.
FOCUS = {"ethnicity": "minority", "sex": "F", "disability": "Y", "ethnic_category": None}
FOCUS_LABEL = {"ethnicity": "Ethnic minority share", "sex": "Share of women",
               "disability": "Disabled share"}
#: Groupings for the breakdown (one row per region / system / organisation).
BROAD_LEVELS = ("8a to 9", "VSM and board")
NOT_SHOWN = "not shown"


# --------------------------------------------------------------------------------------
# Tables: what pages render, exports write and the API returns
# --------------------------------------------------------------------------------------


@dataclass
class Column:
    key: str
    label: str
    #: text, count ("*" or an integer), pct (0-100 float), pp (percentage points),
    #: ratio, flag (bool)
    kind: str = "text"


@dataclass
class Table:
    name: str
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    def export_rows(self) -> list[dict[str, Any]]:
        out = []
        for row in self.rows:
            item = {}
            for col in self.columns:
                value = row.get(col.key)
                if col.kind in ("pct", "pp") and isinstance(value, float):
                    value = round(value, 1)
                elif col.kind == "ratio" and isinstance(value, float):
                    value = round(value, 2)
                item[col.label] = value
            out.append(item)
        return out


@dataclass
class Chart:
    svg: str
    table: str  # the name of the table beside it with the same figures


@dataclass
class Figures:
    scope: Scope
    snapshot: WorkforceSnapshot
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)  # the API body, keyed by scope

    def table(self, name: str) -> Table:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)


class NoData(Exception):
    """The snapshot holds nobody in the scope (or the figures cannot be computed)."""


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _path(record) -> Path:
    return absolute(record.parquet_path)


def _num(value: Any) -> int | str | None:
    if value is None:
        return None
    if value == disclosure.SUPPRESSED:
        return disclosure.SUPPRESSED
    return int(value)


def _pct(share: float | None) -> float | None:
    if share is None or share != share:  # None or NaN (nobody to divide by)
        return None
    return 100 * float(share)


@dataclass(frozen=True)
class Grouping:
    """How to ask the engine for one scope's figures: ``by`` / ``orgs`` / ``org_map`` and
    the key of the scope's row in the engine's result."""

    by: str
    orgs: frozenset[str] | None
    org_map: pl.DataFrame | None
    key: str


def grouping(scope: Scope, geo: Geography) -> Grouping:
    orgs = geo.org_codes(scope)
    frozen = None if orgs is None else frozenset(orgs)
    if scope.is_national:
        return Grouping("england", None, None, pipeline.ENGLAND)
    if scope.level == scopes.ENGLAND:  # England narrowed to a kind of organisation
        return Grouping("kind", frozen, geo.org_map, scope.kind)
    if scope.level == scopes.ORGANISATION:
        return Grouping("org", frozen, None, scope.code)
    return Grouping(scope.level, frozen, geo.org_map, scope.code)


#: Bumped whenever the disclosure control changes, so that figures cached under the old
#: rules are never served after an upgrade.
DISCLOSURE_RULES = "linked-2"


def _cache_key(kind: str, *parts: Any) -> str:
    raw = json.dumps([DISCLOSURE_RULES, kind, *parts], default=str, sort_keys=True)
    return "insights:" + hashlib.sha256(raw.encode()).hexdigest()


def _cached(key: str, compute):
    if getattr(settings, "INSIGHTS_CACHE", True) is False:
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _orgs_signature(g: Grouping) -> list[str] | None:
    return None if g.orgs is None else sorted(g.orgs)


# --------------------------------------------------------------------------------------
# Pipeline representation
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _by_organisation(path: str, content_hash: str, dimension: str) -> pl.DataFrame:
    """Unrounded headcount per organisation x level (8a to board, and ``all``) x category: one
    scan of the snapshot, kept in memory (snapshots never change), from which every scope's
    figures are summed."""
    sidecar = sidecar_path(path, dimension)
    if sidecar.exists():
        return pl.read_parquet(sidecar)
    table = pipeline.representation(path, dimension, levels="senior", by="org").select(
        "scope", "level", "category", "headcount", "level_headcount", "known_headcount")
    partial = sidecar.with_suffix(".partial")
    table.write_parquet(partial)
    partial.replace(sidecar)
    return table


@lru_cache(maxsize=8)
def _by_band(path: str, content_hash: str) -> pl.DataFrame:
    """Unrounded headcount per organisation x band x board member or not x ethnic category x
    sex x disability: what ties WRES 1 and WDES 1 (by band) to the pipeline (by level)."""
    sidecar = Path(path).with_name(f"{Path(path).stem}.by-band.parquet")
    if sidecar.exists():
        return pl.read_parquet(sidecar)
    table = (pl.scan_parquet(path)
             .group_by(pl.col("org_code").cast(pl.String).alias("scope"),
                       pl.col("band").cast(pl.String), "board",
                       *(pl.col(c).cast(pl.String)
                         for c in ("ethnic_category", "sex", "disability")))
             .agg(pl.len().alias("n")).collect())
    partial = sidecar.with_suffix(".partial")
    table.write_parquet(partial)
    partial.replace(sidecar)
    return table


def sidecar_path(path: str | Path, dimension: str) -> Path:
    """Where the per-organisation counts of a snapshot are kept beside its Parquet file."""
    path = Path(path)
    return path.with_name(f"{path.stem}.by-org-{dimension}.parquet")


def precompute(snapshot: WorkforceSnapshot) -> None:
    """Write the per-organisation counts for every dimension (done once, after import), so the
    first dashboard of a new snapshot does not scan it; and put England's publications (the
    pipeline's, WRES's, and progression's from the latest earlier snapshot) in the shared
    cache, so no web process computes them on a page (seconds each, docs/performance.md)."""
    for dimension in DIMENSIONS:
        _by_organisation(str(_path(snapshot)), snapshot.content_hash, dimension)
    publication(snapshot)
    try:
        _precompute_pages(snapshot)
    except Exception:  # a speed-up only: the import must not fail for it
        logger.exception("Could not precompute the insights figures of %s", snapshot)


def _precompute_pages(snapshot: WorkforceSnapshot) -> None:
    with contextlib.suppress(NoData):
        wres_figures(snapshot, scopes.ENGLAND_SCOPE)
    earlier = (WorkforceSnapshot.objects.ready()
               .filter(scope_key=snapshot.scope_key, as_of__lt=snapshot.as_of)
               .order_by("-as_of").first())
    for dimension in PROGRESSION_GROUPS if earlier is not None else ():
        with contextlib.suppress(NoData):
            progression_publication(earlier, snapshot, dimension)


_PUBLICATIONS: dict[tuple[str, str, str, int], published.PipelinePublication] = {}


def publication(snapshot: WorkforceSnapshot, universe: Scope = scopes.ENGLAND_SCOPE
                ) -> published.PipelinePublication:
    """Every pipeline count of the snapshot for ``universe`` and every area in it (each
    region, system and organisation, each narrowed to a kind of organisation; every level,
    broad level, dimension and total), controlled together by the engine (``published``,
    ``linked``): every page, export and API answer reads its counts from this one object,
    so a count reads the same however it is reached and no set of requests pins one."""
    geo = Geography(snapshot.as_of)
    root = published.node_key(universe.key)
    key = (str(_path(snapshot)), snapshot.content_hash, root,
           int(geo.org_map.hash_rows().sum()))

    def compute() -> published.PipelinePublication:
        by_org = {d: _by_organisation(key[0], key[1], d) for d in DIMENSIONS}
        orgs = sorted({o for frame in by_org.values() for o in frame["scope"].unique()})
        hierarchy = _hierarchy(orgs, geo, universe)
        if hierarchy is None:
            raise NoData(f"The snapshot as of {nhs_date(snapshot.as_of)} has no staff in "
                         f"{universe.label}")
        return published.publish(published.org_counts(
            by_org, hierarchy.orgs, _by_band(key[0], key[1])), hierarchy)

    return _shared(_PUBLICATIONS, "pipeline", key, compute)


def node_of(scope: Scope, geo: Geography) -> str | None:
    """The publication's key for ``scope`` (None when the scope holds no organisation)."""
    if scope.level == scopes.ORGANISATION and scope.kind:
        kinds = dict(zip(geo.org_map["org_code"], geo.org_map["kind"], strict=True))
        return f"{scope.level}:{scope.code}" if kinds.get(scope.code) == scope.kind else None
    return published.node_key(scope.key, scope.kind)


def _representation(snapshot: WorkforceSnapshot, scope: Scope, dimension: str,
                    universe: Scope = scopes.ENGLAND_SCOPE
                    ) -> tuple[pl.DataFrame, dict[str, float | None]]:
    """The scope's controlled levels x categories table and its declaration rates (%), both
    read from the publication of ``universe`` (shares from the shown counts)."""
    geo = Geography(snapshot.as_of)
    pub = publication(snapshot, universe)
    node = node_of(scope, geo)
    if node is None or not pub.has(node) or pub.shown(node, ALL, published.TOTAL) == 0:
        raise NoData(f"The snapshot as of {nhs_date(snapshot.as_of)} has no staff in "
                     f"{scope.label}")
    shown = pub.table(node, dimension).with_columns(pl.lit(scope.json_key).alias("scope"))
    declared = {level: _pct(pub.declared_share(node, level, dimension))
                for level in (*SENIOR, ALL)}
    return shown, declared


def pipeline_figures(snapshot: WorkforceSnapshot, scope: Scope, dimension: str = "ethnicity",
                     previous: WorkforceSnapshot | None = None,
                     universe: Scope = scopes.ENGLAND_SCOPE) -> Figures:
    """Headcount and share at each level 8a to board (and the whole workforce), declaration
    rates, the change since ``previous`` and the breakdown one level down. ``universe`` is
    the widest area the viewer may see that holds ``scope`` (``policy.universe``): the
    figures are controlled together with everything else in it."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    geo = Geography(snapshot.as_of)
    g = grouping(scope, geo)
    key = _cache_key("pipeline", universe.key, snapshot.pk, snapshot.content_hash, scope.key,
                     scope.kind,
                     dimension, previous.pk if previous else None,
                     previous.content_hash if previous else None, _orgs_signature(g),
                     _orgs_signature(grouping(scope, Geography(previous.as_of)))
                     if previous else None, geo.org_map.hash_rows().sum())
    return _cached(key, lambda: _pipeline_figures(snapshot, scope, dimension, previous,
                                                  universe))


def _pipeline_figures(snapshot, scope, dimension, previous, universe) -> Figures:
    """The pipeline page's tables, charts and summary for one snapshot and scope."""
    shown, declared = _representation(snapshot, scope, dimension, universe)
    figures = Figures(scope, snapshot)
    change = _previous_change(previous, scope, dimension, universe, shown, figures)
    by_level: dict[str, dict[str, dict[str, Any]]] = {}
    for row in shown.iter_rows(named=True):
        by_level.setdefault(row["level"], {})[row["category"]] = row
    figures.tables.append(_representation_table(scope, dimension, by_level, declared))
    if FOCUS[dimension] is not None:
        _add_focus_chart(figures, snapshot, scope, dimension, by_level)
    if change is not None:
        figures.tables.append(_change_table(snapshot, previous, dimension, change))
        if FOCUS[dimension] is not None:
            figures.charts.append(_change_chart(snapshot, previous, dimension, change))
    breakdown = _breakdown(snapshot, scope, dimension, universe)
    if breakdown is not None:
        figures.tables.append(breakdown)
    figures.document = {scope.json_key: _pipeline_document(shown, declared, change)}
    return figures


def _previous_change(previous, scope, dimension, universe, shown: pl.DataFrame,
                     figures: Figures) -> pl.DataFrame | None:
    """The controlled change since the previous snapshot (a note if it has no staff here)."""
    if previous is None:
        return None
    try:
        prev, _ = _representation(previous, scope, dimension, universe)
    except NoData:
        figures.notes.append(f"The snapshot as of {nhs_date(previous.as_of)} has no staff "
                             f"in {scope.label}, so no change is shown.")
        return None
    return pipeline.controlled_change(prev, shown)


def _representation_table(scope, dimension, by_level: dict, declared: dict) -> Table:
    """Headcount and share by level: a count and a share for each category."""
    categories = pipeline.DIMENSIONS[dimension][1]
    unknown = pipeline.DIMENSIONS[dimension][2]
    labels = CATEGORY_LABELS[dimension]
    if dimension == "ethnic_category":  # 18 categories: one row per level and category
        columns, rep_rows = _ethnic_category_rows(categories, labels, by_level)
    else:
        columns = [Column("level", "Level")]
        for cat in categories:
            columns.append(Column(f"{cat}_count", f"{labels[cat]}: headcount", "count"))
            if cat not in unknown:
                columns.append(Column(f"{cat}_pct", f"{labels[cat]}: % of known", "pct"))
        columns += [Column("total", "Total headcount", "count"),
                    Column("declared_pct", "Declared (%)", "pct")]
        rep_rows = []
        for level in (*SENIOR, ALL):
            cells = by_level.get(level, {})
            row: dict[str, Any] = {"level": LEVEL_LABELS[level]}
            for cat in categories:
                c = cells.get(cat, {})
                row[f"{cat}_count"] = _num(c.get("headcount"))
                if cat not in unknown:
                    row[f"{cat}_pct"] = _pct(c.get("share"))
            first = next(iter(cells.values()), {})
            row["total"] = _num(first.get("level_headcount"))
            row["declared_pct"] = declared.get(level)
            rep_rows.append(row)
    return Table(
        "pipeline", f"Headcount and share by level: {DIMENSIONS[dimension].lower()}",
        columns, rep_rows,
        note=_below_england("Shares are of staff whose value is known; not stated and not known "
                            "are left out. ", scope.is_national),
    )


def _ethnic_category_rows(categories, labels, by_level: dict) -> tuple[list[Column], list]:
    """The 18 ethnic categories' columns and rows: one row per level and category."""
    columns = [Column("level", "Level"), Column("category", "Ethnic group"),
               Column("count", "Headcount", "count"), Column("pct", "% of known", "pct")]
    rep_rows = []
    for level in (*SENIOR, ALL):
        for cat in categories:
            c = by_level.get(level, {}).get(cat, {})
            rep_rows.append({"level": LEVEL_LABELS[level], "category": labels[cat],
                             "count": _num(c.get("headcount")), "pct": _pct(c.get("share"))})
    return columns, rep_rows


def _add_focus_chart(figures: Figures, snapshot, scope, dimension, by_level: dict) -> None:
    """The focus group's share at each senior level as a chart, and the page's summary."""
    focus = FOCUS[dimension]
    bars = [(LEVEL_LABELS[lv], by_level.get(lv, {}).get(focus, {}).get("share"))
            for lv in SENIOR]
    reference = by_level.get(ALL, {}).get(focus, {}).get("share")
    figures.charts.append(Chart(charts.representation_bars(
        bars, title=f"{FOCUS_LABEL[dimension]} at each level, {scope.label}",
        desc=f"{FOCUS_LABEL[dimension]} at each level from band 8a to board, as of "
             f"{nhs_date(snapshot.as_of)}, against the whole workforce. The same figures "
             "are in the table below the chart.",
        reference=reference, reference_label="Whole workforce",
        x_title=f"{FOCUS_LABEL[dimension]} at the level (%)"), "pipeline"))
    figures.summary = {
        "workforce_pct": _pct(reference),
        "top_pct": _pct(by_level.get(codes.VSM, {}).get(focus, {}).get("share")),
        "board_pct": _pct(by_level.get(codes.BOARD, {}).get(focus, {}).get("share")),
        "headcount": _num(next(iter(by_level.get(ALL, {}).values()), {})
                          .get("level_headcount")),
        "focus_label": FOCUS_LABEL[dimension],
    }


def _change_table(snapshot, previous, dimension, change: pl.DataFrame) -> Table:
    """Each known category's headcount and share at both snapshots, and the change."""
    unknown = pipeline.DIMENSIONS[dimension][2]
    labels = CATEGORY_LABELS[dimension]
    ch_rows = []
    for row in change.iter_rows(named=True):
        if row["category"] in unknown:
            continue
        ch_rows.append({
            "level": LEVEL_LABELS[row["level"]], "category": labels[row["category"]],
            "previous_count": _num(row["headcount_previous"]),
            "previous_pct": _pct(row["share_previous"]),
            "count": _num(row["headcount"]), "pct": _pct(row["share"]),
            "change_pp": row["share_change_pp"],
        })
    return Table(
        "change",
        f"Change from {nhs_date(previous.as_of)} to {nhs_date(snapshot.as_of)}",
        [Column("level", "Level"), Column("category", "Group"),
         Column("previous_count", f"Headcount {previous.as_of:%b %Y}", "count"),
         Column("previous_pct", f"% {previous.as_of:%b %Y}", "pct"),
         Column("count", f"Headcount {snapshot.as_of:%b %Y}", "count"),
         Column("pct", f"% {snapshot.as_of:%b %Y}", "pct"),
         Column("change_pp", "Change (percentage points)", "pp")],
        ch_rows,
        note="Change is shown only when both shares are shown; it compares displayed "
             "(controlled) figures.",
    )


def _change_chart(snapshot, previous, dimension, change: pl.DataFrame) -> Chart:
    """The focus group's share at each level at both snapshots, as a chart."""
    items = []
    for row in change.filter(pl.col("category") == FOCUS[dimension]).iter_rows(named=True):
        items.append((LEVEL_LABELS[row["level"]], row["share_previous"], row["share"]))
    return Chart(charts.change_chart(
        items, title=f"{FOCUS_LABEL[dimension]}: change since {previous.as_of:%B %Y}",
        desc=f"{FOCUS_LABEL[dimension]} at each level as of {nhs_date(previous.as_of)} "
             f"(grey dot) and {nhs_date(snapshot.as_of)} (blue square). The same "
             "figures are in the change table.",
        before_label=f"{previous.as_of:%B %Y}", after_label=f"{snapshot.as_of:%B %Y}",
        x_title=f"{FOCUS_LABEL[dimension]} at the level (%)"), "change")


def _pipeline_document(shown: pl.DataFrame, declared: dict, change: pl.DataFrame | None
                       ) -> dict[str, Any]:
    """{level: {headcount, declared_pct, categories: {cat: {headcount, share, ...}}}}, as the
    engine's CLI writes it."""
    out: dict[str, Any] = {}
    table = change if change is not None else shown
    for row in table.iter_rows(named=True):
        level = out.setdefault(row["level"], {
            "headcount": _num(row["level_headcount"]),
            "declared_pct": None if declared.get(row["level"]) is None
            else round(declared[row["level"]], 1),
            "categories": {}})
        cat: dict[str, Any] = {"headcount": _num(row["headcount"]),
                               "share": None if row["share"] is None else round(row["share"], 4)}
        if change is not None:
            cat["headcount_previous"] = _num(row["headcount_previous"])
            cat["share_previous"] = (None if row["share_previous"] is None
                                     else round(row["share_previous"], 4))
            cat["share_change_pp"] = (None if row["share_change_pp"] is None
                                      else round(row["share_change_pp"], 2))
        level["categories"][row["category"]] = cat
    return out


def _breakdown(snapshot: WorkforceSnapshot, scope: Scope, dimension: str,
               universe: Scope = scopes.ENGLAND_SCOPE) -> Table | None:
    """One row per region / system / organisation inside the scope, with bands 8a to 9 and
    VSM and board taken together, read from the same publication as the scope's figures."""
    child = scopes.child_level(scope)
    focus = FOCUS[dimension]
    if child is None or focus is None:
        return None
    geo = Geography(snapshot.as_of)
    inside = geo.org_codes(scope)
    placed = {row[0]: row for row in geo.org_map.iter_rows()}  # org, system, region, kind
    column = {scopes.REGION: 2, scopes.SYSTEM: 1}.get(child)
    children = sorted({code if column is None else placed[code][column]
                       for code in (inside if inside is not None else placed)
                       if code in placed or column is None})
    pub = publication(snapshot, universe)
    rows: list[dict[str, Any]] = []
    names = scopes.names(child, children)
    for code in children:
        node = (f"{child}:{code}" if child == scopes.ORGANISATION
                else published.node_key(f"{child}:{code}", scope.kind))
        if not pub.has(node):
            continue
        table = pub.table(node, dimension, (ALL, *BROAD_LEVELS))
        share = {r["level"]: r["share"] for r in table.filter(pl.col("category") == focus)
                 .iter_rows(named=True)}
        rows.append({"code": code, "name": names.get(code, code),
                     "headcount": _num(pub.shown(node, ALL, published.TOTAL)),
                     "all_pct": _pct(share.get(ALL)),
                     "senior_pct": _pct(share.get(BROAD_LEVELS[0])),
                     "top_pct": _pct(share.get(BROAD_LEVELS[1]))})
    if not rows:
        return None
    label = FOCUS_LABEL[dimension]
    return Table(
        "breakdown", f"{label} by {scopes.LEVEL_LABELS[child].lower()} in {scope.label}",
        [Column("code", "Code"), Column("name", scopes.LEVEL_LABELS[child]),
         Column("headcount", "Headcount", "count"),
         Column("all_pct", f"{label}: whole workforce (%)", "pct"),
         Column("senior_pct", f"{label}: bands 8a to 9 (%)", "pct"),
         Column("top_pct", f"{label}: VSM and board (%)", "pct")],
        sorted(rows, key=lambda r: r["name"]),
        note=disclosure_note(),
    )


def disclosure_note() -> str:
    return ("Below England level, counts of 1 to 7 are shown as * and other counts are rounded "
            "to the nearest 5; a few more are shown as * where, with everything else you can "
            "see, they could be worked out. Percentages and ratios are worked out from the "
            "counts as shown and not shown beside a hidden count or when fewer than 8 people "
            "are behind them.")


def _below_england(note: str, national: bool) -> str:
    """A table's note, followed below England level by how its figures are controlled."""
    return note + ("" if national else disclosure_note())


# --------------------------------------------------------------------------------------
# WRES and WDES
# --------------------------------------------------------------------------------------

RATIO_LABELS = {
    "indicator_2": "WRES 2: White applicants appointed from shortlisting, relative to ethnic "
                   "minority applicants",
    "indicator_3": "WRES 3: ethnic minority staff entering the formal disciplinary process, "
                   "relative to White staff",
    "indicator_4": "WRES 4: White staff accessing non-mandatory training and CPD, relative to "
                   "ethnic minority staff",
    "wdes_metric_2": "WDES 2: non-disabled applicants appointed from shortlisting, relative "
                     "to disabled applicants",
    "wdes_metric_3": "WDES 3: disabled staff entering the formal capability process, relative "
                     "to non-disabled staff",
}
RATIO_SHORT = {"indicator_2": "WRES 2", "indicator_3": "WRES 3", "indicator_4": "WRES 4",
               "wdes_metric_2": "WDES 2", "wdes_metric_3": "WDES 3"}
EVENT_FOR = {"indicator_2": EventKind.RECRUITMENT, "wdes_metric_2": EventKind.RECRUITMENT,
             "indicator_3": EventKind.DISCIPLINARY, "wdes_metric_3": EventKind.DISCIPLINARY,
             "indicator_4": EventKind.TRAINING}
RATIO_NAMES = tuple(RATIO_LABELS)
MISSING_EVENTS = {"recruitment": "recruitment", "disciplinary": "disciplinary",
                  "training": "non-mandatory training"}


def _ratio_row(name: str, doc: dict | None) -> dict[str, Any]:
    doc = doc or {}
    counts = doc.get("counts", {})
    direction = ratios.DIRECTIONS[name]
    return {
        "indicator": RATIO_LABELS[name], "short": RATIO_SHORT[name],
        "ratio": doc.get("ratio"), "ci_low": doc.get("ci_low"), "ci_high": doc.get("ci_high"),
        "flag": doc.get("flag"), "suppressed": doc.get("suppressed", False),
        "top_events": counts.get("top_events"), "top_total": counts.get("top_total"),
        "bottom_events": counts.get("bottom_events"), "bottom_total": counts.get("bottom_total"),
        "direction": f"{direction.top} ÷ {direction.bottom}",
        "available": bool(doc),
    }


def wres_figures(snapshot: WorkforceSnapshot, scope: Scope,
                 universe: Scope = scopes.ENGLAND_SCOPE) -> Figures:
    """WRES and WDES for ``scope``. Below England, WRES 1, WDES 1, WRES 9 and the staff counts
    behind WRES 3, WRES 4 and WDES 3 are read from the pipeline publication of ``universe``
    (the same cells as the pipeline's, controlled with them); the event counts are controlled
    count by count, and every ratio comes from the shown counts."""
    geo = Geography(snapshot.as_of)
    g = grouping(scope, geo)
    events = services.event_files_for(snapshot, scope)
    key = _cache_key("wres", universe.key, snapshot.pk, snapshot.content_hash, scope.key,
                     scope.kind, _orgs_signature(g),
                     {k: (e.pk, e.content_hash) for k, e in events.items()},
                     geo.org_map.hash_rows().sum())
    return _cached(key, lambda: _wres_figures(snapshot, scope, geo, g, events, universe))


WRES_DIMENSION = {"indicator_1": ("ethnicity", ("white", "minority", "unknown"), "minority",
                                  "ethnic_minority_pct"),
                  "wdes_metric_1": ("disability", ("Y", "N", "U"), "Y", "disabled_pct")}
STAFF_RATIOS = ("indicator_3", "indicator_4", "wdes_metric_3")


def _bands_from(pub: published.PipelinePublication, node: str, name: str) -> dict[str, Any]:
    """WRES 1 or WDES 1 in the engine's JSON shape, from the publication's band cells."""
    dimension, cats, focus, pct_key = WRES_DIMENSION[name]
    known = [c for c in cats if c not in published.UNKNOWN[dimension]]

    def entry(level: str) -> dict[str, Any]:
        shown = {c: pub.shown(node, level, f"{dimension}:{c}") for c in cats}
        share = published.linked.share_of_shown(shown[focus], [shown[k] for k in known])
        return {"headcount": pub.shown(node, level, published.TOTAL), **shown,
                pct_key: None if share is None else round(100 * share, 2)}

    return {"overall": entry(ALL),
            "bands": {b: entry(f"band:{b}") for b in published.WRES_BANDS}}


def _ratio_from_shown(counts: dict[str, Any], national: bool) -> dict[str, Any]:
    """Ratio, interval and flag from four shown counts (none beside a hidden count or, below
    England, one under 8)."""
    values = [counts.get(f) for f in ("top_events", "top_total", "bottom_events",
                                      "bottom_total")]
    empty = {"ratio": None, "ci_low": None, "ci_high": None, "flag": None}
    if any(v is None or v == disclosure.SUPPRESSED for v in values):
        return {**empty, "suppressed": True}
    a, n_a, b, n_b = (int(v) for v in values)
    if (not national and min(a, n_a, b, n_b) < disclosure.MIN_FOR_RATE) or a > n_a or b > n_b:
        return {**empty, "suppressed": not national}
    rr = ratios.relative_likelihood(a, n_a, b, n_b)
    return {"ratio": None if rr.ratio is None else round(rr.ratio, 4),
            "ci_low": None if rr.ci_low is None else round(rr.ci_low, 4),
            "ci_high": None if rr.ci_high is None else round(rr.ci_high, 4),
            "flag": rr.flag, "suppressed": False}


_EVENTS: dict[tuple, published_events.EventsPublication] = {}


def events_publication(record: EventFile, universe: Scope, geo: Geography
                       ) -> published_events.EventsPublication | None:
    """The recruitment counts of ``record`` for ``universe`` and every area in it, controlled
    together (None when nobody in the universe applied)."""
    key = (record.pk, record.content_hash, universe.key, int(geo.org_map.hash_rows().sum()))

    def compute() -> published_events.EventsPublication | None:
        frame = pl.scan_parquet(_path(record))
        orgs = sorted(frame.select(pl.col("org_code").cast(pl.String).unique())
                      .collect()["org_code"].to_list())
        hierarchy = _hierarchy(orgs, geo, universe)
        if hierarchy is None:
            return None
        return published_events.publish(
            published_events.org_counts(frame, hierarchy.orgs), hierarchy)

    return _shared(_EVENTS, "events", key, compute)


def _hierarchy(orgs: Sequence[str], geo: Geography, universe: Scope
               ) -> published.Hierarchy | None:
    """The areas of ``universe`` on ``geo``'s day over ``orgs`` (None: none of them is in it)."""
    try:
        return published.Hierarchy.build(orgs, geo.org_map, tuple(scopes.KINDS),
                                         root=published.node_key(universe.key))
    except ValueError:
        return None


#: How long a publication stays in the shared cache: its key holds the files' content
#: hashes, so it never goes stale; the limit only lets unused ones go.
SHARED_SECONDS = 24 * 60 * 60
_LOCKS: dict[tuple, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def _shared(memo: dict, kind: str, key: tuple, compute):
    """A publication, which takes seconds to compute and never changes for its key: from this
    process's memo, else from the shared cache (Redis in production, so what one web process
    or the import's worker computed, every process finds), else computed, by one thread of
    the process at a time, and kept in both."""
    found = memo.get(key)
    if found is not None:
        return found
    with _LOCKS_LOCK:
        lock = _LOCKS.setdefault(key, threading.Lock())
    with lock:
        found = memo.get(key)
        if found is not None:
            return found
        shared = getattr(settings, "INSIGHTS_CACHE", True) is not False
        found = cache.get(_cache_key("publication", kind, *key)) if shared else None
        if found is None:
            found = compute()
            if found is not None and shared:
                cache.set(_cache_key("publication", kind, *key), found, SHARED_SECONDS)
        return found if found is None else _keep(memo, key, found)


def _keep(cache: dict, key: tuple, value):
    """Remember ``value`` in one of this module's small per-process caches (16 entries)."""
    if len(cache) >= 16:
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


def _events_universe(scope: Scope, universe: Scope, records: Sequence[EventFile],
                     geo: Geography) -> Scope:
    """The widest area inside ``universe`` that holds ``scope`` and that every one of
    ``records`` covers."""
    chain = scopes.enclosing(scope, geo)
    keys = [a.key for a in chain]
    start = keys.index(universe.key) if universe.key in keys else len(chain) - 1
    for area in chain[start:]:
        if all(services.covers(r, area, geo) for r in records):
            return area
    return chain[-1]


def staff_events_publication(snapshot: WorkforceSnapshot, files: dict[str, EventFile],
                             universe: Scope, geo: Geography
                             ) -> published_events.EventsPublication | None:
    """Staff entering the disciplinary process and accessing training (WRES 3, 4, WDES 3)
    for ``universe`` and every area in it, controlled together."""
    key = ("staff", snapshot.pk, snapshot.content_hash,
           tuple(sorted((k, e.pk, e.content_hash) for k, e in files.items())), universe.key,
           int(geo.org_map.hash_rows().sum()))

    def compute() -> published_events.EventsPublication | None:
        frames = {kind: pl.scan_parquet(_path(e)) for kind, e in files.items()}
        report = wres.wres_report(_path(snapshot), None, frames.get("disciplinary"),
                                  frames.get("training"), by="org", suppress=False,
                                  include=("indicator_3", "indicator_4", "wdes_metric_3"))
        orgs = sorted(report.ratios["scope"].unique().to_list())
        hierarchy = _hierarchy(orgs, geo, universe)
        if hierarchy is None:
            return None
        return published_events.publish_staff_events(
            published_events.staff_event_counts(report.ratios, hierarchy.orgs), hierarchy)

    return _shared(_EVENTS, "staff events", key, compute)


RECRUITMENT_GROUPS = {"indicator_2": ("white", "minority"), "wdes_metric_2": ("N", "Y")}


def _linked_wres(doc: dict[str, Any], pub: published.PipelinePublication, node: str,
                 events: published_events.EventsPublication | None = None,
                 staff_events: published_events.EventsPublication | None = None
                 ) -> dict[str, Any]:
    """``doc`` (one area's WRES document) with its staff counts taken from the publication
    and its recruitment counts from ``events``."""
    doc = dict(doc)
    for name, (top, bottom) in RECRUITMENT_GROUPS.items():
        body = doc.get(name)
        if not body or events is None or not events.has(node):
            continue
        counts = {"top_events": events.shown(node, "appointed", top),
                  "top_total": events.shown(node, "shortlisted", top),
                  "bottom_events": events.shown(node, "appointed", bottom),
                  "bottom_total": events.shown(node, "shortlisted", bottom)}
        doc[name] = {**body, **_ratio_from_shown(counts, False), "counts": counts}
    for name in WRES_DIMENSION:
        if doc.get(name) is not None:
            doc[name] = _bands_from(pub, node, name)
    for name in STAFF_RATIOS:
        body = doc.get(name)
        if not body:
            continue
        direction = ratios.DIRECTIONS[name]
        dimension = "ethnicity" if direction.dimension == "ethnic_group" else "disability"
        counts = dict(body["counts"])
        if staff_events is not None and staff_events.has(node):
            for field in ("top_events", "bottom_events"):
                counts[field] = staff_events.shown(node, name, field)
        counts["top_total"] = pub.shown(node, ALL, f"{dimension}:{direction.top}")
        counts["bottom_total"] = pub.shown(node, ALL, f"{dimension}:{direction.bottom}")
        doc[name] = {**body, **_ratio_from_shown(counts, False), "counts": counts}
    if doc.get("indicator_9") is not None:
        def share(level: str) -> float | None:
            white, minority = (pub.shown(node, level, f"ethnicity:{c}")
                               for c in ("white", "minority"))
            if disclosure.SUPPRESSED in (white, minority) or min(int(white), int(minority),
                                                                  int(white) + int(minority)
                                                                  ) < disclosure.MIN_FOR_RATE:
                return None
            return 100 * int(minority) / (int(white) + int(minority))
        board, workforce = share(codes.BOARD), share(ALL)
        hidden = board is None or workforce is None
        white, minority = (pub.shown(node, codes.BOARD, f"ethnicity:{c}")
                           for c in ("white", "minority"))
        doc["indicator_9"] = {
            "board_ethnic_minority_pct": None if hidden else round(board, 2),
            "workforce_ethnic_minority_pct": None if hidden else round(workforce, 2),
            "difference_pp": None if hidden else round(board - workforce, 2),
            "suppressed": hidden,
            "counts": {"board_ethnic_minority": minority,
                       "board_known": (disclosure.SUPPRESSED
                                       if disclosure.SUPPRESSED in (white, minority)
                                       else int(white) + int(minority))}}
    return doc


def _likelihood_chart(rows: list[dict], label: str, name: str, *, title: str,
                      desc: str) -> Chart:
    """Relative likelihoods with their 95% confidence intervals, labelled by ``label``."""
    return Chart(charts.ratio_chart(
        [(r[label], r["ratio"], r["ci_low"], r["ci_high"]) for r in rows], title=title,
        desc=desc), name)


def _wres_figures(snapshot, scope, geo, g, events, universe) -> Figures:
    """The WRES and WDES page's tables, charts and summary for one snapshot and scope."""
    report, doc, args, pub, epub = _wres_document(snapshot, scope, geo, g, events, universe)
    figures = Figures(scope, snapshot)
    figures.document = {scope.json_key: doc}
    figures.notes += _wres_notes(snapshot, scope, events, report)
    rows = [_ratio_row(name, doc.get(name)) for name in RATIO_NAMES]
    figures.tables.append(_ratios_table(scope, rows))
    figures.charts.append(_likelihood_chart(
        rows, "short", "ratios", title=f"WRES and WDES relative likelihoods, {scope.label}",
        desc="Each relative likelihood with its 95% confidence interval on a log scale, "
             "against the shaded non-adverse band 0.80 to 1.25. The same figures are in the "
             "table below."))
    figures.tables += _band_tables(doc)
    figures.tables.append(_indicator_9_table(doc))
    figures.summary = {"flags": sum(1 for r in rows if r["flag"]),
                       "shown": sum(1 for r in rows if r["ratio"] is not None)}
    if "recruitment" in events and epub is None:
        epub = events_publication(
            events["recruitment"],
            _events_universe(scope, universe, [events["recruitment"]], geo), geo)
    per_org = _wres_per_organisation(snapshot, scope, geo, args,
                                     pub or publication(snapshot, universe), epub,
                                     _staff_events(snapshot, scope, universe, events, geo))
    if per_org is not None:
        figures.tables.append(per_org)
    return figures


def _wres_document(snapshot, scope, geo, g, events, universe):
    """The WRES report and its document, linked to the publications below national level."""
    if g.orgs is not None and not g.orgs:
        raise NoData(f"No organisations in {scope.label} on {nhs_date(snapshot.as_of)}")
    frames = {kind: pl.scan_parquet(_path(e)) for kind, e in events.items()}
    args = (_path(snapshot), frames.get("recruitment"), frames.get("disciplinary"),
            frames.get("training"))
    report = wres.wres_report(*args, by=g.by, orgs=g.orgs, org_map=g.org_map)
    doc = wres.to_json(report).get(g.key)
    if not doc:
        raise NoData(f"The snapshot as of {nhs_date(snapshot.as_of)} has no staff in "
                     f"{scope.label}")
    pub = epub = spub = None
    if not scope.is_national:
        pub = publication(snapshot, universe)
        if "recruitment" in events:
            epub = events_publication(
                events["recruitment"],
                _events_universe(scope, universe, [events["recruitment"]], geo), geo)
        spub = _staff_events(snapshot, scope, universe, events, geo)
        doc = _linked_wres(doc, pub, node_of(scope, geo), epub, spub)
    return report, doc, args, pub, epub


def _wres_notes(snapshot, scope, events, report) -> list[str]:
    """Which event files were used (or are missing), and people not in the snapshot."""
    notes = []
    for kind in EventKind.values:
        if kind in events:
            e = events[kind]
            notes.append(f"{e.get_kind_display()}: {nhs_date(e.period_start)} to "
                         f"{nhs_date(e.period_end)} ({e.source_filename}).")
        else:
            notes.append(f"No {MISSING_EVENTS[kind]} file covers the year to "
                         f"{nhs_date(snapshot.as_of)}, so its indicators are missing.")
    for column, n in report.unmatched.items():
        if n:
            notes.append(f"{disclosure.control_count(n, national=scope.is_national)} "
                         f"people in the {column.replace('_', ' ')} file are not in "
                         "the snapshot and are left out.")
    return notes


def _ratios_table(scope, rows: list[dict]) -> Table:
    """Ratios (WRES 2, 3, 4 and WDES 2, 3) with their confidence intervals and counts."""
    return Table(
        "ratios", "Relative likelihoods with 95% confidence intervals",
        [Column("indicator", "Indicator"), Column("ratio", "Relative likelihood", "ratio"),
         Column("ci_low", "95% CI low", "ratio"), Column("ci_high", "95% CI high", "ratio"),
         Column("flag", "Outside 0.80 to 1.25", "flag"),
         Column("top_events", "Events (first group)", "count"),
         Column("top_total", "Out of (first group)", "count"),
         Column("bottom_events", "Events (second group)", "count"),
         Column("bottom_total", "Out of (second group)", "count")],
        rows,
        note="A relative likelihood compares the first group's rate with the second's; 1.00 "
             "means equally likely. Outside 0.80 to 1.25 is flagged. A ratio is not shown when "
             "any of its four counts is under 8." + ("" if scope.is_national else " Counts are "
                                                      "rounded to the nearest 5."),
    )


def _band_tables(doc: dict) -> list[Table]:
    """Indicator 1 and WDES metric 1: staff in each band by ethnicity and by disability."""
    tables = []
    for name, title, cats in (
        ("indicator_1", "WRES 1: staff in each band by ethnicity",
         (("white", "White"), ("minority", "Ethnic minority"), ("unknown", "Not known"))),
        ("wdes_metric_1", "WDES 1: staff in each band by disability",
         (("Y", "Disabled"), ("N", "Not disabled"), ("U", "Not declared"))),
    ):
        body = doc.get(name) or {}
        pct_key = "ethnic_minority_pct" if name == "indicator_1" else "disabled_pct"
        pct_label = "Ethnic minority (%)" if name == "indicator_1" else "Disabled (%)"
        band_rows = []
        for band, values in [*body.get("bands", {}).items(), (ALL, body.get("overall", {}))]:
            if band != ALL and values.get("headcount") == 0:
                continue
            row = {"band": LEVEL_LABELS.get(band, band), "headcount": values.get("headcount"),
                   "pct": values.get(pct_key)}
            row.update({k: values.get(k) for k, _ in cats})
            band_rows.append(row)
        tables.append(Table(
            name, title,
            [Column("band", "Band or grade"), *[Column(k, label, "count") for k, label in cats],
             Column("headcount", "Total", "count"), Column("pct", pct_label, "pct")],
            band_rows))
    return tables


def _indicator_9_table(doc: dict) -> Table:
    """WRES 9: the board's ethnic minority share against the workforce's."""
    nine = doc.get("indicator_9") or {}
    return Table(
        "indicator_9", "WRES 9: board compared with the workforce",
        [Column("measure", "Measure"), Column("value", "Value", "pp")],
        [{"measure": "Ethnic minority share of the board (%)",
          "value": nine.get("board_ethnic_minority_pct")},
         {"measure": "Ethnic minority share of the workforce (%)",
          "value": nine.get("workforce_ethnic_minority_pct")},
         {"measure": "Difference (percentage points)", "value": nine.get("difference_pp")}],
        note="Not shown when fewer than 8 people are behind a figure.")


def _staff_events(snapshot, scope, universe, events, geo):
    files = {k: events[k] for k in ("disciplinary", "training") if k in events}
    if not files:
        return None
    return staff_events_publication(
        snapshot, files, _events_universe(scope, universe, list(files.values()), geo), geo)


def _wres_per_organisation(snapshot, scope, geo, args, pub, epub=None, spub=None
                           ) -> Table | None:
    if scope.level == scopes.ORGANISATION:
        return None
    orgs = geo.org_codes(scope)
    report = wres.wres_report(*args, by="org", orgs=orgs,
                              include=(*RATIO_NAMES, "indicator_9"))
    doc = wres.to_json(report)
    names = scopes.names(scopes.ORGANISATION, list(doc))
    rows = []
    for code in sorted(doc, key=lambda c: names.get(c, c)):
        node = f"{scopes.ORGANISATION}:{code}"
        body = _linked_wres(doc[code], pub, node, epub, spub) if pub.has(node) else {}
        row: dict[str, Any] = {"code": code, "name": names.get(code, code)}
        for name in RATIO_NAMES:
            r = body.get(name) or {}
            row[name] = r.get("ratio")
            row[f"{name}_flag"] = r.get("flag")
        row["indicator_9"] = (body.get("indicator_9") or {}).get("difference_pp")
        rows.append(row)
    columns = [Column("code", "ODS code"), Column("name", "Organisation")]
    for name in RATIO_NAMES:
        columns += [Column(name, RATIO_SHORT[name], "ratio"),
                    Column(f"{name}_flag", f"{RATIO_SHORT[name]} outside 0.80 to 1.25", "flag")]
    columns.append(Column("indicator_9", "WRES 9 (percentage points)", "pp"))
    return Table("wres_organisations", f"WRES and WDES for each organisation in {scope.label}",
                 columns, rows, note="Ratios with any count under 8 are not shown.")


# --------------------------------------------------------------------------------------
# Progression between two snapshots
# --------------------------------------------------------------------------------------

PROGRESSION_GROUPS = {
    "ethnicity": ("White", "Ethnic minority"),
    "disability": ("Not disabled", "Disabled"),
    "sex": ("Men", "Women"),
}


def progression_figures(earlier: WorkforceSnapshot, later: WorkforceSnapshot, scope: Scope,
                        dimension: str = "ethnicity",
                        universe: Scope = scopes.ENGLAND_SCOPE) -> Figures:
    """Promotion between two snapshots by group and starting level; the counts come from the
    progression publication of ``universe`` (the widest area the viewer may see)."""
    if dimension not in PROGRESSION_GROUPS:
        raise ValueError(f"unknown dimension {dimension!r}")
    geo = Geography(earlier.as_of)
    g = grouping(scope, geo)
    key = _cache_key("progression", universe.key, earlier.pk, earlier.content_hash, later.pk,
                     later.content_hash, scope.key, scope.kind, dimension, _orgs_signature(g),
                     geo.org_map.hash_rows().sum())
    return _cached(key, lambda: _progression(earlier, later, scope, dimension, universe))


_PROGRESSIONS: dict[tuple, published_progression.ProgressionPublication] = {}


def progression_publication(earlier: WorkforceSnapshot, later: WorkforceSnapshot,
                            dimension: str, universe: Scope = scopes.ENGLAND_SCOPE
                            ) -> published_progression.ProgressionPublication:
    """Every progression count for ``universe`` and every area in it, controlled together
    (people are placed by their organisation in the earlier snapshot)."""
    geo = Geography(earlier.as_of)
    key = (str(_path(earlier)), earlier.content_hash, str(_path(later)), later.content_hash,
           dimension, universe.key, int(geo.org_map.hash_rows().sum()))

    def compute() -> published_progression.ProgressionPublication:
        per_level = progression.promotion_rates(_path(earlier), _path(later), dimension,
                                                by="org", per_level=True, suppress=False)
        orgs = sorted(per_level["scope"].unique().to_list())
        hierarchy = _hierarchy(orgs, geo, universe)
        if hierarchy is None:
            raise NoData(f"Nobody in {universe.label} is in both snapshots")
        return published_progression.publish(
            published_progression.org_counts(per_level, hierarchy.orgs), hierarchy)

    return _shared(_PROGRESSIONS, "progression", key, compute)


def _progression_row(pub, node: str, level: str, national: bool) -> dict[str, Any]:
    """One row: the four counts as published, and rates, ratio and interval worked out from
    them (below England from the shown counts, and not at all beside one under 8)."""
    shown = {f: pub.shown(node, level, f) for f in published_progression.FIELDS}
    row: dict[str, Any] = {"level": LEVEL_LABELS.get(level, level), **shown,
                           "top_pct": None, "bottom_pct": None, "ratio": None,
                           "ci_low": None, "ci_high": None, "flag": None}
    counts = [shown[f] for f in published_progression.FIELDS]
    if any(c == disclosure.SUPPRESSED for c in counts):
        return row
    a, n_a, b, n_b = (int(c) for c in counts)
    if not national and min(a, n_a, b, n_b) < disclosure.MIN_FOR_RATE:
        return row
    rr = ratios.relative_likelihood(a, n_a, b, n_b)
    row.update(top_pct=_pct(a / n_a) if n_a else None,
               bottom_pct=_pct(b / n_b) if n_b else None,
               ratio=rr.ratio, ci_low=rr.ci_low, ci_high=rr.ci_high, flag=rr.flag)
    return row


def _progression(earlier, later, scope, dimension, universe) -> Figures:
    top, bottom = PROGRESSION_GROUPS[dimension]
    national = scope.is_national
    figures = Figures(scope, later)
    pub = progression_publication(earlier, later, dimension, universe)
    node = node_of(scope, Geography(earlier.as_of))
    if node is None or not pub.has(node):
        raise NoData(f"Nobody in {scope.label} is in both snapshots")
    order = [lv for lv in (*codes.LEVELS, *codes.MEDICAL_GRADES) if lv != codes.BOARD]
    rows, doc = [], {}
    for level in (*order, ALL):
        if level != ALL and pub.true_total(node, level) == 0:
            continue
        row = _progression_row(pub, node, level, national)
        rows.append(row)
        doc[level] = {k: (round(v, 4) if isinstance(v, float) else v)
                      for k, v in row.items() if k != "level"}
    if pub.true_total(node, ALL) == 0:
        raise NoData(f"Nobody in {scope.label} is in both snapshots")
    figures.tables.append(Table(
        "progression",
        f"Promotion from {nhs_date(earlier.as_of)} to {nhs_date(later.as_of)}",
        [Column("level", "Level at the start"),
         Column("top_promoted", f"{top}: promoted", "count"),
         Column("top_stayers", f"{top}: in both snapshots", "count"),
         Column("top_pct", f"{top}: promoted (%)", "pct"),
         Column("bottom_promoted", f"{bottom}: promoted", "count"),
         Column("bottom_stayers", f"{bottom}: in both snapshots", "count"),
         Column("bottom_pct", f"{bottom}: promoted (%)", "pct"),
         Column("ratio", f"Relative likelihood ({top} ÷ {bottom})", "ratio"),
         Column("ci_low", "95% CI low", "ratio"), Column("ci_high", "95% CI high", "ratio"),
         Column("flag", "Outside 0.80 to 1.25", "flag")],
        rows,
        note=_below_england(
            "Promoted: the same person is at least one level higher in the later snapshot. "
            "Everyone in both snapshots counts, grouped by their level and organisation in "
            "the earlier one. Above 1 means the first group was more likely to be promoted. ",
            national),
    ))
    figures.charts.append(_likelihood_chart(
        rows, "level", "progression",
        title=f"Relative likelihood of promotion, {top} ÷ {bottom}, {scope.label}",
        desc="Relative likelihood of promotion with 95% confidence intervals at each starting "
             "level and overall, against the shaded band 0.80 to 1.25. The same figures are in "
             "the table below."))
    figures.document = {scope.json_key: doc}
    return figures


# --------------------------------------------------------------------------------------
# Projection
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioInput:
    years: int = 10
    equalise_promotion: str = ""  # "", "white" or "overall"
    minority_recruitment_pct: float | None = None
    programme_per_year: int = 0
    programme_level: str = "8c"


PROJECTION_LEVELS = codes.LEVELS
SHOWN_LEVELS = SENIOR
_TOP_INDEX = [PROJECTION_LEVELS.index(lv) for lv in codes.TOP_LEVELS]


def _scenarios(params: ScenarioInput) -> list[markov.Scenario]:
    out = [markov.Scenario("Current trends")]
    custom: dict[str, Any] = {}
    parts = []
    if params.equalise_promotion:
        custom["equalise_promotion"] = params.equalise_promotion
        parts.append("equal promotion rates")
    if params.minority_recruitment_pct is not None:
        p = params.minority_recruitment_pct / 100
        custom["recruitment_mix"] = {"minority": p, "white": 1 - p}
        parts.append(f"{params.minority_recruitment_pct:g}% ethnic minority recruitment")
    if params.programme_per_year:
        custom["programmes"] = (markov.Programme("minority", params.programme_level,
                                                 float(params.programme_per_year)),)
        parts.append(f"programme moving {params.programme_per_year} a year up from "
                     f"{LEVEL_LABELS[params.programme_level].lower()}")
    if custom:
        out.append(markov.Scenario("Scenario: " + ", ".join(parts), **custom))
    return out


def projection_figures(earlier: WorkforceSnapshot, later: WorkforceSnapshot, scope: Scope,
                       params: ScenarioInput, universe: Scope = scopes.ENGLAND_SCOPE
                       ) -> Figures:
    """Projected shares from a Markov model; year 0 (the later snapshot itself) reads its
    counts from the pipeline publication of ``universe``, as the pipeline page does."""
    g_e = grouping(scope, Geography(earlier.as_of))
    g_l = grouping(scope, Geography(later.as_of))
    key = _cache_key("projection", universe.key, earlier.pk, earlier.content_hash, later.pk,
                     later.content_hash, scope.key, scope.kind, params.__dict__,
                     _orgs_signature(g_e), _orgs_signature(g_l))
    return _cached(key, lambda: _projection(earlier, later, scope, params, g_e, g_l,
                                            universe))


def _year_zero(later: WorkforceSnapshot, scope: Scope, universe: Scope):
    """The later snapshot's shown counts for ``scope``: level -> (headcount, known, minority
    share), all from the pipeline publication (the same cells the pipeline page shows)."""
    pub = publication(later, universe)
    node = node_of(scope, Geography(later.as_of))
    out = {}
    for level in (*SENIOR, ALL):
        white, minority = (pub.shown(node, level, f"ethnicity:{c}")
                           for c in ("white", "minority"))
        known: disclosure.Shown = (disclosure.SUPPRESSED if disclosure.SUPPRESSED in
                                   (white, minority) else int(white) + int(minority))
        out[level] = (pub.shown(node, level, published.TOTAL), known,
                      published.linked.share_of_shown(minority, [white, minority]))
    top = [pub.shown(node, lv, f"ethnicity:{c}") for lv in codes.TOP_LEVELS
           for c in ("white", "minority")]
    top_share = None
    if disclosure.SUPPRESSED not in top:
        top_share = published.linked.share_of_shown(int(top[1]) + int(top[3]),
                                                    [sum(int(v) for v in top)])
    return out, top_share


def _in_scope(record, g: Grouping) -> pl.LazyFrame:
    lf = pl.scan_parquet(_path(record))
    if g.orgs is not None:
        lf = lf.filter(pl.col("org_code").is_in(sorted(g.orgs)))
    return lf


def _projection(earlier, later, scope, params, g_e, g_l, universe) -> Figures:
    """The projection page: each scenario's top-level share year by year, as chart and table."""
    a, b = _projection_snapshots(earlier, later, scope, params, g_e, g_l)
    rates = markov.estimate_rates([a, b])
    results = markov.compare(rates, markov.counts_by_level(b), _scenarios(params), params.years)
    national = scope.is_national
    start = later.as_of.year
    figures = Figures(scope, later)
    gap = (later.as_of - earlier.as_of).days / 365.25
    if not 0.75 <= gap <= 1.25:
        figures.notes.append(f"The two snapshots are {gap:.1f} years apart; the model treats "
                             "the change between them as one year's.")
    series: dict[str, list[float | None]] = {}
    rows, doc = [], {}
    workforce_share = None
    # Year 0 is the later snapshot itself: below England its counts are the pipeline's.
    zero, zero_top = (None, None) if national else _year_zero(later, scope, universe)
    for result in results:
        counts = _yearly_counts(result.table, params.years)
        values = [zero_top if year == 0 and zero is not None
                  else _controlled_share(n[_TOP_INDEX].sum(axis=0), national)
                  for year, n in enumerate(counts)]
        if workforce_share is None:
            workforce_share = (zero[ALL][2] if zero is not None
                               else _controlled_share(counts[0].sum(axis=0), national))
        rows += _level_rows(result.scenario, counts, start, zero, national)
        series[result.scenario] = values
        shown_parity = None if any(v is None for v in values) else result.parity_year
        doc[result.scenario] = {
            "parity_year": None if shown_parity is None else start + shown_parity,
            "top_ethnic_minority_share": [None if v is None else round(v, 4) for v in values],
        }
        figures.summary.setdefault("parity", []).append(
            (result.scenario, None if shown_parity is None else start + shown_parity,
             all(v is not None for v in values)))
    figures.summary["workforce_pct"] = _pct(workforce_share)
    figures.charts.append(Chart(charts.projection_lines(
        series, title=f"Projected ethnic minority share at VSM and board, {scope.label}",
        desc="Projected ethnic minority share of VSM and board members for each year and "
             "scenario, against today's ethnic minority share of the whole workforce (yellow "
             "line). The same figures are in the table below.",
        target=workforce_share, target_label="Workforce today", start_year=start,
        x_title="Year", y_title="Ethnic minority share (%)"),
        "projection"))
    figures.tables.append(_projection_table(rows, national))
    figures.document = {scope.json_key: doc}
    return figures


def _projection_snapshots(earlier, later, scope, params, g_e, g_l):
    """The two snapshots' staff in scope, checked to be there and the years in range."""
    if (g_e.orgs is not None and not g_e.orgs) or (g_l.orgs is not None and not g_l.orgs):
        raise NoData(f"No organisations in {scope.label}")
    if not 1 <= params.years <= markov.MAX_YEARS:
        raise ValueError(f"years must be between 1 and {markov.MAX_YEARS}")
    a, b = _in_scope(earlier, g_e).collect(), _in_scope(later, g_l).collect()
    if a.height == 0 or b.height == 0:
        raise NoData(f"Both snapshots need staff in {scope.label} for a projection")
    return a, b


def _yearly_counts(tab: pl.DataFrame, years: int) -> list[np.ndarray]:
    """A scenario's projected headcount for each year, as a (level, group) matrix."""
    groups = markov.DEFAULT_GROUPS
    counts = []
    for year in range(years + 1):
        n = np.zeros((len(PROJECTION_LEVELS), len(groups)))
        for r in tab.filter(pl.col("year") == year).iter_rows(named=True):
            n[PROJECTION_LEVELS.index(r["level"]), groups.index(r["group"])] = r["headcount"]
        counts.append(n)
    return counts


def _level_rows(scenario: str, counts: list[np.ndarray], start: int, zero, national: bool
                ) -> list[dict[str, Any]]:
    """The table rows of one scenario: controlled headcount and share per year and level."""
    rows = []
    for year, n in enumerate(counts):
        for level in SHOWN_LEVELS:
            li = PROJECTION_LEVELS.index(level)
            known = n[li, 0] + n[li, 1]
            if year == 0 and zero is not None:
                headcount, known_shown, share = zero[level]
            else:
                headcount = disclosure.control_count(int(round(n[li].sum())), national=national)
                known_shown = disclosure.control_count(int(round(known)), national=national)
                share = _controlled_share(n[li], national)
            rows.append({
                "scenario": scenario, "year": start + year,
                "level": LEVEL_LABELS[level], "headcount": headcount,
                "known": known_shown, "pct": _pct(share),
            })
    return rows


def _projection_table(rows: list[dict[str, Any]], national: bool) -> Table:
    """The projected headcount and ethnic minority share at each level, year and scenario."""
    return Table(
        "projection", "Projected ethnic minority share at each level",
        [Column("scenario", "Scenario"), Column("year", "Year"), Column("level", "Level"),
         Column("headcount", "Projected headcount", "count"),
         Column("known", "Of whom ethnicity known", "count"),
         Column("pct", "Ethnic minority (%)", "pct")],
        rows,
        note=_below_england(
            "Expected values from a Markov model: each year people stay, move up one level or "
            "leave at the rates seen between the two snapshots, and join at the rate seen. ",
            national),
    )


def _controlled_share(row: Sequence[float], national: bool) -> float | None:
    """Ethnic minority share from projected (white, minority, unknown) headcounts."""
    white, minority = float(row[0]), float(row[1])
    known = white + minority
    if known <= 0:
        return None
    if national:
        return minority / known
    return disclosure.control_share(int(round(minority)), int(round(known)))

"""Display-ready values of a fairness funnel (`funnel.py`): one table and one SVG chart per
dimension, and the rows of its download. Shared by the programmes and talent pages."""

from __future__ import annotations

from dataclasses import dataclass

from .charts import representation_bars
from .funnel import NOT_CALCULABLE
from .funnel import Funnel


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(100 * value)}%"


def shown(count) -> str:
    return "not shown" if count is None else str(count)


def likelihood_text(ratio) -> str:
    if ratio is None:
        return ""
    if ratio.ratio is None:
        return NOT_CALCULABLE
    return f"{ratio.ratio:.2f}"


@dataclass(frozen=True)
class FunnelTable:
    key: str
    label: str
    groups: list[str]
    reference: str
    comparison: str
    rows: list[dict]
    withheld: bool
    chart: str


def funnel_tables(funnel: Funnel) -> list[FunnelTable]:
    """One table (and one chart of each group's share reaching each stage) per dimension."""
    tables = []
    for dim in funnel.dimensions:
        labels = dict(dim.groups)
        rows = []
        for stage in funnel.stages:
            figures = stage.groups[dim.key]
            rows.append({
                "stage": stage.stage.label, "total": shown(stage.total),
                "cells": [{"count": shown(g.count), "share": percent(g.share),
                           "rate": percent(g.rate)} for g in figures],
                "likelihood": likelihood_text(stage.likelihood[dim.key]),
            })
        bars = [(f"{stage.stage.label}: {g.label}", g.share)
                for stage in funnel.stages for g in stage.groups[dim.key][:2]]
        chart = representation_bars(
            bars, title=f"Share of each stage by {dim.label.lower()}",
            desc=f"For each stage, the share of its people in the {labels[dim.reference]} and "
                 f"{labels[dim.comparison]} groups; the table below has the same figures.",
            x_title="Share of the people at the stage (%)")
        tables.append(FunnelTable(dim.key, dim.label, [label for _, label in dim.groups],
                                  labels[dim.reference], labels[dim.comparison], rows,
                                  dim.key in funnel.withheld, chart))
    return tables


def csv_rows(funnel: Funnel) -> list[dict]:
    """The funnel's figures as rows of a file: every figure as shown on the page."""
    out = []
    for table in funnel_tables(funnel):
        for row in table.rows:
            for group, cell in zip(table.groups, row["cells"], strict=True):
                out.append({"dimension": table.label, "stage": row["stage"],
                            "stage total": row["total"], "group": group,
                            "count": cell["count"], "share of stage": cell["share"],
                            "reached from the stage before": cell["rate"],
                            f"relative likelihood ({table.reference} / {table.comparison})":
                                row["likelihood"]})
    return out

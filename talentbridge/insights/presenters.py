"""Display-ready values for the insights pages: figure tables as NHS table cells, import
statuses as tags, rejected rows as a paginated table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from markupsafe import Markup

from engine.insights import disclosure

from .figures import Chart
from .figures import Figures
from .figures import Table
from .models import ImportStatus

NOT_SHOWN = "not shown"


def cell_text(value: Any, kind: str) -> str:
    if value is None or value == "":
        return NOT_SHOWN if kind in ("count", "pct", "pp", "ratio") else ""
    if kind == "count":
        return disclosure.SUPPRESSED if value == disclosure.SUPPRESSED else f"{int(value):,}"
    if kind == "pct":
        return f"{float(value):.1f}%"
    if kind == "pp":
        return f"{float(value):+.1f}" if isinstance(value, float) else str(value)
    if kind == "ratio":
        return f"{float(value):.2f}"
    if kind == "flag":
        return "Yes" if value is True else ("No" if value is False else "")
    return str(value)


@dataclass
class PresentedTable:
    name: str
    caption: str
    headers: list[tuple[str, bool]]  # (label, numeric)
    rows: list[list[tuple[str, bool]]]
    note: str
    csv_href: str
    xlsx_href: str


def table(t: Table, export_query: dict[str, Any], export_page: str) -> PresentedTable:
    numeric = [c.kind not in ("text",) for c in t.columns]
    rows = []
    for row in t.rows:
        rows.append([(cell_text(row.get(c.key), c.kind), n)
                     for c, n in zip(t.columns, numeric, strict=True)])
    query = urlencode({"page": export_page, **{k: v for k, v in export_query.items()
                                                if v not in (None, "")}})
    return PresentedTable(
        name=t.name, caption=t.caption,
        headers=[(c.label, n) for c, n in zip(t.columns, numeric, strict=True)],
        rows=rows, note=t.note,
        csv_href=reverse("insights:export", args=[t.name, "csv"]) + "?" + query,
        xlsx_href=reverse("insights:export", args=[t.name, "xlsx"]) + "?" + query,
    )


def chart_markup(chart: Chart) -> Markup:
    """The engine's SVG (built from escaped text and numbers only) for inline use."""
    return Markup(chart.svg)  # noqa: S704 - the engine escapes every text it writes


def figures_context(figs: Figures, export_query: dict[str, Any], export_page: str) -> dict:
    tables = {t.name: table(t, export_query, export_page) for t in figs.tables}
    charts = [{"svg": chart_markup(c), "table": c.table} for c in figs.charts]
    return {"tables": tables, "charts": charts, "notes": figs.notes, "summary": figs.summary}


STATUS_TAGS = {
    ImportStatus.QUEUED: "nhsuk-tag--grey",
    ImportStatus.RUNNING: "nhsuk-tag--blue",
    ImportStatus.READY: "nhsuk-tag--green",
    ImportStatus.REJECTED: "nhsuk-tag--red",
    ImportStatus.FAILED: "nhsuk-tag--red",
    ImportStatus.DUPLICATE: "nhsuk-tag--yellow",
}


def status_tag(record) -> dict:
    return {"text": record.get_status_display(), "classes": STATUS_TAGS[record.status]}


FIELD_LABELS = {
    "(row)": "Whole row", "(file)": "File", "(header)": "Header row",
    "person_id": "Person ID", "org_code": "Organisation code", "band": "Band",
    "staff_group": "Staff group", "ethnic_category": "Ethnic category", "sex": "Sex",
    "disability": "Disability", "date_of_birth": "Date of birth", "fte": "FTE",
    "start_date": "Start date", "board": "Board member", "applicant_id": "Applicant ID",
    "shortlisted": "Shortlisted", "appointed": "Appointed",
    "entered_formal_process": "Entered formal process",
    "accessed_non_mandatory": "Accessed non-mandatory training",
}


def rejection_rows(items: list[dict]) -> list[dict]:
    return [{"line": r["line"] if r["line"] else "–",
             "field": FIELD_LABELS.get(r["field"], r["field"]),
             "value": r["value"], "reason": r["reason"][:1].upper() + r["reason"][1:]}
            for r in items]


def error_summary_items(items: list[dict], total: int, anchor: str = "#rejected-rows") -> list:
    """The first few rejected rows for the NHS error summary; the table has them all."""
    out = []
    for r in items[:5]:
        where = f"Line {r['line']}" if r["line"] else "The file"
        out.append({"text": f"{where}: {FIELD_LABELS.get(r['field'], r['field'])}: "
                            f"{r['reason']}", "href": anchor})
    if total > 5:
        out.append({"text": f"{total - 5} more problem(s): see the table of rejected rows",
                    "href": anchor})
    return out

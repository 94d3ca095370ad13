"""CSV and XLSX downloads of a succession chart or a system map, with real dates (a date
cell in Excel, ISO 8601 in CSV), audited as EXPORT. Successors are only those the exporter
may see; no protected characteristics."""

from __future__ import annotations

from django.utils.text import slugify

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import MAX_PEOPLE_IDS
from talentbridge.audit.services import record
from talentbridge.core.exports import FORMATS
from talentbridge.core.exports import check_format
from talentbridge.core.exports import table_bytes

from .models import VacancyReason
from .presenters import KIND_LABELS
from .presenters import READINESS_LABELS

NOTE = ("Exported from TalentBridge. Succession plans are OFFICIAL-SENSITIVE. Only successors "
        "the exporter may see are included; no protected characteristics.")



def _post_cells(view) -> dict:
    post = view.post
    return {
        "Organisation": post.organisation.display_name,
        "ODS code": post.organisation.ods_code,
        "Post": post.title,
        "Kind of post": KIND_LABELS[post.kind],
        "Incumbent": "" if post.is_vacant else post.incumbent.full_name,
        "Interim": "Yes" if post.interim else "No",
        "Started on": post.started_on,
        "Expected vacancy": post.expected_vacancy_on,
        "Reason": VacancyReason(post.vacancy_reason).label if post.vacancy_reason else "",
        "Vacancy risk": view.risk,
        "Covered": "Yes" if view.covered else "No",
        "Successors": view.successor_count,
    }


def chart_rows(views) -> list[dict]:
    """One row per successor you may see (a post without any gets one row of its own)."""
    rows = []
    for view in views:
        cells = _post_cells(view)
        blank = {"Successor": "", "Successor's organisation": "", "Readiness": "",
                 "Emergency cover": "", "Source": ""}
        if not view.successors:
            rows.append({**cells, **blank})
        for s in view.successors:
            rows.append({**cells, "Successor": s.person.full_name,
                         "Successor's organisation": s.person.organisation.display_name,
                         "Readiness": READINESS_LABELS[s.readiness],
                         "Emergency cover": "Yes" if s.emergency_cover else "No",
                         "Source": s.source})
    return rows


def export(user, target, views, fmt: str, stem: str, *, request=None,
           with_successors: bool = True) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of the posts, audited."""
    fmt = check_format(fmt)
    rows = chart_rows(views) if with_successors else [_post_cells(v) for v in views]
    content = table_bytes(rows, fmt, sheet_name="Succession", note=NOTE)
    people = sorted({s.person_id for v in views for s in v.successors})
    record(actor=user, action=AuditAction.EXPORT, target=target, request=request,
           detail={"format": fmt, "rows": len(rows), "people": people[:MAX_PEOPLE_IDS],
                   "people_count": len(people)})
    return f"{slugify(stem) or 'succession'}.{fmt}", FORMATS[fmt], content

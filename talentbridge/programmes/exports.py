"""The programme funnel as a CSV or XLSX file (every figure as the page shows it), audited."""

from __future__ import annotations

from django.utils.text import slugify

from engine.insights.export import to_csv_bytes
from engine.insights.export import to_xlsx_bytes
from engine.insights.funnel_tables import csv_rows
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.core.exports import FORMATS
from talentbridge.core.exports import Export
from talentbridge.core.exports import check_format

NOTE = ("Counts from 1 to 7 are shown as *, others rounded to the nearest 5; shares and rates "
        "come from the shown counts; no figure names a person.")


def funnel_export(user, programme, funnel, fmt: str, *, request=None) -> Export:
    fmt = check_format(fmt)
    rows = csv_rows(funnel)
    content = (to_csv_bytes(rows) if fmt == "csv"
               else to_xlsx_bytes(rows, sheet_name="Funnel", note=NOTE))
    record(actor=user, action=AuditAction.EXPORT, target=programme, request=request,
           detail={"what": "fairness funnel", "format": fmt, "rows": len(rows)})
    return Export(f"{slugify(programme.name) or 'programme'}-funnel.{fmt}", FORMATS[fmt],
                  content, len(rows))

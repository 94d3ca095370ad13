"""The programme funnel as a CSV or XLSX file (every figure as the page shows it), audited."""

from __future__ import annotations

from django.utils.text import slugify

from engine.insights.funnel_tables import csv_rows
from talentbridge.audit.exports import audited_export
from talentbridge.core.exports import Export

NOTE = ("Counts from 1 to 7 are shown as *, others rounded to the nearest 5; shares and rates "
        "come from the shown counts; no figure names a person.")


def funnel_export(user, programme, funnel, fmt: str, *, request=None) -> Export:
    return audited_export(user, programme, csv_rows(funnel), fmt,
                          f"{slugify(programme.name) or 'programme'}-funnel",
                          sheet_name="Funnel", note=NOTE, detail={"what": "fairness funnel"},
                          request=request)

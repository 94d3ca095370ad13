"""CSV and XLSX exports of FPPT records and of an organisation's annual submission, audited
as EXPORT. Dates are real dates (date cells in XLSX, ISO 8601 in CSV); no protected
characteristics. Writing the bytes (with formula-injection guarding) is
engine.insights.export's job."""

from __future__ import annotations

import datetime as dt

import polars as pl

from engine.insights.export import to_csv_bytes
from engine.insights.export import to_xlsx_bytes
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import MAX_PEOPLE_IDS
from talentbridge.audit.services import record
from talentbridge.core.exports import FORMATS
from talentbridge.core.exports import Export
from talentbridge.core.exports import check_format
from talentbridge.organisations.models import Organisation

from . import fppt
from .models import FpptCheck

NOTE = ("Exported from TalentBridge. FPPT records of named board members: handle as OFFICIAL-"
        "SENSITIVE. The evidence itself is kept locally; this gives only its references.")
RECORD_COLUMNS = ("Board member", "Board post", "Year", "Item", "Date completed", "Outcome",
                  "Evidence reference", "Checked by")
SUBMISSION_COLUMNS = ("Board member", "Board post", "Self-attestation", "Conclusion",
                      "Signed off on")




def _build(user, target, rows: list[dict], fmt: str, stem: str, columns, people, request
           ) -> Export:
    table = rows or pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    content = to_csv_bytes(table) if fmt == "csv" else to_xlsx_bytes(
        table, sheet_name="FPPT", note=NOTE)
    record(actor=user, action=AuditAction.EXPORT, target=target, request=request,
           detail={"format": fmt, "rows": len(rows), "people": sorted(people)[:MAX_PEOPLE_IDS],
                   "people_count": len(people)})
    return Export(f"{stem}.{fmt}", FORMATS[fmt], content, len(rows))


def _day(value: dt.date | None):
    return value  # a date cell in XLSX, ISO 8601 in CSV; None is an empty cell


def export_records(user, organisation: Organisation, year: int, fmt: str, *, request=None
                   ) -> Export:
    """Every check of every FPPT record of the organisation for the year."""
    fmt = check_format(fmt)
    found = list(fppt.records(user, organisation_id=organisation.pk, year=year, audit=False))
    if not found and not fppt.policy.can_read(user, fppt.standing_of(user), organisation.pk):
        raise fppt.RecordNotFound("No such FPPT records")
    checks = (FpptCheck.unscoped.filter(record__in=found)
              .select_related("record__person", "item", "checked_by")
              .order_by("record__post_title", "record_id", "item__position"))
    rows = [{
        "Board member": c.record.person.full_name, "Board post": c.record.post_title,
        "Year": c.record.year, "Item": c.item.name, "Date completed": _day(c.date_completed),
        "Outcome": c.get_outcome_display() if c.outcome else "",
        "Evidence reference": c.evidence_ref,
        "Checked by": c.checked_by.get_full_name() if c.checked_by_id else "",
    } for c in checks]
    return _build(user, organisation, rows, fmt, f"fppt-{organisation.ods_code}-{year}",
                  RECORD_COLUMNS, [r.person_id for r in found], request)


def export_submission(user, organisation: Organisation, year: int, fmt: str, *, request=None
                      ) -> Export:
    """The annual submission: the outcome for each board member (board readers), or the
    counts (regional talent leads)."""
    fmt = check_format(fmt)
    counts, members = fppt.submission(user, organisation, year=year, request=request)
    if members is None:
        rows = [{"Organisation": organisation.display_name, "ODS code": organisation.ods_code,
                 "Year": year, "Board members": counts.members, "Fit and proper": counts.fit,
                 "Not fit and proper": counts.not_fit, "Not yet signed off": counts.outstanding}]
        people: list[int] = []
    else:
        rows = [{"Board member": r.person.full_name, "Board post": r.post_title,
                 "Self-attestation": _day(r.attested_on),
                 "Conclusion": r.get_conclusion_display() if r.conclusion else
                 "Not yet signed off", "Signed off on": _day(r.signed_off_on)} for r in members]
        people = [r.person_id for r in members]
    return _build(user, organisation, rows, fmt,
                  f"fppt-submission-{organisation.ods_code}-{year}", SUBMISSION_COLUMNS, people,
                  request)

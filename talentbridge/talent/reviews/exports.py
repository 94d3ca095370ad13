"""CSV and XLSX exports of a talent review and of a talent pool, audited as EXPORT.

Rows are only of people the exporter may see (`Person.objects.visible_to`), and never carry
protected characteristics. Writing the bytes (with formula-injection guarding) is
engine.insights.export's job.
"""

from __future__ import annotations

import polars as pl
from django.core.exceptions import PermissionDenied
from django.utils.text import slugify

from engine.insights.export import to_csv_bytes
from engine.insights.export import to_xlsx_bytes
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import MAX_PEOPLE_IDS
from talentbridge.audit.services import record
from talentbridge.core.exports import FORMATS
from talentbridge.core.exports import Export
from talentbridge.core.exports import check_format
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models import TalentReview
from talentbridge.talent.reviews import policy
from talentbridge.talent.reviews.services import visible_placements

REVIEW_COLUMNS = ("Name", "Organisation", "Band or grade", "Cell", "Proposed cell", "Readiness",
                  "Rationale")
POOL_COLUMNS = ("Name", "Organisation", "Readiness", "Joined", "Membership review date")
NOTE = ("Exported from TalentBridge. Contains person-level talent data: handle as OFFICIAL-"
        "SENSITIVE. Only people the exporter may see are included; no protected characteristics.")




def review_rows(user, review: TalentReview) -> list[dict]:
    return [
        {
            "Name": p.person.full_name,
            "Organisation": p.person.organisation.display_name,
            "Band or grade": p.person.get_pay_band_display(),
            "Cell": p.cell.label,
            "Proposed cell": p.proposed_cell.label,
            "Readiness": p.readiness.label if p.readiness_id else "",
            "Rationale": p.rationale,
        }
        for p in visible_placements(user, review)
    ]


def pool_rows(user, pool: TalentPool) -> list[dict]:
    memberships = (PoolMembership.objects.visible_to(user)
                   .filter(pool=pool, exited_on__isnull=True)
                   .select_related("person__organisation", "person__talent__readiness")
                   .order_by("person__family_name", "person__given_name", "pk"))
    rows = []
    for m in memberships:
        talent = getattr(m.person, "talent", None)
        rows.append({
            "Name": m.person.full_name,
            "Organisation": m.person.organisation.display_name,
            "Readiness": talent.readiness.label if talent and talent.readiness_id else "",
            "Joined": m.joined_on,
            "Membership review date": m.review_on,
        })
    return rows


def _build(user, target, rows: list[dict], fmt: str, stem: str, request,
           columns: tuple[str, ...], people: list[int]) -> Export:
    table = rows or pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    if fmt == "csv":
        content = to_csv_bytes(table)
    else:
        content = to_xlsx_bytes(table, sheet_name="Export", note=NOTE)
    record(actor=user, action=AuditAction.EXPORT, target=target, request=request,
           # capped: the audit event names the first MAX_PEOPLE_IDS people and counts them all
           detail={"format": fmt, "rows": len(rows), "people": sorted(people)[:MAX_PEOPLE_IDS],
                   "people_count": len(people)})
    return Export(f"{slugify(stem) or 'export'}.{fmt}", FORMATS[fmt], content, len(rows))


def export_review(user, review: TalentReview, fmt: str, *, request=None) -> Export:
    fmt = check_format(fmt)
    if not policy.can_export_review(user, review):
        raise PermissionDenied("Only the review's talent leads may export it.")
    people = list(visible_placements(user, review).values_list("person_id", flat=True))
    return _build(user, review, review_rows(user, review), fmt,
                  f"talent-review-{review.pk}-{review.name}", request, REVIEW_COLUMNS, people)


def export_pool(user, pool: TalentPool, fmt: str, *, request=None) -> Export:
    fmt = check_format(fmt)
    if not policy.can_export_pool(user, pool):
        raise PermissionDenied("Only the pool's managers may export its members.")
    people = list(PoolMembership.objects.visible_to(user)
                  .filter(pool=pool, exited_on__isnull=True).values_list("person_id", flat=True))
    return _build(user, pool, pool_rows(user, pool), fmt, f"talent-pool-{pool.pk}-{pool.name}",
                  request, POOL_COLUMNS, people)

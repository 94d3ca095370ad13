"""Display-ready values for the data rights pages."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from talentbridge.core.forms import nhs_date
from talentbridge.core.jinja_helpers import nhs_datetime

from . import corrections
from .models import CorrectionRequest
from .models import CorrectionStatus

TAG_COLOURS = {
    CorrectionStatus.OPEN: "nhsuk-tag--blue", CorrectionStatus.IN_PROGRESS: "nhsuk-tag--yellow",
    CorrectionStatus.DONE: "nhsuk-tag--green", CorrectionStatus.REFUSED: "nhsuk-tag--grey",
}


def status_tag(correction: CorrectionRequest) -> dict:
    return {"text": correction.get_status_display(),
            "classes": TAG_COLOURS.get(correction.status, "")}


def correction_rows(items: Iterable[CorrectionRequest], *, with_person: bool = False
                    ) -> list[dict]:
    rows = []
    for c in items:
        rows.append({
            "href": reverse("data_rights:correction", args=[c.pk]),
            "what": corrections.area_text(c) if with_person else c.get_area_display(),
            "person": c.person.full_name if with_person else "",
            "organisation": c.organisation.display_name if c.organisation_id else "",
            "asked": nhs_date(c.created_at.date()),
            "due": nhs_date(c.due_on),
            "overdue": corrections.is_overdue(c),
            "status": status_tag(c),
        })
    return rows


def correction_summary(c: CorrectionRequest) -> list[dict]:
    rows = [
        ("Person", c.person.full_name),
        ("What is wrong", corrections.area_text(c)),
        ("What it says now", c.current_value or "Not given"),
        ("What it should say", c.requested_correction),
        ("Asked on", nhs_date(c.created_at.date())),
        ("Due by", nhs_date(c.due_on) + (" (overdue)" if corrections.is_overdue(c) else "")),
        ("Dealt with by", f"Organisation administrators of {c.organisation.display_name}"
         if c.organisation_id else "Administrators"),
        ("Status", c.get_status_display()),
    ]
    if c.response:
        rows.append(("Response", c.response))
    if c.resolved_at:
        rows.append(("Resolved on", nhs_date(c.resolved_at.date())))
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def view_table_rows(rows) -> list[dict]:
    """Rows of who looked at my record, for the page."""
    return [{"when": nhs_datetime(r.occurred_at), "roles": r.roles, "name": r.name,
             "what": r.what, "how": r.channel} for r in rows]

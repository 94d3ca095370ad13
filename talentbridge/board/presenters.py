"""Display-ready values for the board pages: rows for the NHS tables and summary lists."""

from __future__ import annotations

from django.urls import reverse

from talentbridge.core.forms import nhs_date

from .models import BoardReference
from .models import FpptCheck
from .models import FpptRecord
from .references import section_labels


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def conclusion_text(fppt: FpptRecord) -> str:
    return fppt.get_conclusion_display() if fppt.conclusion else "Not yet signed off"


def record_rows(records) -> list[dict]:
    return [{
        "href": reverse("board:record", args=[r.pk]), "name": r.person.full_name,
        "post": r.post_title, "year": r.year, "due": nhs_date(r.due_on),
        "attested": nhs_date(r.attested_on) or "Not yet",
        "conclusion": conclusion_text(r),
        "left": nhs_date(r.left_board_on),
    } for r in records]


def my_rows(mine) -> list[dict]:
    """The signed-in member's own records, for their attestation."""
    return [{"href": reverse("board:attest", args=[r.pk]), "year": r.year,
             "organisation": r.organisation.display_name,
             "attested": nhs_date(r.attested_on) or "Not yet"} for r in mine]


def record_summary(fppt: FpptRecord) -> list[dict]:
    rows = [
        ("Board member", fppt.person.full_name),
        ("Board post", fppt.post_title),
        ("Organisation", fppt.organisation.display_name),
        ("Year", str(fppt.year)),
        ("Checks due by", nhs_date(fppt.due_on)),
        ("Self-attestation", nhs_date(fppt.attested_on) or "Not yet made"),
        ("Overall conclusion", conclusion_text(fppt)),
    ]
    if fppt.is_signed_off:
        rows.append(("Signed off", f"{nhs_date(fppt.signed_off_on)} by "
                                   f"{_user_name(fppt.signed_off_by)}"))
    if fppt.left_board_on:
        rows.append(("Left the board", nhs_date(fppt.left_board_on)))
    summary = [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]
    if fppt.lcf_round_id:
        summary.append({"key": {"text": "LCF self-assessment"}, "value": {"html": (
            f'<a href="{reverse("talent:assessment", args=[fppt.lcf_round_id])}">'
            f"Assessment opened on {nhs_date(fppt.lcf_round.opened_on)}</a>")}})
    return summary


def check_rows(checks: list[FpptCheck], *, may_edit: bool) -> list[dict]:
    return [{
        "name": c.item.name, "date": nhs_date(c.date_completed) or "Not done",
        "outcome": c.get_outcome_display() if c.outcome else "",
        "evidence": c.evidence_ref, "checked_by": _user_name(c.checked_by),
        "href": reverse("board:check", args=[c.pk])
        if may_edit and c.item.code != "chair-conclusion" else "",
    } for c in checks]


def submission_rows(records: list[FpptRecord]) -> list[dict]:
    return [{"name": r.person.full_name, "post": r.post_title,
             "conclusion": conclusion_text(r), "signed_off": nhs_date(r.signed_off_on),
             "href": reverse("board:record", args=[r.pk])} for r in records]


def reference_rows(found) -> list[dict]:
    return [{"href": reverse("board:reference", args=[r.pk]), "name": r.person.full_name,
             "post": r.post_title, "organisation": r.organisation.display_name,
             "left": nhs_date(r.left_on), "status": r.get_status_display()} for r in found]


def reference_sections(reference: BoardReference) -> list[dict]:
    rows = [{"key": {"text": label}, "value": {"text": getattr(reference, name) or "None"}}
            for name, label in section_labels()]
    rows.append({"key": {"text": "Referee declaration"}, "value": {"text": (
        f"Made by {_user_name(reference.completed_by)} on {nhs_date(reference.completed_on)}"
        if reference.referee_declaration else "Not yet made")}})
    return rows


def request_rows(found) -> list[dict]:
    rows = []
    for r in found:
        ref: BoardReference = r.reference
        rows.append({"pk": r.pk, "href": reverse("board:reference", args=[ref.pk]),
                     "name": ref.person.full_name, "holder": ref.organisation.display_name,
                     "requester": r.requesting_organisation.display_name,
                     "requested": nhs_date(r.requested_at.date()),
                     "status": r.get_status_display(),
                     "open": r.status == "requested"})
    return rows


"""Display-ready values for the mentoring pages."""

from __future__ import annotations

from talentbridge.core.forms import nhs_date
from talentbridge.organisations.models import OrganisationKind
from talentbridge.talent.frameworks import LCF_SHORT_NAMES
from talentbridge.talent.frameworks import LcfDomain


def domain_names(values) -> str:
    return ", ".join(LCF_SHORT_NAMES.get(LcfDomain(v), str(v)) for v in values) or "None chosen"


def kind_names(values) -> str:
    return ", ".join(OrganisationKind(v).label for v in values) or "Any"


def relationship_row(relationship, my_side: str) -> dict:
    """One relationship as a list shows it; ``my_side`` is "mentee", "mentor" or ""."""
    mentor, mentee = relationship.mentor, relationship.mentee
    return {
        "pk": relationship.pk,
        "kind": relationship.get_kind_display(),
        "mentor": f"{mentor.full_name}, {mentor.organisation.display_name}",
        "mentee": f"{mentee.full_name}, {mentee.organisation.display_name}",
        "other": (f"{mentor.full_name}, {mentor.job_title}, {mentor.organisation.display_name}"
                  if my_side == "mentee" else
                  f"{mentee.full_name}, {mentee.job_title}, {mentee.organisation.display_name}"),
        "started": nhs_date(relationship.started_on),
        "ended": nhs_date(relationship.ended_on) if relationship.ended_on else "",
        "across": mentor.organisation_id != mentee.organisation_id,
    }


def blocking(summary: dict) -> list[str]:
    """The optimal method's blocking pairs, as "request 3 and offer 5"."""
    return [f"Request {m[1:]} and offer {o[1:]}"
            for m, o in summary.get("blocking_pairs_of_optimal", [])]

"""Display-ready values of the support pages."""

from __future__ import annotations

from markupsafe import Markup

from engine.support.chart import agreement_chart
from engine.support.warnings import KIND_LABELS
from engine.support.warnings import long_date

from .models import Agreement
from .models import CommitmentStatus
from .models import OfferKind
from .models import OfferStatus
from .models import Pressure

PRESSURE_LABELS = dict(Pressure.choices)
OFFER_LABELS = dict(OfferKind.choices)
STATUS_LABELS = dict(OfferStatus.choices)
COMMITMENT_STATUS_LABELS = dict(CommitmentStatus.choices)
AGREEMENT_LABELS = Agreement.choices
AGREEMENT_HEADINGS = ("Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree")


def day(value) -> str:
    return long_date(value) if value else "Not recorded"


def warning_row(warning, names: dict[int, str]) -> dict:
    return {"label": KIND_LABELS[warning.kind], "kind": warning.kind,
            "organisation": names.get(warning.organisation_id, ""),
            "since": long_date(warning.since), "explanation": warning.explanation,
            "person_id": warning.person_id}


def check_in_row(check_in) -> dict:
    return {"held_on": long_date(check_in.held_on),
            "pressure": PRESSURE_LABELS[check_in.pressure], "high": check_in.pressure >= 4,
            "support_wanted": check_in.support_wanted or "None recorded",
            "notes": check_in.notes or "No notes written"}


def offer_row(offer) -> dict:
    return {"pk": offer.pk, "kind": OFFER_LABELS[offer.kind],
            "offered_on": long_date(offer.offered_on), "status": STATUS_LABELS[offer.status],
            "pending": offer.status == OfferStatus.PENDING,
            "answered_on": day(offer.answered_on) if offer.answered_on else "",
            "details": offer.details}


def shown(value) -> str:
    return str(value)


def figures_row(figures) -> dict:
    commitment = figures.commitment
    return {
        "pk": commitment.pk, "title": commitment.title, "owner": commitment.owner,
        "for": commitment.region.name if commitment.region else "England",
        "measure": commitment.measure, "due_on": long_date(commitment.due_on),
        "status": COMMITMENT_STATUS_LABELS[commitment.status],
        "evidence": commitment.evidence,
        "reported": figures.reported,
        "responses": shown(figures.responses) if figures.reported else "Not reported",
        "by_answer": [shown(v) for v in figures.by_answer],
        "agree": (f"{round(100 * figures.agree_share)}%" if figures.agree_share is not None
                  else ("Not shown" if figures.reported else "Not reported")),
    }


def chart(rows: list[dict], figures, title: str) -> Markup:
    return Markup(agreement_chart(  # noqa: S704 - the engine escapes every text it writes
        [(f.commitment.title, f.agree_share) for f in figures], title, "compact-chart"))

"""Turn assessment rounds and summaries into display-ready values. The others' column says
only what assessment_services publishes: nothing while the round is open (not even how many
answered), then one scale point per domain or "not enough answers"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from talentbridge.core.forms import nhs_date
from talentbridge.talent.conversations import assessment_services as services
from talentbridge.talent.frameworks import LcfFrequency
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models.assessments import MIN_RATERS_FOR_RESULT
from talentbridge.talent.models.assessments import RoundStatus

FREQUENCY_LABELS = dict(LcfFrequency.choices)
AFTER_CLOSE = "Shown after the assessment closes"
NOT_ENOUGH = "Not enough answers"


@dataclass(frozen=True)
class RoundRow:
    href: str
    opened_on: str
    closes_on: str
    status: str
    raters: str


def round_status(r: AssessmentRound, is_open: bool) -> str:
    if is_open:
        return "Open"
    return "Closed" if r.status == RoundStatus.CLOSED else "Past its closing date"


def raters_text(r: AssessmentRound) -> str:
    """What may be said about the raters: how many were invited while open; afterwards how
    many answered, only when a result is published."""
    invited = getattr(r, "invited", 0)
    if not services.is_released(r):
        return (f"{invited} invited; others' answers are shown after the assessment closes")
    answered = services.published_answers(r)
    if answered is None:
        return (f"{NOT_ENOUGH}: fewer than {MIN_RATERS_FOR_RESULT} colleagues answered, so no "
                "result from others")
    return f"Result from {answered} colleagues"


def round_rows(rounds: Iterable[AssessmentRound]) -> list[RoundRow]:
    return [
        RoundRow(
            href=reverse("talent:assessment", args=[r.pk]),
            opened_on=nhs_date(r.opened_on), closes_on=nhs_date(r.closes_on),
            status=round_status(r, services.is_open(r)),
            raters=raters_text(r),
        )
        for r in rounds
    ]


def _gap(value: int | None) -> str:
    return "–" if value is None else f"{value:+d}"


@dataclass(frozen=True)
class DomainRow:
    domain: str
    self_answer: str
    manager_answer: str
    others: str
    self_minus_others: str
    self_minus_manager: str
    strength: bool


def _answer(code: str | None, score: int | None) -> str:
    if not code:
        return "Not answered"
    label = FREQUENCY_LABELS[code]
    return f"{label} ({score})" if score is not None else label


def _others(r: services.DomainResult) -> str:
    if r.others == services.Others.AFTER_CLOSE:
        return AFTER_CLOSE
    if r.others == services.Others.NOT_ENOUGH:
        return NOT_ENOUGH
    return f"{r.others_label} ({r.others_band})"


def summary_rows(results: Iterable[services.DomainResult]) -> list[DomainRow]:
    return [
        DomainRow(
            domain=f"{r.domain}. {r.name}",
            self_answer=_answer(r.self_answer, r.self_score),
            manager_answer=_answer(r.manager_answer, r.manager_score),
            others=_others(r),
            self_minus_others=_gap(r.self_minus_others),
            self_minus_manager=_gap(r.self_minus_manager),
            strength=r.is_strength,
        )
        for r in results
    ]

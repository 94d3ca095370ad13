"""/api/v1/support: early warnings, check-ins and support offers of a leader, the leadership
compact's commitments and figures, and a leader's pulse answers.

The same services and policy as the pages. A check-in for someone outside the caller's region,
dated in the future, or a pulse answer outside 1 to 5 is refused (400) with a message naming
the field and the value, and nothing changes.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import remember_input
from talentbridge.core.api import text

from . import compact
from . import services
from . import warnings

router = Router()


class WarningOut(Schema):
    kind: str
    label: str
    person_id: int | None
    organisation_id: int | None
    since: dt.date
    explanation: str


class ForcedOutOut(Schema):
    area: str
    count: int | str


class WarningsOut(Schema):
    warnings: list[WarningOut]
    forced_out_since: str
    forced_out: list[ForcedOutOut]


class CheckInIn(InputSchema):
    held_on: dt.date
    pressure: int
    support_wanted: text(max_length=4000) = ""
    notes: text(max_length=8000) = ""


class CheckInOut(Schema):
    id: int
    person_id: int
    held_on: dt.date
    pressure: int
    support_wanted: str
    notes: str


class SupportOfferIn(InputSchema):
    kind: str
    offered_on: dt.date
    status: str = "pending"
    answered_on: dt.date | None = None
    details: text(max_length=2000) = ""


class SupportOfferOut(Schema):
    id: int
    person_id: int
    kind: str
    offered_on: dt.date
    status: str
    answered_on: dt.date | None


class PulseAnswerIn(InputSchema):
    status: str


class SupportOut(Schema):
    person_id: int
    check_ins: list[CheckInOut]
    offers: list[SupportOfferOut]


class CompactFiguresOut(Schema):
    commitment_id: int
    title: str
    owner: str
    region: str | None
    status: str
    due_on: dt.date
    reported: bool
    responses: int | str
    by_answer: list[int | str]
    agree_share: float | None


class PulseIn(InputSchema):
    answers: dict[int, int | str]


class PulseOut(Schema):
    round_id: int
    answers: dict[int, int]


def _check_in(c) -> dict:
    return {"id": c.pk, "person_id": c.leader_id, "held_on": c.held_on, "pressure": c.pressure,
            "support_wanted": c.support_wanted, "notes": c.notes}


def _offer(o) -> dict:
    return {"id": o.pk, "person_id": o.leader_id, "kind": o.kind, "offered_on": o.offered_on,
            "status": o.status, "answered_on": o.answered_on}


@router.get("/warnings", response={200: WarningsOut, **ERRORS}, summary="Early warnings")
def early_warnings(request):
    """Regional leads: their region; national leads: England. Worked out now."""
    found = warnings.warnings_for(request.auth, request=request)
    since, counts = warnings.forced_out_counts(request.auth)
    return {"warnings": [{**w.__dict__, "label": w.label} for w in found],
            "forced_out_since": since,
            "forced_out": [{"area": r.area, "count": r.shown} for r in counts]}


@router.get("/leaders/{id}", response={200: SupportOut, **ERRORS},
            summary="A leader's check-ins and offers")
def leader_support(request, id: Id):
    """The leader themselves and their regional lead only."""
    person = services.leader_for_viewing(request.auth, id)
    check_ins = list(services.check_ins_of(request.auth, person, request=request))
    return {"person_id": person.pk, "check_ins": [_check_in(c) for c in check_ins],
            "offers": [_offer(o) for o in services.offers_of(request.auth, person)]}


def _record_for_leader(request, id: int, payload, record, shape) -> Status:
    """Record something about board leader ``id`` through the service ``record`` with the
    payload's fields (the input remembered with the leader's id): 201 with ``shape`` of it."""
    person = services.board_leader(id)
    remember_input(request, {**payload.model_dump(mode="json"), "leader": id})
    made = record(request.auth, person, request=request, **payload.model_dump())
    return Status(201, shape(made))


@router.post("/leaders/{id}/check-ins", response={201: CheckInOut, **ERRORS},
             summary="Record a check-in")
def record_check_in(request, id: Id, payload: CheckInIn):
    return _record_for_leader(request, id, payload, services.record_check_in, _check_in)


@router.post("/leaders/{id}/offers", response={201: SupportOfferOut, **ERRORS},
             summary="Offer support")
def offer_support(request, id: Id, payload: SupportOfferIn):
    return _record_for_leader(request, id, payload, services.offer_support, _offer)


@router.put("/offers/{id}/answer", response={200: SupportOfferOut, **ERRORS},
            summary="Take up or decline an offer")
def answer_offer(request, id: Id, payload: PulseAnswerIn):
    offer = services.get_offer(request.auth, id)
    remember_input(request, payload.model_dump())
    return _offer(services.answer_offer(request.auth, offer, status=payload.status,
                                        request=request))


@router.get("/compact", response={200: list[CompactFiguresOut], **ERRORS},
            summary="The compact against what leaders report")
def compact_figures(request, round: int | None = None):
    """Each commitment with the chosen round's figures (the latest by default): fewer than
    11 responses not reported, counts 1 to 7 as "*", others to the nearest 5."""
    rounds = list(compact.rounds())
    pulse = next((r for r in rounds if r.pk == round), None) if round else (
        rounds[0] if rounds else None)
    if pulse is None:
        compact.commitments(request.auth)  # refuses those who may not see the compact
        if round:
            raise Http404(f"There is no pulse round {round}.")
        return []
    return [{"commitment_id": f.commitment.pk, "title": f.commitment.title,
             "owner": f.commitment.owner,
             "region": f.commitment.region.name if f.commitment.region else None,
             "status": f.commitment.status, "due_on": f.commitment.due_on,
             "reported": f.reported, "responses": f.responses,
             "by_answer": list(f.by_answer), "agree_share": f.agree_share}
            for f in compact.figures(request.auth, pulse)]


@router.get("/pulse/mine", response={200: PulseOut, **ERRORS},
            summary="My answers in the open round")
def my_pulse(request):
    compact.me(request.auth)
    current = compact.open_round_on()
    if current is None:
        raise Http404("No pulse round is open.")
    return {"round_id": current.pk, "answers": compact.my_answers(request.auth, current)}


@router.post("/pulse", response={201: PulseOut, **ERRORS}, summary="Answer the open pulse")
def answer_pulse(request, payload: PulseIn):
    """One answer (1 to 5) for every commitment asked of you, all or none; once per round."""
    current = compact.open_round_on()
    if current is None:
        raise ValidationError({"round": "No pulse round is open"})
    remember_input(request, {f"commitment_{k}": v for k, v in payload.answers.items()})
    made = compact.answer_pulse(request.auth, current, payload.answers, request=request)
    return Status(201, {"round_id": current.pk,
                        "answers": {a.commitment_id: a.agreement for a in made}})

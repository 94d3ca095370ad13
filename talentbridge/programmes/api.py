"""/api/v1/programmes: the programmes a programme manager runs, a cohort's applications with
the panel's totals, applying, nominating, scoring, deciding, attendance, outcomes, feedback,
a leader's own applications and a programme's fairness funnel.

The same services and policy as the pages; refusals are 403/404, bad input 422 or 400 naming
the field and the value, with nothing changed."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import prefetch_related_objects
from ninja import Field
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import remember_input
from talentbridge.core.api import text

from . import services
from .codes import AttendanceStatus
from .funnel import programme_funnel

router = Router()

Statement = text(min_length=1, max_length=4000)


class ProgrammeOut(Schema):
    id: int
    name: str
    scope_level: str
    eligibility: str
    cohorts: list[dict]


class ProgrammeApplicationOut(Schema):
    id: int
    cohort_id: int
    person_id: int
    route: str
    decision: str
    outcome: str
    panel_total: int | None = Field(None, description=(
        "The sum of every score the cohort's panel gave this application; null when unscored, "
        "and outside a cohort's list of applications."))
    panel_mean: float | None = Field(None, description=(
        "The mean of those scores (1 to 5, two decimal places); null when panel_total is."))


class ProgrammeMyApplicationOut(Schema):
    id: int
    programme: str
    cohort: str
    route: str
    decision: str
    place: str


class ProgrammeApplyIn(InputSchema):
    statement: Statement


class ProgrammeNominateIn(InputSchema):
    person_id: Id
    statement: Statement


class ProgrammeScoresIn(InputSchema):
    scores: dict[int, int]


class ProgrammeDecisionIn(InputSchema):
    decision: Literal["selected", "reserve", "not_selected"]


class ProgrammeAttendanceIn(InputSchema):
    marks: dict[int, Literal[tuple(AttendanceStatus.values)]]


class ProgrammeOutcomeIn(InputSchema):
    outcome: Literal["completed", "withdrawn"]
    on: dt.date


class ProgrammeFeedbackIn(InputSchema):
    rating: int
    comments: text(max_length=4000) = ""


class ProgrammeFunnelRowOut(Schema):
    dimension: str
    stage: str
    total: int | str
    groups: list[str]
    counts: list[int | str | None]
    shares: list[float | None]
    rates: list[float | None]
    relative_likelihood: float | None
    not_calculable: bool


def _application_out(a, total=None, mean=None) -> dict:
    return {"id": a.pk, "cohort_id": a.cohort_id, "person_id": a.person_id, "route": a.route,
            "decision": a.decision, "outcome": a.outcome, "panel_total": total,
            "panel_mean": mean}


@router.get("", response={200: list[ProgrammeOut], **ERRORS}, summary="Programmes you run")
def list_programmes(request):
    programmes = services.managed_programmes(request.auth)
    prefetch_related_objects(programmes, "cohorts")  # every programme's cohorts in one query
    return [{"id": p.pk, "name": p.name, "scope_level": p.scope_level,
             "eligibility": p.eligibility,
             "cohorts": [{"id": c.pk, "name": c.name, "status": c.status, "places": c.places}
                         for c in p.cohorts.all()]}
            for p in programmes]


@router.get("/cohorts/{id}/applications", response={200: list[ProgrammeApplicationOut], **ERRORS},
            summary="A cohort's applications with the panel's totals")
def cohort_applications(request, id: Id):
    cohort = services.get_cohort(request.auth, id)
    return [_application_out(r.application, r.total, r.mean)
            for r in services.applications_of(request.auth, cohort, request=request)]


@router.post("/cohorts/{id}/applications", response={201: ProgrammeApplicationOut, **ERRORS},
             summary="Apply to a cohort")
def apply(request, id: Id, payload: ProgrammeApplyIn):
    remember_input(request, payload.model_dump())
    cohort = services.Cohort.objects.select_related("programme").filter(pk=id).first()
    if cohort is None:
        raise services.Http404("No such cohort")
    return Status(201, _application_out(services.apply(
        request.auth, cohort, statement=payload.statement, request=request)))


@router.post("/cohorts/{id}/nominations", response={201: ProgrammeApplicationOut, **ERRORS},
             summary="Nominate someone you may see")
def nominate(request, id: Id, payload: ProgrammeNominateIn):
    remember_input(request, {**payload.model_dump(), "person": payload.person_id})
    cohort = services.Cohort.objects.select_related("programme").filter(pk=id).first()
    if cohort is None:
        raise services.Http404("No such cohort")
    return Status(201, _application_out(services.nominate(
        request.auth, cohort, person_id=payload.person_id, statement=payload.statement,
        request=request)))


@router.put("/applications/{id}/scores", response={200: ProgrammeApplicationOut, **ERRORS},
            summary="Your scores (1 to 5) for each criterion")
def score(request, id: Id, payload: ProgrammeScoresIn):
    remember_input(request, {f"criterion_{k}": v for k, v in payload.scores.items()})
    application = services.get_application(request.auth, id)
    services.score(request.auth, application, payload.scores, request=request)
    return _application_out(application)


@router.put("/applications/{id}/decision", response={200: ProgrammeApplicationOut, **ERRORS},
            summary="Selected, reserve or not selected")
def decide(request, id: Id, payload: ProgrammeDecisionIn):
    remember_input(request, payload.model_dump())
    application = services.get_application(request.auth, id)
    return _application_out(services.decide(request.auth, application,
                                            decision=payload.decision, request=request))


@router.put("/sessions/{id}/attendance", response={200: dict, **ERRORS},
            summary="Attendance at a session (places on the cohort only)")
def attendance(request, id: Id, payload: ProgrammeAttendanceIn):
    remember_input(request, {f"place_{k}": v for k, v in payload.marks.items()})
    session = services.get_session(request.auth, id)
    return {"recorded": services.record_attendance(request.auth, session, payload.marks,
                                                   request=request)}


@router.put("/applications/{id}/outcome", response={200: ProgrammeApplicationOut, **ERRORS},
            summary="Completed or withdrawn")
def outcome(request, id: Id, payload: ProgrammeOutcomeIn):
    remember_input(request, payload.model_dump())
    place = services.get_application(request.auth, id)
    return _application_out(services.set_outcome(request.auth, place, outcome=payload.outcome,
                                                 on=payload.on, request=request))


@router.post("/applications/{id}/feedback", response={201: dict, **ERRORS},
             summary="Your feedback at the end of your place")
def feedback(request, id: Id, payload: ProgrammeFeedbackIn):
    remember_input(request, payload.model_dump())
    place = services.get_application(request.auth, id)
    services.give_feedback(request.auth, place, rating=payload.rating,
                           comments=payload.comments, request=request)
    return Status(201, {"given": True})


@router.get("/me/applications", response={200: list[ProgrammeMyApplicationOut], **ERRORS},
            summary="Your applications and places")
def my_applications(request):
    return [{"id": a.pk, "programme": a.cohort.programme.name, "cohort": a.cohort.name,
             "route": a.route, "decision": a.decision,
             "place": a.get_outcome_display() if a.is_place else ""}
            for a in services.my_applications(request.auth, request=request)]


@router.get("/{id}/funnel", response={200: list[ProgrammeFunnelRowOut], **ERRORS},
            summary="A programme's fairness funnel (disclosure-controlled)")
def funnel(request, id: Id):
    programme = services.get_programme(request.auth, id, for_funnel=True)
    figures = programme_funnel(request.auth, programme, request=request)
    rows = []
    for dim in figures.dimensions:
        for stage in figures.stages:
            ratio = stage.likelihood[dim.key]
            groups = stage.groups[dim.key]
            rows.append({"dimension": dim.label, "stage": stage.stage.label,
                         "total": stage.total, "groups": [g.label for g in groups],
                         "counts": [g.count for g in groups],
                         "shares": [g.share for g in groups],
                         "rates": [g.rate for g in groups],
                         "relative_likelihood": ratio.ratio if ratio else None,
                         "not_calculable": bool(ratio and ratio.ratio is None)})
    return rows

"""/api/v1/mentoring: a leader's offer, requests and relationships (with goals, meetings and
end reviews), and a programme manager's requests, offers, matching runs and relationships in
scope. The same services and policy as the pages; refusals name the field and the value (400),
and nothing changes."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.audit.services import record_read
from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import PageOut
from talentbridge.core.api import Paging
from talentbridge.core.api import call_service
from talentbridge.core.api import page
from talentbridge.core.api import remember_input
from talentbridge.core.api import text

from . import matching
from . import scopes
from . import services
from .codes import GoalsMet
from .codes import MatchMethod
from .codes import SupportKind

router = Router()

Kind = Literal[tuple(SupportKind.values)]


class MentoringOfferIn(InputSchema):
    as_mentor: bool = True
    as_coach: bool = False
    capacity: int
    lcf_domains: list[int]
    organisation_kinds: list[str] = []
    across_organisations: bool = True
    active: bool = True


class MentoringOfferOut(Schema):
    id: int
    person_id: int
    as_mentor: bool
    as_coach: bool
    capacity: int
    lcf_domains: list[int]
    organisation_kinds: list[str]
    across_organisations: bool
    active: bool


class MentoringRequestIn(InputSchema):
    kind: Kind = "mentor"
    needs: list[int]
    organisation_kinds: list[str] = []
    wants_outside: bool = True
    preferences: text(max_length=2000) = ""


class MentoringRequestOut(Schema):
    id: int
    person_id: int
    kind: str
    needs: list[int]
    organisation_kinds: list[str]
    wants_outside: bool
    preferences: str
    status: str


class RequestPage(PageOut):
    items: list[MentoringRequestOut]


class OfferPage(PageOut):
    items: list[MentoringOfferOut]


class ScopePaging(Paging):
    scope: text(min_length=1, max_length=10)


class RelationshipOut(Schema):
    id: int
    mentor_id: int
    mentee_id: int
    kind: str
    started_on: dt.date
    ended_on: dt.date | None


class RelationshipPage(PageOut):
    items: list[RelationshipOut]


class GoalOut(Schema):
    id: int
    text: str
    status: str


class MeetingOut(Schema):
    id: int
    met_on: dt.date
    notes: str


class EndReviewOut(Schema):
    id: int
    by_id: int
    goals_met: str
    would_recommend: bool
    comments: str


class RelationshipDetail(RelationshipOut):
    goals: list[GoalOut]
    meetings: list[MeetingOut]
    reviews: list[EndReviewOut]


class GoalIn(InputSchema):
    text: text(max_length=500, min_length=1)


class MeetingIn(InputSchema):
    met_on: dt.date
    notes: text(max_length=4000) = ""


class EndReviewIn(InputSchema):
    goals_met: Literal[tuple(GoalsMet.values)]
    would_recommend: bool
    comments: text(max_length=2000) = ""


class MentoringRunIn(InputSchema):
    scope: text(min_length=1, max_length=10)


class ConfirmIn(InputSchema):
    method: Literal[tuple(MatchMethod.values)]


class MentoringProposalOut(Schema):
    request_id: int
    offer_id: int
    mentee_id: int
    mentor_id: int
    score: float


class RunOut(Schema):
    id: int
    scope: str
    created_at: dt.datetime
    summary: dict
    confirmed_method: str
    stable: list[MentoringProposalOut]
    optimal: list[MentoringProposalOut]


# ---- a leader's own ---------------------------------------------------------------------


@router.get("/me/offer", response={200: MentoringOfferOut | None, **ERRORS}, summary="My offer")
def my_offer(request):
    return services.my_offer(request.auth)


@router.put("/me/offer", response={200: MentoringOfferOut, **ERRORS},
            summary="Make or change my offer")
def put_offer(request, payload: MentoringOfferIn):
    return call_service(request, services.save_offer, **payload.model_dump())


@router.get("/me/requests", response={200: list[MentoringRequestOut], **ERRORS},
            summary="My requests")
def list_my_requests(request):
    return list(services.my_requests(request.auth))


@router.post("/me/requests", response={201: MentoringRequestOut, **ERRORS},
             summary="Ask for a mentor or coach")
def post_request(request, payload: MentoringRequestIn):
    return Status(201, call_service(request, services.make_request, **payload.model_dump()))


@router.post("/requests/{id}/withdraw", response={200: MentoringRequestOut, **ERRORS},
             summary="Withdraw my request")
def withdraw(request, id: Id):
    return services.withdraw_request(request.auth, id, request=request)


@router.get("/me/relationships", response={200: list[RelationshipOut], **ERRORS},
            summary="My relationships, as mentee and as mentor")
def my_relationships(request):
    as_mentee, as_mentor = services.my_relationships(request.auth)
    rows = as_mentee + as_mentor
    if rows:
        record_read(actor=request.auth, request=request, what="my mentoring",
                    people=[p for r in rows for p in (r.mentor_id, r.mentee_id)])
    return rows


# ---- programme managers -----------------------------------------------------------------


def _in_scope(request, code: str):
    remember_input(request, {"scope": code})
    return services.offers_and_requests_in(request.auth, scopes.resolve(code))


def _read_page(request, rows, query: ScopePaging, what: str) -> dict:
    """The page of a scope's offers or requests asked for, its people's read recorded."""
    body = page(rows, query.limit, query.offset)
    record_read(actor=request.auth, request=request, people=body["items"], what=what)
    return body


@router.get("/requests", response={200: RequestPage, **ERRORS},
            summary="Open requests in a scope")
def scope_requests(request, query: Query[ScopePaging]):
    _, requests = _in_scope(request, query.scope)
    return _read_page(request, requests, query, "mentoring requests")


@router.get("/offers", response={200: OfferPage, **ERRORS}, summary="Active offers in a scope")
def scope_offers(request, query: Query[ScopePaging]):
    offers, _ = _in_scope(request, query.scope)
    return _read_page(request, offers, query, "mentoring offers")


def _run_out(request, run, audit: bool = True) -> dict:
    by_method = matching.proposals(request.auth, run, request=request if audit else None)

    def rows(method):
        return [{"request_id": p.request_id, "offer_id": p.offer_id,
                 "mentee_id": p.request.person_id, "mentor_id": p.offer.person_id,
                 "score": p.score} for p in by_method[method]]

    return {"id": run.pk, "scope": run.scope_code, "created_at": run.created_at,
            "summary": run.summary, "confirmed_method": run.confirmed_method,
            "stable": rows("stable"), "optimal": rows("optimal")}


@router.post("/runs", response={201: RunOut, **ERRORS}, summary="Run a matching in a scope")
def post_run(request, payload: MentoringRunIn):
    """Both methods over the scope's open requests and active offers; nothing is confirmed."""
    remember_input(request, payload.model_dump())
    run = matching.run_matching(request.auth, payload.scope, request=request)
    return Status(201, _run_out(request, run))


@router.get("/runs/{id}", response={200: RunOut, **ERRORS}, summary="A matching run")
def get_run(request, id: Id):
    return _run_out(request, matching.get_run(request.auth, id))


@router.post("/runs/{id}/confirm", response={200: list[RelationshipOut], **ERRORS},
             summary="Confirm one method's proposals (all or nothing)")
def confirm(request, id: Id, payload: ConfirmIn):
    run = matching.get_run(request.auth, id)
    remember_input(request, payload.model_dump())
    return matching.confirm(request.auth, run, payload.method, request=request)


@router.get("/relationships", response={200: RelationshipPage, **ERRORS},
            summary="Relationships in my scope (programme managers)")
def scope_relationships(request, paging: Query[Paging]):
    body = page(services.relationships_in_scope(request.auth), paging.limit, paging.offset)
    record_read(actor=request.auth, request=request, what="mentoring relationships in scope",
                people=[p for r in body["items"] for p in (r.mentor_id, r.mentee_id)])
    return body


# ---- one relationship -------------------------------------------------------------------


def _detail(request, relationship) -> dict:
    shown = services.details(request.auth, relationship)
    return {"id": relationship.pk, "mentor_id": relationship.mentor_id,
            "mentee_id": relationship.mentee_id, "kind": relationship.kind,
            "started_on": relationship.started_on, "ended_on": relationship.ended_on,
            "goals": shown["goals"], "meetings": shown["meetings"],
            "reviews": shown["reviews"]}


@router.get("/relationships/{id}", response={200: RelationshipDetail, **ERRORS},
            summary="A relationship with its goals, meetings and end reviews")
def get_relationship(request, id: Id):
    """Meeting notes, goals and end reviews' comments only for the pair."""
    return _detail(request, services.get_relationship(request.auth, id, request=request))


def _change(request, id: int, change, **values):
    """`change` made by the signed-in user to the relationship `id` (one they may not see is
    not found), with `values` (`call_service`)."""
    return call_service(request, change, services.get_relationship(request.auth, id), **values)


@router.post("/relationships/{id}/goals", response={201: GoalOut, **ERRORS},
             summary="Add a goal")
def post_goal(request, id: Id, payload: GoalIn):
    return Status(201, _change(request, id, services.add_goal, **payload.model_dump()))


@router.post("/relationships/{id}/meetings", response={201: MeetingOut, **ERRORS},
             summary="Record a meeting")
def post_meeting(request, id: Id, payload: MeetingIn):
    return Status(201, _change(request, id, services.add_meeting, **payload.model_dump()))


@router.post("/relationships/{id}/end", response={200: RelationshipOut, **ERRORS},
             summary="End the relationship today")
def post_end(request, id: Id):
    return _change(request, id, services.end_relationship)


@router.post("/relationships/{id}/review", response={201: EndReviewOut, **ERRORS},
             summary="Review the ended relationship")
def post_review(request, id: Id, payload: EndReviewIn):
    return Status(201, _change(request, id, services.review, **payload.model_dump()))




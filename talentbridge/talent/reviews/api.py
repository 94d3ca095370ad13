"""/api/v1/talent: talent reviews (placements, calibration moves, locking), placement
histories, talent pools (composition, nominations, memberships) and exports.

The same services and policy as the web pages. A review or pool the user may not view is "not
found"; a change to a locked review is 409 Conflict with the reason; bad input is 400 or 422
naming the field and the value sent (config/api.py conventions).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http import HttpResponse
from ninja import Field
from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.audit.services import record_read
from talentbridge.core.api import DEFAULT_PAGE_SIZE
from talentbridge.core.api import ERRORS
from talentbridge.core.api import ErrorOut
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import Limit
from talentbridge.core.api import Offset
from talentbridge.core.api import PageOut
from talentbridge.core.api import invalid
from talentbridge.core.api import page
from talentbridge.core.api import remember_input
from talentbridge.core.api import submitted_values
from talentbridge.core.api import text
from talentbridge.core.views import download
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region
from talentbridge.organisations.schemas import AreaCodesOut
from talentbridge.people import services as people_services
from talentbridge.people.schemas import PersonRef
from talentbridge.talent.codes import PoolScope
from talentbridge.talent.codes import PoolStatus
from talentbridge.talent.codes import ReviewScope
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewGrid
from talentbridge.talent.reviews import exports
from talentbridge.talent.reviews import policy
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews import services as review_services
from talentbridge.talent.schemas import ReadinessCodeOut

router = Router()

Name = text(min_length=1, max_length=150)
LongText = text(min_length=1, max_length=2000)
Code = text(min_length=1, max_length=10)
Username = text(max_length=150)
ExitReason = text(min_length=1, max_length=300)
LOCKED = {409: ErrorOut}


def locked_conflict(view):
    """A change to a locked review → 409 Conflict, saying when and by whom it was locked."""
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except review_services.ReviewLocked as error:
            message = error.messages[0]
            return Status(409, {"detail": message, "errors": [
                {"field": "status", "value": "locked", "message": message}]})
    return wrapper


# --------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------


class CellOut(Schema):
    id: int
    column: int
    row: int
    label: str


class ReviewOut(Schema):
    id: int
    name: str
    scope_level: str
    organisation: str | None = Field(None, description="ODS code, for an organisation review")
    system: str | None = Field(None, description="ICB code, for a system review")
    grid: str
    held_on: dt.date
    status: str
    facilitator: str
    locked_at: dt.datetime | None = None

    # ReviewDetail is built from a dict of already resolved values.
    @staticmethod
    def resolve_organisation(obj) -> str | None:
        if isinstance(obj, dict):
            return obj["organisation"]
        return obj.organisation.ods_code if obj.organisation_id else None

    @staticmethod
    def resolve_system(obj) -> str | None:
        if isinstance(obj, dict):
            return obj["system"]
        return obj.system.code if obj.system_id else None

    @staticmethod
    def resolve_grid(obj) -> str:
        return obj["grid"] if isinstance(obj, dict) else obj.grid.code

    @staticmethod
    def resolve_facilitator(obj) -> str:
        return obj["facilitator"] if isinstance(obj, dict) else obj.facilitator.get_username()


class ReviewPage(PageOut):
    items: list[ReviewOut]


class ReviewPlacementOut(ReadinessCodeOut):
    id: int
    person: PersonRef
    organisation: str = Field(alias="person.organisation.ods_code")
    cell: CellOut
    proposed_cell: CellOut
    readiness: str | None
    rationale: str
    proposed_by: str

    @staticmethod
    def resolve_proposed_by(obj) -> str:
        return obj.proposed_by.get_username()


class RowOut(Schema):
    row: int
    count: int = Field(description="Placements you can see in this row")
    share: float | None = Field(description="Share of the placements you can see")
    guide: float | None


class LeniencyOut(Schema):
    proposed_by: str
    placed: int
    mean_row_shift: float
    mean_column_shift: float
    moved_down: float
    moved_up: float
    small_number: bool
    signal: str


class ReviewDetail(ReviewOut):
    participants: list[str]
    cells: list[CellOut]
    placements: list[ReviewPlacementOut]
    placements_you_can_see: int = Field(description=(
        "The placements of people you can see: rows and leniency count only these. The "
        "review may include people you may not see; nothing here counts them"))
    rows: list[RowOut]
    leniency: list[LeniencyOut]


class ReviewIn(InputSchema):
    name: Name
    scope_level: Literal[tuple(ReviewScope.values)]
    organisation: Code | None = Field(None, description="ODS code (organisation reviews)")
    system: Code | None = Field(None, description="ICB code (system reviews)")
    grid: Code = Field("nine_box", description="Grid code: nine_box or scope_for_growth")
    held_on: dt.date
    facilitator: Username = Field("", description="Username; blank for yourself")
    participants: list[Username] = Field(default_factory=list, max_length=200)


class PlacementIn(InputSchema):
    person: Id
    cell: Id = Field(description="Id of a cell of the review's grid")
    readiness: Code = Field(description="Readiness code, e.g. ready_now, 1_2_years")
    rationale: LongText


class PlacementPatch(InputSchema):
    cell: Id | None = None
    readiness: Code | None = None
    rationale: LongText | None = None


class MoveIn(InputSchema):
    to_cell: Id
    reason: LongText


class MovesIn(InputSchema):
    placements: list[Id] = Field(min_length=1, max_length=review_services.MOVE_MANY_MAX)
    to_cell: Id
    reason: LongText


class MoveOut(Schema):
    id: int
    placement: int = Field(alias="placement_id")
    from_cell: CellOut
    to_cell: CellOut
    moved_by: str
    moved_at: dt.datetime
    reason: str

    @staticmethod
    def resolve_moved_by(obj) -> str:
        return obj.moved_by.get_username()


class HistoryOut(ReadinessCodeOut):
    review: int = Field(alias="review_id")
    review_name: str = Field(alias="review.name")
    held_on: dt.date = Field(alias="review.held_on")
    status: str = Field(alias="review.status")
    cell: CellOut
    proposed_cell: CellOut
    readiness: str | None
    rationale: str


class ReviewFilters(Schema):
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


# --------------------------------------------------------------------------------------
# Reviews
# --------------------------------------------------------------------------------------


def _review(request, id: int, *, audit: bool = False):
    return review_services.get_review(request.auth, id, request=request, audit=audit)


def _detail(request, review) -> dict:
    board = review_services.board(request.auth, review)
    data = ReviewOut.from_orm(review).model_dump()
    data.update({
        "participants": [u.get_username() for u in review.participants.all()],
        "cells": board.cells,
        "placements": list(review_services.visible_placements(request.auth, review)),
        "placements_you_can_see": board.distribution.total,
        "rows": [{"row": r.row, "count": r.count, "share": r.share, "guide": r.guide}
                 for r in board.distribution.rows],
        "leniency": [{**item.__dict__, "proposed_by": board.proposers.get(item.proposer_id, ""),
                      "signal": item.signal} for item in board.leniency],
    })
    return data


@router.get("/reviews", response={200: ReviewPage, **ERRORS}, summary="Talent reviews")
def list_reviews(request, filters: Query[ReviewFilters]):
    """Reviews you may view, newest first."""
    return page(review_services.reviews_for(request.auth), filters.limit, filters.offset)


@router.post("/reviews", response={201: ReviewDetail, **ERRORS}, summary="Start a review")
def create_review(request, payload: ReviewIn):
    """Organisation talent leads start reviews of their organisation, system talent leads of
    their system."""
    remember_input(request, payload.model_dump())
    organisation = system = None
    if payload.scope_level == "organisation":
        if not payload.organisation:
            raise invalid("organisation", "Give the ODS code of the organisation", None,
                          request=request)
        organisation = Organisation.objects.filter(ods_code__iexact=payload.organisation).first()
        if organisation is None:
            raise invalid("organisation", f'There is no organisation with ODS code '
                          f'"{payload.organisation}"', payload.organisation, request=request)
    else:
        if not payload.system:
            raise invalid("system", "Give the ICB code of the system", None, request=request)
        system = IntegratedCareSystem.objects.filter(code__iexact=payload.system).first()
        if system is None:
            raise invalid("system", f'There is no integrated care system with ICB code '
                          f'"{payload.system}"', payload.system, request=request)
    grid = ReviewGrid.objects.filter(code=payload.grid).first()
    if grid is None:
        raise invalid("grid", f'There is no grid with code "{payload.grid}"', payload.grid,
                      request=request)
    review = review_services.create_review(
        request.auth, name=payload.name, scope_level=payload.scope_level,
        organisation=organisation, system=system, grid=grid, held_on=payload.held_on,
        facilitator=payload.facilitator, participants=payload.participants, request=request)
    return Status(201, _detail(request, review_services.get_review(request.auth, review.pk,
                                                                   audit=False)))


@router.get("/reviews/{id}", response={200: ReviewDetail, **ERRORS}, summary="A review")
def get_review(request, id: Id):
    """The review, its grid, the placements of people you may see, the distribution against
    the grid's guide and how each manager's placements compare with calibration, all counted
    from the placements you can see only."""
    review = _review(request, id)
    data = _detail(request, review)
    record_read(actor=request.auth, request=request, target=review,
                people=[p.person_id for p in data["placements"]])
    return data


def _readiness_id(request, code: str) -> int:
    readiness = ReadinessLevel.objects.filter(code=code, is_active=True).first()
    if readiness is None:
        codes = ", ".join(ReadinessLevel.objects.filter(is_active=True).values_list("code",
                                                                                    flat=True))
        raise invalid("readiness", f'There is no readiness level with code "{code}" (use one '
                      f"of {codes})", code, request=request)
    return readiness.pk


@router.post("/reviews/{id}/placements", response={201: ReviewPlacementOut, **ERRORS, **LOCKED},
             summary="Place a person")
@locked_conflict
def create_placement(request, id: Id, payload: PlacementIn):
    review = _review(request, id)
    remember_input(request, payload.model_dump())
    placement = review_services.place_person(
        request.auth, review, person_id=payload.person, cell_id=payload.cell,
        readiness_id=_readiness_id(request, payload.readiness), rationale=payload.rationale,
        request=request)
    return Status(201, placement)


@router.patch("/reviews/{id}/placements/{placement_id}",
              response={200: ReviewPlacementOut, **ERRORS, **LOCKED}, summary="Change a placement")
@locked_conflict
def update_placement(request, id: Id, placement_id: Id, payload: PlacementPatch):
    """While the review is in draft. During calibration, change the cell with a move."""
    review = _review(request, id)
    placement = review_services.visible_placements(request.auth, review).filter(
        pk=placement_id).first()
    if placement is None:
        raise Http404("No such placement in this review")
    changes = payload.model_dump(exclude_unset=True)
    remember_input(request, changes)
    readiness = changes.get("readiness")
    return review_services.place_person(
        request.auth, review, person_id=placement.person_id,
        cell_id=changes.get("cell") or placement.cell_id,
        readiness_id=_readiness_id(request, readiness) if readiness else placement.readiness_id,
        rationale=changes.get("rationale") or placement.rationale, request=request)


@router.post("/reviews/{id}/placements/{placement_id}/moves",
             response={201: MoveOut, **ERRORS, **LOCKED}, summary="Move a person in calibration")
@locked_conflict
def move(request, id: Id, placement_id: Id, payload: MoveIn):
    """Recorded with who, when and why; a reason is required."""
    review = _review(request, id)
    remember_input(request, payload.model_dump())
    return Status(201, review_services.move_placement(
        request.auth, review, placement_id=placement_id, to_cell_id=payload.to_cell,
        reason=payload.reason, request=request))


@router.post("/reviews/{id}/moves", response={201: list[MoveOut], **ERRORS, **LOCKED},
             summary="Move several people in calibration")
@locked_conflict
def move_many(request, id: Id, payload: MovesIn):
    """Several placements to one cell with one reason, all or none; each move is recorded
    and audited as if made alone."""
    review = _review(request, id)
    remember_input(request, payload.model_dump())
    return Status(201, review_services.move_placements(
        request.auth, review, placement_ids=payload.placements, to_cell_id=payload.to_cell,
        reason=payload.reason, request=request))


@router.post("/reviews/{id}/calibration", response={200: ReviewOut, **ERRORS, **LOCKED},
             summary="Start calibration")
@locked_conflict
def start_calibration(request, id: Id):
    return review_services.start_calibration(request.auth, _review(request, id), request=request)


@router.post("/reviews/{id}/lock", response={200: ReviewOut, **ERRORS, **LOCKED},
             summary="Lock a calibrated review")
@locked_conflict
def lock(request, id: Id):
    """After locking, every change is refused with 409."""
    return review_services.lock_review(request.auth, _review(request, id), request=request)


@router.get("/people/{id}/placements", response={200: list[HistoryOut], **ERRORS},
            summary="A person's placements over time")
def placement_history(request, id: Id):
    """All of a person's placements across reviews, newest first: for the person and for
    whoever may see their profile."""
    person = people_services.get_person(request.auth, id, request=request)
    return review_services.placement_history(request.auth, person, request=request)


def _file(export) -> HttpResponse:
    return download(export.content, export.content_type, export.filename)


class ExportQuery(Schema):
    format: Literal["csv", "xlsx"] = "csv"


@router.get("/reviews/{id}/export", response={200: None, **ERRORS},
            summary="Export a review (CSV or XLSX)")
def export_review(request, id: Id, query: Query[ExportQuery]):
    return _file(exports.export_review(request.auth, _review(request, id), query.format,
                                       request=request))


# --------------------------------------------------------------------------------------
# Pools
# --------------------------------------------------------------------------------------


class PoolOut(AreaCodesOut):
    id: int
    name: str
    purpose: str
    entry_criteria: str
    scope_level: str
    organisation: str | None = None
    system: str | None = None
    region: str | None = None
    status: str
    review_interval_months: int
    owner: str
    members: int | str = Field(0, alias="members_shown", description=(
        'Current members: exact for administrators; for a pool you manage, the members you '
        'can see; otherwise 1 to 7 as "*" and other counts rounded to the nearest 5'))
    members_counted: Literal["all", "you can see", "controlled"] = Field(
        "controlled", description="How `members` was counted")

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.organisation.ods_code if obj.organisation_id else None

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.get_username()

    @staticmethod
    def resolve_members_counted(obj) -> str:
        return obj.members_counted


class PoolPage(PageOut):
    items: list[PoolOut]


class PoolIn(InputSchema):
    name: Name
    purpose: LongText
    entry_criteria: LongText
    scope_level: Literal[tuple(PoolScope.values)]
    organisation: Code | None = None
    system: Code | None = None
    region: Code | None = None
    status: Literal[tuple(PoolStatus.values)] = "open"
    review_interval_months: int = Field(12, ge=1, le=60)


class PoolPatch(InputSchema):
    status: Literal[tuple(PoolStatus.values)]


class CountOut(Schema):
    label: str
    count: int | str = Field(description='A count, or "*" for 1 to 7 (suppressed)')


class ShareOut(Schema):
    label: str
    share: str = Field(description='A share to the nearest 10% (e.g. "40%", "under 5%", '
                                   '"over 95%"), or "*"')


class CompositionOut(Schema):
    size: int | str = Field(description="Current members, counted as `counted` says")
    counted: Literal["all", "you can see", "controlled"] = Field(description=(
        "all: exact counts of all members (administrators); you can see: exact counts of the "
        "members you can see (the pool's managers); controlled: all members, 1 to 7 as \"*\", "
        "others rounded to the nearest 5, with secondary suppression"))
    readiness: list[CountOut]
    organisations: list[CountOut]
    kinds: list[CountOut]
    makeup_as_of: dt.date = Field(description="The first day of the quarter: make-up is "
                                              "counted on this date")
    makeup_shown: bool
    makeup_note: str = Field(description='"Not shown: fewer than 20 members" when not shown')
    ethnicity: list[ShareOut] = Field(description="Empty when the make-up is not shown")
    sex: list[ShareOut]
    disability: list[ShareOut]


class NominationIn(InputSchema):
    person: Id
    statement: LongText


class NominationOut(Schema):
    id: int
    pool: int = Field(alias="pool_id")
    person: PersonRef
    route: str
    status: str
    statement: str
    nominated_by: str
    decision_reason: str
    created_at: dt.datetime

    @staticmethod
    def resolve_nominated_by(obj) -> str:
        return obj.nominated_by.get_username()


class DecisionIn(InputSchema):
    decision: Literal["approve", "decline"]
    reason: LongText


class ExitIn(InputSchema):
    reason: ExitReason
    exited_on: dt.date | None = None


class PoolMembershipOut(Schema):
    id: int
    pool: int = Field(alias="pool_id")
    person: PersonRef
    joined_on: dt.date
    review_on: dt.date
    exited_on: dt.date | None
    exit_reason: str


def _counted(request, pool):
    return pool_services.with_member_counts(request.auth, [pool])[0]


@router.get("/pools", response={200: PoolPage, **ERRORS}, summary="Talent pools")
def list_pools(request, filters: Query[ReviewFilters]):
    """Every pool (anyone signed in may read what a pool is for). `members` is exact for
    administrators, the members you can see for a pool you manage, and otherwise 1 to 7 as
    "*" and other counts rounded to the nearest 5 (`members_counted` says which)."""
    result = page(pool_services.pools_for(request.auth), filters.limit, filters.offset)
    result["items"] = pool_services.with_member_counts(request.auth, result["items"])
    return result


@router.post("/pools", response={201: PoolOut, **ERRORS}, summary="Create a pool")
def create_pool(request, payload: PoolIn):
    values = submitted_values(request, payload)
    lookups = {"organisation": (Organisation, "ods_code"), "system": (IntegratedCareSystem,
                                                                      "code"),
               "region": (Region, "code")}
    scope = {}
    if payload.scope_level != "england":
        model, field = lookups[payload.scope_level]
        code = values[payload.scope_level]
        target = model.objects.filter(**{f"{field}__iexact": code}).first() if code else None
        if target is None:
            raise invalid(payload.scope_level, f'There is no {payload.scope_level} with code '
                          f'"{code or ""}"', code, request=request)
        scope[payload.scope_level] = target
    pool = pool_services.create_pool(
        request.auth, name=payload.name, purpose=payload.purpose,
        entry_criteria=payload.entry_criteria, scope_level=payload.scope_level,
        status=payload.status, review_interval_months=payload.review_interval_months,
        request=request, **scope)
    return Status(201, _counted(request, pool_services.get_pool(request.auth, pool.pk)))


@router.get("/pools/{id}", response={200: PoolOut, **ERRORS}, summary="A pool")
def get_pool(request, id: Id):
    """A pool; `members` is counted as in the list."""
    return _counted(request, pool_services.get_pool(request.auth, id))


@router.patch("/pools/{id}", response={200: PoolOut, **ERRORS},
              summary="Open or close a pool to nominations")
def patch_pool(request, id: Id, payload: PoolPatch):
    pool = pool_services.get_pool(request.auth, id)
    pool_services.set_pool_status(request.auth, pool, payload.status, request=request)
    return _counted(request, pool_services.get_pool(request.auth, id))


@router.get("/pools/{id}/composition", response={200: CompositionOut, **ERRORS},
            summary="Who is in a pool, as controlled aggregates")
def pool_composition(request, id: Id):
    """Size, readiness, organisations and kinds of organisation: exact counts of all members
    for administrators, of the members you can see for the pool's managers, otherwise 1 to 7
    as "*" and other counts rounded to the nearest 5 (`counted` says which). Ethnic group, sex
    and disability only for a pool with at least 20 members on the first day of the quarter
    (`makeup_as_of`), as shares to the nearest 10% from rounded counts; "*" for a group of
    fewer than 8 members, or with fewer than 8 outside it, or hidden so that another "*"
    cannot be worked out."""
    pool = pool_services.get_pool(request.auth, id)
    result = pool_services.composition(request.auth, pool, request=request)

    def pairs(items):
        return [{"label": label, "count": n} for label, n in items]

    def shares(items):
        return [{"label": p.label, "share": p.shown} for p in items or []]

    return {
        "size": result.size, "counted": result.counted, "readiness": pairs(result.readiness),
        "organisations": pairs(result.organisations), "kinds": pairs(result.kinds),
        "makeup_as_of": result.makeup_as_of, "makeup_shown": result.makeup_shown,
        "makeup_note": result.makeup_note, "ethnicity": shares(result.ethnicity),
        "sex": shares(result.sex), "disability": shares(result.disability),
    }


@router.get("/pools/{id}/members", response={200: list[PoolMembershipOut], **ERRORS},
            summary="Current members (pool managers)")
def pool_members(request, id: Id):
    pool = pool_services.get_pool(request.auth, id)
    return list(pool_services.current_members(request.auth, pool, request=request))


@router.post("/pools/{id}/nominations", response={201: NominationOut, **ERRORS},
             summary="Nominate someone (or yourself)")
def nominate(request, id: Id, payload: NominationIn):
    """Yourself, a direct report, or (talent leads) anyone you may see in the pool's scope. A
    closed pool refuses self-nomination."""
    pool = pool_services.get_pool(request.auth, id)
    remember_input(request, payload.model_dump())
    return Status(201, pool_services.nominate(request.auth, pool, person_id=payload.person,
                                              statement=payload.statement, request=request))


@router.get("/nominations/mine", response={200: list[NominationOut], **ERRORS},
            summary="Nominations of me and by me")
def my_nominations(request):
    nominations = list(pool_services.my_nominations(request.auth))
    record_read(actor=request.auth, request=request, target_type="talent.poolnomination",
                people=nominations, what="my nominations")
    return nominations


@router.post("/nominations/{id}/decision", response={200: NominationOut, **ERRORS},
             summary="Approve or decline a nomination, with a reason")
def decide(request, id: Id, payload: DecisionIn):
    nomination = pool_services.get_nomination(request.auth, id)
    if not policy.can_decide(request.auth, nomination):
        raise PermissionDenied("Only the pool's managers may decide nominations.")
    remember_input(request, payload.model_dump())
    return pool_services.decide(request.auth, nomination, approve=payload.decision == "approve",
                                reason=payload.reason, request=request)


@router.post("/nominations/{id}/withdrawal", response={200: NominationOut, **ERRORS},
             summary="Withdraw a pending nomination")
def withdraw(request, id: Id):
    nomination = pool_services.get_nomination(request.auth, id)
    return pool_services.withdraw(request.auth, nomination, request=request)


@router.post("/memberships/{id}/exit", response={200: PoolMembershipOut, **ERRORS},
             summary="Record that someone left a pool")
def exit_membership(request, id: Id, payload: ExitIn):
    membership = pool_services.get_membership(request.auth, id)
    remember_input(request, payload.model_dump())
    return pool_services.exit_member(request.auth, membership, reason=payload.reason,
                                     exited_on=payload.exited_on, request=request)


@router.get("/pools/{id}/export", response={200: None, **ERRORS},
            summary="Export a pool's members (CSV or XLSX)")
def export_pool(request, id: Id, query: Query[ExportQuery]):
    pool = pool_services.get_pool(request.auth, id)
    return _file(exports.export_pool(request.auth, pool, query.format, request=request))


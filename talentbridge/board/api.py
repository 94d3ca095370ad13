"""The board API: FPPT records (checks, self-attestation, sign-off), submission summaries, and
Board Member References (held, requested, supplied). The same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field
from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.core.api import DEFAULT_PAGE_SIZE
from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import Limit
from talentbridge.core.api import Offset
from talentbridge.core.api import PageOut
from talentbridge.core.api import Paging
from talentbridge.core.api import call_service
from talentbridge.core.api import invalid
from talentbridge.core.api import remember_input
from talentbridge.core.api import text
from talentbridge.organisations.models import Organisation

from . import fppt
from . import references
from .models import EVIDENCE_LIMIT
from .models import TEXT_LIMIT
from .models import BoardReference
from .models import CheckOutcome
from .models import Conclusion
from .models import FpptCheck
from .models import FpptRecord
from .models import ReferenceRequest

router = Router()

LongText = text(max_length=TEXT_LIMIT)
OdsCode = text(max_length=6, min_length=1)


class CheckOut(Schema):
    id: int
    item: str
    date_completed: dt.date | None
    outcome: str = Field(description="satisfactory, concern, not_applicable or empty")
    evidence_ref: str = Field(description="Where the evidence is kept; never the document.")
    checked_by: str | None


class RecordOut(Schema):
    id: int
    person_id: int
    person: str
    organisation: str = Field(description="ODS code")
    post: str
    year: int
    due_on: dt.date
    attested_on: dt.date | None
    lcf_assessment_id: int | None
    conclusion: str = Field(description="fit, not_fit or empty (not yet signed off)")
    signed_off_on: dt.date | None
    left_board_on: dt.date | None
    checks: list[CheckOut] = Field(description="Only for the organisation's board readers.")


class RecordsPage(PageOut):
    items: list[RecordOut]


def _user(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def _check(c: FpptCheck) -> dict:
    return {"id": c.pk, "item": c.item.name, "date_completed": c.date_completed,
            "outcome": c.outcome, "evidence_ref": c.evidence_ref,
            "checked_by": _user(c.checked_by)}


def _record(r: FpptRecord, checks: list[FpptCheck]) -> dict:
    return {"id": r.pk, "person_id": r.person_id, "person": r.person.full_name,
            "organisation": r.organisation.ods_code, "post": r.post_title, "year": r.year,
            "due_on": r.due_on, "attested_on": r.attested_on,
            "lcf_assessment_id": r.lcf_round_id, "conclusion": r.conclusion,
            "signed_off_on": r.signed_off_on, "left_board_on": r.left_board_on,
            "checks": [_check(c) for c in checks]}


class RecordsQuery(Schema):
    organisation: OdsCode | None = Field(None, description="ODS code")
    year: int | None = Field(None, ge=2023, le=2100)
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


@router.get("/fppt", response={200: RecordsPage, **ERRORS}, summary="FPPT records")
def list_records(request, query: Query[RecordsQuery]):
    """The FPPT records of the organisations whose chair, people director or delegate you
    are, newest year first."""
    organisation_id = None
    if query.organisation:
        organisation_id = get_object_or_404(Organisation,
                                            ods_code=query.organisation.upper()).pk
    found = fppt.records(request.auth, organisation_id=organisation_id, year=query.year,
                         request=request)
    chosen = list(found[query.offset:query.offset + query.limit])
    checks = fppt.checks_by_record(request.auth, chosen)
    return {"count": found.count(), "limit": query.limit, "offset": query.offset,
            "items": [_record(r, checks[r.pk]) for r in chosen]}


@router.get("/fppt/{id}", response={200: RecordOut, **ERRORS}, summary="An FPPT record")
def get_record(request, id: Id):
    """For its organisation's board readers (with the checklist), or its member."""
    found = fppt.get_record(request.auth, id, request=request)
    return _record(found, fppt.checks_of(request.auth, found))


class CheckIn(InputSchema):
    date_completed: dt.date
    outcome: CheckOutcome
    evidence_ref: text(max_length=EVIDENCE_LIMIT) = ""


@router.post("/fppt/checks/{id}", response={200: CheckOut, **ERRORS},
             summary="Record one FPPT check")
def record_check(request, id: Id, payload: CheckIn):
    check = fppt.get_check(request.auth, id, request=request)
    return _check(call_service(request, fppt.record_check, check, **payload.model_dump()))


class AttestIn(InputSchema):
    confirm: bool
    statement: LongText = ""


@router.post("/fppt/{id}/attestation", response={200: RecordOut, **ERRORS},
             summary="Make my annual self-attestation")
def attest(request, id: Id, payload: AttestIn):
    found = fppt.get_record(request.auth, id, request=request)
    return _record(call_service(request, fppt.attest, found, **payload.model_dump()), [])


class SignOffIn(InputSchema):
    conclusion: Conclusion
    signed_off_on: dt.date
    note: LongText = ""


@router.post("/fppt/{id}/sign-off", response={200: RecordOut, **ERRORS},
             summary="Sign off an FPPT assessment")
def sign_off(request, id: Id, payload: SignOffIn):
    """The chair (the chair's own record: the senior independent director), once every check
    is done. Anyone else gets 400 naming them in `signed_off_by`."""
    found = fppt.get_record(request.auth, id, request=request)
    values = payload.dict()
    remember_input(request, {**values, "signed_off_by": _user(request.auth)})
    signed = fppt.sign_off(request.auth, found, **values, request=request)
    return _record(signed, fppt.checks_of(request.auth, signed))


class CountsOut(Schema):
    organisation: str = Field(description="ODS code")
    name: str
    year: int
    members: int
    fit: int
    not_fit: int
    not_yet_signed_off: int


class MemberOutcome(Schema):
    person_id: int
    person: str
    post: str
    conclusion: str
    signed_off_on: dt.date | None


class SubmissionOut(CountsOut):
    members_outcomes: list[MemberOutcome] | None = Field(
        None, description="Only for the organisation's board readers; regional talent leads "
                          "get the counts.")


def _counts(c: fppt.Counts, year: int) -> dict:
    return {"organisation": c.organisation.ods_code, "name": c.organisation.display_name,
            "year": year, "members": c.members, "fit": c.fit, "not_fit": c.not_fit,
            "not_yet_signed_off": c.outstanding}


class YearQuery(Schema):
    year: int = Field(dt.date.today().year, ge=2023, le=2100)


@router.get("/submissions", response={200: list[CountsOut], **ERRORS},
            summary="FPPT submission summaries")
def submissions(request, query: Query[YearQuery]):
    """Per organisation you may see (your boards; every organisation of your region for a
    regional talent lead): board members with a record, fit, not fit, not yet signed off."""
    return [_counts(c, query.year)
            for c in fppt.submission_organisations(request.auth, year=query.year)]


@router.get("/submissions/{ods_code}/{year}", response={200: SubmissionOut, **ERRORS},
            summary="One organisation's FPPT submission")
def submission(request, ods_code: OdsCode, year: int):
    organisation = get_object_or_404(Organisation, ods_code=ods_code.upper())
    counts, members = fppt.submission(request.auth, organisation, year=year, request=request)
    outcomes = None if members is None else [
        {"person_id": r.person_id, "person": r.person.full_name, "post": r.post_title,
         "conclusion": r.conclusion, "signed_off_on": r.signed_off_on} for r in members]
    return {**_counts(counts, year), "members_outcomes": outcomes}


class ReferenceOut(Schema):
    id: int
    person_id: int
    person: str
    organisation: str = Field(description="ODS code of the organisation holding it")
    post: str
    started_on: dt.date | None
    left_on: dt.date
    status: str = Field(description="draft or completed")
    roles_and_dates: str
    investigations: str
    fitness_concerns: str
    settlement_agreements: str
    grievances: str
    other_information: str
    referee_declaration: bool
    completed_on: dt.date | None


class ReferencesPage(PageOut):
    items: list[ReferenceOut]


def _reference(r: BoardReference) -> dict:
    return {"id": r.pk, "person_id": r.person_id, "person": r.person.full_name,
            "organisation": r.organisation.ods_code, "post": r.post_title,
            "started_on": r.started_on, "left_on": r.left_on, "status": r.status,
            **{name: getattr(r, name) for name in references.SECTIONS},
            "referee_declaration": r.referee_declaration, "completed_on": r.completed_on}



@router.get("/references", response={200: ReferencesPage, **ERRORS},
            summary="Board Member References held")
def held(request, paging: Query[Paging]):
    found = references.held(request.auth, request=request)
    chosen = found[paging.offset:paging.offset + paging.limit]
    return {"count": found.count(), "limit": paging.limit, "offset": paging.offset,
            "items": [_reference(r) for r in chosen]}


@router.get("/references/{id}", response={200: ReferenceOut, **ERRORS},
            summary="A Board Member Reference")
def get_reference(request, id: Id):
    return _reference(references.get_reference(request.auth, id, request=request))


class RequestIn(InputSchema):
    work_email: text(max_length=254, min_length=1) = Field(
        description="The board member's NHS e-mail address.")
    requesting_organisation: OdsCode = Field(
        description="ODS code of the organisation you request for (whose chair or people "
                    "director you are).")


class RequestOut(Schema):
    id: int
    reference_id: int
    person: str
    holding_organisation: str
    requesting_organisation: str
    requested_at: dt.datetime
    status: str = Field(description="requested or supplied")
    supplied_at: dt.datetime | None


def _request(r: ReferenceRequest) -> dict:
    return {"id": r.pk, "reference_id": r.reference_id, "person": r.reference.person.full_name,
            "holding_organisation": r.reference.organisation.ods_code,
            "requesting_organisation": r.requesting_organisation.ods_code,
            "requested_at": r.requested_at, "status": r.status, "supplied_at": r.supplied_at}


@router.post("/reference-requests", response={201: RequestOut, **ERRORS},
             summary="Request a Board Member Reference")
def request_reference(request, payload: RequestIn):
    """A later NHS employer's chair or people director asks for a member's latest
    reference; the holding organisation and the person are told."""
    values = payload.dict()
    remember_input(request, {**values,
                             "requesting_organisation_id": values["requesting_organisation"]})
    organisation = Organisation.objects.filter(
        ods_code=values["requesting_organisation"].upper()).first()
    if organisation is None:
        raise invalid("requesting_organisation", "There is no organisation with ODS code "
                      f'"{values["requesting_organisation"]}"',
                      values["requesting_organisation"], request=request)
    asked = references.request_reference(
        request.auth, work_email=values["work_email"],
        requesting_organisation_id=organisation.pk, request=request)
    return Status(201, _request(asked))


@router.get("/reference-requests/incoming", response={200: list[RequestOut], **ERRORS},
            summary="Requests for references my organisations hold")
def incoming(request):
    return [_request(r) for r in references.incoming(request.auth)]


@router.post("/reference-requests/{id}/supply", response={200: RequestOut, **ERRORS},
             summary="Supply a requested Board Member Reference")
def supply(request, id: Id):
    asked = references.get_request(request.auth, id)
    return _request(references.supply(request.auth, asked, request=request))

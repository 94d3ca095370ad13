"""/api/v1/talent: career conversations, readiness levels, LCF assessments (rounds, rater
invitations, self and line manager ratings, rater answers by token, summaries) and talent
search.

The same services and policy as the web pages. A person, conversation or assessment the user
may not see is "not found"; private notes come back as null for everyone but the person and
whoever held the conversation; bad input is 400 or 422 naming the field and the value sent
(config/api.py conventions). The two rater endpoints need no sign-in: the token in the e-mailed
link is the credential, and a used, closed or expired link is 410 Gone with the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
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
from talentbridge.core.api import page
from talentbridge.core.api import remember_input
from talentbridge.core.api import submitted_values
from talentbridge.core.api import text
from talentbridge.people import services as people_services
from talentbridge.people.codes import PayBand
from talentbridge.people.schemas import PersonRef
from talentbridge.talent.codes import ConversationStatus
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.frameworks import LcfDomain
from talentbridge.talent.frameworks import LcfFrequency
from talentbridge.talent.frameworks import TravelReach
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.schemas import ReadinessCodeOut
from talentbridge.talent.search import services as search_services

router = Router()

LIMITS = conversation_services.TEXT_LIMITS
Code = text(min_length=1, max_length=30)
ShortCode = text(min_length=1, max_length=10)
Domains = list[int]
GONE = {410: ErrorOut}


def _text(field: str):
    return text(max_length=LIMITS[field])


# --------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------


class ConversationOut(ReadinessCodeOut):
    id: int
    person: PersonRef
    held_by: str = Field(description="Username of whoever holds the conversation")
    held_on: dt.date | None
    status: Literal[tuple(ConversationStatus.values)]
    individual_reflection: str
    manager_preparation: str
    impact_level: str
    growth_category: str
    aspiration: str
    aspiration_role: str
    readiness: str | None = Field(description="Readiness code")
    open_to_other_organisations: bool
    open_to_other_sectors: bool
    travel_reach: str
    open_to_relocation: bool
    development_needs: list[int] = Field(description="LCF domain numbers, 1 to 6")
    development_plan: str
    next_review_on: dt.date | None
    private_notes: str | None = Field(
        description="Only for the person and whoever held the conversation; null otherwise")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_held_by(obj) -> str:
        return obj.held_by.get_username()

    @staticmethod
    def resolve_development_needs(obj) -> list[int]:
        return list(obj.development_needs or [])

    @staticmethod
    def resolve_private_notes(obj) -> str | None:
        return None if getattr(obj, "private_notes_hidden", True) else obj.private_notes


class _ConversationFields(InputSchema):
    manager_preparation: _text("manager_preparation") | None = None
    held_on: dt.date | None = None
    impact_level: text(max_length=20) | None = Field(
        None, description="developing, established or exceptional")
    growth_category: text(max_length=20) | None = Field(None,
                                                        description="depth, breadth or stretch")
    aspiration: _text("aspiration") | None = None
    aspiration_role: _text("aspiration_role") | None = None
    readiness: Code | None = Field(None, description="A readiness code (GET /readiness-levels)")
    open_to_other_organisations: bool | None = None
    open_to_other_sectors: bool | None = None
    travel_reach: text(max_length=20) | None = Field(
        None, description="organisation, system, region or national")
    open_to_relocation: bool | None = None
    development_needs: list[int | str] | None = Field(
        None, max_length=6, description="LCF domain numbers, 1 to 6")
    development_plan: _text("development_plan") | None = None
    next_review_on: dt.date | None = None
    private_notes: _text("private_notes") | None = None
    record: bool = Field(False, description="Record the conversation now (it must then be "
                                            "complete: held_on, impact_level, "
                                            "growth_category, readiness, next_review_on)")


class ConversationIn(_ConversationFields):
    pass


class ConversationPatch(_ConversationFields):
    individual_reflection: _text("individual_reflection") | None = Field(
        None, description="Only the person themselves writes this")


class ReadinessOut(Schema):
    code: str
    label: str
    order: int
    is_active: bool


class ReadinessIn(InputSchema):
    code: Code
    label: text(min_length=1, max_length=100)
    order: int = Field(ge=1, le=99)
    is_active: bool = True


class ReadinessPatch(InputSchema):
    label: text(min_length=1, max_length=100) | None = None
    order: int | None = Field(None, ge=1, le=99)
    is_active: bool | None = None


class RoundOut(Schema):
    id: int
    person: PersonRef
    opened_by: str
    opened_on: dt.date
    closes_on: dt.date
    status: str
    is_open: bool
    invited: int = Field(description="Multi-raters sent an invitation")
    awaiting_approval: int = Field(description="Invitations waiting for the line manager's "
                                               "approval (no link sent yet)")
    answered: int | None = Field(description=(
        "Colleagues (not the person, not their line manager) whose answers make the others' "
        "result: null while the assessment is open, and when it closed with fewer than "
        f"{assessment_services.MIN_RATERS_FOR_RESULT}. Never a live count"))

    @staticmethod
    def resolve_opened_by(obj) -> str:
        return obj.opened_by.get_username()

    @staticmethod
    def resolve_is_open(obj) -> bool:
        return assessment_services.is_open(obj)

    @staticmethod
    def resolve_invited(obj) -> int:
        return getattr(obj, "invited", 0)

    @staticmethod
    def resolve_awaiting_approval(obj) -> int:
        return getattr(obj, "awaiting", 0)

    @staticmethod
    def resolve_answered(obj) -> int | None:
        return assessment_services.published_answers(obj)


class RoundIn(InputSchema):
    closes_on: dt.date


class InvitationIn(InputSchema):
    email: text(min_length=1, max_length=254)
    rater_kind: Literal["peer", "direct_report", "other"]


class InvitationsIn(InputSchema):
    invitations: list[InvitationIn] = Field(min_length=1,
                                            max_length=assessment_services.MAX_INVITATIONS)


class InvitedOut(Schema):
    invited: int = Field(description="Sent an e-mail with a link now")
    awaiting_approval: int = Field(description="Not NHS work addresses: waiting for the line "
                                               "manager's approval before the link is sent")


class PendingInvitationOut(Schema):
    id: int
    email: str = Field(alias="invited_email")
    rater_kind: str


class ApprovalIn(InputSchema):
    approve: bool = Field(description="true sends the link now; false deletes the invitation")


class RatingsIn(InputSchema):
    ratings: dict[str, text(max_length=30)] = Field(
        description="Each LCF domain number (1 to 6) → almost_always, frequently, "
                    "occasionally, rarely_or_never or no_chance")


class RatingsOut(Schema):
    rater_kind: str
    ratings: dict[str, str]


class DomainResultOut(Schema):
    domain: int
    name: str
    self_answer: str | None
    self_score: int | None
    manager_answer: str | None
    manager_score: int | None
    others: Literal["after_close", "not_enough_answers", "shown"] = Field(description=(
        "after_close while the assessment is open; afterwards shown only if at least "
        f"{assessment_services.MIN_RATERS_FOR_RESULT} colleagues other than the person and "
        "their line manager answered and at least that many of them scored the domain"))
    others_band: int | None = Field(description=(
        "The scale point (1 to 4) nearest the others' average, when shown; the average itself "
        "is never given"))
    others_label: str | None = Field(description="That scale point's label")
    self_minus_others: int | None
    self_minus_manager: int | None
    is_strength: bool


class RaterFormOut(Schema):
    person: str
    job_title: str
    organisation: str
    closes_on: dt.date
    domains: dict[int, str]
    scale: dict[str, str]


class ThanksOut(Schema):
    detail: str


class TalentPersonOut(Schema):
    id: int
    full_name: str
    job_title: str
    organisation: str = Field(alias="organisation.ods_code", description="ODS code")
    pay_band: str
    readiness: str | None
    aspiration_role: str
    open_to_other_organisations: bool
    travel_reach: str | None
    strengths: list[int]
    development_needs: list[int]

    @staticmethod
    def resolve_readiness(obj) -> str | None:
        profile = getattr(obj, "talent", None)
        return profile.readiness.code if profile and profile.readiness_id else None

    @staticmethod
    def resolve_aspiration_role(obj) -> str:
        profile = getattr(obj, "talent", None)
        return profile.aspiration_role if profile else ""

    @staticmethod
    def resolve_open_to_other_organisations(obj) -> bool:
        profile = getattr(obj, "talent", None)
        return bool(profile and profile.open_to_other_organisations)

    @staticmethod
    def resolve_travel_reach(obj) -> str | None:
        profile = getattr(obj, "talent", None)
        return profile.travel_reach if profile else None

    @staticmethod
    def resolve_strengths(obj) -> list[int]:
        profile = getattr(obj, "talent", None)
        return profile.strengths if profile else []

    @staticmethod
    def resolve_development_needs(obj) -> list[int]:
        profile = getattr(obj, "talent", None)
        return profile.development_needs if profile else []


class TalentPage(PageOut):
    items: list[TalentPersonOut]


class TalentFilters(Schema):
    name: text(max_length=100) = ""
    readiness: list[Code] = Field(default_factory=list, description="Readiness codes (any)")
    grid_cell: Id | None = Field(None, description="Latest placement in a locked review")
    pool: Id | None = Field(None, description="Current members of this pool")
    strengths: Domains = Field(default_factory=list, description="LCF domains (all)")
    development_needs: Domains = Field(default_factory=list, description="LCF domains (all)")
    aspiration: text(max_length=150) = Field("", description="Next role wanted contains")
    open_to_other_organisations: bool | None = None
    travel_reach_at_least: TravelReach | None = None
    pay_band: PayBand | None = None
    organisation: ShortCode | None = Field(None, description="ODS code")
    system: ShortCode | None = Field(None, description="ICB code")
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


# --------------------------------------------------------------------------------------
# Conversations
# --------------------------------------------------------------------------------------


def _person(request, id: int):
    """The person `id` if the user may see their profile (audited as a view); anyone else is
    not found."""
    return people_services.get_person(request.auth, id, request=request)


def _values(request, payload) -> tuple[dict, bool]:
    values = payload.model_dump(exclude_unset=True)
    record_now = bool(values.pop("record", False))
    remember_input(request, {k: (v.isoformat() if isinstance(v, dt.date) else v)
                             for k, v in values.items()})
    return values, record_now


@router.get("/people/{id}/conversations", response={200: list[ConversationOut], **ERRORS},
            summary="A person's career conversations")
def list_conversations(request, id: Id):
    """Newest first. `private_notes` is null unless you are the person or held it."""
    return conversation_services.conversations_for(request.auth, _person(request, id))


@router.post("/people/{id}/conversations", response={201: ConversationOut, **ERRORS},
             summary="Start (or record at once) a career conversation")
def create_conversation(request, id: Id, payload: ConversationIn):
    """For the person's line manager, or a talent lead of their organisation, who holds it."""
    person = _person(request, id)
    values, record_now = _values(request, payload)
    return Status(201, conversation_services.start_conversation(
        request.auth, person, values, record_now=record_now, request=request))


@router.get("/conversations/{id}", response={200: ConversationOut, **ERRORS},
            summary="A career conversation")
def get_conversation(request, id: Id):
    return conversation_services.get_conversation(request.auth, id, request=request)


@router.patch("/conversations/{id}", response={200: ConversationOut, **ERRORS},
              summary="Change or record a career conversation")
def update_conversation(request, id: Id, payload: ConversationPatch):
    """The person writes `individual_reflection`; whoever holds the conversation writes the
    rest. `record: true` records it (and updates the person's talent profile)."""
    conversation = conversation_services.get_conversation(request.auth, id, request=request,
                                                          audit=False)
    values, record_now = _values(request, payload)
    return conversation_services.update_conversation(request.auth, conversation, values,
                                                     record_now=record_now, request=request)


# --------------------------------------------------------------------------------------
# Readiness levels
# --------------------------------------------------------------------------------------


@router.get("/readiness-levels", response={200: list[ReadinessOut], **ERRORS},
            summary="Readiness levels")
def list_readiness_levels(request):
    """Every level, in order; only those `is_active` are offered for new records."""
    return list(ReadinessLevel.objects.order_by("order", "pk"))


@router.post("/readiness-levels", response={201: ReadinessOut, **ERRORS},
             summary="Add a readiness level (administrators)")
def create_readiness_level(request, payload: ReadinessIn):
    values = submitted_values(request, payload)
    return Status(201, conversation_services.save_readiness_level(request.auth, None, values,
                                                                  request=request))


@router.patch("/readiness-levels/{code}", response={200: ReadinessOut, **ERRORS},
              summary="Change a readiness level (administrators)")
def update_readiness_level(request, code: Code, payload: ReadinessPatch):
    values = submitted_values(request, payload, exclude_unset=True)
    conversation_services._require_readiness_editor(request.auth)
    level = ReadinessLevel.objects.filter(code=code).first()
    if level is None:
        raise Http404(f'There is no readiness level with code "{code}"')
    return conversation_services.save_readiness_level(request.auth, level, values,
                                                      request=request)


# --------------------------------------------------------------------------------------
# Assessments
# --------------------------------------------------------------------------------------


def _round(request, id: int, audit: bool = False):
    return assessment_services.get_round(request.auth, id, request=request, audit=audit)


def _ratings(request, payload: RatingsIn) -> dict:
    remember_input(request, {f"ratings.{k}": v for k, v in payload.ratings.items()})
    return payload.ratings


@router.get("/people/{id}/assessments", response={200: list[RoundOut], **ERRORS},
            summary="A person's LCF assessments")
def list_rounds(request, id: Id):
    return list(assessment_services.rounds_for(request.auth, _person(request, id)))


@router.post("/people/{id}/assessments", response={201: RoundOut, **ERRORS},
             summary="Start an LCF assessment")
def open_round(request, id: Id, payload: RoundIn):
    """For the person, their line manager or a talent lead of their organisation."""
    person = _person(request, id)
    remember_input(request, {"closes_on": payload.closes_on.isoformat()})
    created = assessment_services.open_round(request.auth, person, closes_on=payload.closes_on,
                                             request=request)
    return Status(201, _round(request, created.pk))


@router.get("/assessments/{id}", response={200: RoundOut, **ERRORS}, summary="An assessment")
def get_round(request, id: Id):
    return _round(request, id, audit=True)


@router.post("/assessments/{id}/close", response={200: RoundOut, **ERRORS},
             summary="Close an assessment")
def close_round(request, id: Id):
    """Stops any more answers (audited; cannot be undone) and publishes the others' result,
    if enough colleagues answered. For the person, their line manager or a talent lead of
    their organisation."""
    assessment_services.close_round(request.auth, _round(request, id), request=request)
    return _round(request, id)


@router.post("/assessments/{id}/invitations", response={201: InvitedOut, **ERRORS},
             summary="Invite multi-raters by e-mail")
def invite_raters(request, id: Id, payload: InvitationsIn):
    """Each NHS work address (nhs.net or nhs.uk, or the address of someone in TalentBridge)
    gets an e-mail with a link that works once while the assessment is open; any other
    address waits for the line manager's approval. The person's own addresses and their line
    manager's are refused. The link's token is never returned here (only its hash is
    stored)."""
    assessment_round = _round(request, id)
    pairs = [(i.email, i.rater_kind) for i in payload.invitations]
    submitted = {}
    for index, (email, kind) in enumerate(pairs):
        submitted[f"invitations.{index}.email"] = email
        submitted[f"invitations.{index}.rater_kind"] = kind
    remember_input(request, submitted)
    invited = assessment_services.invite_raters(
        request.auth, assessment_round, pairs, request=request,
        link_for=lambda token: request.build_absolute_uri(f"/talent/rate/{token}/"))
    waiting = sum(1 for a in invited if a.awaiting_approval)
    return Status(201, {"invited": len(invited) - waiting, "awaiting_approval": waiting})


@router.get("/assessments/{id}/invitations/awaiting-approval",
            response={200: list[PendingInvitationOut], **ERRORS},
            summary="Invitations waiting for my approval")
def awaiting_approval(request, id: Id):
    """Only the person's line manager has any: invitations to addresses that are not NHS
    work addresses, while the assessment is open."""
    assessment_round = _round(request, id)
    waiting = list(assessment_services.awaiting_approval(request.auth, assessment_round))
    record_read(actor=request.auth, request=request, target=assessment_round,
                people=[assessment_round.person_id], what="invitations awaiting approval",
                detail={"invitations": len(waiting)})
    return waiting


@router.post("/assessments/{id}/invitations/{invitation_id}/approval",
             response={200: InvitedOut, **ERRORS}, summary="Approve or refuse an invitation")
def decide_invitation(request, id: Id, invitation_id: Id, payload: ApprovalIn):
    """For the person's line manager: approving e-mails the link now; refusing deletes the
    invitation and sends nothing."""
    remember_input(request, {"invitation": invitation_id})
    sent = assessment_services.decide_invitation(
        request.auth, _round(request, id), invitation_id, payload.approve, request=request,
        link_for=lambda token: request.build_absolute_uri(f"/talent/rate/{token}/"))
    return {"invited": int(sent is not None), "awaiting_approval": 0}


class RemindedOut(Schema):
    detail: str
    reminded_at: dt.datetime = Field(description="When the reminder was sent")


@router.post("/assessments/{id}/reminders", response={201: RemindedOut, **ERRORS},
             summary="Remind the raters who have not answered")
def remind_raters(request, id: Id):
    """Every invited rater who has not answered gets an e-mail with a new link (the old one
    stops working); at most once a day, counted from the last invitation or reminder. Neither
    who nor how many is returned, and the answer is the same whether or not anyone was left
    to remind, so that it says nothing about who has answered."""
    reminded_at = assessment_services.remind_raters(
        request.auth, _round(request, id), request=request,
        link_for=lambda token: request.build_absolute_uri(f"/talent/rate/{token}/"))
    return Status(201, {"detail": "A reminder with a new link has been sent to everyone "
                                  "invited who had not answered yet",
                        "reminded_at": reminded_at})


def _put_ratings(request, id: int, kind: str, payload: RatingsIn):
    assessment_round = _round(request, id)
    assessment = assessment_services.submit_ratings(
        request.auth, assessment_round, kind, _ratings(request, payload), request=request)
    return {"rater_kind": kind,
            "ratings": {str(r.domain): r.frequency for r in assessment.ratings.all()}}


@router.put("/assessments/{id}/self", response={200: RatingsOut, **ERRORS},
            summary="My self-assessment")
def put_self(request, id: Id, payload: RatingsIn):
    return _put_ratings(request, id, "self", payload)


@router.put("/assessments/{id}/line-manager", response={200: RatingsOut, **ERRORS},
            summary="The line manager's assessment")
def put_line_manager(request, id: Id, payload: RatingsIn):
    return _put_ratings(request, id, "line_manager", payload)


@router.get("/assessments/{id}/summary", response={200: list[DomainResultOut], **ERRORS},
            summary="Self vs line manager vs others, by domain")
def get_summary(request, id: Id):
    """Nothing from the other raters while the assessment is open. Once it has closed, a
    domain's others' result is the scale point nearest their average, and only from at least
    3 colleagues other than the person and their line manager; nobody can see one rater's
    answers."""
    assessment_round = _round(request, id)
    results = assessment_services.summary(request.auth, assessment_round)
    record_read(actor=request.auth, request=request, target=assessment_round,
                people=[assessment_round.person_id], what="360 summary")
    return [{**r.__dict__, "self_score": r.self_score, "manager_score": r.manager_score,
             "others_label": r.others_label, "self_minus_others": r.self_minus_others,
             "self_minus_manager": r.self_minus_manager, "is_strength": r.is_strength}
            for r in results]


def _gone(refused: assessment_services.RaterLinkRefused):
    return Status(410, {"detail": refused.message, "errors": []})


@router.get("/rater/{token}", auth=None, response={200: RaterFormOut, **GONE, **ERRORS},
            summary="What a rater's link asks (no sign-in)")
def rater_form(request, token: text(min_length=1, max_length=100)):
    try:
        invitation = assessment_services.rater_invitation(token)
    except assessment_services.RaterLinkRefused as refused:
        return _gone(refused)
    person = invitation.round.person
    # Anonymous, like the answer: the trail says a rater's link was opened, not whose.
    record_read(actor=None, request=request, target=invitation.round, people=[person],
                what="rater's link")
    return {"person": person.full_name, "job_title": person.job_title,
            "organisation": person.organisation.display_name,
            "closes_on": invitation.round.closes_on,
            "domains": dict(LcfDomain.choices), "scale": dict(LcfFrequency.choices)}


@router.post("/rater/{token}", auth=None, response={201: ThanksOut, **GONE, **ERRORS},
             summary="A rater's answers (no sign-in; the link works once)")
def rater_submit(request, token: text(min_length=1, max_length=100), payload: RatingsIn):
    try:
        assessment_services.submit_rater(token, _ratings(request, payload))
    except assessment_services.RaterLinkRefused as refused:
        return _gone(refused)
    return Status(201, {"detail": "Thank you: your feedback has been recorded anonymously."})


# --------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------


@router.get("/search", response={200: TalentPage, **ERRORS}, summary="Talent search")
def search(request, filters: Query[TalentFilters]):
    """People you may see matching every filter given, ordered by family then given name.
    Leaders without reports, analysts and programme managers get no one."""
    values = filters.model_dump(exclude={"limit", "offset"})
    values = {k: v for k, v in values.items() if v not in (None, "", [])}
    remember_input(request, values)
    people = search_services.search_talent(request.auth, values, request=request)
    result = page(people, filters.limit, filters.offset)
    record_read(actor=request.auth, request=request, target_type="talent.talentprofile",
                people=result["items"], what="search results")
    return result

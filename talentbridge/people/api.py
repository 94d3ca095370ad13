"""/api/v1/people: leaders' profiles, careers and (apart) their protected characteristics.

Every person-level read and write goes through `talentbridge.people.services`, which applies the
one access policy and writes the audit trail. A person the policy hides is "not found", exactly
like an id that does not exist.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field
from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.audit.services import record_read
from talentbridge.core.api import DEFAULT_PAGE_SIZE
from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import Limit
from talentbridge.core.api import Offset
from talentbridge.core.api import call_service
from talentbridge.core.api import invalid
from talentbridge.core.api import page
from talentbridge.core.api import remember_input
from talentbridge.core.api import submitted_values
from talentbridge.core.api import text
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation

from . import invitations
from . import moves
from . import services
from .codes import PayBand
from .codes import StaffGroup
from .policy import Action
from .policy import grants_for
from .schemas import CareerEntryIn
from .schemas import CareerEntryOut
from .schemas import CharacteristicsIn
from .schemas import CharacteristicsOut
from .schemas import EmployerMoveIn
from .schemas import EmployerMoveOut
from .schemas import PeoplePage
from .schemas import PersonDetail
from .schemas import PersonPatch

router = Router()

Code = text(min_length=1, max_length=10)
NameWords = text(max_length=200)
Reason = text(max_length=1000)


class PeopleFilters(Schema):
    name: NameWords = Field(
        "", description="Words that appear in the given or family name."
    )
    organisation: Code | None = Field(None, description="ODS code of the employing organisation.")
    system: Code | None = Field(None, description="ODS code of the integrated care board.")
    pay_band: PayBand | None = None
    staff_group: StaffGroup | None = None
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


class VisibilityResetIn(Schema):
    reason: Reason = Field(description="Why you are resetting it (required; audited and sent to "
                                       "the person).")


class CharacteristicsQuery(Schema):
    reason: Reason = Field(
        "", description="Why you need to see them (administrators must give one; it is audited)."
    )


def organisation_for_field(field: str, code: str, request) -> Organisation:
    """The organisation with this ODS code, or a 400 naming the field and the code."""
    organisation = Organisation.objects.filter(ods_code__iexact=code.strip()).first()
    if organisation is None:
        raise invalid(field, f'There is no organisation with ODS code "{code}"', code,
                      request=request)
    return organisation


def _me(request):
    person = services.my_person(request.auth)
    if person is None:
        raise services.PersonNotFound("me")
    return person


@router.get("/people", response={200: PeoplePage, **ERRORS}, summary="Search people")
def search_people(request, filters: Query[PeopleFilters]):
    """People you may see, matching every filter given, ordered by family then given name."""
    organisation_id = system_id = None
    if filters.organisation:
        organisation_id = organisation_for_field("organisation", filters.organisation, request).pk
    if filters.system:
        system_id = (
            IntegratedCareSystem.objects.filter(code__iexact=filters.system.strip())
            .values_list("pk", flat=True).first()
        )
        if system_id is None:
            raise invalid("system", f'There is no integrated care system with ICB code '
                          f'"{filters.system}"', filters.system, request=request)
    search = services.PeopleSearch(
        name=filters.name.strip(),
        organisation_id=organisation_id,
        system_id=system_id,
        pay_band=filters.pay_band or "",
        staff_group=filters.staff_group or "",
    )
    people = services.search_people(request.auth, search, request=request)
    result = page(people, filters.limit, filters.offset)
    record_read(actor=request.auth, request=request, target_type="people.person",
                people=result["items"], what="search results")
    return result


@router.get("/people/me", response={200: PersonDetail, **ERRORS}, summary="My profile")
def my_profile(request):
    return services.get_person(request.auth, _me(request).pk, request=request)


@router.get("/people/me/characteristics", response={200: CharacteristicsOut, **ERRORS},
            summary="My protected characteristics")
def my_characteristics(request):
    person = _me(request)
    return services.get_characteristics(request.auth, person, request=request)


@router.put("/people/me/characteristics", response={200: CharacteristicsOut, **ERRORS},
            summary="Record my protected characteristics")
def put_my_characteristics(request, payload: CharacteristicsIn):
    """Only you can record your characteristics. Codes follow the NHS Data Dictionary."""
    person = _me(request)
    changes = payload.model_dump()
    remember_input(request, changes)
    return services.update_characteristics(request.auth, person, changes, request=request)


@router.get("/people/{id}", response={200: PersonDetail, **ERRORS}, summary="A person's profile")
def get_person(request, id: Id):
    return services.get_person(request.auth, id, request=request)


@router.patch("/people/{id}", response={200: PersonDetail, **ERRORS},
              summary="Change a person's profile")
def patch_person(request, id: Id, payload: PersonPatch):
    """Send only the fields to change. You may edit your own profile; an organisation talent
    lead may edit their organisation's people; an administrator anyone's. Who may see the
    profile (`visibility`) is the person's own choice: anyone else who sends it gets 403 and
    nothing changes."""
    person = services.get_person(request.auth, id, request=request, action=Action.EDIT_PROFILE)
    changes = payload.model_dump(exclude_unset=True)
    remember_input(request, changes)
    return services.update_profile(request.auth, person, changes, request=request)


@router.post("/people/{id}/visibility-reset", response={200: PersonDetail, **ERRORS},
             summary="Reset who can see a person's profile to the most private choice")
def reset_visibility(request, id: Id, payload: VisibilityResetIn):
    """Administrators only, as a support action: sets `visibility` to "organisation". The
    `reason` is required, recorded in the audit trail and sent to the person by e-mail."""
    person = services.get_person(request.auth, id, request=request)
    return call_service(request, services.reset_visibility, person, **payload.model_dump())


@router.get("/people/{id}/career", response={200: list[CareerEntryOut], **ERRORS},
            summary="A person's career history")
def get_career(request, id: Id):
    person = services.get_person(request.auth, id, request=request)
    return list(services.career_history(request.auth, person))


@router.post("/people/{id}/career", response={201: CareerEntryOut, **ERRORS},
             summary="Add a role to a person's career history")
def add_career_entry(request, id: Id, payload: CareerEntryIn):
    person = services.get_person(request.auth, id, request=request, action=Action.EDIT_PROFILE)
    values = submitted_values(request, payload)
    code = values.pop("organisation")
    if code:
        values["organisation"] = organisation_for_field("organisation", code, request)
    if values["ended_on"] is not None and values["ended_on"] < values["started_on"]:
        raise invalid("ended_on", "The end date must be on or after the start date",
                      values["ended_on"].isoformat(), request=request)
    return Status(201, services.add_career_entry(request.auth, person, values, request=request))


@router.get("/people/{id}/characteristics", response={200: CharacteristicsOut, **ERRORS},
            summary="A person's protected characteristics")
def get_characteristics(request, id: Id, query: Query[CharacteristicsQuery]):
    """For the person themselves, or an administrator who gives a `reason` (audited).
    Nobody else sees an individual's characteristics."""
    person = services.get_person(request.auth, id, request=request)
    try:
        return services.get_characteristics(
            request.auth, person, reason=query.reason, request=request
        )
    except PermissionDenied:
        if grants_for(request.auth).is_administrator:
            raise PermissionDenied(
                "Give a reason (the 'reason' query parameter) to see someone's protected "
                "characteristics; the reason is recorded in the audit trail."
            ) from None
        raise PermissionDenied(
            "Only the person themselves can see their protected characteristics."
        ) from None


class InvitationOut(Schema):
    person_id: int
    username: str
    invited: bool = Field(..., description="False when they already had an active account "
                                           "or a pending invitation: nothing was sent")
    expires_at: dt.datetime | None = None


@router.post("/people/{id}/invite", response={200: InvitationOut, **ERRORS},
             summary="Invite a person to TalentBridge")
def invite_person(request, id: Id):
    """Administrators, and organisation administrators for the people employed by the
    organisations they administer: creates the person's account if they have none (username:
    their work e-mail) and e-mails an invitation. Someone already in, or already invited, is
    not invited again."""
    person = invitations.get_administered_person(request.auth, id, request=request)
    sent = invitations.invite_people(request.auth, [person], request=request)
    person.refresh_from_db(fields=["user"])
    return {"person_id": person.pk, "username": person.user.username if person.user else "",
            "invited": bool(sent), "expires_at": sent[0].expires_at if sent else None}


@router.get("/people/{id}/moves", response={200: list[EmployerMoveOut], **ERRORS},
            summary="A person's moves between employers")
def list_moves(request, id: Id):
    """Their moves, newest first: pending, applied and cancelled. Seen by whoever may see the
    person, and by the administrators and talent leads of the organisations a move is between."""
    person = moves.person_for_moves(request.auth, id, request=request)
    return moves.moves_of(request.auth, person)


@router.post("/people/{id}/moves", response={201: EmployerMoveOut, **ERRORS},
             summary="Record a move to another employer")
def record_move(request, id: Id, payload: EmployerMoveIn):
    """Administrators, and the organisation administrators and talent leads of the organisation
    they leave or join. Dated today or earlier, the move happens at once; later, it waits for
    its date. Job details left out stay as they are; the line manager is cleared unless given.
    A wrong move is refused (400, naming the problem) and nothing changes."""
    person = moves.person_for_moves(request.auth, id, request=request)
    values = submitted_values(request, payload)
    to = organisation_for_field("to_organisation", values["to_organisation"], request)
    move = moves.move_person(
        request.auth, person, to_organisation=to, effective_on=values["effective_on"],
        job_title=values["job_title"], pay_band=values["pay_band"],
        staff_group=values["staff_group"],
        line_manager=moves.line_manager_by_id(values["line_manager"]), request=request)
    return Status(201, move)


@router.post("/people/{id}/moves/{move_id}/cancel", response={200: EmployerMoveOut, **ERRORS},
             summary="Cancel a pending move")
def cancel_move(request, id: Id, move_id: Id):
    """Whoever may record the move may cancel it while it is pending."""
    person = moves.person_for_moves(request.auth, id, request=request)
    move = moves.get_move(request.auth, person, move_id)
    return moves.cancel_move(request.auth, move, request=request)

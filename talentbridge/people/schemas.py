"""API shapes for people. Profiles never carry protected characteristics: only
`CharacteristicsOut` does, and only the characteristics endpoints return it."""

from __future__ import annotations

import datetime as dt

from ninja import Field
from ninja import Schema
from pydantic import field_validator

from talentbridge.core.api import InputSchema
from talentbridge.core.api import text

from .codes import CareerRoleKind
from .codes import Disability
from .codes import EthnicCategory
from .codes import PayBand
from .codes import ProfessionalBackground
from .codes import Religion
from .codes import Sector
from .codes import Sex
from .codes import SexualOrientation
from .codes import StaffGroup
from .codes import Visibility
from .models import CareerHistoryEntry
from .models import Person
from .policy import Action
from .policy import can


def _max(model, field: str) -> int:
    return model._meta.get_field(field).max_length


GivenName = text(min_length=1, max_length=_max(Person, "given_name"))
FamilyName = text(min_length=1, max_length=_max(Person, "family_name"))
JobTitle = text(min_length=1, max_length=_max(Person, "job_title"))
OdsCode = text(min_length=1, max_length=10)
EmployerName = text(max_length=_max(CareerHistoryEntry, "organisation_name"))
RoleTitle = text(min_length=1, max_length=_max(CareerHistoryEntry, "role_title"))


class OrganisationRef(Schema):
    ods_code: str
    name: str = Field(alias="display_name")


class PersonRef(Schema):
    id: int
    full_name: str


class PersonSummary(Schema):
    id: int
    given_name: str
    family_name: str
    full_name: str
    job_title: str
    organisation: OrganisationRef
    pay_band: str
    staff_group: str
    visibility: str


class PersonDetail(PersonSummary):
    work_email: str
    professional_background: str
    line_manager: PersonRef | None = Field(
        None, description="Shown only if you may see the line manager's own profile."
    )
    started_in_post: dt.date | None
    started_in_nhs: dt.date | None
    updated_at: dt.datetime


    @staticmethod
    def resolve_line_manager(obj, context):
        manager = obj.line_manager
        request = context["request"] if context else None
        if manager is None or request is None:
            return None
        if not can(request.auth, Action.VIEW_PROFILE, manager):
            return None
        return {"id": manager.pk, "full_name": manager.full_name}


class PeoplePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PersonSummary]


class PersonPatch(InputSchema):
    """Editable profile fields; send only those you want to change."""

    given_name: GivenName = None
    family_name: FamilyName = None
    job_title: JobTitle = None
    pay_band: PayBand = None
    staff_group: StaffGroup = None
    professional_background: ProfessionalBackground = None
    started_in_post: dt.date | None = None
    started_in_nhs: dt.date | None = None
    visibility: Visibility = None


class CareerEntryOut(Schema):
    id: int
    organisation: OrganisationRef | None = None
    organisation_name: str
    employer_name: str
    sector: str
    role_title: str
    kind: str
    started_on: dt.date
    ended_on: dt.date | None


class CareerEntryIn(InputSchema):
    """A role in the person's career. Give `organisation` (an ODS code) for an NHS organisation,
    or `organisation_name` for any other employer."""

    organisation: OdsCode | None = None
    organisation_name: EmployerName = ""
    sector: Sector = Sector.NHS
    role_title: RoleTitle
    kind: CareerRoleKind
    started_on: dt.date
    ended_on: dt.date | None = None


class CharacteristicsOut(Schema):
    person_id: int
    ethnic_category: str
    sex: str
    disability: str
    sexual_orientation: str
    religion: str
    date_of_birth: dt.date | None
    updated_at: dt.datetime | None  # None until the person records anything


class CharacteristicsIn(InputSchema):
    """Your protected characteristics, all at once (PUT replaces the record): a field you leave
    out is recorded as not known / not stated."""

    ethnic_category: EthnicCategory = EthnicCategory.NOT_KNOWN
    sex: Sex = Sex.NOT_KNOWN
    disability: Disability = Disability.NOT_KNOWN
    sexual_orientation: SexualOrientation = SexualOrientation.NOT_KNOWN
    religion: Religion = Religion.NOT_STATED
    date_of_birth: dt.date | None = None

    @field_validator("date_of_birth")
    @classmethod
    def plausible_birth_date(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not (dt.date(1900, 1, 1) <= value <= dt.date.today()):
            raise ValueError("Date of birth must be between 1900-01-01 and today")
        return value


class EmployerMoveIn(InputSchema):
    to_organisation: str = Field(min_length=1, max_length=10,
                                 description="ODS code of the organisation they move to.")
    effective_on: dt.date = Field(description="The first day at the new organisation.")
    job_title: str | None = Field(None, max_length=150,
                                  description="Their job title there (unchanged if left out).")
    pay_band: PayBand | None = Field(None, description="Unchanged if left out.")
    staff_group: StaffGroup | None = Field(None, description="Unchanged if left out.")
    line_manager: int | None = Field(None, ge=1, description="Id of their line manager at the "
                                                             "new organisation, if known.")


class EmployerMoveOut(Schema):
    id: int
    person: int = Field(alias="person_id")
    from_organisation: str = Field(alias="from_organisation.ods_code")
    from_organisation_name: str = Field(alias="from_organisation.display_name")
    to_organisation: str = Field(alias="to_organisation.ods_code")
    to_organisation_name: str = Field(alias="to_organisation.display_name")
    effective_on: dt.date
    job_title: str
    pay_band: str
    staff_group: str
    line_manager: int | None = Field(None, alias="line_manager_id")
    status: str
    recorded_at: dt.datetime
    applied_at: dt.datetime | None = None
    cancelled_at: dt.datetime | None = None

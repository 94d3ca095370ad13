"""/api/v1/organisations, /systems and /regions: NHS reference data (no person-level data).

Any authenticated user may read them; only an administrator may correct an organisation's kind.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from ninja import Field
from ninja import Query
from ninja import Router
from ninja import Schema

from talentbridge.core.api import DEFAULT_PAGE_SIZE
from talentbridge.core.api import ERRORS
from talentbridge.core.api import InputSchema
from talentbridge.core.api import Limit
from talentbridge.core.api import Offset
from talentbridge.core.api import PageOut
from talentbridge.core.api import invalid
from talentbridge.core.api import page
from talentbridge.core.api import remember_input
from talentbridge.core.api import text

from .models import IntegratedCareSystem
from .models import Organisation
from .models import OrganisationKind
from .models import OrganisationMembership
from .models import Region
from .services import correct_kind

router = Router()

Code = text(min_length=1, max_length=10)
NameWords = text(max_length=200)


# ---- shapes -------------------------------------------------------------------------------


class RegionOut(Schema):
    code: str
    name: str
    gss_code: str


class RegionRef(Schema):
    code: str
    name: str


class SystemRef(Schema):
    code: str
    name: str


class SystemOut(Schema):
    code: str
    name: str
    short_name: str
    gss_code: str
    region: RegionRef
    established_on: dt.date | None
    closed_on: dt.date | None
    merged_into: SystemRef | None = None


class OrganisationSummary(Schema):
    ods_code: str
    name: str
    display_name: str
    kind: str
    kind_source: str
    is_nhs: bool
    postcode: str
    opened_on: dt.date | None
    closed_on: dt.date | None
    system: SystemRef | None = None
    region: RegionRef | None = None

    @staticmethod
    def resolve_system(obj):
        membership = getattr(obj, "current_membership", None)
        return membership.system if membership else None

    @staticmethod
    def resolve_region(obj):
        membership = getattr(obj, "current_membership", None)
        return membership.region if membership else None


class MembershipOut(Schema):
    system: SystemRef
    region: RegionRef
    valid_from: dt.date
    valid_to: dt.date | None


class OrganisationDetail(OrganisationSummary):
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj):
        return obj.memberships.select_related("system", "region").order_by("valid_from")


class OrganisationsPage(PageOut):
    items: list[OrganisationSummary]


class SystemDetail(SystemOut):
    merged_from: list[SystemRef]
    organisations: list[OrganisationSummary] = Field(alias="current_organisations")

    @staticmethod
    def resolve_merged_from(obj):
        return obj.merged_from.order_by("name")


class OrganisationFilters(Schema):
    region: Code | None = Field(None, description="ODS code of the NHS England region (Y…).")
    system: Code | None = Field(None, description="ODS code of the integrated care board.")
    kind: OrganisationKind | None = None
    name: NameWords = ""
    include_closed: bool = False
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


class SystemFilters(Schema):
    region: Code | None = Field(None, description="ODS code of the NHS England region (Y…).")
    include_closed: bool = Field(False, description="Include ICBs closed by a merger.")


class OrganisationPatch(InputSchema):
    kind: OrganisationKind


# ---- helpers ------------------------------------------------------------------------------


def _region(code: str, request) -> Region:
    region = Region.objects.filter(code__iexact=code.strip()).first()
    if region is None:
        raise invalid("region", f'There is no region with ODS code "{code}"', code,
                      request=request)
    return region


def _system(code: str, request) -> IntegratedCareSystem:
    system = IntegratedCareSystem.objects.filter(code__iexact=code.strip()).first()
    if system is None:
        raise invalid("system", f'There is no integrated care system with ICB code "{code}"',
                      code, request=request)
    return system


def _with_current_membership(organisations: list[Organisation]) -> list[Organisation]:
    """Attach today's membership (system and region) to each organisation, in one query."""
    memberships = {
        m.organisation_id: m
        for m in OrganisationMembership.objects.on(timezone.localdate())
        .filter(organisation__in=organisations).select_related("system", "region")
    }
    for organisation in organisations:
        organisation.current_membership = memberships.get(organisation.pk)
    return organisations


def _organisation(ods_code: str) -> Organisation:
    organisation = Organisation.objects.filter(ods_code__iexact=ods_code.strip()).first()
    if organisation is None:
        raise Http404(f'There is no organisation with ODS code "{ods_code[:20]}".')
    return _with_current_membership([organisation])[0]


# ---- endpoints ----------------------------------------------------------------------------


@router.get("/organisations", response={200: OrganisationsPage, **ERRORS},
            summary="List organisations")
def list_organisations(request, filters: Query[OrganisationFilters]):
    """Organisations, filtered by today's region or system, kind and name; open ones unless
    `include_closed`."""
    organisations = Organisation.objects.all()
    if not filters.include_closed:
        organisations = organisations.open_on()
    if filters.region:
        organisations = organisations.in_region(_region(filters.region, request))
    if filters.system:
        organisations = organisations.in_system(_system(filters.system, request))
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    for word in filters.name.split():
        organisations = organisations.filter(name__icontains=word)
    result = page(organisations.order_by("name", "pk"), filters.limit, filters.offset)
    result["items"] = _with_current_membership(result["items"])
    return result


@router.get("/organisations/{ods_code}", response={200: OrganisationDetail, **ERRORS},
            summary="An organisation, its current system and region, and membership history")
def get_organisation(request, ods_code: Code):
    return _organisation(ods_code)


@router.patch("/organisations/{ods_code}", response={200: OrganisationDetail, **ERRORS},
              summary="Correct an organisation's kind (administrators)")
def patch_organisation(request, ods_code: Code, payload: OrganisationPatch):
    """The loader guesses each organisation's kind from its name; an administrator corrects
    it here. The correction is kept when reference data is reloaded, and audited."""
    organisation = _organisation(ods_code)
    remember_input(request, payload.model_dump())
    correct_kind(request.auth, organisation, payload.kind, request=request)
    return _organisation(ods_code)


@router.get("/systems", response={200: list[SystemOut], **ERRORS},
            summary="List integrated care systems")
def list_systems(request, filters: Query[SystemFilters]):
    systems = IntegratedCareSystem.objects.select_related("region", "merged_into")
    if filters.region:
        systems = systems.filter(region=_region(filters.region, request))
    if not filters.include_closed:
        today = timezone.localdate()
        systems = [s for s in systems if s.is_open_on(today)]
    return list(systems)


@router.get("/systems/{code}", response={200: SystemDetail, **ERRORS},
            summary="An integrated care system and its organisations today")
def get_system(request, code: Code):
    system = (
        IntegratedCareSystem.objects.select_related("region", "merged_into")
        .filter(code__iexact=code.strip()).first()
    )
    if system is None:
        raise Http404(f'There is no integrated care system with ICB code "{code[:20]}".')
    system.current_organisations = _with_current_membership(
        list(Organisation.objects.in_system(system).order_by("name", "pk"))
    )
    return system


@router.get("/regions", response={200: list[RegionOut], **ERRORS},
            summary="List NHS England regions")
def list_regions(request):
    return list(Region.objects.order_by("name"))

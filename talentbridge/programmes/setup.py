"""Setting up programmes: a programme with its criteria, a cohort with its panel, and who may
be nominated to a cohort (docs/programmes.md). Each function asks `programmes.policy`, checks
its input (a ValidationError naming the field and the value, with nothing written) and is
audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import Person

from . import policy
from .models import Cohort
from .models import CohortStatus
from .models import Criterion
from .models import Programme
from .models import ProgrammeScope

NAME_MAX = Programme._meta.get_field("name").max_length
COHORT_NAME_MAX = Cohort._meta.get_field("name").max_length
CRITERION_MAX = Criterion._meta.get_field("name").max_length
PLACES_MAX = 500


def scope_choices(user) -> list[tuple[str, str]]:
    """The scopes this user may run a programme for, as "england:", "region:<id>",
    "system:<id>" or "organisation:<id>": each scope they hold, and the regions and systems
    within it."""
    grants = grants_for(user)
    if grants.user_id is None:
        return []
    held = ([("england", None)] if grants.is_administrator else
            [(h.scope_level, h.scope_id) for h in grants.scopes_of(Role.PROGRAMME_MANAGER)])
    choices: dict[str, str] = {}
    for level, scope_id in held:
        if level == "england":
            choices["england:"] = "England"
            regions = Region.objects.all()
            systems = IntegratedCareSystem.objects.all()
        elif level == "region":
            regions = Region.objects.filter(pk=scope_id)
            systems = IntegratedCareSystem.objects.filter(region_id=scope_id)
        elif level == "system":
            regions, systems = Region.objects.none(), IntegratedCareSystem.objects.filter(
                pk=scope_id)
        else:
            regions, systems = Region.objects.none(), IntegratedCareSystem.objects.none()
            for o in Organisation.objects.filter(pk=scope_id):
                choices[f"organisation:{o.pk}"] = o.display_name
        for r in regions.order_by("name"):
            choices[f"region:{r.pk}"] = f"{r.name} region"
        for s in systems.order_by("name"):
            choices[f"system:{s.pk}"] = f"{s.short_name} (integrated care system)"
    return list(choices.items())


def _scope_fields(scope: str) -> dict:
    """The programme's scope fields for a scope choice; a ValidationError naming it if it is
    not one."""
    level, _, pk = (scope or "").partition(":")
    if level == ProgrammeScope.ENGLAND and not pk:
        return {"scope_level": level, "organisation": None, "system": None, "region": None}
    model = {ProgrammeScope.ORGANISATION: Organisation, ProgrammeScope.SYSTEM:
             IntegratedCareSystem, ProgrammeScope.REGION: Region}.get(level)
    found = model.objects.filter(pk=int(pk)).first() if model and pk.isdigit() else None
    if found is None:
        raise ValidationError({"scope": f'"{scope}" is not a scope a programme can be run for'})
    return {"scope_level": level, "organisation": None, "system": None, "region": None,
            level: found}


def _criteria(names: list[str]) -> list[str]:
    cleaned = [" ".join(n.split()) for n in names if n and n.strip()]
    if not cleaned:
        raise ValidationError({"criteria": "Enter at least one criterion the panel scores"})
    for name in cleaned:
        if len(name) > CRITERION_MAX:
            raise ValidationError({"criteria": f'"{name[:40]}…" is longer than '
                                               f"{CRITERION_MAX} characters"})
    twice = sorted({n for n in cleaned if [c.casefold() for c in cleaned].count(n.casefold()) > 1})
    if twice:
        raise ValidationError({"criteria": f'"{twice[0]}" is there more than once'})
    return cleaned


def create_programme(user, *, name: str, description: str = "", eligibility: str = "",
                     scope: str, criteria: list[str], request=None) -> Programme:
    """A programme run for a scope within the user's own (rule 1), with its criteria."""
    fields = _scope_fields(scope)
    place = policy.place_of(fields["scope_level"], getattr(fields["organisation"], "pk", None),
                            getattr(fields["system"], "pk", None),
                            getattr(fields["region"], "pk", None))
    if not policy.may_run_at(user, place):
        raise ValidationError({"scope": f'"{scope}" is outside the scope you run programmes '
                                        "for"})
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Enter the programme's name"})
    if Programme.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f'There is already a programme called "{name}"'})
    names = _criteria(criteria)
    with transaction.atomic():
        programme = Programme.objects.create(name=name, description=(description or "").strip(),
                                             eligibility=(eligibility or "").strip(), **fields)
        for position, criterion in enumerate(names, start=1):
            Criterion.objects.create(programme=programme, name=criterion, position=position)
        record(actor=user, action=AuditAction.CREATE, target=programme, request=request,
               detail={"scope": scope, "criteria": names})
    return programme


def _check_cohort(programme: Programme, name: str, starts_on: dt.date, ends_on: dt.date,
                  places, status: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Enter the cohort's name"})
    if len(name) > COHORT_NAME_MAX:
        raise ValidationError({"name": f"Cohort name must be {COHORT_NAME_MAX} characters or "
                                       "fewer"})
    if programme.cohorts.filter(name__iexact=name).exists():
        raise ValidationError({"name": f'{programme} already has a cohort called "{name}"'})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": f"The end date ({ends_on:%d/%m/%Y}) must be on or "
                                          f"after the start date ({starts_on:%d/%m/%Y})"})
    if not isinstance(places, int) or not 1 <= places <= PLACES_MAX:
        raise ValidationError({"places": f"Places must be from 1 to {PLACES_MAX} (it was "
                                         f"{places})"})
    if status not in CohortStatus.values:
        raise ValidationError({"status": f'"{status}" is not a cohort status'})
    return name


def add_cohort(user, programme: Programme, *, name: str, starts_on: dt.date, ends_on: dt.date,
               places: int, status: str = CohortStatus.OPEN, panel=(), request=None) -> Cohort:
    """A cohort of a programme the user runs, with its panel (rule 1)."""
    if not policy.manages(user, programme):
        raise PermissionDenied("Only the programme's managers add cohorts.")
    name = _check_cohort(programme, name, starts_on, ends_on, places, status)
    with transaction.atomic():
        cohort = Cohort.objects.create(programme=programme, name=name, starts_on=starts_on,
                                       ends_on=ends_on, places=places, status=status)
        cohort.panel.set(list(panel))
        record(actor=user, action=AuditAction.CREATE, target=cohort, request=request,
               detail={"panel": sorted(u.pk for u in panel)})
    return cohort


def set_panel(user, cohort: Cohort, panel, *, request=None) -> Cohort:
    """Choose a cohort's panel members (the programme's managers)."""
    if not policy.manages(user, cohort.programme):
        raise PermissionDenied("Only the programme's managers choose the panel.")
    if not panel:
        raise ValidationError({"panel": "Add at least one panel member"})
    with transaction.atomic():
        before = sorted(cohort.panel.values_list("pk", flat=True))
        cohort.panel.set(list(panel))
        record(actor=user, action=AuditAction.UPDATE, target=cohort, request=request,
               detail={"panel": [before, sorted(u.pk for u in panel)]})
    return cohort


def _may_nominate(user) -> QuerySet[Person]:
    """Everyone this user may nominate to some cohort: those they may see (a line manager:
    their reports), not themselves."""
    grants = grants_for(user)
    if grants.user_id is None:
        return Person.objects.none()
    people = Person.objects.visible_to(user).exclude(user_id=grants.user_id)
    if not grants.is_talent_lead:
        people = people.filter(pk__in=grants.managed_person_ids)
    return people


def nominable_people(user, cohort: Cohort) -> QuerySet[Person]:
    """The people this user may nominate to the cohort (rule 5): those they may see, in the
    programme's scope; for a line manager, their reports."""
    if cohort.status != CohortStatus.OPEN:
        return Person.objects.none()
    people = _may_nominate(user)
    programme = cohort.programme
    if programme.scope_level == ProgrammeScope.ENGLAND:
        return people
    place = policy.programme_place(programme)
    placements = placements_on()
    organisations = [org for org in placements
                     if policy.in_scope(programme, org, place, placements)]
    if programme.scope_level == ProgrammeScope.ORGANISATION:
        organisations = [place[0]]
    return people.filter(organisation_id__in=organisations)


def nominating_cohorts(user) -> list[Cohort]:
    """Open cohorts this talent lead or line manager may nominate someone to."""
    if not policy.may_nominate_anyone(user):
        return []
    employers = set(_may_nominate(user).values_list("organisation_id", flat=True).distinct())
    cohorts = (Cohort.objects.filter(status=CohortStatus.OPEN)
               .select_related("programme__system"))
    placements = placements_on()
    return [c for c in cohorts if _employs_someone(c.programme, employers, placements)]


def _employs_someone(programme, employers: set, placements: dict) -> bool:
    """Does the programme's scope hold one of these employers? ``nominable_people(...)
    .exists()`` without a query per cohort: employers and placements are read once."""
    if programme.scope_level == ProgrammeScope.ENGLAND:
        return bool(employers)
    place = policy.programme_place(programme)
    if programme.scope_level == ProgrammeScope.ORGANISATION:
        return place[0] in employers
    return any(policy.in_scope(programme, org, place, placements) for org in employers)

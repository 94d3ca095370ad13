"""The one access policy for person-level data: role × scope × the person's own choice.

Every view, API handler and export asks this module, either for a pre-filtered queryset
(`Person.objects.visible_to(user)`) or for a decision about one person (`can` / `require`).
The rules, in plain words (docs/access-policy.md says the same):

1. A leader sees and edits their own profile and sees their own protected characteristics.
2. A line manager sees the profiles of the people they manage (two levels down); no edits.
3. An organisation talent lead sees everyone employed by their organisation and edits their
   profiles; they also see people elsewhere in their system who chose "system" or wider, and
   anyone who chose "national".
4. A system talent lead sees people in their system's organisations who chose "system" or wider,
   and anyone who chose "national".
5. Regional and national talent leads see people who chose "national".
6. Programme managers and analysts see no individual profiles through this policy (analysts
   work with suppressed aggregates only).
7. An administrator sees and edits every profile; they see a person's protected characteristics
   only when they state a reason, and that view is audited.
8. An organisation administrator sees only the basic profile (name, job, organisation, work
   e-mail, account) of the people employed by the organisations they administer, to invite
   them and administer their accounts (action ADMINISTER, `administered_people_filter`): never
   through `visible_people_filter`, so no talent record, conversation, review, rating or
   characteristic of theirs. Administrators administer everyone.
9. A leader's own choices (who may see their profile; their mobility) are changed by nobody but
   the leader. An administrator may only reset someone's visibility to the most private choice,
   with a stated reason; the reset is audited and the person is told.
Nobody else sees protected characteristics individually.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.grants import rows_filter
from talentbridge.organisations.scopes import organisation_ids_in_system
from talentbridge.organisations.scopes import system_id_of

from .codes import Visibility

SYSTEM_OR_WIDER = (Visibility.SYSTEM, Visibility.NATIONAL)


class Action(StrEnum):
    VIEW_PROFILE = "view_profile"
    EDIT_PROFILE = "edit_profile"
    VIEW_CHARACTERISTICS = "view_characteristics"
    LIST = "list"
    #: change the person's own choices: who may see their profile, and their mobility
    CHANGE_CHOICES = "change_choices"
    #: reset the person's visibility to the most private choice (a support action)
    RESET_VISIBILITY = "reset_visibility"
    #: see the basic profile and invite the person or administer their account
    ADMINISTER = "administer"


def system_organisation_ids(grants: Grants) -> set[int]:
    """Organisations in the systems where this user sees people who chose "system" or wider:
    the systems of the organisations they lead as organisation talent lead, and the systems
    they lead as system talent lead. Worked out once per request."""
    cached = grants.__dict__.get("_system_organisation_ids")
    if cached is not None:
        return cached
    systems = set(grants.lead_system_ids)
    for organisation_id in grants.lead_organisation_ids:
        system_id = system_id_of(organisation_id)
        if system_id is not None:
            systems.add(system_id)
    ids: set[int] = set()
    for system_id in systems:
        ids.update(organisation_ids_in_system(system_id))
    grants.__dict__["_system_organisation_ids"] = ids
    return ids


def sees_national(grants: Grants) -> bool:
    """Talent leads at every level see people who chose "national"."""
    return grants.is_talent_lead


def visible_people_filter(who) -> Q:
    """A filter on Person for everyone this user (or these grants) may see or find."""
    grants = grants_for(who)
    if grants.user_id is None:
        return Q(pk__in=[])
    if grants.is_administrator:
        return Q()
    allowed = Q(user_id=grants.user_id)
    if grants.person_id is not None:
        allowed |= Q(line_manager_id=grants.person_id)
        allowed |= Q(line_manager__line_manager_id=grants.person_id)
    if grants.lead_organisation_ids:
        allowed |= Q(organisation_id__in=grants.lead_organisation_ids)
    system_reach = system_organisation_ids(grants)
    if system_reach:
        allowed |= Q(organisation_id__in=system_reach, visibility__in=SYSTEM_OR_WIDER)
    if sees_national(grants):
        allowed |= Q(visibility=Visibility.NATIONAL)
    return allowed


def _manages(grants: Grants, person) -> bool:
    """Is `person` a direct report, or a report of a direct report (two levels, not three)?"""
    if grants.person_id is None or person.line_manager_id is None:
        return False
    if person.line_manager_id == grants.person_id:
        return True
    return person.line_manager_id in grants.direct_report_ids


def can(who, action: Action, person, *, reason: str = "") -> bool:
    """May this user (or these grants) do `action` to `person`? The single decision for one
    person."""
    grants = grants_for(who)
    if grants.user_id is None:
        return False
    is_self = person.user_id is not None and person.user_id == grants.user_id
    if action == Action.VIEW_CHARACTERISTICS:
        return is_self or (grants.is_administrator and bool(reason.strip()))
    if action == Action.CHANGE_CHOICES:
        return is_self
    if action == Action.RESET_VISIBILITY:
        return grants.is_administrator and bool(reason.strip())
    if action == Action.EDIT_PROFILE:
        return (
            is_self
            or grants.is_administrator
            or person.organisation_id in grants.lead_organisation_ids
        )
    if action == Action.ADMINISTER:
        return (grants.is_administrator
                or person.organisation_id in grants.administered_organisation_ids)
    # VIEW_PROFILE and LIST share one rule: the same people as visible_people_filter.
    if is_self or grants.is_administrator:
        return True
    if person.organisation_id in grants.lead_organisation_ids:
        return True
    if (
        person.organisation_id in system_organisation_ids(grants)
        and person.visibility in SYSTEM_OR_WIDER
    ):
        return True
    if sees_national(grants) and person.visibility == Visibility.NATIONAL:
        return True
    return _manages(grants, person)


def require(who, action: Action, person, *, reason: str = "") -> None:
    if not can(who, action, person, reason=reason):
        raise PermissionDenied(f"You do not have permission to {action.replace('_', ' ')}.")


def own_characteristics_filter(who) -> Q:
    """A filter on Person for whose protected characteristics a user may read as rows: only
    their own. An administrator reads one person's only through `can(VIEW_CHARACTERISTICS)`
    with a stated reason; figures about groups go through the disclosure rules."""
    grants = grants_for(who)
    if grants.user_id is None:
        return Q(pk__in=[])
    return Q(user_id=grants.user_id)


def administered_people_filter(who) -> Q:
    """A filter on Person for the people whose basic profile and account this user
    administers: everyone for an administrator, the people employed by the organisations an
    organisation administrator administers, no one else. Read only by the modules that show
    the basic profile (`people.invitations`); never a way to talent data."""
    return rows_filter(who, _administered_people)


def _administered_people(grants: Grants) -> Q:
    return Q(organisation_id__in=grants.administered_organisation_ids)

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
8. A leader's own choices (who may see their profile; their mobility) are changed by nobody but
   the leader. An administrator may only reset someone's visibility to the most private choice,
   with a stated reason; the reset is audited and the person is told.
Nobody else sees protected characteristics individually.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from talentbridge.accounts.models import Role
from talentbridge.organisations.scopes import organisation_ids_in_system, system_id_of

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


@dataclass
class Grants:
    """What one user holds, resolved once and kept on the user object for the request."""

    user_id: int | None
    person_id: int | None = None
    is_administrator: bool = False
    sees_national: bool = False
    #: organisations whose employees this user leads (organisation talent lead)
    lead_organisation_ids: set[int] = field(default_factory=set)
    #: organisations in the systems where this user sees people who chose "system" or wider
    system_organisation_ids: set[int] = field(default_factory=set)


def grants_for(user) -> Grants:
    if user is None or not user.is_authenticated or not user.is_active:
        return Grants(user_id=None)
    cached = getattr(user, "_talentbridge_grants", None)
    if cached is not None:
        return cached
    from .models import Person

    grants = Grants(
        user_id=user.pk,
        person_id=Person.objects.filter(user=user).values_list("pk", flat=True).first(),
    )
    for assignment in user.role_assignments.current():
        if assignment.role == Role.ADMINISTRATOR:
            grants.is_administrator = True
        elif assignment.role == Role.ORGANISATION_TALENT_LEAD:
            grants.lead_organisation_ids.add(assignment.organisation_id)
            grants.sees_national = True
            system_id = system_id_of(assignment.organisation_id)
            if system_id is not None:
                grants.system_organisation_ids.update(organisation_ids_in_system(system_id))
        elif assignment.role == Role.SYSTEM_TALENT_LEAD:
            grants.sees_national = True
            grants.system_organisation_ids.update(organisation_ids_in_system(assignment.system_id))
        elif assignment.role in (Role.REGIONAL_LEAD, Role.NATIONAL_LEAD):
            grants.sees_national = True
    user._talentbridge_grants = grants
    return grants


def visible_people_filter(user) -> Q:
    """A filter on Person for everyone this user may see or find in a search."""
    grants = grants_for(user)
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
    if grants.system_organisation_ids:
        allowed |= Q(
            organisation_id__in=grants.system_organisation_ids, visibility__in=SYSTEM_OR_WIDER
        )
    if grants.sees_national:
        allowed |= Q(visibility=Visibility.NATIONAL)
    return allowed


def _manages(grants: Grants, person) -> bool:
    if grants.person_id is None or person.line_manager_id is None:
        return False
    if person.line_manager_id == grants.person_id:
        return True
    from .models import Person

    return Person.objects.filter(
        pk=person.line_manager_id, line_manager_id=grants.person_id
    ).exists()


def can(user, action: Action, person, *, reason: str = "") -> bool:
    """May `user` do `action` to `person`? The single decision for one person."""
    grants = grants_for(user)
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
    # VIEW_PROFILE and LIST share one rule: the same people as visible_people_filter.
    if is_self or grants.is_administrator:
        return True
    if person.organisation_id in grants.lead_organisation_ids:
        return True
    if (
        person.organisation_id in grants.system_organisation_ids
        and person.visibility in SYSTEM_OR_WIDER
    ):
        return True
    if grants.sees_national and person.visibility == Visibility.NATIONAL:
        return True
    return _manages(grants, person)


def require(user, action: Action, person, *, reason: str = "") -> None:
    if not can(user, action, person, reason=reason):
        raise PermissionDenied(f"You do not have permission to {action.replace('_', ' ')}.")

"""Who may do what with development programmes (docs/programmes.md says the same).

Built on the one people policy and the grants. The rules, in plain words:

1. A programme is run by the programme managers whose scope holds the programme's scope (a
   programme manager for England runs every programme; for a region, the programmes of the
   region and of its systems and organisations; and so on down) and by administrators. They
   set up cohorts, panels and sessions, see applicants' names, statements and every panel
   score, decide, record attendance and completion, and read the feedback as aggregates.
   Never protected characteristics per person, nor talent ratings.
2. A panel member of a cohort sees and scores that cohort's applications (names, statements),
   never their own application.
3. The applicant sees their own applications, decisions and places; not the panel members'
   individual scores.
4. A leader may apply to an open cohort of a programme whose scope holds their employer.
5. A talent lead or line manager may nominate someone they may see (people policy), whose
   employer the programme's scope holds.
6. Funnel figures (aggregates through the disclosure rules) are read by the programme's
   managers, and by analysts and talent leads whose scope holds the programme's scope.
7. A participant gives feedback once, on their own place, once it has completed or withdrawn
   or the cohort has finished.
"""

from __future__ import annotations

from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.models import Role
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.policy import Action
from talentbridge.people.policy import can as can_person

from .models import CohortStatus
from .models import Decision
from .models import Outcome
from .models import ProgrammeScope

Place = tuple[int | None, int | None, int | None]


def place_of(scope_level: str, organisation_id=None, system_id=None, region_id=None) -> Place:
    """(organisation, system, region) ids of a scope, filled upwards."""
    if scope_level == ProgrammeScope.ORGANISATION:
        placement = placements_on().get(organisation_id)
        if placement is None:
            return organisation_id, None, None
        return organisation_id, placement.system_id, placement.region_id
    if scope_level == ProgrammeScope.SYSTEM:
        region = (IntegratedCareSystem.objects.filter(pk=system_id)
                  .values_list("region_id", flat=True).first())
        return None, system_id, region
    if scope_level == ProgrammeScope.REGION:
        return None, None, region_id
    return None, None, None


def programme_place(programme) -> Place:
    if programme.scope_level == ProgrammeScope.SYSTEM and programme.system_id is not None:
        # the system's region from the programme's own system (lists load it with the
        # programme, so deciding for a list of programmes asks nothing more per programme)
        return None, programme.system_id, programme.system.region_id
    return place_of(programme.scope_level, programme.organisation_id, programme.system_id,
                    programme.region_id)


def _holds(level: str, scope_id, place: Place) -> bool:
    """Does a role held at (level, scope id) hold a scope at ``place``?"""
    org, system, region = place
    if level == "england":
        return True
    if level == "region":
        return region is not None and scope_id == region
    if level == "system":
        return system is not None and scope_id == system
    return org is not None and scope_id == org


def _role_holds(grants, role: str, place: Place) -> bool:
    return any(_holds(h.scope_level, h.scope_id, place) for h in grants.scopes_of(role))


def may_run_at(user, place: Place) -> bool:
    """Rule 1 for a scope: create a programme there."""
    grants = grants_for(user)
    if grants.user_id is None:
        return False
    return grants.is_administrator or _role_holds(grants, Role.PROGRAMME_MANAGER, place)


def is_programme_manager(user) -> bool:
    grants = grants_for(user)
    return grants.user_id is not None and (
        grants.is_administrator or grants.holds(Role.PROGRAMME_MANAGER))


def manages(user, programme, place: Place | None = None) -> bool:
    """Rule 1."""
    return may_run_at(user, place or programme_place(programme))


def on_panel(user, cohort) -> bool:
    grants = grants_for(user)
    return grants.user_id is not None and cohort.panel.filter(pk=grants.user_id).exists()


def is_applicant(user, application) -> bool:
    grants = grants_for(user)
    return grants.person_id is not None and application.person_id == grants.person_id


def can_view_application(user, application) -> bool:
    """Rules 1 to 3."""
    cohort = application.cohort
    return (is_applicant(user, application) or manages(user, cohort.programme)
            or (on_panel(user, cohort) and not is_applicant(user, application)))


def can_score(user, application) -> bool:
    """Rule 2: a panel member, not on their own application, while the cohort is selecting."""
    cohort = application.cohort
    return (cohort.status in (CohortStatus.OPEN, CohortStatus.SELECTION)
            and on_panel(user, cohort) and not is_applicant(user, application))


def can_see_all_scores(user, programme) -> bool:
    """Rule 1: each panel member's scores; the applicant sees none (rule 3)."""
    return manages(user, programme)


def can_decide(user, application) -> bool:
    return manages(user, application.cohort.programme)


def in_scope(programme, person_organisation_id: int | None,
             place: Place | None = None, placements: dict | None = None) -> bool:
    """Does the programme's scope hold this employer? (``placements``: today's, when the
    caller asks of many programmes or employers and read them once.)"""
    if person_organisation_id is None:
        return False
    org, system, region = place or programme_place(programme)
    if programme.scope_level == ProgrammeScope.ENGLAND:
        return True
    if programme.scope_level == ProgrammeScope.ORGANISATION:
        return person_organisation_id == org
    placement = (placements if placements is not None else placements_on()).get(
        person_organisation_id)
    if placement is None:
        return False
    if programme.scope_level == ProgrammeScope.SYSTEM:
        return placement.system_id == system
    return placement.region_id == region


def can_apply(user, cohort, placements: dict | None = None) -> bool:
    """Rule 4."""
    grants = grants_for(user)
    return (grants.person_id is not None and cohort.status == CohortStatus.OPEN
            and in_scope(cohort.programme, grants.person_organisation_id,
                         placements=placements))


def can_nominate(user, cohort, person) -> bool:
    """Rule 5: a talent lead or line manager who may see the person."""
    grants = grants_for(user)
    if grants.user_id is None or cohort.status != CohortStatus.OPEN:
        return False
    if person.user_id is not None and person.user_id == grants.user_id:
        return False
    if not (grants.is_talent_lead or person.pk in grants.managed_person_ids):
        return False
    return (can_person(grants, Action.VIEW_PROFILE, person)
            and in_scope(cohort.programme, person.organisation_id))


def may_nominate_anyone(user) -> bool:
    grants = grants_for(user)
    return grants.user_id is not None and (grants.is_talent_lead
                                           or bool(grants.direct_report_ids))


def can_view_funnel(user, programme) -> bool:
    """Rule 6."""
    grants = grants_for(user)
    if grants.user_id is None:
        return False
    place = programme_place(programme)
    if manages(grants, programme, place):
        return True
    return (_role_holds(grants, Role.ANALYST, place)
            or _role_holds(grants, Role.NATIONAL_LEAD, place)
            or _role_holds(grants, Role.REGIONAL_LEAD, place)
            or _role_holds(grants, Role.SYSTEM_TALENT_LEAD, place)
            or _role_holds(grants, Role.ORGANISATION_TALENT_LEAD, place))


def can_give_feedback(user, place) -> bool:
    """Rule 7."""
    if not is_applicant(user, place) or place.decision != Decision.SELECTED:
        return False
    ended = (place.outcome != Outcome.ON_PROGRAMME
             or place.cohort.status == CohortStatus.FINISHED)
    return ended and not hasattr_feedback(place)


def hasattr_feedback(place) -> bool:
    try:
        return place.feedback is not None
    except place._meta.model.feedback.RelatedObjectDoesNotExist:
        return False

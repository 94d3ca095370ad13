"""Who may do what with talent reviews and talent pools (docs/talent-reviews.md says the same).

Built on the one people policy: every person-level row a review or pool shows is also filtered
by `Person.objects.visible_to(user)`. The rules, in plain words:

Reviews (an organisation's, or a whole integrated care system's):
1. An organisation talent lead runs reviews of their organisation; a system talent lead runs
   reviews of their system. "Run" = create, facilitate, place anyone in scope they may see,
   start calibration, move placements, lock, export.
2. Participants (and the facilitator) may view the review: the rows of the people they may
   see, and the distribution of those rows only (every viewer's figures count only the
   placements they can see).
3. A line manager may view an open review that covers one of their direct reports' employers,
   and place their own direct reports in it (while it is not locked).
4. Administrators may view and export every review; they do not run reviews.
5. A person sees their own placements (their placement history), as does anyone who may see
   their profile. Analysts and programme managers see nothing individual.

Pools (at an organisation, system, region or England):
6. A pool is managed by its owner and by every talent lead whose scope covers the pool's scope
   (England ⊃ region ⊃ system ⊃ organisation). Managers decide nominations, exit members, see
   members and export.
7. Composition (aggregates, small numbers suppressed) is seen by managers, administrators and
   analysts whose scope covers the pool. How a pool's members are counted depends on the
   viewer's role, never on who is in the pool (`member_count_basis`): administrators, who may
   see every profile, get exact counts of all members; a pool's other managers get exact
   counts of the members they can see, labelled so; everyone else gets counts of all members
   through the disclosure rule (1-7 as "*", others to the nearest 5). Make-up by protected
   characteristic follows `pool_makeup` (at least 20 members, shares, quarterly).
8. Nominations: a person nominates themselves; a line manager nominates a direct report; a
   talent lead nominates anyone they may see. A closed pool takes nominations only from its
   managers. Nominees see their own nominations; who nominated someone sees and withdraws
   that nomination while they may see the person (so not after the person moves away, unless
   their visibility choice still lets them).
"""

from __future__ import annotations

from django.db.models import Q

from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.grants import rows_filter
from talentbridge.accounts.models import Role
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.people.models import Person
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.pools import NominationRoute
from talentbridge.talent.models.pools import PoolScope
from talentbridge.talent.models.pools import PoolStatus
from talentbridge.talent.models.reviews import ReviewScope
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.policy import can_see_talent_record
from talentbridge.talent.policy import is_line_manager_of
from talentbridge.talent.policy import is_self

TALENT_LEAD_ROLES = (Role.ORGANISATION_TALENT_LEAD, Role.SYSTEM_TALENT_LEAD, Role.REGIONAL_LEAD,
                     Role.NATIONAL_LEAD)


def roles_for(user) -> Grants:
    """The talent roles one user holds now: their grants, resolved once per request."""
    return grants_for(user)


# --------------------------------------------------------------------------------------
# Scopes
# --------------------------------------------------------------------------------------


def _memberships_today(organisation_ids) -> dict[int, tuple[int, int]]:
    rows = OrganisationMembership.objects.on().filter(
        organisation_id__in=list(organisation_ids)
    ).values_list("organisation_id", "system_id", "region_id")
    return {org: (system, region) for org, system, region in rows}


def review_organisation_ids(review: TalentReview) -> list[int]:
    """The organisations whose employees a review covers (today's system membership)."""
    if review.scope_level == ReviewScope.ORGANISATION:
        return [review.organisation_id]
    return list(OrganisationMembership.objects.on().filter(system_id=review.system_id)
                .values_list("organisation_id", flat=True))


def pool_organisation_ids(pool: TalentPool) -> list[int] | None:
    """The organisations whose employees a pool's scope covers; None means all of England."""
    if pool.scope_level == PoolScope.ORGANISATION:
        return [pool.organisation_id]
    if pool.scope_level == PoolScope.SYSTEM:
        return list(OrganisationMembership.objects.on().filter(system_id=pool.system_id)
                    .values_list("organisation_id", flat=True))
    if pool.scope_level == PoolScope.REGION:
        return list(OrganisationMembership.objects.on().filter(region_id=pool.region_id)
                    .values_list("organisation_id", flat=True))
    return None


def _pool_place(pool: TalentPool, memberships: dict[int, tuple[int, int]] | None = None
                ) -> tuple[int | None, int | None, int | None]:
    """(organisation, system, region) ids of a pool's scope, filled upwards (``memberships``:
    `_memberships_today` of its organisation, when already read)."""
    if pool.scope_level == PoolScope.ORGANISATION:
        if memberships is None:
            memberships = _memberships_today([pool.organisation_id])
        system, region = memberships.get(pool.organisation_id, (None, None))
        return pool.organisation_id, system, region
    if pool.scope_level == PoolScope.SYSTEM:
        region = (pool.system.region_id if pool.system_id else None)
        return None, pool.system_id, region
    if pool.scope_level == PoolScope.REGION:
        return None, None, pool.region_id
    return None, None, None


def covers_scope(user, scope_level: str, organisation_id=None, system_id=None,
                 region_id=None) -> bool:
    """Does one of the user's talent lead roles cover this scope?"""
    roles = roles_for(user)
    if roles.user_id is None:
        return False
    if roles.is_national_lead:
        return True
    org, system, region = _fill(scope_level, organisation_id, system_id, region_id)
    return bool(
        (region is not None and region in roles.lead_region_ids)
        or (system is not None and system in roles.lead_system_ids)
        or (scope_level == PoolScope.ORGANISATION and org in roles.lead_organisation_ids)
    )


def _fill(scope_level, organisation_id, system_id, region_id):
    if scope_level == PoolScope.ORGANISATION and organisation_id is not None:
        system_id, region_id = _memberships_today([organisation_id]).get(
            organisation_id, (None, None))
    elif scope_level == PoolScope.SYSTEM and system_id is not None:
        region_id = (IntegratedCareSystem.objects.filter(pk=system_id)
                     .values_list("region_id", flat=True).first())
    return organisation_id, system_id, region_id


def _analyst_covers(roles: Grants, org, system, region) -> bool:
    for level, scope_id in roles.analyst_scopes:
        if level == "england":
            return True
        if level == "region" and region is not None and scope_id == region:
            return True
        if level == "system" and system is not None and scope_id == system:
            return True
        if level == "organisation" and org is not None and scope_id == org:
            return True
    return False


# --------------------------------------------------------------------------------------
# Reviews
# --------------------------------------------------------------------------------------


def may_run_review_at(user, scope_level: str, organisation_id=None, system_id=None) -> bool:
    """Organisation talent lead for an organisation review; system talent lead for a system's."""
    roles = roles_for(user)
    if scope_level == ReviewScope.ORGANISATION:
        return organisation_id is not None and organisation_id in roles.lead_organisation_ids
    if scope_level == ReviewScope.SYSTEM:
        return system_id is not None and system_id in roles.lead_system_ids
    return False


def runs_review(user, review: TalentReview) -> bool:
    return may_run_review_at(user, review.scope_level, review.organisation_id, review.system_id)


def _report_scope(roles: Grants) -> tuple[set[int], set[int]]:
    """Organisations and systems where the user's direct reports are employed."""
    if roles.person_id is None:
        return set(), set()
    orgs = set(Person.objects.visible_to(roles).filter(line_manager_id=roles.person_id)
               .values_list("organisation_id", flat=True))
    systems = {s for s, _ in _memberships_today(orgs).values()}
    return orgs, systems


def reviews_filter(user) -> Q:
    """A filter on TalentReview for every review this user may view."""
    return rows_filter(roles_for(user), _reviews_seen)


def _reviews_seen(roles: Grants) -> Q:
    report_orgs, report_systems = _report_scope(roles)
    return (
        Q(scope_level=ReviewScope.ORGANISATION,
          organisation_id__in=roles.lead_organisation_ids | report_orgs)
        | Q(scope_level=ReviewScope.SYSTEM, system_id__in=roles.lead_system_ids | report_systems)
        | Q(facilitator_id=roles.user_id)
        | Q(pk__in=TalentReview.participants.through.objects.filter(user_id=roles.user_id)
            .values("talentreview_id"))
    )


def can_view_review(user, review: TalentReview) -> bool:
    roles = roles_for(user)
    if roles.user_id is None:
        return False
    if roles.is_administrator or review.facilitator_id == roles.user_id:
        return True
    if runs_review(user, review):
        return True
    if review.participants.filter(pk=roles.user_id).exists():
        return True
    return _has_report_in(roles, review)


def _has_report_in(roles: Grants, review: TalentReview) -> bool:
    if roles.person_id is None:
        return False
    return Person.objects.visible_to(roles).filter(line_manager_id=roles.person_id,
                                 organisation_id__in=review_organisation_ids(review)).exists()


def can_place(user, review: TalentReview, person: Person) -> bool:
    """May the user place (or re-place) this person in this review? Scope and visibility are
    part of the decision; the review being locked is reported separately by the services."""
    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        return False
    if person.organisation_id not in review_organisation_ids(review):
        return False
    return runs_review(user, review) or is_line_manager_of(user, person)


def can_calibrate(user, review: TalentReview) -> bool:
    """Start calibration, move placements, lock."""
    return runs_review(user, review)


def can_export_review(user, review: TalentReview) -> bool:
    return runs_review(user, review) or roles_for(user).is_administrator


def is_open(review: TalentReview) -> bool:
    return review.status != ReviewStatus.LOCKED


def can_see_placement_history(user, person: Person) -> bool:
    return can_see_talent_record(user, person)


# --------------------------------------------------------------------------------------
# Pools
# --------------------------------------------------------------------------------------


def may_create_pool_at(user, scope_level: str, organisation_id=None, system_id=None,
                       region_id=None) -> bool:
    return covers_scope(user, scope_level, organisation_id, system_id, region_id)


def pool_places(pools) -> dict[int, tuple[int | None, int | None, int | None]]:
    """`_pool_place` of each of these pools, by id, reading the memberships of all their
    organisations at once: a list of pools passes them to `manages_pool` rather than asking
    once a pool."""
    pools = list(pools)
    memberships = _memberships_today({p.organisation_id for p in pools
                                      if p.scope_level == PoolScope.ORGANISATION})
    return {p.pk: _pool_place(p, memberships) for p in pools}


def manages_pool(user, pool: TalentPool,
                 place: tuple[int | None, int | None, int | None] | None = None) -> bool:
    """May this user manage the pool? (``place``: its `pool_places` entry, when a list of
    pools has read them all at once.)"""
    roles = roles_for(user)
    if roles.user_id is None:
        return False
    if pool.owner_id == roles.user_id:
        return True
    if not roles.is_talent_lead:
        return False
    org, system, region = place or _pool_place(pool)
    if roles.is_national_lead:
        return True
    return bool(
        (region is not None and region in roles.lead_region_ids)
        or (system is not None and system in roles.lead_system_ids)
        or (org is not None and org in roles.lead_organisation_ids)
    )


def can_view_composition(user, pool: TalentPool) -> bool:
    roles = roles_for(user)
    if roles.user_id is None:
        return False
    if roles.is_administrator or manages_pool(user, pool):
        return True
    return bool(roles.analyst_scopes) and _analyst_covers(roles, *_pool_place(pool))


#: How a viewer's counts of a pool's members are made (see rule 7).
COUNT_ALL = "all"
COUNT_VISIBLE = "you can see"
COUNT_CONTROLLED = "controlled"


def member_count_basis(user, pool: TalentPool) -> str:
    """Exact counts of all members for administrators (they may see every profile); exact
    counts of the members they can see for the pool's other managers; otherwise counts of all
    members through the disclosure rule. Decided by role alone, so the label itself never
    tells anyone that a member is hidden from them."""
    if roles_for(user).is_administrator:
        return COUNT_ALL
    if manages_pool(user, pool):
        return COUNT_VISIBLE
    return COUNT_CONTROLLED


def can_see_members(user, pool: TalentPool) -> bool:
    return manages_pool(user, pool)


def can_export_pool(user, pool: TalentPool) -> bool:
    return manages_pool(user, pool) or roles_for(user).is_administrator


def nomination_route(user, pool: TalentPool, person: Person) -> str | None:
    """The route by which this user may nominate this person to this pool, or None."""
    roles = roles_for(user)
    if roles.user_id is None:
        return None
    managers_only = pool.status == PoolStatus.CLOSED
    if is_self(user, person):
        if not managers_only or manages_pool(user, pool):
            return NominationRoute.SELF
        return None
    if managers_only and not manages_pool(user, pool):
        return None
    if roles.is_talent_lead and Person.objects.visible_to(user).filter(pk=person.pk).exists():
        return NominationRoute.TALENT_LEAD
    if is_line_manager_of(user, person):
        return NominationRoute.LINE_MANAGER
    return None


def can_decide(user, nomination: PoolNomination) -> bool:
    return manages_pool(user, nomination.pool)


def can_withdraw(user, nomination: PoolNomination) -> bool:
    """The nominee, or who nominated them while they may still see the person (after the
    person moves employer, a former organisation's nominator keeps only what the person's
    visibility choice allows)."""
    user_id = grants_for(user).user_id
    if user_id is None:
        return False
    return is_self(user, nomination.person) or (
        nomination.nominated_by_id == user_id
        and can_see_talent_record(user, nomination.person))


def can_see_nomination(user, nomination: PoolNomination) -> bool:
    return can_withdraw(user, nomination) or (
        manages_pool(user, nomination.pool)
        and Person.objects.visible_to(user).filter(pk=nomination.person_id).exists()
    )

"""The opportunity access matrix: role × relationship of the host (or home) organisation to the
viewer × action, decided by talentbridge.opportunities.policy (and the pre-filtered queryset),
against expected values written out independently below (docs/opportunities.md, "Who may do
what").

The world is the people access world (people/tests/access_world.py): every viewer works at O1;
O2 is in the same system, O3 in the same region, O4 elsewhere; plus O5 (elsewhere, London) for
the far side of placements, a poster who is none of the viewers, and an outsider with no
profile and no role.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.accounts.models import User
from talentbridge.core.tests.matrix_users import made_inactive
from talentbridge.opportunities import policy
from talentbridge.opportunities import services
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.codes import Reach
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Opportunity
from talentbridge.opportunities.models import Placement
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.people.models import Person
from talentbridge.people.tests.access_world import RELATIONSHIPS
from talentbridge.people.tests.access_world import ROLES
from talentbridge.people.tests.access_world import build_world

VIEWERS = (*ROLES, "outsider")
ACTIONS = ("see_draft", "see_submitted", "see_published_system_reach", "post", "publish",
           "express_interest", "run_match", "view_run", "approve_home", "approve_host",
           "view_placement")
TALENT_LEADS = ("organisation_talent_lead", "system_talent_lead", "regional_lead",
                "national_lead")


def expected(role: str, relationship: str, action: str) -> bool:
    """The rules, written independently of the policy code."""
    if role == "outsider":
        return False
    in_system = relationship in ("same_organisation", "same_system")
    in_region = relationship != "elsewhere"
    if action in ("post", "see_draft", "see_submitted"):
        return (role in ("administrator", "national_lead")
                or (role == "organisation_talent_lead" and relationship == "same_organisation")
                or (role == "system_talent_lead" and in_system)
                or (role == "regional_lead" and in_region))
    if action in ("publish", "run_match", "view_run"):
        return (role in ("administrator", "national_lead")
                or (role == "system_talent_lead" and in_system)
                or (role == "regional_lead" and in_region))
    if action == "see_published_system_reach":
        return role in (*TALENT_LEADS, "administrator") or in_system
    if action == "express_interest":
        return relationship != "same_organisation"  # everyone with a profile, not at home
    if action in ("approve_home", "approve_host", "view_placement"):
        return role == "administrator" or (
            role == "organisation_talent_lead" and relationship == "same_organisation")
    raise AssertionError(action)


def _opportunity(host: Organisation, poster: User, status: str, reach: str) -> Opportunity:
    membership = OrganisationMembership.objects.get(organisation=host)
    today = timezone.localdate()
    return Opportunity.objects.create(
        title=f"{status} at {host.ods_code}", kind="secondment", summary="-", host=host,
        system_id=membership.system_id, region_id=membership.region_id, band_min="8a",
        band_max="9", seats=1, starts_on=today + dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=120), closes_on=today + dt.timedelta(days=30),
        reach=reach, status=status, posted_by=poster)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            w = build_world()
            london = w.organisations["elsewhere"].memberships.get().system
            far = Organisation.objects.create(ods_code="T05", name="TEST TRUST T05", kind="acute")
            OrganisationMembership.objects.create(organisation=far, system=london,
                                                  region=london.region,
                                                  valid_from=dt.date(2022, 7, 1))
            w.viewers["outsider"] = User.objects.create_user("outsider", password="x" * 20)
            poster = User.objects.create_user("poster", password="x" * 20)
            w.poster = poster
            w.far_person = Person.objects.create(
                given_name="Far", family_name="Away", work_email="far@example.test",
                organisation=far, job_title="Director", pay_band="8c", staff_group="08",
                professional_background="operations")
            w.draft, w.submitted, w.published, w.national = {}, {}, {}, {}
            w.home_placement, w.host_placement, w.run = {}, {}, {}
            for relationship, org in w.organisations.items():
                w.draft[relationship] = _opportunity(org, poster, "draft", Reach.SYSTEM)
                w.submitted[relationship] = _opportunity(org, poster, "submitted", Reach.SYSTEM)
                w.published[relationship] = _opportunity(org, poster, "published", Reach.SYSTEM)
                w.national[relationship] = _opportunity(org, poster, "published",
                                                        Reach.NATIONAL)
                at_far = _opportunity(far, poster, "published", Reach.NATIONAL)
                w.home_placement[relationship] = Placement.objects.create(
                    opportunity=at_far, person=w.targets[(relationship, "national")],
                    home_organisation=org, offered_by=poster)
                w.host_placement[relationship] = Placement.objects.create(
                    opportunity=w.national[relationship], person=w.far_person,
                    home_organisation=far, offered_by=poster)
                w.run[relationship] = MatchRun.objects.create(
                    scope=RunScope.SYSTEM, system=w.draft[relationship].system,
                    created_by=poster)
            yield w
            transaction.set_rollback(True)


def _fresh(user):
    policy.forget(user)
    user.__dict__.pop("_talentbridge_grants", None)
    return user


def _listed(queryset, item, allowed: bool, what: str) -> bool:
    """Whether ``item`` is in ``queryset``: the policy's answer (``allowed``) must be the same."""
    listed = queryset.filter(pk=item.pk).exists()
    assert listed is allowed, f"{what} and policy differ"
    return listed


def decide(w, user, relationship: str, action: str) -> bool:
    seen = {"see_draft": w.draft, "see_submitted": w.submitted,
            "see_published_system_reach": w.published}
    if action in seen:
        opportunity = seen[action][relationship]
        return _listed(services.visible_opportunities(user), opportunity,
                       policy.can_view(user, opportunity), "queryset")
    if action == "post":
        host_id = w.organisations[relationship].pk
        offered = policy.host_organisation_ids(user)  # the host picker's organisations
        may_post = policy.can_post_for(user, host_id)
        assert (offered is None or host_id in offered) is may_post, "host picker and policy differ"
        return may_post
    if action == "publish":
        return policy.can_review(user, w.submitted[relationship])
    if action == "express_interest":
        return policy.can_express_interest(user, w.national[relationship])
    if action == "run_match":
        return policy.can_run_match(user, RunScope.SYSTEM, system=w.draft[relationship].system)
    if action == "view_run":
        run = w.run[relationship]
        return _listed(services.visible_runs(user), run, policy.can_view_run(user, run),
                       "list of runs")
    if action == "approve_home":
        return policy.can_approve_home(user, w.home_placement[relationship])
    if action == "approve_host":
        return policy.can_approve_host(user, w.host_placement[relationship])
    if action == "view_placement":
        placement = w.home_placement[relationship]
        return _listed(services.placements_for(user), placement,
                       policy.can_view_placement(user, placement), "queryset")
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize("role", VIEWERS)
@pytest.mark.parametrize("relationship", RELATIONSHIPS)
@pytest.mark.parametrize("action", ACTIONS)
def test_opportunity_matrix(world, role, relationship, action):
    user = _fresh(world.viewers[role])
    got = decide(world, user, relationship, action)
    assert got is expected(role, relationship, action), (
        f"{role} {action}, host or home organisation {relationship}")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in VIEWERS if r != "outsider"])
def test_the_poster_never_publishes_their_own(world, role):
    user = _fresh(world.viewers[role])
    own = world.submitted["same_organisation"]
    own.posted_by = user
    try:
        assert not policy.can_review(user, own)
    finally:
        own.posted_by = world.poster


@pytest.mark.django_db
def test_the_leader_sees_their_own_placement_but_not_others(world):
    leader = _fresh(world.viewers["leader"])
    mine = Placement.objects.create(opportunity=world.national["same_system"],
                                    person=leader.person, home_organisation=leader.person
                                    .organisation, offered_by=world.poster)
    assert services.placements_for(leader).filter(pk=mine.pk).exists()
    assert policy.can_view_placement(leader, mine)
    assert not services.placements_for(leader).exclude(pk=mine.pk).exists()


@pytest.mark.django_db
def test_anonymous_and_inactive_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not services.visible_opportunities(AnonymousUser()).exists()
    with made_inactive(world.viewers["administrator"], _fresh) as admin:
        assert not services.visible_opportunities(admin).exists()
        assert not policy.can_run_match(admin, RunScope.NATIONAL)


@pytest.mark.django_db
def test_closed_opportunities_stay_visible_but_take_no_interest(world):
    opportunity = world.national["same_system"]
    opportunity.status = OpportunityStatus.CLOSED
    leader = _fresh(world.viewers["leader"])
    try:
        assert policy.can_view(leader, opportunity)
        assert not policy.can_express_interest(leader, opportunity)
    finally:
        opportunity.status = OpportunityStatus.PUBLISHED


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in VIEWERS if r != "outsider"])
def test_a_band_outside_the_range_cannot_express_interest(world, role):
    user = _fresh(world.viewers[role])
    opportunity = world.national["same_system"]  # viewers' band is 8c; the range 8a to 9
    assert policy.can_express_interest(user, opportunity)
    opportunity.band_min, opportunity.band_max = "9", "9"
    try:
        assert not policy.can_express_interest(user, opportunity)
    finally:
        opportunity.band_min, opportunity.band_max = "8a", "9"


@pytest.mark.django_db
@pytest.mark.parametrize("role", VIEWERS)
def test_only_talent_leads_and_administrators_nominate(world, role):
    user = _fresh(world.viewers[role])
    allowed = role in (*TALENT_LEADS, "administrator")
    assert policy.can_nominate(user, world.national["same_system"]) is allowed, role


@pytest.mark.django_db
@pytest.mark.parametrize("role", VIEWERS)
@pytest.mark.parametrize("region", ["own", "other"])
def test_a_region_wide_match_is_run_by_that_region_s_lead(world, role, region):
    user = _fresh(world.viewers[role])
    home = world.draft["same_organisation"].region
    other = world.draft["elsewhere"].region
    assert home != other
    allowed = role in ("administrator", "national_lead") or (
        role == "regional_lead" and region == "own")
    target = home if region == "own" else other
    assert policy.can_run_match(user, RunScope.REGION, region=target) is allowed, (role, region)

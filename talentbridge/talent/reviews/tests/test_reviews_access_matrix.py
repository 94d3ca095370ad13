"""The review and pool access matrix: every persona × scope × action, decided by
`review_policy` (and, for viewing reviews, by the pre-filtered queryset and the web page too),
against tables written out independently of the policy code (docs/talent-reviews.md).

The world is the people matrix's (talentbridge/people/tests/access_world.py):

    region North West (Y62): system QAA {T01 (viewers' home), T02}, system QBB {T03}
    region London (Y56):     system QCC {T04}

plus an outsider (a leader at T04 with no role), a participant (a leader at T02 invited to
every review) and "self" (the person the action is about). Each review and pool has one
subject: a direct report of the line manager persona, who chose "national" visibility, employed
in the review's or pool's scope.
"""

import datetime as dt
import itertools

import pytest

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.accounts.models import User
from talentbridge.core.tests.matrix_users import made_inactive
from talentbridge.core.tests.matrix_users import role_ended
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.people.tests.access_world import ROLES
from talentbridge.people.tests.access_world import build_world
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews import policy
from talentbridge.talent.reviews.tests.factories import ensure_reference_data

PERSONAS = (*ROLES, "outsider", "participant", "self")
REVIEW_SCOPES = ("organisation", "system", "elsewhere")
REVIEW_ACTIONS = ("view", "place", "move", "lock", "export")
POOL_SCOPES = ("organisation", "system", "region", "england", "elsewhere")
POOL_ACTIONS = ("composition", "nominate", "decide", "export")
TALENT_LEADS = ("organisation_talent_lead", "system_talent_lead", "regional_lead",
                "national_lead")


def expected_review(persona: str, scope: str, action: str) -> bool:
    """Organisation talent leads run their organisation's reviews, system talent leads their
    system's; administrators view and export any; line managers view reviews covering their
    reports and place them; participants view; nobody else sees anything."""
    if persona == "administrator":
        return action in ("view", "export")
    if (persona, scope) in (("organisation_talent_lead", "organisation"),
                            ("system_talent_lead", "system")):
        return True
    if persona == "line_manager":
        return action in ("view", "place")
    if persona == "participant":
        return action == "view"
    return False


POOL_COVER = {
    "national_lead": set(POOL_SCOPES),
    "regional_lead": {"organisation", "system", "region"},  # all in North West
    "system_talent_lead": {"organisation", "system"},
    "organisation_talent_lead": {"organisation"},
}


def expected_pool(persona: str, scope: str, action: str) -> bool:
    """Talent leads whose scope covers a pool manage it (decide, export, composition);
    administrators see composition and export; analysts see the composition of pools in their
    region; anyone may nominate themselves, line managers their reports, talent leads anyone
    they can see."""
    manages = scope in POOL_COVER.get(persona, set())
    if action == "nominate":
        return persona in (*TALENT_LEADS, "line_manager", "self")
    if action == "composition":
        return manages or persona == "administrator" or (
            persona == "analyst" and scope in ("organisation", "system", "region"))
    if action == "export":
        return manages or persona == "administrator"
    return manages  # decide


REVIEW_SUBJECT = {"organisation": "same_organisation", "system": "same_system",
                  "elsewhere": "elsewhere"}
POOL_SUBJECT = {"organisation": "same_organisation", "system": "same_system",
                "region": "same_region", "england": "elsewhere", "elsewhere": "elsewhere"}


def _build():
    ensure_reference_data()
    from talentbridge.talent.models import ReviewGrid

    world = build_world()
    orgs = world.organisations
    home, t02, t04 = orgs["same_organisation"], orgs["same_system"], orgs["elsewhere"]
    s1 = home.memberships.get().system
    region = s1.region
    from talentbridge.people.tests.access_world import _person

    users = dict(world.viewers)
    outsider = User.objects.create_user("outsider", password="a-long-test-password")
    _person(t04, "organisation", user=outsider, label="Outsider")
    participant = User.objects.create_user("participant", password="a-long-test-password")
    _person(t02, "organisation", user=participant, label="Participant")
    users |= {"outsider": outsider, "participant": participant}
    organiser = User.objects.create_user("organiser", password="a-long-test-password")
    subjects = {}
    for relationship in ("same_organisation", "same_system", "same_region", "elsewhere"):
        person = world.reports[(relationship, "national")]
        person.user = User.objects.create_user(f"self_{relationship}",
                                               password="a-long-test-password")
        person.save()
        subjects[relationship] = person
    grid = ReviewGrid.objects.get(code="nine_box")
    cell = grid.cells.get(column=2, row=2)
    reviews = {}
    for scope, values in (("organisation", {"scope_level": "organisation", "organisation": home}),
                          ("system", {"scope_level": "system", "system": s1}),
                          ("elsewhere", {"scope_level": "organisation", "organisation": t04})):
        review = TalentReview.objects.create(
            name=f"{scope} review", grid=grid, held_on=dt.date(2026, 3, 1),
            facilitator=organiser, created_by=organiser, status=ReviewStatus.CALIBRATING,
            **values)
        review.participants.add(participant)
        reviews[scope] = review
    # The review's subject is placed by someone else, so "place" is about re-placing them; a
    # second report in scope is still to be placed.
    for scope, review in reviews.items():
        ReviewPlacement.objects.create(review=review, person=subjects[REVIEW_SUBJECT[scope]],
                                       cell=cell, proposed_cell=cell, proposed_by=organiser,
                                       rationale="Placed before the matrix")
    pools, nominations = {}, {}
    for scope, values in (("organisation", {"organisation": home}), ("system", {"system": s1}),
                          ("region", {"region": region}), ("england", {}),
                          ("elsewhere", {"organisation": t04})):
        level = "organisation" if scope == "elsewhere" else scope
        pool = TalentPool.objects.create(name=f"{scope} pool", purpose="Test",
                                         entry_criteria="Test", scope_level=level,
                                         owner=organiser, **values)
        pools[scope] = pool
        nominations[scope] = PoolNomination.objects.create(
            pool=pool, person=subjects[POOL_SUBJECT[scope]], route="talent_lead",
            nominated_by=organiser, statement="Test")
    return users, subjects, reviews, pools, nominations


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            yield _build()
            transaction.set_rollback(True)


def _fresh(user):
    user.__dict__.pop("_talentbridge_grants", None)
    user.__dict__.pop("_talentbridge_talent_roles", None)
    return user


def _actor(world, persona, subject_relationship):
    users, subjects, *_ = world
    if persona == "self":
        return _fresh(User.objects.get(pk=subjects[subject_relationship].user_id))
    return _fresh(users[persona])


REVIEW_DECISIONS = {
    "view": lambda user, review, person: policy.can_view_review(user, review),
    "place": lambda user, review, person: policy.can_place(user, review, person),
    "move": lambda user, review, person: policy.can_calibrate(user, review),
    "lock": lambda user, review, person: policy.can_calibrate(user, review),
    "export": lambda user, review, person: policy.can_export_review(user, review),
}


def _every_case(scopes, actions):
    """Parametrise a matrix test by every persona, every one of ``scopes`` and every one of
    ``actions``."""
    return pytest.mark.parametrize(("persona", "scope", "action"),
                                   list(itertools.product(PERSONAS, scopes, actions)))


@pytest.mark.django_db
@_every_case(REVIEW_SCOPES, REVIEW_ACTIONS)
def test_review_matrix(world, persona, scope, action):
    _, subjects, reviews, _, _ = world
    user = _actor(world, persona, REVIEW_SUBJECT[scope])
    review, person = reviews[scope], subjects[REVIEW_SUBJECT[scope]]
    want = expected_review(persona, scope, action)
    assert REVIEW_DECISIONS[action](user, review, person) is want, (
        f"{persona} {action} the {scope} review")
    if action == "view":
        listed = TalentReview.objects.filter(policy.reviews_filter(user), pk=review.pk).exists()
        assert listed is want, f"{persona} finds the {scope} review in their list"


POOL_DECISIONS = {
    "composition": lambda user, pool, nomination: policy.can_view_composition(user, pool),
    "nominate": lambda user, pool, nomination: policy.nomination_route(
        user, pool, nomination.person) is not None,
    "decide": lambda user, pool, nomination: policy.can_decide(user, nomination),
    "export": lambda user, pool, nomination: policy.can_export_pool(user, pool),
}


@pytest.mark.django_db
@_every_case(POOL_SCOPES, POOL_ACTIONS)
def test_pool_matrix(world, persona, scope, action):
    *_, pools, nominations = world
    user = _actor(world, persona, POOL_SUBJECT[scope])
    want = expected_pool(persona, scope, action)
    got = POOL_DECISIONS[action](user, pools[scope], nominations[scope])
    assert got is want, f"{persona} {action} in the {scope} pool"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_review_page_is_found_only_by_those_who_may_view_it(world, client, persona):
    _, _, reviews, _, _ = world
    for scope, review in reviews.items():
        user = _actor(world, persona, REVIEW_SUBJECT[scope])
        client.force_login(user)
        status = client.get(f"/talent/reviews/{review.pk}/").status_code
        assert status == (200 if expected_review(persona, scope, "view") else 404), (
            f"{persona} opens the {scope} review")


@pytest.mark.django_db
def test_closed_pools_take_nominations_only_from_their_managers(world):
    users, subjects, _, pools, nominations = world
    pool = pools["organisation"]
    pool.status = "closed"
    pool.save()
    try:
        person = nominations["organisation"].person
        assert policy.nomination_route(_fresh(User.objects.get(pk=person.user_id)), pool,
                                       person) is None
        assert policy.nomination_route(_fresh(users["line_manager"]), pool, person) is None
        assert policy.nomination_route(_fresh(users["organisation_talent_lead"]), pool,
                                       person) == "talent_lead"
    finally:
        pool.status = "open"
        pool.save()


@pytest.mark.django_db
def test_ended_roles_and_inactive_users_run_nothing(world):
    users, _, reviews, pools, _ = world
    with role_ended(users["organisation_talent_lead"], _fresh) as lead:
        assert not policy.can_calibrate(_fresh(lead), reviews["organisation"])
        assert not policy.manages_pool(_fresh(lead), pools["organisation"])
    with made_inactive(users["administrator"], _fresh) as admin:
        assert not policy.can_view_review(_fresh(admin), reviews["elsewhere"])


def test_role_scope_levels_used_here_exist():
    assert {ScopeLevel.ORGANISATION, ScopeLevel.SYSTEM} <= set(ScopeLevel.values)
    assert Role.ANALYST in Role.values and RoleAssignment is not None


@pytest.mark.django_db
def test_a_system_talent_lead_runs_only_their_own_system_s_reviews(world):
    users, _subjects, reviews, *_ = world
    lead = _fresh(users["system_talent_lead"])
    own = reviews["system"]
    other_system = IntegratedCareSystem.objects.filter(region=own.system.region).exclude(
        pk=own.system_id).first()
    assert other_system is not None
    other = TalentReview.objects.create(
        name="another system's review", grid=own.grid, held_on=own.held_on,
        facilitator=own.facilitator, created_by=own.created_by,
        status=ReviewStatus.CALIBRATING, scope_level="system", system=other_system)
    assert policy.can_calibrate(lead, own)
    assert not policy.can_calibrate(lead, other)
    assert not policy.can_view_review(lead, other)
    assert not policy.can_export_review(lead, other)


@pytest.mark.django_db
def test_only_people_the_runner_may_see_are_placed(world):
    """A system review covers the whole system, but its lead places only the people there who
    chose "system" or wider."""
    from talentbridge.people.tests.access_world import _person

    users, subjects, reviews, *_ = world
    lead = _fresh(users["system_talent_lead"])
    t02 = subjects["same_system"].organisation
    hidden = _person(t02, "organisation", label="Private")
    shown = _person(t02, "system", label="Open")
    assert policy.can_place(lead, reviews["system"], shown)
    assert not policy.can_place(lead, reviews["system"], hidden)

"""The development plans access matrix: every persona × relationship × visibility choice ×
action, decided by the plans policy and services, and for seeing a plan through the page and
the API too, against a table written out independently of the policy code
(docs/development-plans.md).

The world is the people matrix's (talentbridge/people/tests/access_world.py) plus an outsider
(a leader elsewhere with no role) and a second-level manager (the line manager persona's own
line manager, who looks at the line manager's reports). Every target has a plan with one
action.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import User
from talentbridge.people.models import Person
from talentbridge.people.tests.access_world import RELATIONSHIPS
from talentbridge.people.tests.access_world import ROLES
from talentbridge.people.tests.access_world import VISIBILITIES
from talentbridge.people.tests.access_world import _person
from talentbridge.people.tests.access_world import build_world
from talentbridge.people.tests.matrix_policy import own_record_test
from talentbridge.people.tests.matrix_policy import policy_and_services_test
from talentbridge.plans import policy
from talentbridge.plans import services
from talentbridge.plans.models import DevelopmentPlan
from talentbridge.plans.models import PlanAction

PERSONAS = (*ROLES, "outsider", "second_level_manager")
ACTIONS = ("view_plan", "add_action", "change_action")
#: Who sees a plan: whoever sees the person's career conversations, i.e. their profile.
SEES_BY_CHOICE = {
    # persona: the (relationship, visibility) pairs seen; "all" for every one
    "administrator": "all", "line_manager": "all", "second_level_manager": "all",
    "organisation_talent_lead": {("same_organisation", v) for v in VISIBILITIES}
    | {("same_system", "system"), ("same_system", "national")}
    | {(r, "national") for r in RELATIONSHIPS},
    "system_talent_lead": {(r, v) for r in ("same_organisation", "same_system")
                           for v in ("system", "national")}
    | {(r, "national") for r in RELATIONSHIPS},
    "regional_lead": {(r, "national") for r in RELATIONSHIPS},
    "national_lead": {(r, "national") for r in RELATIONSHIPS},
}


def expected(persona: str, relationship: str, visibility: str, action: str) -> bool:
    """Seeing: the person's line managers (two levels), administrators, and the talent leads
    their choice lets see them. Adding and changing actions: the direct line manager, or a
    talent lead of the employing organisation (who hold career conversations); never an
    administrator, a second-level manager or another organisation's lead."""
    seen = SEES_BY_CHOICE.get(persona, set())
    sees = seen == "all" or (relationship, visibility) in seen
    if action == "view_plan":
        return sees
    return persona == "line_manager" or (
        persona == "organisation_talent_lead" and relationship == "same_organisation")


def _plan(person: Person, today: dt.date) -> PlanAction:
    plan = DevelopmentPlan.objects.create(person=person, starts_on=today - dt.timedelta(days=30))
    return PlanAction.objects.create(plan=plan, title=f"ACTION-OF-{person.pk}",
                                     due_on=today + dt.timedelta(days=30))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            built = build_world()
            home = built.organisations["same_organisation"]
            outsider = User.objects.create_user("outsider", password="a-long-test-password")
            _person(built.organisations["elsewhere"], "organisation", user=outsider,
                    label="Outsider")
            built.viewers["outsider"] = outsider
            boss = User.objects.create_user("boss", password="a-long-test-password")
            boss_person = _person(home, "organisation", user=boss, label="Boss")
            manager_person = built.viewers["line_manager"].person
            Person.unscoped.filter(pk=manager_person.pk).update(line_manager=boss_person)
            built.viewers["second_level_manager"] = boss
            today = timezone.localdate()
            built.actions = {p.pk: _plan(p, today) for p in [
                *built.targets.values(), *built.reports.values(), built.self_person]}
            yield built
            transaction.set_rollback(True)


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # grants are cached per user object


def _target(world, persona: str, relationship: str, visibility: str) -> Person:
    key = (relationship, visibility)
    if persona in ("line_manager", "second_level_manager"):
        return world.reports[key]
    return world.targets[key]


def _decide(viewer: User, person: Person, action: str, world) -> bool:
    plan_action = world.actions[person.pk]
    values = {"title": "Matrix action", "due_on": timezone.localdate()}
    if action == "view_plan":
        try:
            services.get_action(viewer, plan_action.pk, audit=False)
            listed = list(services.actions_of(viewer, person))
        except (services.ActionNotFound, services.PersonNotFound):
            assert not policy.can_view_plan(viewer, person)
            return False
        assert listed == [plan_action]
        return True
    if action == "add_action":
        try:
            services.add_action(viewer, person, values)
        except (PermissionDenied, services.PersonNotFound):
            assert not policy.can_add_action(viewer, person)
            return False
        return True
    if action == "change_action":
        try:
            services.add_update(viewer, plan_action, {"progress": "in_progress"})
        except (PermissionDenied, services.ActionNotFound):
            assert not policy.can_change_action(viewer, plan_action)
            return False
        return True
    raise AssertionError(action)


CASES = [(p, r, v) for p in PERSONAS for r in RELATIONSHIPS for v in VISIBILITIES]

test_policy_and_services = policy_and_services_test(CASES, ACTIONS, expected, _target, _decide,
                                                    _fresh)

test_the_person_sees_and_changes_their_own_plan = own_record_test(
    ACTIONS, _decide, _fresh, dict.fromkeys(ACTIONS, True))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("relationship", ("same_organisation", "elsewhere"))
def test_web_and_api_faces(world, persona, relationship):
    """Seeing a plan and an action through the pages and the API (a 404 for those who may
    not, as for no one); a 403 on a change for those who see but may not change."""
    person = _target(world, persona, relationship, "organisation")
    plan_action = world.actions[person.pk]
    sees = expected(persona, relationship, "organisation", "view_plan")
    changes = expected(persona, relationship, "organisation", "change_action")
    viewer = _fresh(world.viewers[persona])
    client = Client()
    client.force_login(viewer)
    page = client.get(f"/plans/people/{person.pk}/")
    assert page.status_code == (200 if sees else 404)
    assert (plan_action.title in page.content.decode()) is sees
    edit = client.get(f"/plans/actions/{plan_action.pk}/progress/")
    assert edit.status_code == (200 if changes else 403 if sees else 404)
    _, key = ApiToken.issue(viewer, "matrix")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    api = Client().get(f"/api/v1/plans/actions/{plan_action.pk}", **auth)
    assert api.status_code == (200 if sees else 404)
    listed = Client().get(f"/api/v1/plans/people/{person.pk}/actions", **auth)
    assert listed.status_code == (200 if sees else 404)

"""The access matrix: every role × relationship × visibility choice × action, decided by the
policy (`can`), by the pre-filtered queryset (`visible_to`), and through the services.
Web and API faces are in test_access_matrix_web.py and test_access_matrix_api.py."""

import pytest

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.accounts.models import User
from talentbridge.core.tests.matrix_users import made_inactive
from talentbridge.core.tests.matrix_users import role_ended
from talentbridge.people.models import Person
from talentbridge.people.policy import Action
from talentbridge.people.policy import can

from .access_world import ROLES
from .access_world import build_world
from .access_world import cases
from .access_world import expected
from .access_world import target_for


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)


def _fresh(user):
    # Grants are cached on the user object; each case starts from a clean user.
    user.__dict__.pop("_talentbridge_grants", None)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role,relationship,visibility,action", list(cases()))
def test_policy_matrix(world, role, relationship, visibility, action):
    viewer = _fresh(world.viewers[role])
    target = target_for(world, role, relationship, visibility)
    want = expected(role, relationship, visibility, action)
    if action == "list":
        got = Person.objects.visible_to(viewer).filter(pk=target.pk).exists()
    else:
        got = can(viewer, Action(action), target)
    assert got is want, f"{role} {action} a person ({relationship}, visible to {visibility})"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_and_edits_themselves_but_characteristics_only_their_own(world, role):
    viewer = _fresh(world.viewers[role])
    me = viewer.person
    assert can(viewer, Action.VIEW_PROFILE, me)
    assert can(viewer, Action.EDIT_PROFILE, me)
    assert can(viewer, Action.CHANGE_CHOICES, me)
    assert can(viewer, Action.VIEW_CHARACTERISTICS, me)
    assert Person.objects.visible_to(viewer).filter(pk=me.pk).exists()


@pytest.mark.django_db
def test_administrator_sees_characteristics_only_with_a_reason(world):
    admin = _fresh(world.viewers["administrator"])
    target = world.targets[("elsewhere", "organisation")]
    assert not can(admin, Action.VIEW_CHARACTERISTICS, target)
    assert not can(admin, Action.VIEW_CHARACTERISTICS, target, reason="   ")
    assert can(admin, Action.VIEW_CHARACTERISTICS, target, reason="Subject access request 42")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "administrator"])
def test_no_one_else_sees_characteristics_even_with_a_reason(world, role):
    viewer = _fresh(world.viewers[role])
    for target in world.targets.values():
        assert not can(viewer, Action.VIEW_CHARACTERISTICS, target, reason="curious")


@pytest.mark.django_db
def test_line_manager_sees_two_levels_down_but_not_three(world):
    manager = _fresh(world.viewers["line_manager"])
    report = world.reports[("elsewhere", "organisation")]
    second = Person.objects.create(
        given_name="Second", family_name="Level", work_email="second@example.test",
        organisation=report.organisation, job_title="Manager", pay_band="8a",
        staff_group="08", professional_background="operations", line_manager=report,
    )
    third = Person.objects.create(
        given_name="Third", family_name="Level", work_email="third@example.test",
        organisation=report.organisation, job_title="Manager", pay_band="8a",
        staff_group="08", professional_background="operations", line_manager=second,
    )
    assert can(manager, Action.VIEW_PROFILE, second)
    assert Person.objects.visible_to(manager).filter(pk=second.pk).exists()
    assert not can(manager, Action.VIEW_PROFILE, third)
    assert not Person.objects.visible_to(manager).filter(pk=third.pk).exists()
    assert not can(manager, Action.EDIT_PROFILE, report)


@pytest.mark.django_db
def test_anonymous_and_inactive_users_see_no_one(world):
    from django.contrib.auth.models import AnonymousUser

    target = world.targets[("same_organisation", "national")]
    assert not Person.objects.visible_to(AnonymousUser()).exists()
    assert not can(AnonymousUser(), Action.VIEW_PROFILE, target)
    with made_inactive(world.viewers["administrator"], _fresh) as admin:
        assert not can(admin, Action.VIEW_PROFILE, target)


@pytest.mark.django_db
def test_ended_role_assignments_grant_nothing(world):
    with role_ended(world.viewers["national_lead"], _fresh) as lead:
        target = world.targets[("elsewhere", "national")]
        assert not can(_fresh(lead), Action.VIEW_PROFILE, target)


@pytest.mark.django_db
def test_only_an_administrator_with_a_reason_resets_someone_s_visibility(world):
    target = world.targets[("same_organisation", "national")]
    for role in ROLES:
        viewer = _fresh(world.viewers[role])
        want = role == "administrator"
        assert can(viewer, Action.RESET_VISIBILITY, target, reason="Asked us to") is want, role
        assert not can(viewer, Action.RESET_VISIBILITY, target, reason="  "), role


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_characteristics_rows_are_read_as_rows_only_by_their_person(world, role):
    """`ProtectedCharacteristics.objects.visible_to` gives each user their own row, no other:
    not even an administrator's (they read one person's only with a stated reason)."""
    from talentbridge.people.models import ProtectedCharacteristics

    viewer = _fresh(world.viewers[role])
    for person in (viewer.person, world.targets[("same_organisation", "national")]):
        ProtectedCharacteristics.unscoped.get_or_create(person=person)
    rows = ProtectedCharacteristics.objects.visible_to(viewer)
    assert list(rows.values_list("person_id", flat=True)) == [viewer.person.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.ANALYST])
def test_other_roles_held_at_an_organisation_see_no_one_there(world, role):
    """Only an organisation talent lead's role opens an organisation's profiles: a programme
    manager or analyst held at the same organisation sees only themselves there."""
    home = world.organisations["same_organisation"]
    user = User.objects.create_user(username=f"{role}-at-home", password="x" * 20)
    RoleAssignment.objects.create(user=user, role=role, scope_level=ScopeLevel.ORGANISATION,
                                  organisation=home)
    target = world.targets[("same_organisation", "organisation")]
    assert not can(user, Action.VIEW_PROFILE, target)
    assert not can(user, Action.EDIT_PROFILE, target)
    assert not Person.objects.visible_to(user).filter(organisation=home).exists()

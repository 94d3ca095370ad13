"""Giving and ending roles, deactivating and reactivating accounts (talentbridge.accounts.roles):
within the giver's scope, audited, and all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.accounts import roles
from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Invitation
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import User
from talentbridge.accounts.tests.worlds import accounts_world
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import PASSWORD
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return accounts_world()


def roles_of(user) -> set[tuple[str, str]]:
    return {(a.role, a.scope_label) for a in RoleAssignment.objects.current().filter(user=user)}


def test_an_organisation_administrator_gives_an_organisation_role_to_someone_employed_there(
        world):
    assignment = roles.assign_role(world.olive, world.dan, Role.ORGANISATION_TALENT_LEAD,
                                   world.rj1)
    assert roles_of(world.dan) == {(Role.ORGANISATION_TALENT_LEAD, str(world.rj1))}
    assert assignment.granted_by == world.olive
    event = AuditEvent.objects.get(action=AuditAction.CREATE,
                                   target_type="accounts.roleassignment")
    assert event.actor == world.olive
    assert event.detail["user"] == "dan"
    assert event.detail["role"] == Role.ORGANISATION_TALENT_LEAD


def test_an_organisation_administrator_cannot_give_a_system_talent_lead(world):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied) as refused:
        roles.assign_role(world.olive, world.dan, Role.SYSTEM_TALENT_LEAD, world.system)
    message = str(refused.value)
    assert "system talent lead" in message
    assert str(world.system) in message
    assert roles_of(world.dan) == set()
    assert AuditEvent.objects.count() == before


def test_an_organisation_administrator_cannot_give_a_role_at_another_organisation(world):
    with pytest.raises(PermissionDenied) as refused:
        roles.assign_role(world.olive, world.dan, Role.ORGANISATION_TALENT_LEAD, world.rx1)
    assert "organisation talent lead" in str(refused.value)
    assert str(world.rx1) in str(refused.value)
    assert roles_of(world.dan) == set()


def test_an_organisation_administrator_cannot_give_roles_to_people_employed_elsewhere(world):
    with pytest.raises(PermissionDenied):
        roles.assign_role(world.olive, world.charlie, Role.ANALYST, world.rj1)
    assert roles_of(world.charlie) == set()


def test_nobody_gives_themselves_a_role(world):
    with pytest.raises(PermissionDenied, match="your own roles"):
        roles.assign_role(world.olive, world.olive, Role.ORGANISATION_TALENT_LEAD, world.rj1)
    with pytest.raises(PermissionDenied, match="your own roles"):
        roles.assign_role(world.admin, world.admin, Role.ANALYST, None)


def test_an_administrator_gives_any_role_and_bad_input_names_the_field(world):
    roles.assign_role(world.admin, world.dan, Role.SYSTEM_TALENT_LEAD, world.system)
    assert roles_of(world.dan) == {(Role.SYSTEM_TALENT_LEAD, str(world.system))}
    with pytest.raises(ValidationError) as wrong_level:
        roles.assign_role(world.admin, world.dan, Role.SYSTEM_TALENT_LEAD, world.rj1)
    assert "scope_level" in wrong_level.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        roles.assign_role(world.admin, world.dan, "chief_wizard", None)
    assert '"chief_wizard" is not a role' in unknown.value.message_dict["role"][0]
    with pytest.raises(ValidationError, match="already holds"):
        roles.assign_role(world.admin, world.dan, Role.SYSTEM_TALENT_LEAD, world.system)


def test_ending_a_role_takes_its_rights_away(world):
    assignment = roles.assign_role(world.olive, world.dan, Role.ORGANISATION_TALENT_LEAD,
                                   world.rj1)
    roles.end_role(world.olive, assignment)
    dan = User.objects.get(pk=world.dan.pk)
    assert grants_for(dan).lead_organisation_ids == set()
    with pytest.raises(ValidationError, match="already ended"):
        roles.end_role(world.olive, assignment)


def test_an_organisation_administrator_cannot_end_a_role_beyond_their_scope(world):
    bob_lead = RoleAssignment.objects.get(user=world.bob)
    lead_elsewhere = roles.assign_role(world.admin, world.dan, Role.ORGANISATION_TALENT_LEAD,
                                       world.rx1)
    roles.end_role(world.olive, bob_lead)  # bob leads at RJ1 and is employed there
    with pytest.raises(PermissionDenied, match="organisation talent lead"):
        roles.end_role(world.olive, lead_elsewhere)
    assert (Role.ORGANISATION_TALENT_LEAD, str(world.rx1)) in roles_of(world.dan)


def test_deactivating_ends_roles_revokes_tokens_and_invitations_and_stops_sign_in(
        world, client):
    roles.assign_role(world.olive, world.dan, Role.ANALYST, world.rj1)
    ApiToken.issue(world.dan, "script")
    Invitation.objects.create(user=world.dan, token_hash="x" * 64)
    roles.deactivate_user(world.olive, world.dan, reason="Left the trust")
    dan = User.objects.get(pk=world.dan.pk)
    assert not dan.is_active
    assert roles_of(dan) == set()
    assert not ApiToken.objects.filter(user=dan).active().exists()
    assert not Invitation.objects.filter(user=dan).pending().exists()
    event = AuditEvent.objects.filter(target_type="accounts.user", target_id=str(dan.pk)).last()
    assert event.reason == "Left the trust"
    assert event.detail["account"] == "deactivated"
    assert not client.login(username="dan", password=PASSWORD)


def test_deactivation_needs_a_reason_and_never_oneself(world):
    with pytest.raises(ValidationError, match="reason"):
        roles.deactivate_user(world.olive, world.dan, reason=" ")
    with pytest.raises(PermissionDenied, match="your own account"):
        roles.deactivate_user(world.olive, world.olive, reason="Testing")
    assert User.objects.get(pk=world.olive.pk).is_active


def test_an_organisation_administrator_deactivates_only_their_own_people(world):
    with pytest.raises(PermissionDenied):
        roles.deactivate_user(world.olive, world.charlie, reason="Not ours")
    admin_at_rj1 = make_user("ada", role=Role.ADMINISTRATOR)
    make_person(world.rj1, user=admin_at_rj1)
    with pytest.raises(PermissionDenied):
        roles.deactivate_user(world.olive, admin_at_rj1, reason="Above my scope")
    assert User.objects.get(pk=world.charlie.pk).is_active
    assert User.objects.get(pk=admin_at_rj1.pk).is_active


def test_reactivating_lets_them_sign_in_but_does_not_give_roles_back(world, client):
    roles.assign_role(world.olive, world.dan, Role.ANALYST, world.rj1)
    roles.deactivate_user(world.olive, world.dan, reason="Long leave")
    roles.reactivate_user(world.olive, User.objects.get(pk=world.dan.pk), reason="Back")
    assert client.login(username="dan", password=PASSWORD)
    assert roles_of(world.dan) == set()
    with pytest.raises(ValidationError, match="already active"):
        roles.reactivate_user(world.olive, User.objects.get(pk=world.dan.pk), reason="Again")

"""Who may give which role at which scope to whom, and deactivate whom: every actor × role ×
scope × employer against a table written from the rules in docs/accounts.md, not from the
code (`talentbridge.accounts.policy`). Pure: no database."""

from __future__ import annotations

import itertools

import pytest

from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import Held
from talentbridge.accounts.models import ROLE_SCOPE_LEVELS
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import ScopeLevel
from talentbridge.accounts.policy import Scope
from talentbridge.accounts.policy import administers_accounts
from talentbridge.accounts.policy import grantable_roles
from talentbridge.accounts.policy import may_administer_user
from talentbridge.accounts.policy import may_deactivate
from talentbridge.accounts.policy import may_grant

HOME, OTHER, SYSTEM, REGION = 1, 2, 10, 20
TARGET = 99  # the user whose account is changed

ACTORS = {
    "administrator": Grants(user_id=1, held=(Held(Role.ADMINISTRATOR, ScopeLevel.ENGLAND),)),
    "organisation administrator": Grants(user_id=2, held=(
        Held(Role.ORGANISATION_ADMINISTRATOR, ScopeLevel.ORGANISATION, organisation_id=HOME),)),
    "organisation talent lead": Grants(user_id=3, held=(
        Held(Role.ORGANISATION_TALENT_LEAD, ScopeLevel.ORGANISATION, organisation_id=HOME),)),
    "system talent lead": Grants(user_id=4, held=(
        Held(Role.SYSTEM_TALENT_LEAD, ScopeLevel.SYSTEM, system_id=SYSTEM),)),
    "national talent lead": Grants(user_id=5, held=(
        Held(Role.NATIONAL_LEAD, ScopeLevel.ENGLAND),)),
    "leader": Grants(user_id=6),
    "anonymous": Grants(user_id=None),
}
SCOPES = {
    "home organisation": Scope(ScopeLevel.ORGANISATION, HOME),
    "other organisation": Scope(ScopeLevel.ORGANISATION, OTHER),
    "system": Scope(ScopeLevel.SYSTEM, SYSTEM),
    # ids are per table: a system may have the same id as the home organisation
    "system numbered like home": Scope(ScopeLevel.SYSTEM, HOME),
    "region": Scope(ScopeLevel.REGION, REGION),
    "england": Scope(ScopeLevel.ENGLAND),
}
EMPLOYERS = {"employed at home": HOME, "employed elsewhere": OTHER, "no profile": None}
ORGANISATION_ROLES = {Role.ORGANISATION_TALENT_LEAD, Role.PROGRAMME_MANAGER, Role.ANALYST,
                      Role.ORGANISATION_ADMINISTRATOR}


def expected_grant(actor: str, role: str, scope: str, employer: str) -> bool:
    """The rules, written out: a role is only ever held at its own levels; an administrator
    gives anything; an organisation administrator only organisation-level roles at their own
    organisation, to people employed there; nobody else gives anything."""
    level = SCOPES[scope].level
    if level not in ROLE_SCOPE_LEVELS[role]:
        return False
    if actor == "administrator":
        return True
    if actor == "organisation administrator":
        return (role in ORGANISATION_ROLES and scope == "home organisation"
                and employer == "employed at home")
    return False


CASES = list(itertools.product(ACTORS, Role.values, SCOPES, EMPLOYERS))


@pytest.mark.parametrize(("actor", "role", "scope", "employer"), CASES)
def test_who_may_give_which_role_where(actor, role, scope, employer):
    allowed = may_grant(ACTORS[actor], role, SCOPES[scope], EMPLOYERS[employer], TARGET)
    assert allowed == expected_grant(actor, role, scope, employer), (
        f"{actor} giving {role} at {scope} to someone {employer}")


@pytest.mark.parametrize("actor", list(ACTORS))
def test_nobody_gives_themselves_a_role(actor):
    grants = ACTORS[actor]
    assert not any(may_grant(grants, role, scope, HOME, grants.user_id)
                   for role, scope in itertools.product(Role.values, SCOPES.values()))


@pytest.mark.parametrize(("actor", "employer"), list(itertools.product(ACTORS, EMPLOYERS)))
def test_whose_accounts_each_actor_administers(actor, employer):
    expected = actor == "administrator" or (actor == "organisation administrator"
                                            and employer == "employed at home")
    assert may_administer_user(ACTORS[actor], EMPLOYERS[employer]) == expected
    assert may_deactivate(ACTORS[actor], TARGET, EMPLOYERS[employer]) == expected
    assert administers_accounts(ACTORS[actor]) == (actor in ("administrator",
                                                             "organisation administrator"))


HELD_BY_TARGET = {
    "nothing": (),
    "a lead at home": (Held(Role.ORGANISATION_TALENT_LEAD, ScopeLevel.ORGANISATION,
                            organisation_id=HOME),),
    "a lead elsewhere": (Held(Role.ORGANISATION_TALENT_LEAD, ScopeLevel.ORGANISATION,
                              organisation_id=OTHER),),
    "an administrator": (Held(Role.ADMINISTRATOR, ScopeLevel.ENGLAND),),
    "a system lead": (Held(Role.SYSTEM_TALENT_LEAD, ScopeLevel.SYSTEM, system_id=SYSTEM),),
}


@pytest.mark.parametrize(("actor", "held"), list(itertools.product(ACTORS, HELD_BY_TARGET)))
def test_deactivating_someone_who_holds_roles_beyond_ones_scope_is_refused(actor, held):
    """An organisation administrator deactivates the people employed there, but not one who
    holds a role they could not give (an administrator, a lead elsewhere)."""
    expected = actor == "administrator" or (actor == "organisation administrator"
                                            and held in ("nothing", "a lead at home"))
    assert may_deactivate(ACTORS[actor], TARGET, HOME, HELD_BY_TARGET[held]) == expected


@pytest.mark.parametrize("actor", list(ACTORS))
def test_nobody_deactivates_themselves(actor):
    grants = ACTORS[actor]
    assert not may_deactivate(grants, grants.user_id, HOME)


def test_the_roles_offered_on_the_form():
    assert set(grantable_roles(ACTORS["administrator"])) == set(Role.values)
    assert set(grantable_roles(ACTORS["organisation administrator"])) == ORGANISATION_ROLES
    assert grantable_roles(ACTORS["organisation talent lead"]) == []
    assert grantable_roles(ACTORS["leader"]) == []

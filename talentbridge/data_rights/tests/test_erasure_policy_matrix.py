"""Who may erase a person on request: every role × (someone else in their own organisation,
someone elsewhere, their own record, their own record held only through their account),
against expectations written out by hand (not derived from the policy), decided by the pure
policy over grants; the web and API faces are checked in test_erasure_pages.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from talentbridge.accounts.grants import ANONYMOUS
from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import Held
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import ScopeLevel
from talentbridge.data_rights.erasure_policy import can_erase

ORG, OTHER_ORG, USER, OWN_PERSON = 7, 8, 40, 400
TARGETS = {
    "colleague": SimpleNamespace(pk=401, user_id=41, organisation_id=ORG),
    "elsewhere": SimpleNamespace(pk=402, user_id=None, organisation_id=OTHER_ORG),
    "self": SimpleNamespace(pk=OWN_PERSON, user_id=USER, organisation_id=ORG),
    "own_account": SimpleNamespace(pk=403, user_id=USER, organisation_id=ORG),
}
ORDER = list(TARGETS)

# Y = may erase, . = refused; columns in ORDER: colleague elsewhere self own_account
TABLE = """
administrator               Y Y . .
organisation_administrator  . . . .
organisation_talent_lead    . . . .
system_talent_lead          . . . .
regional_lead               . . . .
national_lead               . . . .
programme_manager           . . . .
analyst                     . . . .
leader                      . . . .
anonymous                   . . . .
"""
MATRIX = {line.split()[0]: line.split()[1:] for line in TABLE.strip().splitlines()}

SCOPES = {
    Role.ADMINISTRATOR: Held(Role.ADMINISTRATOR, ScopeLevel.ENGLAND),
    Role.ORGANISATION_ADMINISTRATOR: Held(Role.ORGANISATION_ADMINISTRATOR,
                                          ScopeLevel.ORGANISATION, organisation_id=ORG),
    Role.ORGANISATION_TALENT_LEAD: Held(Role.ORGANISATION_TALENT_LEAD, ScopeLevel.ORGANISATION,
                                        organisation_id=ORG),
    Role.SYSTEM_TALENT_LEAD: Held(Role.SYSTEM_TALENT_LEAD, ScopeLevel.SYSTEM, system_id=1),
    Role.REGIONAL_LEAD: Held(Role.REGIONAL_LEAD, ScopeLevel.REGION, region_id=1),
    Role.NATIONAL_LEAD: Held(Role.NATIONAL_LEAD, ScopeLevel.ENGLAND),
    Role.PROGRAMME_MANAGER: Held(Role.PROGRAMME_MANAGER, ScopeLevel.ENGLAND),
    Role.ANALYST: Held(Role.ANALYST, ScopeLevel.ENGLAND),
}


def grants(persona: str) -> Grants:
    if persona == "anonymous":
        return ANONYMOUS
    held = () if persona == "leader" else (SCOPES[Role(persona)],)
    return Grants(user_id=USER, person_id=OWN_PERSON, person_organisation_id=ORG, held=held,
                  known_reports=(frozenset({401}), frozenset()))


def test_every_role_is_in_the_matrix():
    assert set(MATRIX) == set(Role.values) | {"leader", "anonymous"}


@pytest.mark.parametrize("persona", MATRIX)
def test_the_erasure_matrix(persona):
    expected = dict(zip(ORDER, MATRIX[persona], strict=True))
    decided = {target: "Y" if can_erase(grants(persona), TARGETS[target]) else "."
               for target in ORDER}
    assert decided == expected

"""Every account administration list runs as many queries with 100 rows as with 10
(`assert_flat`): users (the page and the API, as an administrator and as an organisation
administrator), who holds which role, one user's roles (the page and the API) and API tokens
(the page and the API)."""

from __future__ import annotations

import itertools

import pytest

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.accounts.tests.worlds import accounts_world
from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


w = pytest.fixture(accounts_world, name="w")


@adds_rows(_numbers)
def add_users(w, number):
    """People at RJ1 with accounts, each a talent lead of a trust of their own (so each row
    names a role and a scope)."""
    org = make_org(f"T{number:04d}", w.system, name=f"TRUST NUMBER {number}")
    user = make_user(f"zed{number}", role=Role.ORGANISATION_TALENT_LEAD, scope=org,
                     first_name="Zed", last_name=f"Zedson{number}",
                     email=f"zed{number}@example.nhs.uk")
    make_person(w.rj1, user=user, given_name="Zed")


@adds_rows(_numbers)
def add_roles(w, user, number):
    org = make_org(f"T{number:04d}", w.system, name=f"TRUST NUMBER {number}")
    RoleAssignment.objects.create(user=user, role=Role.ORGANISATION_TALENT_LEAD,
                                  scope_level=ScopeLevel.ORGANISATION, organisation=org,
                                  granted_by=w.admin)


@adds_rows(_numbers)
def add_tokens(w, number):
    user = make_user(f"zed{number}")
    ApiToken.issue(user, f"Token {number}", created_by=w.admin)


def _count(word: str):
    return lambda text: text.lower().count(word.lower())


@pytest.mark.parametrize("path", ["/accounts/users/?text=zed", "/api/v1/users?q=zed&limit=100"])
@pytest.mark.parametrize("who", ["admin", "olive"])
def test_users(client, w, path, who):
    client.force_login(getattr(w, who))
    assert_flat(client, path, add_users(w))


def test_who_holds_which_role(client, w):
    client.force_login(w.admin)
    assert_flat(client, "/accounts/roles/?role=organisation_talent_lead", add_users(w))


@pytest.mark.parametrize("path", ["/accounts/users/{pk}/", "/api/v1/users/{pk}"])
def test_one_users_roles(client, w, path):
    client.force_login(w.admin)
    assert_flat(client, path.format(pk=w.dan.pk), add_roles(w, w.dan),
                row_marker=_count("TRUST NUMBER"))


@pytest.mark.parametrize("path", ["/accounts/tokens/", "/api/v1/tokens?limit=100"])
def test_api_tokens(client, w, path):
    client.force_login(w.admin)
    assert_flat(client, path, add_tokens(w))

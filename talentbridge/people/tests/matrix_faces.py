"""Shared fixture for the web and API faces of the access matrix."""

import pytest

from talentbridge.accounts.models import ApiToken

from .access_world import build_world
from .access_world import expected
from .access_world import target_for


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            built = build_world()
            built.tokens = {
                role: ApiToken.issue(user, "matrix")[1] for role, user in built.viewers.items()
            }
            yield built
            transaction.set_rollback(True)


#: What a person's protected characteristics look like on a page or in JSON (the world gives
#: every target ethnic category N, "Black or Black British – African").
CHARACTERISTIC_TEXT = "Black or Black British"


def matrix_case(world, role: str, relationship: str, visibility: str, action: str):
    """One case of the matrix: the person it acts on, whether the rules allow it, and the label
    its assertions carry."""
    target = target_for(world, role, relationship, visibility)
    want = expected(role, relationship, visibility, action)
    label = f"{role} {action} a person ({relationship}, visible to {visibility})"
    return target, want, label


def assert_profile_shown(response, want: bool, label: str) -> None:
    """The profile is there (200) when the rules allow it and not found (404) otherwise, and
    never with the person's protected characteristics."""
    assert response.status_code == (200 if want else 404), label
    assert CHARACTERISTIC_TEXT not in response.content.decode(), label


def assert_allowed(response, want: bool, label: str) -> None:
    """A change (or its form) answers 200 when the rules allow it, and is refused (403 or 404)
    otherwise."""
    assert (response.status_code == 200) is want, label
    assert response.status_code in (200, 403, 404), label

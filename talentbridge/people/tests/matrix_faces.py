"""Shared fixture for the web and API faces of the access matrix."""

import pytest

from talentbridge.accounts.models import ApiToken

from .access_world import build_world


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

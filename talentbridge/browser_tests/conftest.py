"""The browser tests' own world; the browser fixtures are in talentbridge/conftest.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import PASSWORD
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world


@pytest.fixture
def world(transactional_db, _audit_trail_emptied) -> SimpleNamespace:
    """The factories' world (alice, a leader at RJ1 who chose "organisation"; bob, RJ1's talent
    lead; charlie at RX1 in another system; an administrator) plus two more people called Smith:
    dana, bob's colleague at RJ1, and sasha at RJ2 (same system, another organisation), who
    chose "organisation", so bob may not see her. Everyone's password is `world.password`."""
    cache.clear()  # sign-in throttling counts failures in the cache
    w = make_world()
    w.password = PASSWORD
    w.dana_person = make_person(w.rj1, given_name="Dana", family_name="Smith",
                                job_title="Deputy Chief Nurse")
    w.sasha_person = make_person(w.rj2, user=make_user("sasha"), given_name="Sasha",
                                 family_name="Smith", visibility=Visibility.ORGANISATION,
                                 job_title="Chief Operating Officer")
    return w

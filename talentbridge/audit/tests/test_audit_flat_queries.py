"""The audit trail (the page and the API) runs as many queries with 100 events as with 10
(`assert_flat`), each event by a different user naming a different person."""

from __future__ import annotations

import itertools

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


@adds_rows(_numbers)
def add_events(w, number):
    """For each event a new user who viewed a new person's record, and a read naming them."""
    actor = make_user(f"zed{number}", first_name="Zed", last_name=f"Viewer{number}")
    person = make_person(w.rj1, given_name="Viewed")
    record(actor=actor, action=AuditAction.VIEW, target=person)
    record_read(actor=actor, request=None, people=[person, w.alice_person],
                what="search results")


@pytest.mark.parametrize("path", ["/audit/?action=view",
                                  "/api/v1/audit/events?action=view&limit=100"])
def test_the_audit_trail(client, path):
    w = make_world()
    client.force_login(w.admin)
    assert_flat(client, path, add_events(w))

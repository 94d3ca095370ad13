"""New audit events store identifiers, not names; names are worked out when the trail is shown,
only as the viewer may see them."""

from __future__ import annotations

import pytest

from talentbridge.audit.labels import Names
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db


def test_an_event_stores_ids_not_names():
    w = make_world()
    event = record(actor=w.bob, action=AuditAction.VIEW, target=w.alice_person)
    assert (event.actor_label, event.target_label) == (f"user {w.bob.pk}",
                                                      f"person {w.alice_person.pk}")
    organisation = record(actor=w.admin, action=AuditAction.UPDATE, target=w.rj1)
    assert organisation.target_label == str(w.rj1)
    career = record(actor=w.alice, action=AuditAction.CREATE,
                    target=w.alice_person.career_history.create(
                        organisation=w.rj1, role_title="Matron", kind="substantive",
                        started_on="2020-01-01"))
    assert career.target_label.startswith("career history entry ")


def test_names_are_shown_as_the_viewer_may_see_them():
    w = make_world()
    gone_user = make_user("gone")
    gone = make_person(w.rj1, given_name="Gone", family_name="Person")
    events = [record(actor=gone_user, action=AuditAction.VIEW, target=p)
              for p in (w.alice_person, w.charlie_person, gone)]
    gone_id = gone.pk
    Person.unscoped.filter(pk=gone_id).delete()
    gone_user.delete()
    as_bob, as_admin = Names(w.bob, events), Names(w.admin, events)
    assert [as_bob.target(e) for e in events] == [
        "Alice Ashworth", f"person {w.charlie_person.pk}", "erased person"]
    assert [as_admin.target(e) for e in events][:2] == ["Alice Ashworth", "Charlie Carter"]
    assert {as_admin.actor(e) for e in events} == {"erased user"}
    assert as_admin.actor(record(actor=None, action=AuditAction.SIGN_IN_FAILED)) == "anonymous"

"""Migration 0005 leaves no names in old audit events: labels become identifiers ("user 42",
"person 17"), usernames and searched names leave the details, and afterwards the table is as
append-only as before (the database still refuses to change an event)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.db import connection
from django.db import transaction
from django.db.migrations.executor import MigrationExecutor

from talentbridge.audit.labels import fingerprint
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import make_world

BEFORE, AFTER = "0004_access_refused", "0005_identifiers_not_names"


def migrate(target: str):
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", target)])
    executor.loader.build_graph()
    return executor.loader.project_state([("audit", target)]).apps


def old_events(apps, w) -> dict[str, int]:
    Event = apps.get_model("audit", "AuditEvent")
    person = w.alice_person
    made = {
        "view": Event.objects.create(actor_id=w.bob.pk, actor_label="bob", action="view",
                                     target_type="people.person", target_id=str(person.pk),
                                     target_label=person.full_name),
        "failed": Event.objects.create(actor_label="anonymous", action="sign_in_failed",
                                       target_type="accounts.user", target_label="alice",
                                       detail={"username": "alice"}),
        "token": Event.objects.create(actor_id=w.admin.pk, actor_label="admin",
                                      action="issue_token", target_type="accounts.apitoken",
                                      target_id="3", target_label="nightly (abcd…)",
                                      detail={"owner": "alice", "prefix": "abcd"}),
        "search": Event.objects.create(actor_id=w.bob.pk, actor_label="bob", action="search",
                                       target_type="people.person",
                                       detail={"name": "Ashworth", "pay_band": "8d"}),
        "audit": Event.objects.create(actor_id=w.admin.pk, actor_label="admin",
                                      action="search", target_type="audit.auditevent",
                                      detail={"filters": {"actor": "bob"}}),
        "organisation": Event.objects.create(actor_id=w.admin.pk, actor_label="admin",
                                             action="update",
                                             target_type="organisations.organisation",
                                             target_id=str(w.rj1.pk), target_label="RJ1 Guy's"),
        "refused": Event.objects.create(actor_id=w.bob.pk, actor_label="bob",
                                        action="access_refused", target_type="people.person",
                                        target_id="99", target_label="/people/99/"),
    }
    return {name: event.pk for name, event in made.items()}


@pytest.mark.usefixtures("_audit_trail_emptied")
@pytest.mark.django_db(transaction=True)
def test_old_events_keep_identifiers_and_stay_append_only():
    w = make_world()
    try:
        ids = old_events(migrate(BEFORE), w)
        migrate(AFTER)
        event = {name: AuditEvent.objects.get(pk=pk) for name, pk in ids.items()}
        assert (event["view"].actor_label, event["view"].target_label) == (
            f"user {w.bob.pk}", "person " + str(w.alice_person.pk))
        assert event["failed"].target_label == "user"
        assert event["failed"].detail == {"username": fingerprint("alice")}
        assert event["token"].detail == {"owner": w.alice.pk, "prefix": "abcd"}
        assert event["token"].target_label == "api token 3"
        assert event["search"].detail == {"name": fingerprint("Ashworth"), "pay_band": "8d"}
        assert event["audit"].detail == {"filters": {"actor": [w.bob.pk]}}
        assert event["organisation"].target_label == "RJ1 Guy's"
        assert event["refused"].target_label == "/people/99/"
        everything = " ".join(f"{e.actor_label} {e.target_label} {e.detail}"
                              for e in AuditEvent.objects.all())
        for name in ("alice", "bob", "Ashworth", "Alice"):
            assert name not in everything
        with (pytest.raises(IntegrityError, match="append-only"), transaction.atomic(),
              connection.cursor() as cursor):
            cursor.execute("UPDATE audit_auditevent SET reason = 'rewritten'")
    finally:
        migrate(AFTER)

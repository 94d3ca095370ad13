"""Audit events can be written, never changed or deleted: not by the app, not by the ORM in
bulk, and not by SQL (database triggers)."""

import pytest
from django.db import IntegrityError
from django.db import connection
from django.db import transaction

from talentbridge.audit.models import AuditEvent
from talentbridge.audit.services import record

pytestmark = pytest.mark.django_db


def _event():
    return record(actor=None, action="view", target_type="people.person", target_id="1",
                  target_label="Someone", channel="cli", reason="checking")


def test_an_event_records_who_what_when_and_why():
    event = _event()
    assert event.actor_label == "anonymous"
    assert event.occurred_at is not None
    assert event.reason == "checking"


def test_the_app_cannot_change_or_delete_an_event():
    event = _event()
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "checking"


@pytest.mark.parametrize("sql", [
    "UPDATE audit_auditevent SET reason = 'rewritten'",
    "DELETE FROM audit_auditevent",
])
def test_the_database_refuses_too(sql):
    event = _event()
    with (pytest.raises(IntegrityError, match="append-only"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).reason == "checking"

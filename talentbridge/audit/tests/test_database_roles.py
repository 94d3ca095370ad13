"""On PostgreSQL, the app's database role as docs/production.md sets it up can add and read
audit events but cannot drop the append-only trigger, replace its function, or change, delete
or truncate an event. The SQL run is the SQL in the docs (roles renamed so that runs never
meet; everything is undone with the test's transaction).

Defined only when the tests run on PostgreSQL (`make test` runs them there too): SQLite has no
roles.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.db import connection
from django.db import transaction

from talentbridge.audit.models import AuditEvent
from talentbridge.audit.services import record
from talentbridge.people.tests.factories import make_world

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
PRODUCTION_DOC = Path(settings.BASE_DIR) / "docs" / "production.md"


def documented_sql() -> list[str]:
    """The statements of the docs' audit-trail section, in order, but the CREATE DATABASE."""
    text = PRODUCTION_DOC.read_text(encoding="utf-8")
    section = text.split("## The audit trail and the database roles", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, flags=re.S)
    statements = []
    for block in blocks:
        code = "\n".join(line.split("--", 1)[0] for line in block.splitlines())
        statements += [s.strip() for s in code.split(";") if s.strip()]
    return [s for s in statements if not s.upper().startswith("CREATE DATABASE")]


def test_the_docs_give_the_roles_and_the_grants():
    sql = " ".join(documented_sql())
    assert "CREATE ROLE talentbridge_app" in sql and "CREATE ROLE talentbridge_owner" in sql
    assert "REVOKE UPDATE, DELETE, TRUNCATE" in sql and "ON audit_auditevent" in sql


if ON_POSTGRES:
    REFUSED = {
        "drop the trigger": "DROP TRIGGER audit_event_append_only ON audit_auditevent",
        "disable it": "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "drop the table": "DROP TABLE audit_auditevent",
        "replace the function": "CREATE OR REPLACE FUNCTION audit_event_append_only() "
                                "RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ "
                                "LANGUAGE plpgsql",
        "change an event": "UPDATE audit_auditevent SET reason = 'rewritten'",
        "delete an event": "DELETE FROM audit_auditevent",
        "empty the table": "TRUNCATE audit_auditevent",
    }

    @pytest.mark.django_db
    def test_the_app_role_cannot_undo_the_audit_trail():
        world = make_world()
        suffix = uuid.uuid4().hex[:8]
        names = {"talentbridge_owner": f"tb_owner_{suffix}", "talentbridge_app": f"tb_app_{suffix}"}
        with connection.cursor() as cursor:
            for statement in documented_sql():
                for documented, used in names.items():
                    statement = statement.replace(documented, used)
                cursor.execute(statement)
            earlier = record(actor=None, action="view", target=world.alice_person,
                             channel="cli", reason="before")
            cursor.execute(f"SET ROLE {names['talentbridge_app']}")
            try:
                # what the app does: add and read events, change its other tables
                added = record(actor=world.bob, action="view", target=world.alice_person,
                               channel="web")
                assert AuditEvent.objects.filter(pk__in=[earlier.pk, added.pk]).count() == 2
                world.alice_person.job_title = "Director of Nursing"
                world.alice_person.save(update_fields=["job_title"])
                refused = {}
                for what, sql in REFUSED.items():
                    try:
                        with transaction.atomic():
                            cursor.execute(sql)
                    except DatabaseError as error:
                        refused[what] = str(error).splitlines()[0]
                assert sorted(refused) == sorted(REFUSED), refused
                assert "must be owner of" in refused["drop the trigger"], refused
                assert "permission denied" in refused["change an event"], refused
                assert "permission denied" in refused["delete an event"], refused
            finally:
                cursor.execute("RESET ROLE")
        assert AuditEvent.objects.get(pk=earlier.pk).reason == "before"

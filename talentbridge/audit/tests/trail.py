"""Emptying the audit trail in tests, which its append-only triggers otherwise forbid."""

from __future__ import annotations

import importlib

from django.db import connection

from talentbridge.audit.models import AuditEvent


def empty_audit_trail() -> None:
    """Delete every audit event with the append-only triggers briefly lifted: on SQLite the
    triggers would also stop the flush that ends a transactional test."""
    triggers = importlib.import_module("talentbridge.audit.migrations.0002_append_only_triggers")
    with connection.schema_editor() as editor:
        triggers.backwards(None, editor)
        editor.execute(f"DELETE FROM {AuditEvent._meta.db_table}")  # noqa: S608
        triggers.forwards(None, editor)

"""Tokens that existed before expiry and scopes were given 90 days and kept every scope; those
issued by someone else for a person were revoked, and that audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0002_single_sign_on_identity")]
AFTER = [("accounts", "0003_token_expiry_and_scopes")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_audit_trail_emptied")
def test_existing_tokens_get_an_expiry_90_days_from_the_migration():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    users = old.get_model("accounts", "User").objects
    nightly, admin = users.create(username="nightly"), users.create(username="admin")
    tokens = old.get_model("accounts", "ApiToken").objects
    tokens.create(user=nightly, name="ESR import", prefix="0123abcd", key_hash="0" * 64)
    tokens.create(user=nightly, name="own", prefix="0123abce", key_hash="1" * 64,
                  created_by=nightly)
    tokens.create(user=nightly, name="as nightly", prefix="0123abcf", key_hash="2" * 64,
                  created_by=admin)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    tokens = new.get_model("accounts", "ApiToken").objects
    token = tokens.get(prefix="0123abcd")
    days = (token.expires_at - timezone.now()) / dt.timedelta(days=1)
    assert 89.9 < days <= 90
    assert token.scopes == ["read", "write", "import"]
    kept = tokens.filter(revoked_at__isnull=True).values_list("prefix", flat=True)
    assert sorted(kept) == ["0123abcd", "0123abce"]
    event = new.get_model("audit", "AuditEvent").objects.get(action="revoke_token")
    assert event.detail["prefix"] == "0123abcf" and event.detail["owner"] == "nightly"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

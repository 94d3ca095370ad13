"""Tokens that existed before expiry and scopes were given 90 days and kept every scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0002_single_sign_on_identity")]
AFTER = [("accounts", "0003_token_expiry_and_scopes")]


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_get_an_expiry_90_days_from_the_migration():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User").objects.create(username="nightly")
    old.get_model("accounts", "ApiToken").objects.create(
        user=user, name="ESR import", prefix="0123abcd", key_hash="0" * 64)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    token = new.get_model("accounts", "ApiToken").objects.get(prefix="0123abcd")
    days = (token.expires_at - timezone.now()) / dt.timedelta(days=1)
    assert 89.9 < days <= 90
    assert token.scopes == ["read", "write", "import"]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

"""What a token may do: scopes checked on every API operation, expiry, and the command-line
`issue-token` (an operator at the server; audited)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from talentbridge.accounts.auth import IMPORT_ROUTES
from talentbridge.accounts.models import ApiToken
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.cli import main
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def world():
    return make_world()


def bearer(user, scopes, **fields) -> dict:
    token, key = ApiToken.issue(user, "tests", scopes=scopes, **fields)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def edit_own_title(client, world, headers, title="Chief Executive"):
    return client.patch(f"{API}/people/{world.alice_person.pk}",
                        data=json.dumps({"job_title": title}),
                        content_type="application/json", **headers)


def test_a_read_only_token_reads_but_cannot_write(client, world):
    headers = bearer(world.alice, ["read"])
    assert client.get(f"{API}/people/{world.alice_person.pk}", **headers).status_code == 200
    refused = edit_own_title(client, world, headers)
    assert refused.status_code == 403
    assert 'does not have the "write" scope' in refused.json()["detail"]
    assert "it has: read" in refused.json()["detail"]
    world.alice_person.refresh_from_db()
    assert world.alice_person.job_title != "Chief Executive"


def test_a_write_token_writes_but_a_write_only_token_cannot_read(client, world):
    assert edit_own_title(client, world, bearer(world.alice, ["write"])).status_code == 200
    world.alice_person.refresh_from_db()
    assert world.alice_person.job_title == "Chief Executive"
    refused = client.get(f"{API}/me", **bearer(world.alice, ["write"]))
    assert refused.status_code == 403 and '"read" scope' in refused.json()["detail"]


def test_imports_need_the_import_scope_and_only_that(client, world):
    url = f"{API}/insights/snapshots"
    without = client.post(url, {}, **bearer(world.admin, ["read", "write"]))
    assert without.status_code == 403 and '"import" scope' in without.json()["detail"]
    with_import = client.post(url, {}, **bearer(world.admin, ["import"]))
    assert with_import.status_code == 422  # past the scope check: the file is missing
    events = client.post(f"{API}/insights/events", {}, **bearer(world.admin, ["write"]))
    assert events.status_code == 403 and '"import" scope' in events.json()["detail"]


def test_every_file_upload_in_the_api_is_an_import(client, world):
    schema = client.get(f"{API}/openapi.json", **bearer(world.alice, ["read"])).json()
    uploads = {
        path.removeprefix("/") for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    }
    assert uploads and uploads == IMPORT_ROUTES


def test_an_expired_token_is_refused_saying_so(client, world):
    headers = bearer(world.alice, ["read", "write"],
                     expires_at=timezone.now() - dt.timedelta(minutes=1))
    refused = client.get(f"{API}/me", **headers)
    assert refused.status_code == 401 and "expired on" in refused.json()["detail"]
    assert edit_own_title(client, world, headers).status_code == 401
    listed = client.get(f"{API}/tokens", **bearer(world.alice, ["read"])).json()["items"]
    assert [t["expired"] for t in listed if t["name"] == "tests"].count(True) == 1


def test_a_browser_session_still_reads_whatever_the_scopes(client, world):
    client.force_login(world.alice)
    assert client.get(f"{API}/people/{world.alice_person.pk}").status_code == 200


# ---- the command line ----------------------------------------------------------------------


def test_the_operator_issues_a_token_for_a_named_user_with_scopes_and_expiry(capsys, world):
    assert main(["issue-token", "alice", "--name", "audit", "--scopes", "read,import",
                 "--days", "10"]) == 0
    out = capsys.readouterr().out
    token = ApiToken.objects.get(user=world.alice)
    assert f"tb_{token.prefix}_" in out and "scopes read, import" in out
    assert token.scopes == ["read", "import"] and token.created_by is None
    assert 9 < (token.expires_at - timezone.now()).total_seconds() / 86400 <= 10
    event = AuditEvent.objects.get(action=AuditAction.ISSUE_TOKEN)
    assert event.channel == "cli" and event.detail["owner"] == world.alice.pk


def test_the_command_line_token_reads_only_unless_asked(capsys, world):
    assert main(["issue-token", "alice", "--name", "audit"]) == 0
    assert ApiToken.objects.get(user=world.alice).scopes == ["read"]


@pytest.mark.parametrize(("args", "message"), [
    (["--scopes", "read,everything"], '"everything" is not a scope'),
    (["--days", "0"], "from 1 to 366 days, not 0"),
])
def test_the_command_line_names_bad_choices_and_issues_nothing(capsys, world, args, message):
    assert main(["issue-token", "alice", "--name", "x", *args]) == 2
    assert message in capsys.readouterr().err
    assert not ApiToken.objects.exists()

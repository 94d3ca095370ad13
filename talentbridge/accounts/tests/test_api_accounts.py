"""The JSON API for accounts (who am I, API tokens) and the read-only audit trail."""

from __future__ import annotations

import json

import pytest

from talentbridge.accounts.checks import api_rate
from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests.api_calls import auth
from talentbridge.core.tests.api_calls import bearer
from talentbridge.core.tests.api_calls import field_errors
from talentbridge.core.tests.api_calls import post
from talentbridge.core.tests.start_up_checks import assert_named_at_start_up
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.django_db

API = "/api/v1"


# ---- who am I -----------------------------------------------------------------------------


def test_me_shows_roles_and_profile(client, world):
    body = client.get(f"{API}/me", **auth(world.bob)).json()
    assert body["username"] == "bob"
    assert body["person_id"] == world.bob_person.pk
    assert body["is_administrator"] is False
    assert body["authenticated_by"] == "token"
    assert [(r["role"], r["scope_level"], r["scope_code"]) for r in body["roles"]] == [
        ("organisation_talent_lead", "organisation", "RJ1")]
    assert body["roles"][0]["scope_name"] == "Guy's and St Thomas' NHS Foundation Trust"


def test_me_through_a_browser_session(client, world):
    client.force_login(world.admin)
    body = client.get(f"{API}/me").json()
    assert (body["is_administrator"], body["authenticated_by"], body["person_id"]) == (
        True, "session", None)


def test_me_needs_authentication(client, world):
    assert client.get(f"{API}/me").status_code == 401


# ---- tokens -------------------------------------------------------------------------------


def test_a_user_issues_their_own_token_that_works_once_shown(client, world):
    response = post(client, f"{API}/tokens", {"name": "ESR import", "scopes": ["read"]},
                    auth(world.alice))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["username"] == "alice" and body["created_by"] == "alice"
    assert body["scopes"] == ["read"] and body["expired"] is False
    assert body["key"].startswith(f"tb_{body['prefix']}_")
    me = client.get(f"{API}/me", **bearer(body["key"])).json()
    assert me["username"] == "alice"
    listed = client.get(f"{API}/tokens", {"username": "alice"}, **auth(world.admin)).json()
    issued = [t for t in listed["items"] if t["name"] == "ESR import"]
    assert [t["prefix"] for t in issued] == [body["prefix"]]
    assert "key" not in issued[0] and "key_hash" not in issued[0]
    event = AuditEvent.objects.get(action=AuditAction.ISSUE_TOKEN)
    assert body["key"] not in json.dumps(event.detail) + event.target_label
    assert event.actor.username == "alice" and event.detail["scopes"] == ["read"]


def test_an_administrator_cannot_issue_a_token_for_someone_else(client, world):
    headers = auth(world.admin)
    count = ApiToken.objects.count()
    response = post(client, f"{API}/tokens", {"username": "alice", "name": "as alice"},
                    headers)
    assert response.status_code == 403
    assert 'only issue API tokens for yourself, not for "alice"' in response.json()["detail"]
    assert ApiToken.objects.count() == count
    assert not ApiToken.objects.filter(user=world.alice).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ISSUE_TOKEN).exists()


def test_a_new_token_expires_in_90_days_unless_chosen(client, world):
    from django.utils import timezone

    body = post(client, f"{API}/tokens", {"name": "a"}, auth(world.bob)).json()
    token = ApiToken.objects.get(prefix=body["prefix"])
    assert token.scopes == ["read"]
    assert 89 < (token.expires_at - timezone.now()).total_seconds() / 86400 <= 90
    short = post(client, f"{API}/tokens", {"name": "b", "days": 7}, auth(world.bob)).json()
    assert ApiToken.objects.get(prefix=short["prefix"]).expires_at < token.expires_at


def test_a_token_cannot_issue_a_token_with_more_scopes_than_it_has(client, world):
    _, key = ApiToken.issue(world.bob, "limited", scopes=["read", "write"])
    response = post(client, f"{API}/tokens", {"name": "wider", "scopes": ["write", "import"]},
                    bearer(key))
    assert response.status_code == 400
    assert 'does not have the "import" scope' in field_errors(response)["scopes"]["message"]
    assert ApiToken.objects.filter(user=world.bob).count() == 1


def test_administrator_revokes_a_token(client, world):
    token, key = ApiToken.issue(world.alice, "laptop")
    assert client.get(f"{API}/me", **bearer(key)).status_code == 200
    response = client.delete(f"{API}/tokens/{token.prefix}", **auth(world.admin))
    assert response.status_code == 204
    refused = client.get(f"{API}/me", **bearer(key))
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    assert AuditEvent.objects.filter(action=AuditAction.REVOKE_TOKEN,
                                     detail__prefix=token.prefix).exists()
    again = client.delete(f"{API}/tokens/{token.prefix}", **auth(world.admin))
    assert again.status_code == 400
    assert field_errors(again)["prefix"]["value"] == token.prefix


def test_revoked_tokens_listed_only_on_request(client, world):
    token, _ = ApiToken.issue(world.alice, "old")
    client.delete(f"{API}/tokens/{token.prefix}", **auth(world.admin))
    headers = auth(world.admin)
    active = client.get(f"{API}/tokens", **headers).json()["items"]
    assert token.prefix not in {t["prefix"] for t in active}
    everything = client.get(f"{API}/tokens", {"include_revoked": "true"}, **headers).json()
    revoked = next(t for t in everything["items"] if t["prefix"] == token.prefix)
    assert revoked["revoked_at"] is not None


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_others_list_and_revoke_only_their_own_tokens(client, world, who):
    user = getattr(world, who)
    _, key = ApiToken.issue(user, "mine")
    own, _ = ApiToken.issue(user, "spare")
    headers = bearer(key)
    token, _ = ApiToken.issue(world.charlie, "x")
    listed = client.get(f"{API}/tokens", **headers).json()["items"]
    assert {t["username"] for t in listed} == {who} and len(listed) == 2
    assert client.delete(f"{API}/tokens/{token.prefix}", **headers).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert client.delete(f"{API}/tokens/{own.prefix}", **headers).status_code == 204
    assert ApiToken.objects.get(pk=own.pk).revoked_at is not None


@pytest.mark.parametrize(("body", "status", "field", "value"), [
    ({"name": "n" * 101}, 422, "name", "n" * 100 + "…"),
    ({"name": ""}, 422, "name", ""),
    ({}, 422, "name", None),
    ({"name": "x", "scopes": ["all"]}, 422, "scopes.0", "all"),
    ({"name": "x", "scopes": []}, 422, "scopes", []),
    ({"name": "x", "days": 0}, 422, "days", 0),
    ({"name": "x", "days": 400}, 422, "days", 400),
])
def test_bad_token_requests_are_refused_and_nothing_is_issued(
        client, world, body, status, field, value):
    headers = auth(world.admin)
    count = ApiToken.objects.count()
    response = post(client, f"{API}/tokens", body, headers)
    assert response.status_code == status, response.content
    assert field_errors(response)[field]["value"] == value
    assert ApiToken.objects.count() == count


@pytest.mark.parametrize(("prefix", "status"), [("0123abcd", 404), ("nothex!!", 422),
                                                ("abc", 422)])
def test_revoking_an_unknown_or_malformed_prefix(client, world, prefix, status):
    response = client.delete(f"{API}/tokens/{prefix}", **auth(world.admin))
    assert response.status_code == status
    assert response.json()["detail"]


def test_a_browser_session_cannot_issue_tokens(client, world):
    client.force_login(world.admin)
    response = post(client, f"{API}/tokens", {"username": "alice", "name": "x"}, {})
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


# ---- audit trail --------------------------------------------------------------------------


def test_administrator_reads_the_audit_trail_with_filters(client, world):
    client.get(f"{API}/people/{world.alice_person.pk}", **auth(world.bob))
    client.get(f"{API}/people/{world.alice_person.pk}/characteristics", {"reason": "SAR 7"},
               **auth(world.admin))
    headers = auth(world.admin)
    body = client.get(f"{API}/audit/events", {"actor": "bob", "action": "view"}, **headers).json()
    assert body["count"] == 1
    event = body["items"][0]
    assert (event["actor"], event["target_id"], event["channel"]) == (
        "bob", str(world.alice_person.pk), "api")
    reasons = client.get(f"{API}/audit/events", {"action": "view_characteristics"},
                         **headers).json()
    assert [e["reason"] for e in reasons["items"]] == ["SAR 7"]
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH,
                                     target_type="audit.auditevent").count() == 2


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_administrators_read_the_audit_trail(client, world, who):
    response = client.get(f"{API}/audit/events", **auth(getattr(world, who)))
    assert response.status_code == 403


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_audit_trail_has_no_write_endpoints(client, world, method):
    response = getattr(client, method)(f"{API}/audit/events", data="{}",
                                       content_type="application/json", **auth(world.admin))
    assert response.status_code == 405
    schema = client.get(f"{API}/openapi.json").json()
    assert set(schema["paths"]["/api/v1/audit/events"]) == {"get"}


@pytest.mark.parametrize(("query", "field"), [
    ({"action": "hack"}, "action"), ({"since": "yesterday"}, "since"),
    ({"limit": "1000"}, "limit"),
    ({"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, "until"),
])
def test_bad_audit_filters_name_the_field(client, world, query, field):
    response = client.get(f"{API}/audit/events", query, **auth(world.admin))
    assert 400 <= response.status_code < 500
    assert field in field_errors(response)


def test_roles_listed_for_national_lead(client, world):
    lead = make_user("nat", role=Role.NATIONAL_LEAD)
    body = client.get(f"{API}/me", **auth(lead)).json()
    assert [(r["role"], r["scope_code"], r["scope_name"]) for r in body["roles"]] == [
        ("national_lead", None, "England")]


# ---- request limit ------------------------------------------------------------------------


def test_requests_beyond_the_rate_are_refused_per_user(client, world, settings):
    from django.core.cache import cache

    cache.clear()
    settings.TALENTBRIDGE_API_RATE = "3/m"
    alice, bob = auth(world.alice), auth(world.bob)
    at = [{"REMOTE_ADDR": f"198.51.100.{n}"} for n in range(1, 6)]
    assert [client.get(f"{API}/me", **alice, **at[0]).status_code for _ in range(3)] == [200] * 3
    refused = client.get(f"{API}/me", **alice, **at[1])  # a new address does not help
    assert refused.status_code == 429
    assert refused.json()["detail"] == "Too many requests."
    assert 1 <= int(refused["Retry-After"]) <= 60
    # another token of the same user shares the limit; another user has their own
    assert client.get(f"{API}/me", **auth(world.alice), **at[2]).status_code == 429
    assert client.get(f"{API}/me", **bob, **at[3]).status_code == 200
    settings.TALENTBRIDGE_API_RATE = ""
    assert client.get(f"{API}/me", **alice).status_code == 200


def test_unauthenticated_and_failed_requests_count_per_address(client, world, settings):
    from django.core.cache import cache

    cache.clear()
    settings.TALENTBRIDGE_API_RATE = "3/m"
    guesser = {"REMOTE_ADDR": "203.0.113.9"}
    wrong = bearer("tb_0123abcd_" + "x" * 40)
    statuses = [client.get(f"{API}/me", **wrong, **guesser).status_code,
                client.get(f"{API}/me", **guesser).status_code,
                client.get(f"{API}/no-such-thing", **guesser).status_code]
    assert statuses == [401, 401, 404]
    refused = client.get(f"{API}/me", **auth(world.alice), **guesser)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    # another address is not affected
    assert client.get(f"{API}/me", **auth(world.bob), REMOTE_ADDR="203.0.113.10").status_code == 200


def test_behind_a_trusted_proxy_the_limit_is_per_forwarded_address(client, world, settings):
    from django.core.cache import cache

    cache.clear()
    settings.TALENTBRIDGE_API_RATE = "2/m"
    settings.TALENTBRIDGE_TRUSTED_PROXIES = "10.2.0.0/16"
    proxy = {"REMOTE_ADDR": "10.2.0.1"}
    for _ in range(2):
        client.get(f"{API}/me", HTTP_X_FORWARDED_FOR="198.51.100.50", **proxy)
    assert client.get(f"{API}/me", HTTP_X_FORWARDED_FOR="198.51.100.50",
                      **proxy).status_code == 429
    assert client.get(f"{API}/me", HTTP_X_FORWARDED_FOR="198.51.100.51",
                      **proxy).status_code == 401  # counted on its own: not limited


@pytest.mark.parametrize("rate", ["600", "600/week", "lots/m", "-1/m"])
def test_a_mistyped_rate_is_named_at_start_up(settings, rate):
    assert_named_at_start_up(settings, "TALENTBRIDGE_API_RATE", rate, api_rate, "accounts.E001",
                             then="600/m")

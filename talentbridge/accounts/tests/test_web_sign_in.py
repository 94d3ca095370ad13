"""Signing in and out: the form, failures, throttling and the audit trail."""

import pytest
from django.core.cache import cache

from talentbridge.audit.labels import fingerprint
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import PASSWORD
from talentbridge.people.tests.factories import make_world

SIGN_IN = "/accounts/sign-in/"
SIGN_OUT = "/accounts/sign-out/"


@pytest.fixture
def world(db):
    cache.clear()
    yield make_world()
    cache.clear()


def sign_in(client, username, password, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def test_it_shows_the_sign_in_form(client, world):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sign in to TalentBridge" in page
    assert 'for="id_username"' in page and 'for="id_password"' in page
    assert 'lang="en-GB"' in page


def test_it_signs_in_and_audits(client, world):
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.get("/people/me/").status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN)
    assert event.actor.username == "alice" and event.channel == "web"


def test_it_follows_a_safe_next_link_only(client, world):
    response = sign_in(client, "alice", PASSWORD, QUERY_STRING="next=/people/")
    assert response["Location"] == "/people/"
    client.logout()
    response = client.post(SIGN_IN + "?next=https://evil.example/",
                           {"username": "alice", "password": PASSWORD})
    assert "evil" not in response["Location"]


def test_it_refuses_a_wrong_password_with_a_message(client, world):
    response = sign_in(client, "alice", "not her password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a correct username and password" in page
    assert client.get("/people/me/").status_code == 302  # still signed out
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert event.detail["username"] == fingerprint("alice") and event.actor is None
    assert "alice" not in str(event.detail) + event.target_label


def test_it_names_the_missing_fields(client, world):
    page = sign_in(client, "", "").content.decode()
    assert "Enter username" in page and "Enter password" in page


def test_it_throttles_after_too_many_failures_for_one_username(client, world, settings):
    settings.LOGIN_THROTTLE_MAX_FAILURES = 3
    for _ in range(3):
        assert sign_in(client, "alice", "wrong").status_code == 200
    response = sign_in(client, "alice", PASSWORD)  # even the right password is refused
    assert response.status_code == 429
    assert "too many failed attempts" in response.content.decode()
    assert client.get("/people/me/").status_code == 302
    # Another account from another address is not affected.
    assert sign_in(client, "bob", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_it_throttles_after_too_many_failures_from_one_address(client, world, settings):
    settings.LOGIN_THROTTLE_MAX_FAILURES = 3
    for name in ("alice", "bob", "charlie"):
        sign_in(client, name, "wrong", REMOTE_ADDR="10.0.0.5")
    assert sign_in(client, "admin", PASSWORD, REMOTE_ADDR="10.0.0.5").status_code == 429
    assert sign_in(client, "admin", PASSWORD, REMOTE_ADDR="10.0.0.6").status_code == 302


def test_the_address_limit_can_be_set_higher_for_shared_proxies(client, world, settings):
    settings.LOGIN_THROTTLE_MAX_FAILURES = 2
    settings.LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS = 4
    for name in ("alice", "bob", "charlie"):
        sign_in(client, name, "wrong", REMOTE_ADDR="10.0.0.5")
    assert sign_in(client, "admin", PASSWORD, REMOTE_ADDR="10.0.0.5").status_code == 302
    client.logout()
    sign_in(client, "nobody", "wrong", REMOTE_ADDR="10.0.0.5")
    assert sign_in(client, "admin", PASSWORD, REMOTE_ADDR="10.0.0.5").status_code == 429


def test_a_successful_sign_in_clears_the_username_count(client, world, settings):
    settings.LOGIN_THROTTLE_MAX_FAILURES = 3
    sign_in(client, "alice", "wrong", REMOTE_ADDR="10.0.0.1")
    sign_in(client, "alice", "wrong", REMOTE_ADDR="10.0.0.2")
    assert sign_in(client, "alice", PASSWORD, REMOTE_ADDR="10.0.0.3").status_code == 302
    client.logout()
    sign_in(client, "alice", "wrong", REMOTE_ADDR="10.0.0.4")
    assert sign_in(client, "alice", PASSWORD, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_sign_out_rejects_get(client, world):
    client.force_login(world.alice)
    assert client.get(SIGN_OUT).status_code == 405
    assert client.get("/people/me/").status_code == 200


def test_it_signs_out_by_post_and_audits(client, world):
    client.force_login(world.alice)
    response = client.post(SIGN_OUT)
    assert response.status_code == 302 and response["Location"] == SIGN_IN
    assert client.get("/people/me/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OUT, actor__username="alice").exists()


def test_behind_a_trusted_proxy_each_client_address_is_throttled_on_its_own(
        client, world, settings):
    settings.LOGIN_THROTTLE_MAX_FAILURES = 3
    settings.TALENTBRIDGE_TRUSTED_PROXIES = "10.1.0.0/16"
    via_proxy = {"REMOTE_ADDR": "10.1.0.2"}
    for name in ("alice", "bob", "charlie"):
        sign_in(client, name, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy)
    refused = sign_in(client, "admin", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7",
                      **via_proxy)
    assert refused.status_code == 429
    # someone else behind the same load balancer is not locked out
    assert sign_in(client, "admin", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8",
                   **via_proxy).status_code == 302
    client.logout()
    # and a client that writes its own header cannot escape its count
    settings.TALENTBRIDGE_TRUSTED_PROXIES = ""
    for name in ("alice", "bob", "charlie"):
        sign_in(client, name, "wrong", REMOTE_ADDR="203.0.113.5",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{len(name)}")
    assert sign_in(client, "admin", PASSWORD, REMOTE_ADDR="203.0.113.5",
                   HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_parallel_attempts_cannot_all_slip_under_the_limit(world, settings):
    from talentbridge.accounts import throttle

    settings.LOGIN_THROTTLE_MAX_FAILURES = 3
    # each attempt is counted before its password is checked
    results = [throttle.attempt("alice", "198.51.100.9") for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_the_audit_trail_records_the_client_address(client, world, settings):
    settings.TALENTBRIDGE_TRUSTED_PROXIES = "10.1.0.0/16"
    sign_in(client, "alice", "wrong", REMOTE_ADDR="10.1.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7")
    assert AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED).client_address == (
        "198.51.100.7")
    sign_in(client, "alice", PASSWORD, REMOTE_ADDR="192.0.2.44",
            HTTP_X_FORWARDED_FOR="198.51.100.99")  # not a trusted proxy: header ignored
    assert AuditEvent.objects.get(action=AuditAction.SIGN_IN).client_address == "192.0.2.44"

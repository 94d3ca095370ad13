"""Passwords: changing your own, resetting a forgotten one by an e-mailed single-use link, and
password sign-in turned off for single sign-on accounts and administrators."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache

from talentbridge.accounts.models import SingleSignOnIdentity
from talentbridge.accounts.models import User
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import PASSWORD
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_text

SIGN_IN = "/accounts/sign-in/"
CHANGE = "/accounts/password/"
FORGOTTEN = "/accounts/password/forgotten/"
NEW_PASSWORD = "Correct-Horse-Battery-42"
SSO_SETTINGS = {
    "OIDC_RP_CLIENT_ID": "talentbridge", "OIDC_OP_ISSUER": "https://login.example.nhs.uk/t",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.nhs.uk/t/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.nhs.uk/t/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.nhs.uk/t/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example.nhs.uk/t/jwks",
}


@pytest.fixture
def world(db):
    cache.clear()
    world = make_world()
    User.objects.filter(pk=world.alice.pk).update(email="alice@example.nhs.uk")
    world.alice.refresh_from_db()
    yield world
    cache.clear()


@pytest.fixture
def sso_on(settings):
    for name, value in SSO_SETTINGS.items():
        setattr(settings, name, value)
    return settings


def sign_in(client, username, password):
    return client.post(SIGN_IN, {"username": username, "password": password})


def password_events(user) -> list[str]:
    return [e.detail.get("password") for e in AuditEvent.objects.order_by("pk").filter(
        action=AuditAction.UPDATE, target_id=str(user.pk), target_type="accounts.user")]


# ---- change --------------------------------------------------------------------------------


def test_a_signed_in_user_changes_their_password(client, world):
    client.force_login(world.alice)
    assert "Change your password" in page_text(client.get(CHANGE))
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                    "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/people/me/").status_code == 200  # still signed in
    client.logout()
    assert sign_in(client, "alice", PASSWORD).status_code == 200  # the old one is refused
    assert sign_in(client, "alice", NEW_PASSWORD).status_code == 302
    assert password_events(world.alice) == ["changed"]


def test_a_wrong_current_password_changes_nothing(client, world):
    client.force_login(world.alice)
    response = client.post(CHANGE, {"old_password": "not it", "new_password1": NEW_PASSWORD,
                                    "new_password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert "old password was entered incorrectly" in error_summary(response)
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD) and password_events(world.alice) == []


def test_a_weak_new_password_is_refused_with_the_reason(client, world):
    client.force_login(world.alice)
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": "short",
                                    "new_password2": "short"})
    assert "at least 12 characters" in error_summary(response)
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)


def test_changing_a_password_needs_signing_in(client, world):
    assert client.get(CHANGE).status_code == 302


# ---- reset ---------------------------------------------------------------------------------


def reset_link() -> str:
    (message,) = mail.outbox
    base = settings.TALENTBRIDGE_BASE_URL
    return re.search(re.escape(base) + r"(/accounts/password/reset/\S+/)", message.body)[1]


def test_a_forgotten_password_is_reset_by_an_emailed_link_that_works_once(client, world):
    response = client.post(FORGOTTEN, {"email": "ALICE@example.nhs.uk"})
    assert "Check your e-mail" in page_text(response)
    assert mail.outbox[0].to == ["alice@example.nhs.uk"]
    link = reset_link()
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in page_text(form_page)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert "Your password has been reset" in page_text(done)
    assert sign_in(client, "alice", NEW_PASSWORD).status_code == 302
    client.logout()
    again = client.get(link, follow=True)
    assert "This link does not work" in page_text(again)
    assert password_events(world.alice) == ["reset link sent", "reset by e-mailed link"]


def test_the_reset_page_does_not_reveal_whether_an_address_has_an_account(client, world):
    known = page_text(client.post(FORGOTTEN, {"email": "alice@example.nhs.uk"}))
    unknown = page_text(client.post(FORGOTTEN, {"email": "nobody@example.nhs.uk"}))
    assert known.replace("alice@", "X@") == unknown.replace("nobody@", "X@")
    assert len(mail.outbox) == 1


def test_a_bad_email_address_is_named(client, world):
    response = client.post(FORGOTTEN, {"email": "not an address"})
    assert "work e-mail address must be in the correct format" in error_summary(response)
    assert mail.outbox == []


# ---- password sign-in turned off -----------------------------------------------------------


def test_an_sso_account_is_told_to_use_single_sign_on_when_passwords_are_off(
        client, world, sso_on):
    SingleSignOnIdentity.objects.create(user=world.alice, issuer=sso_on.OIDC_OP_ISSUER,
                                        subject="alice-1")
    sso_on.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO = False
    response = sign_in(client, "alice", PASSWORD)
    assert "Sign in with single sign-on" in error_summary(response)
    assert client.get("/people/me/").status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert "password sign-in is off" in event.detail["refused"]
    # an account without a single sign-on identity still signs in with its password
    assert sign_in(client, "bob", PASSWORD).status_code == 302
    # and with the setting on, so does alice
    client.logout()
    sso_on.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO = True
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_administrators_password_sign_in_can_be_turned_off(client, world, sso_on):
    sso_on.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_ADMINISTRATORS = False
    assert "Sign in with single sign-on" in error_summary(sign_in(client, "admin", PASSWORD))
    assert client.get("/people/me/").status_code == 302
    sso_on.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_ADMINISTRATORS = True
    assert sign_in(client, "admin", PASSWORD).status_code == 302


def test_without_single_sign_on_configured_a_password_is_always_allowed(
        client, world, settings):
    settings.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_ADMINISTRATORS = False
    assert sign_in(client, "admin", PASSWORD).status_code == 302


def test_no_change_or_reset_where_password_sign_in_is_off(client, world, sso_on):
    sso_on.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_ADMINISTRATORS = False
    User.objects.filter(pk=world.admin.pk).update(email="admin@example.nhs.uk")
    client.force_login(world.admin)
    refused = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                   "new_password2": NEW_PASSWORD})
    assert refused.status_code == 403 and "single sign-on" in page_text(refused)
    client.logout()
    page = page_text(client.post(FORGOTTEN, {"email": "admin@example.nhs.uk"}))
    assert "Check your e-mail" in page and mail.outbox == []
    world.admin.refresh_from_db()
    assert world.admin.check_password(PASSWORD) and password_events(world.admin) == []


def test_reset_links_are_limited_per_address_without_saying_so(client, world, settings):
    settings.LOGIN_THROTTLE_MAX_FAILURES = 2
    pages = {page_text(client.post(FORGOTTEN, {"email": "alice@example.nhs.uk"}))
             for _ in range(4)}
    assert len(pages) == 1 and "Check your e-mail" in pages.pop()
    assert len(mail.outbox) == 2
    # sign-in is counted apart
    assert sign_in(client, "alice", PASSWORD).status_code == 302

"""Inviting people: an account for each person without one, an e-mailed single-use link, and
the page where the invited person sets their password and is signed in (or is told to use
their NHS account)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from talentbridge.accounts.invitations import accept_at_single_sign_on
from talentbridge.accounts.models import Invitation
from talentbridge.accounts.models import SingleSignOnIdentity
from talentbridge.accounts.models import User
from talentbridge.accounts.tests.test_passwords import SSO_SETTINGS
from talentbridge.accounts.tests.worlds import accounts_world
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.invitations import invite_people
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import page_text

NEW_PASSWORD = "Correct-Horse-Battery-42"


@pytest.fixture
def world(db):
    return accounts_world()


def invite(actor, people, capture):
    with capture(execute=True):
        return invite_people(actor, people)


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", message.body).group(1)


def test_inviting_a_person_creates_a_linked_account_and_emails_the_link(
        world, django_capture_on_commit_callbacks, settings):
    settings.TALENTBRIDGE_BASE_URL = "http://testserver"
    [invitation] = invite(world.olive, [world.newcomer], django_capture_on_commit_callbacks)
    user = User.objects.get(username="nia.newton@example.nhs.uk")
    assert Person.unscoped.get(pk=world.newcomer.pk).user == user
    assert (user.first_name, user.last_name, user.email) == (
        "Nia", "Newton", "Nia.Newton@example.nhs.uk")
    assert not user.has_usable_password()
    assert invitation.user == user and invitation.invited_by == world.olive
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=14)
    [message] = mail.outbox
    assert message.to == ["Nia.Newton@example.nhs.uk"]
    assert "Olive Osei has invited you" in message.body
    assert "nia.newton@example.nhs.uk" in message.body
    assert link_in(message)
    assert len(invitation.token_hash) == 64 and link_in(message).split("/")[-2] not in (
        invitation.token_hash)


def test_people_already_in_or_already_invited_are_skipped(
        world, django_capture_on_commit_callbacks):
    invite(world.olive, [world.newcomer], django_capture_on_commit_callbacks)
    world.newcomer.refresh_from_db()
    again = invite(world.olive, [world.newcomer, Person.unscoped.get(user=world.alice)],
                   django_capture_on_commit_callbacks)
    assert again == []
    assert len(mail.outbox) == 1


def test_an_organisation_administrator_cannot_invite_people_employed_elsewhere(world):
    with pytest.raises(PermissionDenied, match="Emeka Eze"):
        invite_people(world.olive, [world.newcomer, world.elsewhere])
    assert not User.objects.filter(email__iexact=world.newcomer.work_email).exists()
    assert not Invitation.objects.exists()


def accept_page(client, world, capture, settings):
    settings.TALENTBRIDGE_BASE_URL = "http://testserver"
    invite(world.olive, [world.newcomer], capture)
    return link_in(mail.outbox[-1])


def test_the_invited_person_sets_a_password_and_is_signed_in(
        client, world, django_capture_on_commit_callbacks, settings):
    link = accept_page(client, world, django_capture_on_commit_callbacks, settings)
    page = client.get(link)
    assert page.status_code == 200
    assert "Welcome to TalentBridge, Nia Newton" in page_text(page)
    weak = client.post(link, {"new_password1": "password", "new_password2": "password"})
    assert "too common" in page_text(weak)
    done = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user = User.objects.get(username="nia.newton@example.nhs.uk")
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/people/me/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN, actor=user).exists()
    assert Invitation.objects.get(user=user).accepted_at is not None
    client.logout()
    used = client.get(link)
    assert used.status_code == 410
    assert "has been used already" in page_text(used)
    assert client.login(username="nia.newton@example.nhs.uk", password=NEW_PASSWORD)


def test_an_expired_invitation_says_so(client, world, django_capture_on_commit_callbacks,
                                       settings):
    link = accept_page(client, world, django_capture_on_commit_callbacks, settings)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = client.get(link)
    assert page.status_code == 410
    assert "has expired" in page_text(page)
    posted = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert posted.status_code == 410
    assert not User.objects.get(username="nia.newton@example.nhs.uk").has_usable_password()


def test_sending_again_stops_the_earlier_link_working(
        client, world, django_capture_on_commit_callbacks, settings):
    first = accept_page(client, world, django_capture_on_commit_callbacks, settings)
    client.force_login(world.olive)
    user = User.objects.get(username="nia.newton@example.nhs.uk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/accounts/users/{user.pk}/invitation/")
    client.logout()
    second = link_in(mail.outbox[-1])
    assert second != first
    assert "replaced by a newer one" in page_text(client.get(first))
    assert client.get(second).status_code == 200
    assert Invitation.objects.filter(user=user).pending().count() == 1


def test_a_made_up_link_says_it_does_not_work(client, db):
    page = client.get("/accounts/invitation/not-a-real-token/")
    assert page.status_code == 410
    assert "This invitation does not work" in page_text(page)


def test_where_single_sign_on_is_used_the_page_says_to_use_the_nhs_account(
        client, world, django_capture_on_commit_callbacks, settings):
    link = accept_page(client, world, django_capture_on_commit_callbacks, settings)
    for name, value in SSO_SETTINGS.items():
        setattr(settings, name, value)
    settings.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO = False
    page = client.get(link)
    text = page_text(page)
    assert "You sign in to TalentBridge with your NHS account" in text
    assert "new_password1" not in page.content.decode()
    assert client.post(link, {"new_password1": NEW_PASSWORD,
                              "new_password2": NEW_PASSWORD}).status_code == 200
    user = User.objects.get(username="nia.newton@example.nhs.uk")
    assert not user.has_usable_password()
    SingleSignOnIdentity.objects.create(user=user, issuer=SSO_SETTINGS["OIDC_OP_ISSUER"],
                                        subject="abc")
    accept_at_single_sign_on(user)
    assert not Invitation.objects.filter(user=user).pending().exists()


def test_the_sign_in_page_points_to_the_reset_and_to_invitations(client, db):
    text = page_text(client.get("/accounts/sign-in/"))
    assert "Forgotten your password?" in text
    assert "invitation from your organisation's administrator" in text
    assert 'href="/accounts/password/forgotten/"' in client.get(
        "/accounts/sign-in/").content.decode()

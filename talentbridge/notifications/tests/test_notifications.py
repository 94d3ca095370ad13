"""What a user notices of their notifications: the list (their own, newest first, unread
marked, paged), "mark all as read", the count in the header, their e-mail choices, and the API
giving only their own."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from talentbridge.accounts.models import ApiToken
from talentbridge.core.scoping import UnscopedAccess
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.models import EmailStatus
from talentbridge.notifications.models import Notification
from talentbridge.notifications.services import notify
from talentbridge.people.tests.factories import PASSWORD
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_user("alice", email="alice@example.nhs.uk")


@pytest.fixture
def signed_in(client, alice):
    client.login(username="alice", password=PASSWORD)
    return client


def _tell(user, subject: str, kind: str = "nomination", link: str = "") -> Notification:
    return notify(kind=kind, subject=subject, body=f"About {subject}.", to_user=user, link=link)


def test_a_notification_is_there_exactly_when_its_change_is(alice):
    with pytest.raises(RuntimeError), transaction.atomic():
        _tell(alice, "Never happened")
        raise RuntimeError("the change failed")
    assert list(Notification.objects.visible_to(alice)) == []
    assert mail.outbox == []


def test_an_unknown_kind_or_no_recipient_is_refused_naming_it(alice):
    with pytest.raises(ValueError, match='"invitations" is not a kind of notification'):
        notify(kind="invitations", subject="x", body="y", to_user=alice)
    with pytest.raises(ValueError, match="needs to_user or to_email"):
        notify(kind="nomination", subject="x", body="y")


def test_no_one_reads_notifications_without_saying_whose(alice):
    _tell(alice, "Mine")
    with pytest.raises(UnscopedAccess, match=r"visible_to\(request.user\)"):
        list(Notification.objects.all())
    bob = make_user("bob", email="bob@example.nhs.uk")
    assert list(Notification.objects.visible_to(bob)) == []


def test_the_list_shows_only_my_notifications_newest_first_and_unread_marked(signed_in, alice):
    bob = make_user("bob", email="bob@example.nhs.uk")
    _tell(alice, "First offer", link="/opportunities/")
    _tell(alice, "Second offer")
    _tell(bob, "Bob's news")
    response = signed_in.get("/notifications/")
    text = page_text(response)
    assert text.index("Second offer") < text.index("First offer")
    assert "Bob's news" not in text
    assert "2 notifications found (2 unread)" in text
    assert text.count("Unread") == 2
    assert 'href="/opportunities/">First offer</a>' in response.content.decode()
    assert "Notifications (2 unread)" in text  # the header's link


def test_mark_all_as_read_clears_the_unread_marks_and_the_count(signed_in, alice):
    _tell(alice, "First offer")
    response = signed_in.post("/notifications/read/", follow=True)
    text = page_text(response)
    assert "1 notification marked as read" in text
    assert "Unread" not in text and "Notifications (" not in text
    assert Notification.objects.visible_to(alice).get().read_at is not None


def test_the_list_is_paged(signed_in, alice):
    for n in range(25):
        _tell(alice, f"Offer number {n}")
    text = page_text(signed_in.get("/notifications/"))
    assert "Showing 1 to 20 of 25 notifications" in text and "Offer number 24" in text
    text = page_text(signed_in.get("/notifications/?page=2"))
    assert "Showing 21 to 25 of 25 notifications" in text and "Offer number 0" in text


def test_signed_out_users_are_sent_to_sign_in(client):
    assert client.get("/notifications/")["Location"].startswith("/accounts/")


def test_a_user_chooses_which_kinds_come_by_e_mail(signed_in, alice):
    page = page_text(signed_in.get("/notifications/settings/"))
    assert "Nominations of you for an opportunity" in page
    assert "Invitations to use TalentBridge" not in page  # cannot be switched off
    response = signed_in.post("/notifications/settings/", {"by_email": ["approval"]},
                              follow=True)
    assert "Your e-mail settings have been saved" in page_text(response)
    nominated = _tell(alice, "Nominated", kind=Kind.NOMINATION)
    approval = _tell(alice, "Please approve", kind=Kind.APPROVAL)
    invited = _tell(alice, "Invited", kind=Kind.INVITATION)
    assert sorted(m.subject for m in mail.outbox) == ["Invited", "Please approve"]
    statuses = {n.subject: n.email_status
                for n in Notification.objects.visible_to(alice)}
    assert statuses == {"Nominated": EmailStatus.NOT_WANTED, "Please approve": EmailStatus.SENT,
                        "Invited": EmailStatus.SENT}
    assert nominated.pk and approval.pk and invited.pk
    assert "Nominated" in page_text(signed_in.get("/notifications/"))  # still in the list


def test_an_unknown_kind_in_the_settings_form_changes_nothing(signed_in, alice):
    response = signed_in.post("/notifications/settings/", {"by_email": ["no_such_kind"]})
    assert "Select a valid option for notifications you get by e-mail" in page_text(response)
    _tell(alice, "Nominated")
    assert len(mail.outbox) == 1


def test_someone_without_an_account_is_told_by_e_mail_only():
    told = notify(kind="rater_invitation", subject="Feedback for Alice", body="Answer here.",
                  to_email="rater@example.com")
    assert [m.to for m in mail.outbox] == [["rater@example.com"]]
    assert Notification.unscoped.get(pk=told.pk).recipient is None


def test_the_api_gives_only_my_notifications_and_marks_them_read(client, alice):
    bob = make_user("bob", email="bob@example.nhs.uk")
    _tell(alice, "First offer", link="/opportunities/")
    _tell(alice, "Second offer")
    _tell(bob, "Bob's news")
    _, key = ApiToken.issue(alice, "tests", scopes=["read", "write"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = client.get("/api/v1/notifications?limit=1", **headers).json()
    assert (body["count"], body["unread"], body["limit"]) == (2, 2, 1)
    (item,) = body["items"]
    assert (item["subject"], item["kind"], item["kind_label"], item["read_at"]) == (
        "Second offer", "nomination", "Nominations of you for an opportunity", None)
    response = client.post("/api/v1/notifications/read", **headers)
    assert response.status_code == 200 and response.json() == {"marked_read": 2}
    assert client.get("/api/v1/notifications", **headers).json()["unread"] == 0
    assert Notification.objects.visible_to(bob).get().read_at is None

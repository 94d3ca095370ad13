"""In a real browser, with and without JavaScript: a leader follows the header's unread count
to their notifications, marks them read and chooses what comes by e-mail; every page meets
the accessibility baseline (the shared browser fixtures in talentbridge/conftest.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.notifications.models import EmailStatus
from talentbridge.notifications.models import Notification
from talentbridge.notifications.services import notify
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def alice(transactional_db, _audit_trail_emptied):
    user = make_user("alice", email="alice@example.nhs.uk")
    notify(kind="nomination", subject="You have been nominated for a secondment",
           body="A talent lead has nominated you.", to_user=user, link="/opportunities/mine/")
    notify(kind="approval", subject="Please approve a placement", body="Both sides approve.",
           to_user=user)
    return user


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_leader_reads_their_notifications_and_chooses_what_is_e_mailed(
        page: Page, alice, sign_in_as, axe_check, javascript):
    sign_in_as(alice)
    page.goto("/")
    page.get_by_role("link", name="Notifications (2 unread)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("main")).to_contain_text("2 notifications found (2 unread)")
    expect(page.get_by_role("link", name="You have been nominated for a secondment")) \
        .to_have_attribute("href", "/opportunities/mine/")
    axe_check(page)

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("main")).to_contain_text("2 notifications marked as read")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Choose which notifications you get by e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "E-mail settings for notifications")
    page.get_by_label("Nominations of you for an opportunity").uncheck()
    page.get_by_role("button", name="Save e-mail settings").click()
    expect(page.get_by_role("main")).to_contain_text("Your e-mail settings have been saved")
    expect(page.get_by_label("Nominations of you for an opportunity")).not_to_be_checked()
    expect(page.get_by_label("Requests for your review or approval")).to_be_checked()
    axe_check(page)

    notify(kind="nomination", subject="Nominated again", body="Again.", to_user=alice)
    assert Notification.unscoped.get(subject="Nominated again").email_status == \
        EmailStatus.NOT_WANTED

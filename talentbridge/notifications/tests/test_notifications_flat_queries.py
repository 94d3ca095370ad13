"""A user's notifications (the page and the API) run as many queries with 100 notifications
as with 10 (`assert_flat`)."""

from __future__ import annotations

import pytest

from talentbridge.core.tests.queries import assert_flat
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import notify
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.django_db


def add_notifications(user):
    def add(n):
        for number in range(n):
            kind = (Kind.NOMINATION, Kind.APPROVAL, Kind.MATCH_OFFER)[number % 3]
            notify(kind=kind, subject=f"Zed notice {number}", body="Something happened",
                   to_user=user, link="/talent/")
    return add


@pytest.mark.parametrize("path", ["/notifications/", "/api/v1/notifications?limit=100"])
def test_my_notifications(client, path):
    alice = make_user("alice", email="alice@example.nhs.uk")
    client.force_login(alice)
    assert_flat(client, path, add_notifications(alice),
                row_marker=lambda text: text.count("Zed notice"))

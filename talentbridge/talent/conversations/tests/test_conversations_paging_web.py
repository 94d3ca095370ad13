"""A person's career conversations page: "Showing 1 to N of Z", and the next page shows the
rest (the page listed every conversation the person ever had)."""

import datetime as dt

import pytest

from talentbridge.core.tests.paging import two_pages
from talentbridge.talent.conversations import views
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import CareerConversation


@pytest.fixture
def w(db):
    return conversation_world()


def test_a_persons_conversations_page(client, monkeypatch, w):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for year in (2023, 2024, 2025):
        CareerConversation.objects.create(person=w.alice_person, held_by=w.mo,
                                          held_on=dt.date(year, 5, 1))
    client.force_login(w.bob)
    first, second = two_pages(client, f"/talent/people/{w.alice_person.pk}/", 3,
                              "conversations", param="conversations_page")
    assert "1 May 2025" in first and "1 May 2023" in second and "1 May 2023" not in first
    client.force_login(w.alice)
    two_pages(client, "/talent/me/", 3, "conversations", param="conversations_page")

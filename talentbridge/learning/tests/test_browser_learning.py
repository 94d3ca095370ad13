"""In a real browser (Chromium): a leader writes a learning log entry and shares it with her
mentor; the mentor signs in and reads it under "Shared with me"; the leader stops sharing and
the mentor can no longer open it. Each page ends with the accessibility baseline (axe, WCAG
2.2 AA)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.learning.models import Entry
from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world

from .helpers_browser import read_shared_entry
from .helpers_browser import share_with_mentor
from .helpers_browser import write_an_entry

pytestmark = pytest.mark.browser

MARKER = "I stayed quiet when the rota was unsafe"


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    w = make_world()
    w.meg = make_user("meg", first_name="Meg", last_name="Mentor")
    w.meg_person = make_person(w.rx1, user=w.meg, given_name="Meg", family_name="Mentor")
    MentoringRelationship.objects.create(
        mentor=w.meg_person, mentee=w.alice_person,
        started_on=timezone.localdate() - dt.timedelta(days=30))
    return w


def test_a_leader_shares_an_entry_with_her_mentor_and_then_stops(
        page: Page, w, sign_in_as, axe_check):
    # Alice writes an entry from her profile's learning log
    sign_in_as(w.alice)
    write_an_entry(page, axe_check, title="An unsafe rota", happened_on=dt.date(2026, 3, 2),
                   what_happened=MARKER, what_i_learnt="Say so early, and say what I need")
    entry = Entry.unscoped.get()

    # She shares it with Meg, her mentor
    share_with_mentor(page, axe_check, "Meg Mentor")

    # Meg reads it under "Shared with me"
    sign_in_as(w.meg)
    read_shared_entry(page, axe_check, title="An unsafe rota", text=MARKER,
                      author="Alice Ashworth")

    # Alice stops sharing; Meg cannot open it any more
    sign_in_as(w.alice)
    page.goto(f"/learning/entries/{entry.pk}/")
    page.get_by_role("button", name="Stop sharing with Meg Mentor").click()
    expect(page.get_by_text("Meg Mentor can no longer read this entry")).to_be_visible()
    axe_check(page)
    sign_in_as(w.meg)
    response = page.goto(f"/learning/entries/{entry.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_text(MARKER)).to_have_count(0)
    page.goto("/learning/shared-with-me/")
    expect(page.get_by_text("Nobody has shared an entry with you.")).to_be_visible()

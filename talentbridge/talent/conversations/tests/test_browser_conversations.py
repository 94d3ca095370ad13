"""A career conversation in a real browser (Chromium): a line manager records one for their
report; the leader sees it on their page, private notes included (they are the person's and the
holder's); a talent lead viewing the same person sees the conversation without the private
notes. Without and with JavaScript; every page ends with the accessibility baseline (axe, WCAG
2.2 AA: no serious or critical violations).

The browser, context, page, sign-in and axe fixtures are the shared ones in
talentbridge/browser_tests/conftest.py, imported here because this file lives in the talent
app's tests.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import TalentProfile

pytestmark = pytest.mark.browser


NOTES = "Caring for her father this year; keep travel modest"


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    return conversation_world()


def fill_date(page: Page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_a_manager_records_a_conversation_the_leader_and_a_talent_lead_see_it(
        page: Page, w, sign_in_as, axe_check, javascript):
    today = timezone.localdate()
    # Given mo, alice's line manager, signed in, on alice's talent page
    sign_in_as(w.mo)
    page.goto(f"/talent/people/{w.alice_person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alice Ashworth")
    axe_check(page)

    # When he records a career conversation with her
    page.get_by_role("button", name="Start a career conversation").click()
    page.get_by_label("Manager's preparation").fill("Strong year on the surgical wards")
    fill_date(page, "Date of the conversation", today - dt.timedelta(days=1))
    page.get_by_role("radio", name="Established impact").check()
    page.get_by_role("radio", name=re.compile("^Stretch")).check()
    page.get_by_label("Next role wanted").fill("Deputy Chief Nurse")
    page.get_by_role("radio", name="Ready in 1 to 2 years").check()
    page.get_by_role("checkbox", name="Open to roles in other NHS organisations").check()
    page.get_by_role("radio", name="Within my region").check()
    page.get_by_role("checkbox", name=re.compile("^4. Providing robust governance")).check()
    page.get_by_label("Aspirational development plan").fill("Board observer placement")
    fill_date(page, "Next review date", today + dt.timedelta(days=120))
    page.get_by_label("Private notes").fill(NOTES)
    axe_check(page)
    page.get_by_role("button", name="Record the conversation").click()

    # Then the record is saved, with his private notes, and her talent profile follows it
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("has been recorded")
    expect(page.locator("#private-notes")).to_contain_text(NOTES)
    axe_check(page)
    conversation = CareerConversation.unscoped.get()
    assert TalentProfile.unscoped.get(person=w.alice_person).readiness.code == "1_2_years"

    # When alice signs in and opens her talent page
    sign_in_as(w.alice)
    page.goto("/talent/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "My talent and career conversations")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Deputy Chief Nurse")
    axe_check(page)
    page.get_by_role("link", name=re.compile("conversation with Mo Manager")).click()

    # Then she sees the conversation and the private notes (they are hers and the holder's)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Career conversation on")
    expect(page.locator("#private-notes")).to_contain_text(NOTES)
    axe_check(page)

    # When bob, her organisation's talent lead, views the same person
    sign_in_as(w.bob)
    page.goto(f"/talent/people/{w.alice_person.pk}/")
    page.get_by_role("link", name=re.compile("conversation with Mo Manager")).click()

    # Then he sees the conversation without the private notes
    expect(page).to_have_url(re.compile(f"/talent/conversations/{conversation.pk}/$"))
    expect(page.locator("main")).to_contain_text("Deputy Chief Nurse")
    expect(page.locator("main")).not_to_contain_text(NOTES)
    expect(page.locator("#private-notes")).to_have_count(0)
    axe_check(page)

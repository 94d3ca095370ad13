"""A leader records a conflict of interest with a picker of several in a real browser: she
finds Barts Health by part of its name and adds it, then saves — without JavaScript (the
"Add an organisation" button shows the matches, then the form again with it ticked) and with
it (the autocomplete suggests it). Each page ends with the accessibility baseline."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page
from playwright.sync_api import expect

from .factories import make_opportunity_world

pytestmark = pytest.mark.browser


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    return make_opportunity_world()


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_a_leader_adds_a_conflict_of_interest_by_name(page: Page, w, sign_in_as, axe_check,
                                                     javascript):
    # Given Alice on her mobility choices
    sign_in_as(w.alice)
    page.goto("/opportunities/preferences/")
    expect(page.get_by_text("None added yet.")).to_be_visible()

    # When she types part of Barts Health's name and adds it
    box = page.get_by_label("Add an organisation")
    box.fill("barts")
    if javascript:  # the autocomplete suggests it
        page.get_by_role("option", name="Barts Health NHS Trust").click()
        page.get_by_role("button", name="Add an organisation").click()
    else:  # the server shows the matches for "barts" to choose from
        page.get_by_role("button", name="Add an organisation").click()
        axe_check(page)
        page.get_by_role("radio", name="Barts Health NHS Trust").check()
        page.get_by_role("button", name="Add an organisation").click()

    # Then it is listed, ticked, and nothing is saved yet
    expect(page.get_by_role("checkbox", name="Barts Health NHS Trust")).to_be_checked()
    assert not w.alice_person.conflicts_of_interest.exists()
    axe_check(page)

    # And saving keeps it
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Your mobility choices have been saved")
    assert w.alice_person.conflicts_of_interest.get().organisation == w.rx1
    axe_check(page)

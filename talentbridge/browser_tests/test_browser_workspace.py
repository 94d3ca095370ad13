"""A leader's morning in a real browser: the home lists what is waiting and leads to it, My
profile's pages share one navigation, and "Change" on who can see the profile lands on that
question, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import notify

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_leader_goes_from_her_home_to_her_waiting_work_and_her_profile(
        page: Page, world, sign_in_as, axe_check, javascript):
    # Given alice, with two notifications she has not read
    for n in range(2):
        notify(kind=Kind.APPROVAL, subject=f"Please look ({n})", body="Please look",
               to_user=world.alice)
    sign_in_as(world.alice)

    # When she opens her home
    page.goto("/")

    # Then it lists what is waiting for her, with how many, and leads to it
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    waiting = page.get_by_role("row").filter(has_text="Unread notifications")
    expect(waiting).to_contain_text("2")
    axe_check(page)
    waiting.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")

    # When she goes to her profile and then her protected characteristics through My profile
    page.goto("/people/me/")
    nav = page.get_by_role("navigation", name="My profile")
    expect(nav.locator('[aria-current="page"]')).to_have_text(
        "Profile, who can see it and career history")
    axe_check(page)
    nav.get_by_role("link", name="Protected characteristics").click()

    # Then that page is marked as the current one
    expect(page.get_by_role("heading", level=1)).to_have_text("My protected characteristics")
    expect(page.get_by_role("navigation", name="My profile").locator(
        '[aria-current="page"]')).to_have_text("Protected characteristics")

    # When she changes who can see her profile from her profile
    page.goto("/people/me/")
    page.get_by_role("link", name="Change who can see this profile").click()

    # Then she lands on that question, not the top of the form
    expect(page).to_have_url(re.compile(rf"/people/{world.alice_person.pk}/edit/#visibility$"))
    question = page.get_by_role("group", name="Who can see my profile")
    expect(question).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1)).not_to_be_in_viewport()

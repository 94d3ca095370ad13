"""Signing in and out in a real browser, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def fill_sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_leader_signs_in_and_out(page: Page, world, axe_check, javascript):
    # Given a leader at the sign-in page
    page.goto("/accounts/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to TalentBridge")
    expect(page.locator("body")).to_have_class(
        re.compile(r"\bjs-enabled\b") if javascript else re.compile(r"^(?!.*\bjs-enabled\b)"))

    # When she types her username and password and presses "Sign in"
    fill_sign_in(page, "alice", world.password)

    # Then she lands on a page that shows her name
    page.wait_for_url(lambda url: "/accounts/sign-in/" not in url)
    expect(page.get_by_role("banner")).to_contain_text("Alice Ashworth")
    axe_check(page)

    # When she signs out with the button in the header
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()

    # Then she is back at the sign-in page, signed out
    page.wait_for_url(re.compile(r"/accounts/sign-in/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to TalentBridge")
    expect(page.get_by_role("banner")).not_to_contain_text("Alice Ashworth")
    page.goto("/people/me/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/people/me/"))
    axe_check(page)


def test_a_wrong_password_shows_the_error_summary(page: Page, world, axe_check):
    # Given a leader at the sign-in page
    page.goto("/accounts/sign-in/")

    # When she types the wrong password
    fill_sign_in(page, "alice", "not her password")

    # Then the NHS error summary says so, and she is not signed in
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_role("banner")).not_to_contain_text("Alice Ashworth")
    # the summary takes focus (NHS frontend JavaScript), so a screen reader announces it
    expect(summary).to_be_focused()
    # and the page still meets the baseline
    axe_check(page)

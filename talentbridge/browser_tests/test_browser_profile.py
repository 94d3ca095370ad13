"""A leader's own pages in a real browser: editing the profile (with and without JavaScript)
and the protected characteristics page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.people.models import Person

pytestmark = pytest.mark.browser

NEW_TITLE = "Chief Operating Officer"


def summary_value(page: Page, key: str):
    """The value cell of the NHS summary list row whose key is `key`."""
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator(".nhsuk-summary-list__key", has_text=re.compile(f"^\\s*{key}\\s*$")))
    return row.locator(".nhsuk-summary-list__value")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_leader_edits_their_profile(page: Page, world, sign_in_as, axe_check, javascript):
    # Given alice, signed in, on her profile
    sign_in_as(world.alice)
    page.goto("/people/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alice Ashworth")
    expect(summary_value(page, "Job title")).to_have_text("Director of Operations")

    # When she changes her job title and saves
    page.get_by_role("link", name="Change my details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change my details")
    page.get_by_label("Job title").fill(NEW_TITLE)
    page.get_by_role("button", name="Save").click()

    # Then she is back on her profile, which shows the new title
    expect(page).to_have_url(re.compile(r"/people/me/$"))
    expect(page.get_by_text("Your profile has been saved")).to_be_visible()
    expect(summary_value(page, "Job title")).to_have_text(NEW_TITLE)
    axe_check(page)

    # When she tries a job title that is far too long
    page.goto(f"/people/{world.alice_person.pk}/edit/")
    page.get_by_label("Job title").fill("Director of " + "Operations and Strategy " * 13)
    page.get_by_role("button", name="Save").click()

    # Then the error summary names the field and links to it, and the field shows the error
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    error_link = summary.get_by_role("link", name="Job title must be 150 characters or fewer")
    expect(error_link).to_have_attribute("href", "#id_job_title")
    expect(page.locator(".nhsuk-error-message")).to_contain_text(
        "Job title must be 150 characters or fewer")
    expect(page).to_have_title(re.compile(r"^Error: "))
    if javascript:
        error_link.click()
        expect(page.get_by_label("Job title")).to_be_focused()
    axe_check(page)

    # and her profile is unchanged
    assert Person.unscoped.get(pk=world.alice_person.pk).job_title == NEW_TITLE
    page.goto("/people/me/")
    expect(summary_value(page, "Job title")).to_have_text(NEW_TITLE)


def test_a_leader_sees_who_can_see_their_characteristics(page: Page, world, sign_in_as,
                                                          axe_check):
    # Given alice, signed in, on her profile
    sign_in_as(world.alice)
    page.goto("/people/me/")

    # When she follows the link to her protected characteristics
    page.get_by_role("link", name="View or change my protected characteristics").click()

    # Then the page explains who sees her answers
    expect(page).to_have_url(re.compile(r"/people/me/characteristics/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My protected characteristics")
    expect(page.get_by_role("heading", name="Who sees your answers")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Only you can see your own answers.")
    expect(main).to_contain_text("Your line manager and talent leads cannot see them")
    expect(main).to_contain_text("small groups are hidden")
    expect(page.get_by_role("button", name="Save my answers")).to_be_visible()
    axe_check(page)

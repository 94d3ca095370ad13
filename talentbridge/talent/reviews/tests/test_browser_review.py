"""A talent lead runs a talent review from start to lock in a real browser (Chromium), without
and with JavaScript, ending each page with the accessibility baseline (axe, WCAG 2.2 AA).

The browser, context, page, sign-in and axe fixtures are the shared ones in
talentbridge/browser_tests/conftest.py, imported here because this file lives in the talent
app's tests.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.people.tests.factories import make_person
from talentbridge.talent.reviews import services
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place as place_in
from talentbridge.talent.reviews.tests.factories import review_world

pytestmark = pytest.mark.browser



@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    return review_world()


def place(page: Page, person: str, cell: str, readiness: str, rationale: str,
          button: str, javascript: bool) -> None:
    # The person picker: typing the full name is enough without JavaScript; with it, the
    # autocomplete suggests them and the suggestion is chosen.
    page.get_by_label("Person", exact=True).fill(person)
    if javascript:
        page.get_by_role("option", name=person).click()
    page.get_by_role("radio", name=cell, exact=True).check()
    page.get_by_role("radio", name=readiness, exact=True).check()
    page.get_by_label("Rationale").fill(rationale)
    page.get_by_role("button", name=button).click()


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_a_talent_lead_runs_a_review_from_start_to_lock(page: Page, w, sign_in_as, axe_check,
                                                       javascript):
    # Given bob, the organisation talent lead at Guy's and St Thomas', signed in
    sign_in_as(w.bob)
    page.goto("/talent/reviews/")
    axe_check(page)

    # When he starts a review of his organisation on the 9-box
    page.get_by_role("button", name="Start a talent review").click()
    page.get_by_label("Name of the review").fill("Nursing talent review 2026")
    page.get_by_role("radio", name=re.compile("Guy's and St Thomas'")).check()
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Add a participant").fill("mo")
    axe_check(page)
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nursing talent review 2026")

    # And places two people, with readiness and a rationale
    page.get_by_role("button", name="Place people").click()
    axe_check(page)
    place(page, "Alice Ashworth", "High potential (1–3 years)", "Ready in 1 to 2 years",
          "Led the winter plan across both sites", "Save and place another", javascript)
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Alice Ashworth has "
                                                                       "been placed")
    place(page, "Mo Manager", "Potential leader", "Ready in 3 or more years",
          "Growing into the deputy role", "Save placement", javascript)

    # And starts calibration, then moves Alice with a reason
    page.get_by_role("button", name="Start calibration").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Calibration has started")
    axe_check(page)
    page.get_by_label("Select Alice Ashworth").check()
    page.get_by_label("Move the people you selected to").select_option(
        label="Very strong contributor / ready for promotion now")
    page.get_by_label("Reason for the moves").fill(
        "Panel agreed she is ready now: acting director since June")
    page.get_by_role("button", name="Move the people you selected").click()

    # Then the move is recorded and the grid shows where everyone sits
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "1 person moved to \u201cVery strong contributor")
    moves = page.get_by_role("table", name=re.compile("Moves of people you can see"))
    expect(moves).to_contain_text("Panel agreed she is ready now")
    expect(page.get_by_role("table", name="Rater leniency")).to_contain_text("fewer than 5")

    # When he locks the review
    page.get_by_role("button", name="Lock the review").click()
    axe_check(page)
    page.get_by_role("button", name="Lock the review").click()

    # Then it is locked, and nothing can be changed any more
    expect(page.get_by_role("main")).to_contain_text("This review is locked")
    expect(page.get_by_label("Select Alice Ashworth")).to_have_count(0)
    expect(page.get_by_role("button", name="Place people")).to_have_count(0)
    axe_check(page)
    review_url = page.url
    page.goto(review_url + "place/")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "can no longer be changed")
    placement = w.alice_person.review_placements.get()
    page.goto(f"{review_url}placements/{placement.pk}/move/")
    expect(page.get_by_role("main")).to_contain_text("can no longer be changed")
    axe_check(page)

    # And Alice sees the placement in her own history
    page.context.clear_cookies()
    sign_in_as(w.alice)
    page.goto("/talent/placements/mine/")
    expect(page.get_by_role("table")).to_contain_text("Very strong contributor")
    axe_check(page)


def test_a_talent_lead_filters_to_one_cell_and_moves_five_people_at_once(page: Page, w,
                                                                        sign_in_as, axe_check):
    # Given a review of 30 people in calibration, 12 of them in the middle cell
    review = make_review(w, name="Nursing talent review 2026")
    people = [make_person(w.rj1, given_name=f"Nurse{i:02d}", family_name="Leader")
              for i in range(30)]
    for i, person in enumerate(people):
        place_in(w, review, person, cell=(2, 2) if i < 12 else (1 + i % 3, 1))
    services.start_calibration(w.bob, review)
    sign_in_as(w.bob)

    # When bob opens the grid's middle cell from the 9-box
    page.goto(f"/talent/reviews/{review.pk}/")
    middle = page.get_by_role("region", name="Potential leader")
    expect(middle).to_contain_text("12 people")
    middle.get_by_role("link", name=re.compile("List all 12 people")).click()
    expect(page.get_by_role("status")).to_contain_text("12 people found")
    expect(page.get_by_label("Grid cell")).to_have_value(
        str(w.cells[(2, 2)].pk))
    axe_check(page)

    # And ticks five of them, chooses the cell and gives one reason
    for i in range(5):
        page.get_by_label(f"Select Nurse{i:02d} Leader").check()
    page.get_by_label("Move the people you selected to").select_option(
        label="High potential (1–3 years)")
    page.get_by_label("Reason for the moves").fill("Panel agreed: ready for stretch roles")
    page.get_by_role("button", name="Move the people you selected").click()

    # Then all five have moved, the filtered list shows the seven left, and the moves are listed
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "5 people moved to \u201cHigh potential (1–3 years)\u201d")
    expect(page.get_by_role("status")).to_contain_text("7 people found")
    moves = page.get_by_role("table", name=re.compile("Moves of people you can see"))
    expect(moves.get_by_role("row", name=re.compile("ready for stretch roles"))).to_have_count(5)
    high = page.get_by_role("region", name="High potential (1–3 years)")
    expect(high).to_contain_text("Nurse00 Leader")
    axe_check(page)

"""A national talent lead nominates a leader whose surname starts with Z to a national pool in
a real browser, over 500 people she may nominate (the old drop-down stopped at the first 500
names): without JavaScript by typing "Z" and choosing from the matches the server shows, and
with JavaScript by typing "Z" and choosing the autocomplete's suggestion. Each page ends with
the accessibility baseline (axe, WCAG 2.2 AA, no CSP violation)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.talent.models import PoolNomination
from talentbridge.talent.reviews.tests.test_pool_nomination_picker import national_world

pytestmark = pytest.mark.browser


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    return national_world()


def _start_nominating(page: Page, w, sign_in_as) -> None:
    sign_in_as(w.nora)
    page.goto(f"/talent/pools/{w.pool.pk}/")
    page.get_by_role("button", name="Nominate someone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nominate someone to this pool")


def _then_zara_is_nominated(page: Page, w) -> None:
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Zara Zeta has been nominated to Aspiring chief nurses — England")
    assert PoolNomination.unscoped.get().person_id == w.zara.pk


@pytest.mark.parametrize("javascript", [False], ids=["without-js"])
def test_a_national_lead_nominates_zara_without_javascript(page: Page, w, sign_in_as,
                                                          axe_check, javascript):
    # Given Nora, a national talent lead, on the nomination page of a national pool
    _start_nominating(page, w, sign_in_as)
    axe_check(page)

    # When she types "Z" and a statement, and sends the nomination
    page.get_by_label("Who you are nominating").fill("Z")
    page.get_by_label("Why this person should join the pool").fill("Ready for chief nurse")
    page.get_by_role("button", name="Send the nomination").click()

    # Then the matches for "Z" are shown, only people she may see, to choose from
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        'Choose who you are nominating from the matches for "Z"')
    matches = page.get_by_role("group", name="Matches for \u201cZ\u201d")
    expect(matches.get_by_role("radio")).to_have_count(1)
    expect(matches).not_to_contain_text("Zed Zimmer")
    axe_check(page)

    # And choosing Zara Zeta and sending again nominates her
    page.get_by_role("radio", name="Zara Zeta").check()
    page.get_by_role("button", name="Send the nomination").click()
    _then_zara_is_nominated(page, w)
    axe_check(page)


@pytest.mark.parametrize("javascript", [True], ids=["with-js"])
def test_a_national_lead_nominates_zara_with_the_autocomplete(page: Page, w, sign_in_as,
                                                             axe_check, javascript):
    # Given Nora on the nomination page, the picker enhanced into an autocomplete
    _start_nominating(page, w, sign_in_as)
    box = page.get_by_role("combobox", name="Who you are nominating")
    expect(box).to_be_visible()
    expect(box).to_have_accessible_description(re.compile("Type part of their name"))

    # When she types "Z"
    box.press_sequentially("Z")

    # Then Zara Zeta is suggested, with her job and organisation, and Zed Zimmer is not
    suggestion = page.get_by_role("option", name="Zara Zeta")
    expect(suggestion).to_contain_text("Deputy chief nurse")
    expect(page.get_by_role("listbox")).not_to_contain_text("Zed Zimmer")
    axe_check(page)

    # And choosing the suggestion and sending the nomination nominates her in one step
    suggestion.click()
    expect(box).to_have_value("Zara Zeta")
    page.get_by_label("Why this person should join the pool").fill("Ready for chief nurse")
    page.get_by_role("button", name="Send the nomination").click()
    _then_zara_is_nominated(page, w)
    axe_check(page)

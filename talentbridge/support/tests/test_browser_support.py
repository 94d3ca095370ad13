"""In a real browser (Chromium): a regional lead sees two early warnings about a new chief
executive of an organisation in segment 5, records a check-in and a coaching offer taken up,
and both warnings clear. Each page ends with the accessibility baseline (axe, WCAG 2.2 AA).
The browser, context, page, sign-in and axe fixtures are the shared ones in
talentbridge/conftest.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.support.models import CheckIn
from talentbridge.support.models import OfferStatus
from talentbridge.support.models import SupportOffer
from talentbridge.support.tests.factories import support_world
from talentbridge.tenure.tests.factories import make_segment

pytestmark = pytest.mark.browser


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    w = support_world()
    today = timezone.localdate()
    w.ceo.started_on = today - dt.timedelta(days=150)
    w.ceo.save(update_fields=["started_on"])
    make_segment(w.rj1, today - dt.timedelta(days=200), 5)
    return w


def fill_date(page: Page, name: str, day: dt.date) -> None:
    page.locator(f'input[name="{name}_day"]').fill(str(day.day))
    page.locator(f'input[name="{name}_month"]').fill(str(day.month))
    page.locator(f'input[name="{name}_year"]').fill(str(day.year))


def test_a_regional_lead_acts_on_early_warnings_and_they_clear(
        page: Page, w, sign_in_as, axe_check):
    today = timezone.localdate()
    # Given London's regional lead, and Carol Chief five months in post at a segment 5 trust
    sign_in_as(w.regional)
    page.goto("/support/")
    expect(page.get_by_text("New chief executive without a mentor or coach")).to_be_visible()
    expect(page.get_by_text("Intensive support organisation without a check-in")).to_be_visible()
    axe_check(page)

    # When she records a check-in with Carol
    page.get_by_role("link", name="Check-ins and support for this leader").first.click()
    axe_check(page)
    page.get_by_role("link", name="Record a check-in").click()
    fill_date(page, "held_on", today)
    page.get_by_role("radio", name="4: high pressure, hard to sustain").check()
    page.get_by_label("Private notes (optional)").fill("Board under strain after the visit")
    axe_check(page)
    page.get_by_role("button", name="Save the check-in").click()
    expect(page.get_by_text("Check-in with Carol Chief recorded")).to_be_visible()
    expect(page.get_by_text("Board under strain after the visit")).to_be_visible()

    # And offers coaching, which Carol has taken up
    page.get_by_role("link", name="Offer support").click()
    page.get_by_role("radio", name="Coaching").check()
    fill_date(page, "offered_on", today)
    page.get_by_role("radio", name="Taken up").check()
    fill_date(page, "answered_on", today)
    axe_check(page)
    page.get_by_role("button", name="Save the offer").click()
    expect(page.get_by_text("Support offer to Carol Chief recorded")).to_be_visible()

    # Then both warnings have cleared
    page.goto("/support/")
    expect(page.get_by_text("No early warnings found")).to_be_visible()
    axe_check(page)
    assert CheckIn.unscoped.count() == 1
    assert SupportOffer.unscoped.get().status == OfferStatus.TAKEN_UP
    assert page.problems == []  # type: ignore[attr-defined]

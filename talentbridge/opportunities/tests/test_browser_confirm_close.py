"""In a real browser: closing an opportunity asks first; "Cancel" changes nothing, and only
the warning button closes it. With and without JavaScript, and the axe baseline on the
confirmation page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.models import Opportunity

from .factories import make_opportunity_world

pytestmark = pytest.mark.browser


@pytest.fixture
def opportunity_world(transactional_db, _audit_trail_emptied):
    return make_opportunity_world()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_closing_an_opportunity_asks_first(page: Page, opportunity_world, sign_in_as, axe_check,
                                           javascript):
    w = opportunity_world
    detail = f"/opportunities/{w.opportunity.pk}/"
    # Given the host organisation's talent lead is on the opportunity's page
    sign_in_as(w.host_lead)
    page.goto(detail)

    # When she clicks "Close this opportunity"
    page.get_by_role("button", name="Close this opportunity").click()

    # Then she is asked first, and nothing has changed yet
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Are you sure you want to close {w.opportunity.title}?")
    expect(page.get_by_role("main")).to_contain_text("This cannot be undone.")
    axe_check(page)
    assert Opportunity.objects.get(pk=w.opportunity.pk).status == OpportunityStatus.PUBLISHED

    # When she cancels, she is back on the page and it is still open
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(re.compile(re.escape(detail) + "$"))
    assert Opportunity.objects.get(pk=w.opportunity.pk).status == OpportunityStatus.PUBLISHED

    # When she asks again and confirms, it is closed
    page.get_by_role("button", name="Close this opportunity").click()
    page.get_by_role("button", name="Close the opportunity").click()
    page.wait_for_url(re.compile(re.escape(detail) + "$"))
    expect(page.get_by_role("main")).to_contain_text("has been closed")
    assert Opportunity.objects.get(pk=w.opportunity.pk).status == OpportunityStatus.CLOSED

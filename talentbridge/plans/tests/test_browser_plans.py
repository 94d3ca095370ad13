"""In a real browser (Chromium): the leader opens their development plan from My profile, adds
an action for the competency gap it suggests, records progress on it, and their line manager
sees it on the report's plan; a per cent over 100 is refused with a message naming the field
and the value. Each page ends with the accessibility baseline (axe, WCAG 2.2 AA)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.browser_tests.steps import fill_date
from talentbridge.browser_tests.steps import open_page
from talentbridge.browser_tests.steps import submit
from talentbridge.plans.models import PlanAction

from .factories import assess
from .factories import plan_world

pytestmark = pytest.mark.browser


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    w = plan_world()
    assess(w, w.alice, w.alice_person, d4="rarely_or_never", d2="occasionally")
    return w


def test_the_leader_adds_an_action_for_a_gap_and_the_manager_sees_it(
        page: Page, w, sign_in_as, axe_check):
    # Given alice, whose self-assessment rates governance lowest
    sign_in_as(w.alice)
    open_page(page, axe_check, "/people/me/", "Development plan", "My development plan")

    # When she adds an action for that gap
    page.get_by_role("link", name="add an action for governance").click()
    page.get_by_label("Action", exact=True).fill("Observe the audit committee")
    fill_date(page, w.today + dt.timedelta(days=40))
    submit(page, axe_check, "Add the action", "“Observe the audit committee” has been added")
    expect(page.get_by_role("row", name="Observe the audit committee")).to_contain_text(
        "Develops: Governance")
    axe_check(page)

    # And records progress, first with a per cent over 100
    page.get_by_role("link", name="Observe the audit committee").click()
    page.get_by_role("button", name="Update progress").click()
    page.get_by_role("radio", name="In progress").check()
    page.get_by_label("Per cent done").fill("120")
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Per cent done must be from 0 to 100 (120)")
    axe_check(page)
    page.get_by_label("Per cent done").fill("30")
    page.get_by_label("Progress note").fill("Observed the first meeting")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_test_id("progress")).to_have_text("In progress (30%)")
    axe_check(page)
    assert PlanAction.objects.visible_to(w.alice).get().percent == 30

    # Then her line manager sees it on her plan, from her profile
    sign_in_as(w.mo)
    page.goto(f"/people/{w.alice_person.pk}/")
    page.get_by_role("link", name="Development plan").click()
    expect(page.get_by_role("row", name="Observe the audit committee")).to_contain_text(
        "In progress (30%)")
    axe_check(page)
    assert page.problems == []  # type: ignore[attr-defined]

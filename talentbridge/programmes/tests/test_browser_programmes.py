"""In a real browser (Chromium): the programme manager puts themselves on a cohort's panel,
scores Alice's application and selects her; Alice then signs in and sees her place in the
cohort. Each page ends with the accessibility baseline (axe, WCAG 2.2 AA). The browser, sign-in
and axe fixtures are the shared ones in talentbridge/conftest.py."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.programmes import services
from talentbridge.programmes.models import Application
from talentbridge.programmes.models import Decision
from talentbridge.programmes.tests.factories import programme_world

pytestmark = pytest.mark.browser


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    world = programme_world()
    world.application = services.apply(world.alice, world.cohort,
                                       statement="I lead our equality work")
    return world


def test_the_programme_manager_scores_and_selects_and_the_leader_sees_her_place(
        page: Page, w, sign_in_as, axe_check):
    sign_in_as(w.pm)
    # Given the programme manager puts themselves on the cohort's panel
    page.goto(f"/programmes/cohorts/{w.cohort.pk}/panel/")
    expect(page.get_by_role("heading", name="Choose the panel")).to_be_visible()
    axe_check(page)
    page.get_by_label("Add a panel member").fill("pm")
    page.get_by_role("option").filter(has_text=re.compile(r"Username pm$")).click()
    page.get_by_role("button", name="Save the panel").click()
    expect(page.get_by_text("The panel of Cohort 5 has been saved")).to_be_visible()

    # When they score Alice's application against both criteria
    page.get_by_role("link", name="Alice Ashworth").click()
    expect(page.get_by_role("heading", name="Alice Ashworth")).to_be_visible()
    axe_check(page)
    page.get_by_role("group", name="Leading for equality").get_by_label("4").check()
    page.get_by_role("group", name="Setting direction").get_by_label("5").check()
    page.get_by_role("button", name="Save your scores").click()
    expect(page.get_by_text("Your scores have been saved")).to_be_visible()

    # Then the cohort shows the panel's total, and they select her
    page.goto(f"/programmes/cohorts/{w.cohort.pk}/")
    row = page.get_by_role("row", name="Alice Ashworth")
    expect(row).to_contain_text("9")
    row.get_by_role("link", name="Alice Ashworth").click()
    page.get_by_role("radio", name="Selected", exact=True).check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Alice Ashworth: Selected")).to_be_visible()
    axe_check(page)
    assert Application.unscoped.get(pk=w.application.pk).decision == Decision.SELECTED

    # And Alice, signed in, sees her place in the cohort
    sign_in_as(w.alice)
    page.goto("/programmes/mine/")
    place = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Aspiring chief executives: Cohort 5", exact=True))
    expect(place).to_contain_text("selected – you have a place (on the programme)")
    axe_check(page)
    assert page.problems == []  # type: ignore[attr-defined]

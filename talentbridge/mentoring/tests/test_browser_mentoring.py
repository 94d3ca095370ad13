"""In a real browser (Chromium): the North West's programme manager runs a matching, sees the
two methods side by side, confirms one; the mentee then sees her mentor on "My mentoring".
Each page ends with the accessibility baseline (axe, WCAG 2.2 AA). The browser, sign-in and
axe fixtures are the shared ones in talentbridge/conftest.py."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.mentoring.tests.factories import ask
from talentbridge.mentoring.tests.factories import mentoring_world
from talentbridge.mentoring.tests.factories import offer

pytestmark = pytest.mark.browser


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    return mentoring_world()


def test_a_programme_manager_matches_and_the_mentee_sees_her_mentor(
        page: Page, w, sign_in_as, axe_check):
    # Given Lena (Manchester) asks for a mentor and Mo (Wirral, another system) offers
    ask(w.lena_person)
    offer(w.mo_person)
    sign_in_as(w.pm)
    page.goto("/mentoring/matching/")
    expect(page.get_by_role("heading", name="Open requests")).to_be_visible()
    axe_check(page)

    # When the programme manager runs a matching for the North West
    page.get_by_role("radio", name="North West").check()
    page.get_by_role("button", name="Run a matching").click()

    # Then both methods are shown side by side, and how they differ
    expect(page.get_by_role("table", name="Stable matching")).to_contain_text("Lena")
    expect(page.get_by_role("table", name="Highest total score")).to_contain_text("Mo")
    expect(page.get_by_text("0 pairs differ between the methods")).to_be_visible()
    axe_check(page)

    # When they confirm the stable matching's proposals
    page.get_by_role("radio", name="Stable matching").check()
    page.get_by_role("button", name="Confirm these pairs").click()
    expect(page.get_by_text("1 pair is confirmed and both people told")).to_be_visible()
    assert MentoringRelationship.unscoped.count() == 1

    # Then Lena sees Mo as her mentor
    sign_in_as(w.lena)
    page.goto("/mentoring/")
    expect(page.get_by_role("table", name="Who supports me")).to_contain_text(
        w.mo_person.full_name)
    axe_check(page)
    assert page.problems == []  # type: ignore[attr-defined]

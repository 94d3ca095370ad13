"""In a real browser (Chromium): an organisation talent lead names a successor from another
organisation in the same system to the chief executive post, and the system map shows the
post as covered; a successor who is the incumbent, and one who has not let the organisation
see them, are refused with a message naming the field and the value, and nothing changes.
Each page ends with the accessibility baseline (axe, WCAG 2.2 AA).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.succession.models import Successor
from talentbridge.succession.tests.factories import succession_world

pytestmark = pytest.mark.browser


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    return succession_world()


def search_and_choose(page: Page, name: str, person: str, readiness: str) -> None:
    page.get_by_label("Search by name").fill(name)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("radio", name=person).check()
    page.get_by_role("radio", name=readiness, exact=True).check()


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_a_talent_lead_covers_the_chief_executive_post_from_the_system(
        page: Page, w, sign_in_as, axe_check, javascript):
    # Given bob, the talent lead of Guy's and St Thomas', and its chief executive post
    sign_in_as(w.bob)
    page.goto("/succession/")
    axe_check(page)
    page.get_by_role("link", name="System map: North Central London").click()
    expect(page.get_by_role("row", name="Chief executive")).to_contain_text("Not covered")
    axe_check(page)
    page.get_by_role("link", name="Guy's and St Thomas' NHS Foundation Trust").click()
    axe_check(page)

    # When he names Rita Rowe of Lewisham and Greenwich (same system, chose "system") as
    # ready now and the post's emergency cover
    page.get_by_role("link", name="Add a successor for Chief executive").click()
    search_and_choose(page, "Rowe", "Rita Rowe – Chief Operating Officer, Lewisham and "
                                    "Greenwich NHS Trust", "Ready now")
    page.get_by_label("Emergency cover").check()
    axe_check(page)
    page.get_by_role("button", name="Add to the succession plan").click()

    # Then the chart shows her, from the same system, and the system map shows cover
    expect(page.get_by_text("Rita Rowe has been added to the succession plan for Chief "
                            "executive")).to_be_visible()
    expect(page.locator(f"#post-{w.ceo.pk}")).to_contain_text("(same system)")
    axe_check(page)
    page.goto("/succession/systems/QMJ/")
    expect(page.get_by_role("row", name="Chief executive")).to_contain_text("Covered")
    expect(page.get_by_text("1 of 1 posts are covered")).to_be_visible()
    assert page.problems == []  # type: ignore[attr-defined]


def test_the_incumbent_and_someone_who_has_not_allowed_it_are_refused(
        page: Page, w, sign_in_as, axe_check):
    # The administrator may see everyone, Otto Owen (RJ2, "my organisation only") too
    sign_in_as(w.admin)
    page.goto(f"/succession/posts/{w.ceo.pk}/successors/add/")
    search_and_choose(page, "Owen", "Otto Owen", "Ready now")
    page.get_by_role("button", name="Add to the succession plan").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Otto Owen has not allowed Guy's and St Thomas' NHS "
                                    "Foundation Trust to see their profile")
    axe_check(page)

    # The chief executive herself cannot be her own successor
    search_and_choose(page, "Carol", "Carol Chief", "Ready in 1 to 2 years")
    page.get_by_role("button", name="Add to the succession plan").click()
    expect(summary).to_contain_text("Carol Chief holds this post (Chief executive), so cannot "
                                    "be its successor")
    assert not Successor.unscoped.exists()

"""Finding people in a real browser: a talent lead sees only the people in their scope."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_talent_lead_finds_only_people_in_scope(page: Page, world, sign_in_as, axe_check):
    # Given bob, RJ1's talent lead, on the find people page; dana Smith works at RJ1 and
    # sasha Smith at RJ2 (same system), who chose to be seen by her own organisation only
    sign_in_as(world.bob)
    page.goto("/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find people")

    # When he searches by the name Smith
    page.get_by_label("Name", exact=True).fill("Smith")
    page.get_by_role("button", name="Search").click()

    # Then he sees his colleague dana and not sasha
    expect(page).to_have_url(re.compile(r"[?&]name=Smith"))
    results = page.get_by_role("table", name="People matching your search")
    expect(results).to_be_visible()
    expect(results.get_by_role("link", name="Dana Smith")).to_be_visible()
    expect(results.get_by_role("rowheader")).to_have_count(1)
    expect(page.get_by_role("main")).not_to_contain_text("Sasha")
    expect(page.get_by_role("status").filter(has_text="found")).to_have_text("1 person found")
    axe_check(page)

    # and sasha's page does not exist for him, while dana's is one click away
    response = page.goto(f"/people/{world.sasha_person.pk}/")
    assert response is not None and response.status == 404
    page.go_back()
    page.get_by_role("link", name="Dana Smith").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dana Smith")

"""In a real browser (Chromium): a regional talent lead opens the tenure page, sees the
survival chart and its table for their region, and the holdings of one of its organisations
(read only: recording exits is for those who may change the post's holder); the organisation's
talent lead then records why a chief executive left, from the waiting work, and a date before
the start is refused naming both dates. Each page ends with the accessibility baseline (axe,
WCAG 2.2 AA).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.accounts.models import Role
from talentbridge.browser_tests.steps import as_user
from talentbridge.people.tests.factories import make_user
from talentbridge.succession import services as succession_services
from talentbridge.tenure.models import PostHolding
from talentbridge.tenure.tests.factories import many_holdings
from talentbridge.tenure.tests.factories import tenure_world

pytestmark = pytest.mark.browser


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    cache.clear()
    w = tenure_world()
    w.regional = make_user("reg", role=Role.REGIONAL_LEAD, scope=w.region,
                           first_name="Rhiannon", last_name="Regional")
    many_holdings(w.rj1, [250 * k for k in range(1, 12)])
    succession_services.appoint_holder(w.admin, w.ceo, person_id=w.rita.pk,
                                       started_on=dt.date(2026, 3, 2), interim=True)
    return w


def test_a_regional_lead_reads_tenure_and_the_owner_records_why_a_holder_left(
        page: Page, w, sign_in_as, axe_check):
    # Given a regional talent lead for London
    sign_in_as(w.regional)
    page.goto("/tenure/")
    # Then the survival chart and its table for London are shown
    expect(page.get_by_role("heading", name="Chief executives still in post, by everyone, "
                                            "London")).to_be_visible()
    expect(page.get_by_role("img", name="Chief executives still in post")).to_be_visible()
    expect(page.get_by_role("row", name="Everyone")).to_contain_text("Everyone")
    axe_check(page)
    # And she reads who held Guy's and St Thomas' posts, without changing them
    page.goto("/tenure/organisations/RJ1/")
    expect(page.get_by_role("row", name="Carol Chief")).to_contain_text("Not recorded")
    expect(page.get_by_role("link", name="Record why they left")).to_have_count(0)
    axe_check(page)

    # When Guy's and St Thomas' talent lead records why Carol Chief left
    as_user(page, sign_in_as, w.bob)
    page.goto("/tenure/reasons/")
    page.get_by_role("link", name="Carol Chief").click()
    axe_check(page)
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("radio", name="Mutual agreement or asked to leave").check()
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Save why they left").click()
    # Then a date before she started is refused naming both dates, and nothing changes
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("2020-01-01")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("2022-04-01")
    axe_check(page)
    assert PostHolding.unscoped.get(pk=w.carol_holding.pk).exit_reason == ""
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Day").fill("2")
    page.get_by_role("button", name="Save why they left").click()
    expect(page.get_by_text("Why Carol Chief left has been recorded")).to_be_visible()
    expect(page.get_by_role("row", name="Carol Chief")).to_contain_text(
        "Mutual agreement or asked to leave")
    axe_check(page)
    assert page.problems == []  # type: ignore[attr-defined]

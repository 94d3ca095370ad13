"""In a real browser: a system talent lead runs a match and offers a proposal; the leader
accepts; both organisations approve; the placement appears on the leader's page. The
accessibility baseline at every step.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.browser_tests.steps import as_user
from talentbridge.browser_tests.steps import with_and_without_javascript

from .factories import make_interest
from .factories import make_opportunity_world

pytestmark = pytest.mark.browser


@pytest.fixture
def opportunity_world(transactional_db, _audit_trail_emptied):
    w = make_opportunity_world()
    make_interest(w.opportunity, w.alice_person, rank=1, statement="I ran winter planning.")
    return w


def approve_as(page: Page, sign_in_as, user, placement_url: str, side: str,
               axe_check=None) -> None:
    """``user`` approves the placement for the home or the host organisation (``side``)."""
    as_user(page, sign_in_as, user)
    page.goto(placement_url)
    if axe_check is not None:
        axe_check(page)
    page.get_by_label("Yes, we approve").check()
    page.get_by_role("button", name=f"Record the {side} organisation's decision").click()


@with_and_without_javascript
def test_a_match_becomes_a_placement(page: Page, opportunity_world, sign_in_as, axe_check,
                                     javascript):
    w = opportunity_world

    # Given the system talent lead starts a match run over her system
    as_user(page, sign_in_as, w.system_lead)
    page.goto("/opportunities/runs/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a match run")
    axe_check(page)
    page.get_by_label("Where to match").select_option(label="System: North Central London")
    page.get_by_role("button", name="Start the match run").click()

    # Then the run page shows the proposal, why, the greedy comparison and the fairness table
    page.wait_for_url(re.compile(r"/opportunities/runs/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Match run")
    proposals = page.get_by_role("table").filter(has_text="Alice Ashworth")
    expect(proposals).to_contain_text("Proposed because")
    expect(page.get_by_text("Greedy (best pair first)")).to_be_visible()
    expect(page.get_by_text("Proposal rate by ethnic group")).to_be_visible()
    axe_check(page)

    # When she offers it to Alice
    page.get_by_role("button", name=re.compile("Offer .* to Alice Ashworth")).click()
    page.wait_for_url(re.compile(r"/opportunities/placements/\d+/$"))
    expect(page.get_by_role("main")).to_contain_text("Offered: waiting for the leader")
    placement_url = page.url
    axe_check(page)

    # Then Alice sees the offer and accepts it
    as_user(page, sign_in_as, w.alice)
    page.goto("/opportunities/mine/")
    page.get_by_role("table", name="Offers waiting for your answer").get_by_role(
        "link", name="Deputy chief operating officer secondment").click()
    axe_check(page)
    page.get_by_label("Yes, I accept").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("main")).to_contain_text("You have accepted the offer")

    # And her home organisation's talent lead approves
    approve_as(page, sign_in_as, w.bob, placement_url, "home", axe_check)
    expect(page.get_by_role("main")).to_contain_text("Your decision has been recorded")

    # And the host organisation's talent lead approves
    approve_as(page, sign_in_as, w.host_lead, placement_url, "host")
    expect(page.get_by_role("main")).to_contain_text("Placement agreed")

    # Then the placement appears on Alice's page
    as_user(page, sign_in_as, w.alice)
    page.goto("/opportunities/mine/")
    placements = page.get_by_role("table", name="My offers and placements")
    expect(placements).to_contain_text("Deputy chief operating officer secondment")
    expect(placements).to_contain_text("Placement agreed")
    axe_check(page)

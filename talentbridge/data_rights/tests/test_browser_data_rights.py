"""In a real browser, with and without JavaScript: a leader finds "Your data", sees who looked
at her record, asks for a correction; her organisation administrator finds it in the queue and
refuses it with a reason; she sees the outcome. The accessibility baseline at every step.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.browser_tests.steps import as_user
from talentbridge.browser_tests.steps import open_from_menu
from talentbridge.browser_tests.steps import with_and_without_javascript
from talentbridge.people import services as people_services
from talentbridge.people.tests.factories import make_world

from .world import add_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def rights_world(transactional_db, _audit_trail_emptied):
    w = make_world()
    add_staff(w)
    people_services.get_person(w.bob, w.alice_person.pk)  # bob looks at her profile
    return w


@with_and_without_javascript
def test_a_correction_from_request_to_refusal(page: Page, rights_world, sign_in_as, axe_check,
                                              javascript):
    w = rights_world

    # Given Alice opens "Your data" from My profile
    as_user(page, sign_in_as, w.alice)
    open_from_menu(page, "My profile")
    page.get_by_role("link", name="Your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    expect(page.get_by_role("button", name="Download my data")).to_be_visible()
    axe_check(page)

    # Then she sees that her organisation's talent lead looked at her record
    page.get_by_role("link", name="See who has looked at your record").click()
    expect(page.get_by_role("main")).to_contain_text("Organisation talent lead")
    axe_check(page)

    # When she asks for her e-mail address to be corrected
    page.goto("/my-data/corrections/")
    axe_check(page)
    page.get_by_label("What is wrong").select_option(label="My NHS e-mail address")
    page.get_by_label("What it should say").fill("alice.ashworth@nhs.net")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("main")).to_contain_text("My NHS e-mail address")
    axe_check(page)

    # Then her organisation administrator finds it in the queue and refuses it with a reason
    as_user(page, sign_in_as, w.olga)
    open_from_menu(page, "Correction requests")
    expect(page.get_by_role("main")).to_contain_text("Alice Ashworth")
    axe_check(page)
    page.get_by_role("link", name="NHS e-mail address").click()
    page.wait_for_url(re.compile(r"/my-data/corrections/\d+/$"))
    axe_check(page)
    page.get_by_label("I refuse the correction").check()
    page.get_by_label(re.compile("What you did, or why you refuse")).fill(
        "Your address comes from the staff record: ask HR to change it")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text("There are no open requests")

    # And Alice sees the outcome
    as_user(page, sign_in_as, w.alice)
    page.goto("/my-data/corrections/")
    expect(page.get_by_role("main")).to_contain_text("Refused")
    page.get_by_role("link", name="My NHS e-mail address").click()
    expect(page.get_by_role("main")).to_contain_text("ask HR to change it")
    axe_check(page)

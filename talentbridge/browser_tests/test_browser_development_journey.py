"""In a real browser (Chromium): a first-time chief executive's development journey across
three apps. She applies to a cohort of "First-time chief executives" and the North West's
programme manager selects her; she asks for a mentor, a chief executive in another integrated
care system offers to mentor, the programme manager runs the matching, compares the two
methods and confirms; she sees her mentor, writes a learning log entry and shares it with
him; he reads it under "Shared with me". Each page visited ends with the accessibility
baseline (axe, WCAG 2.2 AA). The world (organisations, people, users, roles, the programme and
its open cohort) is made with factories."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.accounts.models import Role
from talentbridge.browser_tests.steps import open_page
from talentbridge.browser_tests.steps import submit
from talentbridge.learning.tests.helpers_browser import read_shared_entry
from talentbridge.learning.tests.helpers_browser import share_with_mentor
from talentbridge.learning.tests.helpers_browser import write_an_entry
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_user
from talentbridge.programmes.models import ProgrammeScope
from talentbridge.programmes.tests.factories import make_cohort
from talentbridge.programmes.tests.factories import make_programme

pytestmark = pytest.mark.browser

MARKER = "Journey marker 7f3c: the board heard the waiting list truth from me first"
STRATEGY = "Setting strategy and delivering long-term transformation"
CULTURE = "Creating a compassionate, just and positive culture"


@pytest.fixture
def w(transactional_db, _audit_trail_emptied):
    """System A (Greater Manchester) and system B (Cheshire and Merseyside), both in the North
    West; Grace is a new chief executive in A, Martin an experienced one in B."""
    cache.clear()
    w = SimpleNamespace()
    w.north_west = make_region("Y62", "North West")
    w.system_a = make_system("QOP", w.north_west,
                             name="NHS Greater Manchester Integrated Care Board")
    w.system_b = make_system("QYG", w.north_west,
                             name="NHS Cheshire and Merseyside Integrated Care Board")
    w.r0a = make_org("R0A", w.system_a, name="MANCHESTER UNIVERSITY NHS FOUNDATION TRUST")
    w.rbl = make_org("RBL", w.system_b,
                     name="WIRRAL UNIVERSITY TEACHING HOSPITAL NHS FOUNDATION TRUST")
    w.grace = make_user("grace", first_name="Grace", last_name="Adeyemi")
    w.grace_person = make_person(w.r0a, user=w.grace, given_name="Grace",
                                 family_name="Adeyemi", job_title="Chief Executive")
    w.martin = make_user("martin", first_name="Martin", last_name="Hughes")
    w.martin_person = make_person(w.rbl, user=w.martin, given_name="Martin",
                                  family_name="Hughes", job_title="Chief Executive")
    w.pm = make_user("pm", role=Role.PROGRAMME_MANAGER, scope=w.north_west)
    w.programme = make_programme("First-time chief executives",
                                 scope_level=ProgrammeScope.REGION, region=w.north_west,
                                 eligibility="Chief executives in their first two years")
    w.cohort = make_cohort(w.programme, name="Cohort 1", places=12)
    return w


def test_a_first_time_chief_executive_joins_a_cohort_is_mentored_and_shares_her_learning(
        page: Page, w, sign_in_as, axe_check):
    _she_applies_and_is_selected(page, w, sign_in_as, axe_check)
    _she_is_matched_with_a_mentor_in_another_system(page, w, sign_in_as, axe_check)
    _she_shares_a_learning_log_entry_and_her_mentor_reads_it(page, w, sign_in_as, axe_check)
    assert page.problems == []  # type: ignore[attr-defined]


def _she_applies_and_is_selected(page: Page, w, sign_in_as, axe_check) -> None:
    # Grace finds the open cohort under Development programmes and applies
    sign_in_as(w.grace)
    page.goto("/people/me/")
    page.get_by_role("link", name="Development programmes").first.click()
    expect(page.get_by_text("First-time chief executives: Cohort 1")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Apply to First-time chief executives").click()
    expect(page.get_by_role("heading", name="Apply to Cohort 1")).to_be_visible()
    page.get_by_label("Your statement").fill("I became chief executive in March and want to "
                                             "lead the trust's recovery with my board")
    submit(page, axe_check, "Send your application",
           "Your application to First-time chief executives")
    expect(page.get_by_text("You have not applied to a programme.")).to_have_count(0)
    axe_check(page)

    # The North West's programme manager closes applications and selects her
    sign_in_as(w.pm)
    page.goto("/programmes/")
    page.get_by_role("link", name="First-time chief executives").click()
    page.get_by_role("link", name="Cohort 1").click()
    axe_check(page)
    page.get_by_label("Cohort status").select_option(label="Selection")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text("Cohort 1 is now: Selection")).to_be_visible()
    page.get_by_role("link", name=w.grace_person.full_name).click()
    expect(page.get_by_text("lead the trust's recovery with my board")).to_be_visible()
    axe_check(page)
    page.get_by_role("radio", name="Selected", exact=True).check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text(f"{w.grace_person.full_name}: Selected")).to_be_visible()
    expect(page.get_by_role("heading", name="Places")).to_be_visible()
    axe_check(page)

    # Grace sees her place
    sign_in_as(w.grace)
    page.goto("/programmes/mine/")
    expect(page.get_by_text("you have a place")).to_be_visible()
    axe_check(page)


def _she_is_matched_with_a_mentor_in_another_system(page: Page, w, sign_in_as,
                                                    axe_check) -> None:
    # Grace asks for a mentor in strategy and culture
    page.goto("/mentoring/")
    expect(page.get_by_text("You do not have a mentor or coach yet.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Ask for a mentor or coach").click()
    page.get_by_role("radio", name="Mentor", exact=True).check()
    _choose_strategy_and_culture(page)
    page.get_by_role("group", name="Do you want someone from outside your organisation?") \
        .get_by_role("radio", name="Yes").check()
    submit(page, axe_check, "Send your request", "Your request is sent to the programme managers")

    # Martin, a chief executive in the other system, offers to mentor
    sign_in_as(w.martin)
    page.goto("/mentoring/")
    page.get_by_role("link", name="Offer to mentor or coach").click()
    _choose_strategy_and_culture(page)
    submit(page, axe_check, "Save your offer", "Your offer is saved")

    # The programme manager runs a matching for the North West and sees both methods
    sign_in_as(w.pm)
    open_page(page, axe_check, "/mentoring/", "Match mentors and mentees", "Open requests")
    page.get_by_role("radio", name="North West").check()
    page.get_by_role("button", name="Run a matching").click()
    stable = page.get_by_role("table", name="Stable matching")
    highest = page.get_by_role("table", name="Highest total score")
    for table in (stable, highest):
        expect(table).to_contain_text(w.grace_person.full_name)
        expect(table).to_contain_text(w.martin_person.full_name)
    expect(page.get_by_role("table", name="How the two methods differ")).to_be_visible()
    axe_check(page)
    page.get_by_role("radio", name="Stable matching").check()
    page.get_by_role("button", name="Confirm these pairs").click()
    expect(page.get_by_text("1 pair is confirmed and both people told")).to_be_visible()

    # Grace sees Martin, from the other system, as her mentor
    sign_in_as(w.grace)
    page.goto("/mentoring/")
    expect(page.get_by_role("table", name="Who supports me")).to_contain_text(
        w.martin_person.full_name)
    axe_check(page)
    page.get_by_role("link", name=w.martin_person.full_name).click()
    expect(page.get_by_text("WIRRAL UNIVERSITY TEACHING HOSPITAL", exact=False).first) \
        .to_be_visible()
    axe_check(page)


def _she_shares_a_learning_log_entry_and_her_mentor_reads_it(page: Page, w, sign_in_as,
                                                            axe_check) -> None:
    # Grace writes an entry in her learning log and shares it with Martin
    write_an_entry(page, axe_check, title="My first board in public",
                   happened_on=dt.date(2026, 5, 12), what_happened=MARKER,
                   what_i_learnt="Bad news travels best from the top, early")
    share_with_mentor(page, axe_check, w.martin_person.full_name)

    # Martin opens "Shared with me" and reads it
    sign_in_as(w.martin)
    read_shared_entry(page, axe_check, title="My first board in public", text=MARKER,
                      author=w.grace_person.full_name)


def _choose_strategy_and_culture(page: Page) -> None:
    page.get_by_role("checkbox", name=STRATEGY).check()
    page.get_by_role("checkbox", name=CULTURE).check()

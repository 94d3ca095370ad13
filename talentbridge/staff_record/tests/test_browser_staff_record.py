"""In a real browser, without help from scripts: an organisation administrator uploads a
leaders' feed with a mistake, reads every problem in the error summary, uploads the corrected
file, and records that someone left out of a later feed left the NHS; every page meets the
accessibility baseline (axe, WCAG 2.2 AA: no serious or critical violation, no CSP error)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.people.models import Person

from .feeds import TEAM
from .feeds import build_world
from .feeds import csv_bytes
from .feeds import row

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, _audit_trail_emptied):
    return build_world()


def upload(page: Page, path) -> None:
    page.goto("/staff-record/upload/")
    page.get_by_label("Leaders' feed (CSV or XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()


def test_an_organisation_administrator_uploads_a_feed_and_answers_left_or_moved(
        page: Page, world, sign_in_as, axe_check, tmp_path):
    # Given the administrator of Riverside, signed in, with a feed that has a wrong band
    sign_in_as(world.oadmin)
    wrong = tmp_path / "leaders-wrong.csv"
    wrong.write_bytes(csv_bytes([*TEAM, row("100004", "Dee", "Irwin", band="8e")]))
    page.goto("/staff-record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff record")
    axe_check(page)

    # When she uploads it, every problem is listed and nothing changes
    upload(page, wrong)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text('Row 5, Band "8e"')
    axe_check(page)
    assert not Person.unscoped.exists()

    # When she uploads the corrected file, the leaders are created
    right = tmp_path / "leaders.csv"
    right.write_bytes(csv_bytes(TEAM))
    upload(page, right)
    expect(page.locator(".nhsuk-tag")).to_have_text("Applied")
    expect(page.get_by_text("3 created, 0 updated")).to_be_visible()

    # And when a later feed leaves Cal out, she records that he left the NHS
    later = tmp_path / "leaders-later.csv"
    later.write_bytes(csv_bytes(TEAM[:2]))
    upload(page, later)
    page.get_by_role("link", name="Left or moved?").click()
    axe_check(page)
    page.get_by_role("link", name="Answer for Cal Hughes").click()
    page.get_by_label("They left the NHS").check()
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    axe_check(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Recorded for Cal Hughes: left the NHS")).to_be_visible()
    assert str(Person.unscoped.get(nhs_identifier="100003").left_nhs_on) == "2026-11-30"

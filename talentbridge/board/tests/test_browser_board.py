"""In a real browser, with and without JavaScript: the chair opens the board's FPPT records,
finds a member whose checks are all done, and signs off the assessment as fit and proper; the
record then shows the conclusion and who signed it off, and the submission counts it. The
accessibility baseline at every step.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.board.models import FpptRecord
from talentbridge.browser_tests.steps import as_user
from talentbridge.browser_tests.steps import fill_date
from talentbridge.browser_tests.steps import with_and_without_javascript

from .factories import YEAR
from .factories import board_world
from .factories import complete_checks
from .factories import start_records

pytestmark = pytest.mark.browser


@pytest.fixture
def fppt_world(transactional_db, _audit_trail_emptied):
    w = board_world()
    w.record = start_records(w)[w.fay_person.pk]
    complete_checks(w.record, w.petra)
    return w


@with_and_without_javascript
def test_the_chair_signs_off_an_fppt_assessment(page: Page, fppt_world, sign_in_as, axe_check,
                                                javascript):
    w = fppt_world
    sign_in_as(w.chris)

    # Given the chair opens the board's FPPT records for the year
    page.goto(f"/board/fppt/?organisation={w.rj1.pk}&year={YEAR}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"FPPT records, {YEAR}")
    axe_check(page)

    # When she opens Fay Finance's record, whose checks are all done
    page.get_by_role("link", name="Fay Finance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"FPPT {YEAR}: Fay Finance")
    expect(page.get_by_role("row", name="DBS (criminal records) check")).to_contain_text(
        "Satisfactory")
    axe_check(page)

    # And concludes she is fit and proper, today
    page.get_by_label("Fit and proper", exact=True).check()
    fill_date(page, dt.date.today())
    page.get_by_role("button", name="Sign off").click()

    # Then the record shows the conclusion and who signed it off
    expect(page.get_by_role("main")).to_contain_text("The FPPT assessment is signed off")
    summary = page.locator(".nhsuk-summary-list")
    expect(summary).to_contain_text("Fit and proper")
    expect(summary).to_contain_text("by Chris Chair")
    expect(page.get_by_role("button", name="Sign off")).to_have_count(0)
    axe_check(page)
    w.record.refresh_from_db()
    assert (w.record.conclusion, w.record.signed_off_by_id) == ("fit", w.chris.pk)

    # And the year's submission counts one member fit and proper
    page.goto(f"/board/submissions/RJ1/{YEAR}/")
    expect(page.get_by_role("main")).to_contain_text("5 board members: 1 fit and proper")
    axe_check(page)
    assert FpptRecord.unscoped.filter(conclusion="fit").count() == 1


def test_every_board_page_meets_the_accessibility_baseline(page: Page, fppt_world, sign_in_as,
                                                           axe_check):
    w = fppt_world
    w.finance_post.incumbent = None  # Fay leaves: her reference is made
    w.finance_post.save()
    reference = w.fay_person.board_references.get()
    check = w.record.checks.get(item__code="dbs")
    visits = [
        (w.chris, "/board/", "Board members: fit and proper person test and references"),
        (w.chris, f"/board/fppt/checks/{check.pk}/",
         "DBS (criminal records) check at the required level"),
        (w.chris, "/board/references/", "Board Member References"),
        (w.chris, f"/board/references/{reference.pk}/", "Board Member Reference: Fay Finance"),
        (w.rex, "/board/references/request/", "Request a Board Member Reference"),
        (w.chris, "/board/delegates/RJ1/", "Delegates"),
        (w.rhona, f"/board/submissions/?year={YEAR}", f"FPPT submissions, {YEAR}"),
        (w.admin, "/board/fppt/items/", "The FPPT checklist"),
        (w.petra, f"/board/fppt/{start_records(w)[w.petra_person.pk].pk}/attest/",
         f"Your FPPT self-attestation, {YEAR}"),
    ]
    for user, path, heading in visits:
        as_user(page, sign_in_as, user)
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe_check(page)

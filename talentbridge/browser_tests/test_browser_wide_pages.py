"""Data pages fit a 1,280 × 800 window without scrolling sideways: the page itself and every
table on it (talent search, people search, a calibration page, the opportunities list, a match
run, and the insights pages at England level), with realistic data: long organisation names,
job titles, rationales and every strength and need.

A table that does not fit scrolls inside its own container, so the check covers each
`.nhsuk-table-container` as well as the document; every chart must lie inside the window.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from playwright.sync_api import Page

from talentbridge.insights.tests.workforce import build_nhs
from talentbridge.insights.tests.workforce import import_both
from talentbridge.opportunities import services as opportunity_services
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.tests.factories import make_interest
from talentbridge.opportunities.tests.factories import make_opportunity
from talentbridge.opportunities.tests.factories import talent_profile
from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.talent.models.conversations import domains_to_mask
from talentbridge.talent.reviews import services as review_services
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place
from talentbridge.talent.reviews.tests.factories import review_world

pytestmark = pytest.mark.browser

WINDOW = {"width": 1280, "height": 800}

#: Everything that scrolls sideways: the page, and each table container or chart that is
#: wider than the room it has.
OVERFLOW = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    out.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
  }
  document.querySelectorAll('.nhsuk-table-container').forEach(c => {
    if (c.scrollWidth > c.clientWidth) {
      const caption = c.querySelector('caption');
      const name = caption ? caption.textContent.trim() : '';
      out.push(`table "${name}" ${c.scrollWidth} > ${c.clientWidth}`);
    }
  });
  document.querySelectorAll('svg[role="img"]').forEach(s => {
    const box = s.getBoundingClientRect();
    if (box.right > root.clientWidth) out.push(`chart ${box.right} > ${root.clientWidth}`);
  });
  return out;
}"""

LONG_TITLES = ("Director of Strategy, Transformation and Partnerships (Integrated Care)",
               "Deputy Chief Nursing Officer and Director of Infection Prevention and Control")
RATIONALE = ("Led the urgent and emergency care recovery programme across both sites, "
             "with sustained improvement in four-hour performance and staff survey scores")


def fits(page: Page, path: str) -> list[str]:
    page.goto(path)
    return page.evaluate(OVERFLOW)


@pytest.fixture
def talent(transactional_db, _audit_trail_emptied) -> SimpleNamespace:
    """Bob (organisation talent lead at Guy's and St Thomas') with 60 leaders placed in a
    review in calibration, each with a talent profile naming every strength and need; three
    opportunities at a trust with a long name; a finished match run over the system."""
    cache.clear()
    w = review_world()
    long_trust = make_org("RBN", w.system,
                          name="MERSEY AND WEST LANCASHIRE TEACHING HOSPITALS NHS TRUST")
    review = make_review(w, name="Nursing, midwifery and allied health professions talent "
                                 "review 2026")
    for i in range(60):
        person = make_person(w.rj1, given_name=f"Oluwaseun{i:02d}",
                             family_name="Abernethy-Fitzgerald", visibility=Visibility.SYSTEM,
                             job_title=LONG_TITLES[i % 2], line_manager=w.mo_person)
        talent_profile(person, readiness="ready_now", aspiration_role="Chief operating "
                       "officer of an integrated care board", strength_mask=domains_to_mask(
                           [1, 2, 3, 4, 5, 6]), development_need_mask=domains_to_mask([3, 6]))
        place(w, review, person, cell=(i % 3 + 1, i % 3 + 1), rationale=RATIONALE)
    review_services.start_calibration(w.bob, review)
    for title in ("Associate non-executive director: digital, data and technology committee",
                  "Deputy chief operating officer (secondment, urgent and emergency care)",
                  "System lead for workforce equality, diversity and inclusion"):
        opportunity = make_opportunity(long_trust, title=title)
        make_interest(opportunity, w.rita)
    talent_profile(w.rita, readiness="ready_now", development_need_mask=0b000001)
    run = opportunity_services.start_run(w.sybil, scope=RunScope.SYSTEM, system=w.system)
    return SimpleNamespace(w=w, review=review, run=run)


def test_talent_pages_fit_1280_pixels_without_scrolling_sideways(page: Page, talent,
                                                                  sign_in_as):
    page.set_viewport_size(WINDOW)
    sign_in_as(talent.w.bob)
    review = f"/talent/reviews/{talent.review.pk}/"
    assert fits(page, review) == []
    assert page.get_by_label("Select Oluwaseun00 Abernethy-Fitzgerald").count() == 1
    assert fits(page, review + f"?cell={talent.w.cells[(2, 2)].pk}") == []
    assert fits(page, "/talent/search/?aspiration=chief") == []
    assert page.get_by_role("table").first.inner_text().count("Equality and inclusion") >= 1
    assert fits(page, "/opportunities/") == []
    assert fits(page, "/people/?name=Abernethy") == []
    assert page.get_by_role("status").filter(has_text="people").inner_text().endswith("people")
    page.context.clear_cookies()
    sign_in_as(talent.w.sybil)
    assert fits(page, f"/opportunities/runs/{talent.run.pk}/") == []
    assert fits(page, "/opportunities/runs/") == []


@pytest.fixture
def nhs(transactional_db, _audit_trail_emptied):
    cache.clear()
    nhs = build_nhs()
    import_both(nhs)
    return nhs


def test_insights_pages_at_england_level_fit_1280_pixels(page: Page, nhs, sign_in_as):
    page.set_viewport_size(WINDOW)
    sign_in_as(nhs.national)
    for path in ("/insights/?scope=england", "/insights/wres/?scope=england",
                 "/insights/progression/?scope=england", "/insights/projection/?scope=england"):
        assert fits(page, path) == [], path
    # the table of every organisation, once opened, fits too
    page.goto("/insights/wres/?scope=england")
    for details in page.locator("details").all():
        details.locator("summary").click()
    assert page.evaluate(OVERFLOW) == []

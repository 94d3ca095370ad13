"""Factories for the review and pool tests (no tests here; the name keeps it beside them).

`review_world()` builds on the people factories' world (alice at RJ1, bob RJ1's organisation
talent lead, charlie the outsider at RX1, an administrator) and adds:

    sybil    system talent lead for QMJ (RJ1 and RJ2)
    mo       a line manager at RJ1 with three direct reports (r1, r2, r3)
    rita     a leader at RJ2 who chose "system" (visible to sybil)
    grid     the 9-box, cells by (column, row); sfg_cell, a cell of the other grid
"""

from __future__ import annotations

import datetime as dt

from talentbridge.accounts.models import Role
from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world
from talentbridge.talent.models import GridCell
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewGrid
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.reviews import ReviewScope
from talentbridge.talent.seed import ensure_seeded


def ensure_reference_data() -> None:
    """The readiness levels and grids the migration seeds (a transactional test's flush
    removes them, so tests put them back)."""
    ensure_seeded(overwrite=True)


def review_world():
    ensure_reference_data()
    w = make_world()
    w.sybil = make_user("sybil", role=Role.SYSTEM_TALENT_LEAD, scope=w.system,
                        first_name="Sybil", last_name="Stone")
    w.mo = make_user("mo", first_name="Mo", last_name="Manager")
    w.mo_person = make_person(w.rj1, user=w.mo, given_name="Mo", family_name="Manager")
    w.reports = [make_person(w.rj1, line_manager=w.mo_person, given_name=f"Report{i}",
                             visibility=Visibility.SYSTEM) for i in (1, 2, 3)]
    w.rita = make_person(w.rj2, given_name="Rita", family_name="Rowe",
                         visibility=Visibility.SYSTEM)
    w.grid = ReviewGrid.objects.get(code="nine_box")
    w.cells = {(c.column, c.row): c for c in w.grid.cells.all()}
    w.sfg_cell = GridCell.objects.filter(grid__code="scope_for_growth").first()
    w.readiness = {r.code: r for r in ReadinessLevel.objects.all()}
    return w


def make_review(w, *, by=None, scope_level=ReviewScope.ORGANISATION, name="Annual review",
                **fields) -> TalentReview:
    from talentbridge.talent.reviews import services as review_services

    by = by or w.bob
    values = {"organisation": w.rj1} if scope_level == ReviewScope.ORGANISATION else {
        "system": w.system}
    return review_services.create_review(by, name=name, scope_level=scope_level, grid=w.grid,
                                         held_on=dt.date(2026, 3, 1), **values, **fields)


def place(w, review, person, cell=(2, 2), by=None, readiness="1_2_years",
          rationale="Consistently strong delivery"):
    from talentbridge.talent.reviews import services as review_services

    return review_services.place_person(
        by or w.bob, review, person_id=person.pk, cell_id=w.cells[cell].pk,
        readiness_id=w.readiness[readiness].pk, rationale=rationale)

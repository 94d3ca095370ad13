"""Talent search: every filter, alone and together; only people in the searcher's scope; no
individual results for leaders without reports, analysts and programme managers; the latest
locked placement counts, not an older one or one in an open review; current pool members only;
bad filters named."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import GridCell
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import ReviewGrid
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.conversations import domains_to_mask
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.search.services import TalentSearch
from talentbridge.talent.search.services import masks_with_all
from talentbridge.talent.search.services import search_talent


def make_grid() -> tuple[ReviewGrid, dict]:
    grid = ReviewGrid.objects.create(code="search_test", name="Search test grid", x_label="x",
                                     y_label="y", x_values=["a", "b"], y_values=["c", "d"])
    cells = {(c, r): GridCell.objects.create(grid=grid, column=c, row=r, label=f"Cell {c}{r}")
             for c in (1, 2) for r in (1, 2)}
    return grid, cells


def make_review(w, grid, org, held_on, status=ReviewStatus.LOCKED) -> TalentReview:
    return TalentReview.objects.create(
        name=f"Review {held_on}", scope_level="organisation", organisation=org, grid=grid,
        held_on=held_on, facilitator=w.bob, created_by=w.bob, status=status)


def place(w, review, person, cell) -> ReviewPlacement:
    return ReviewPlacement.objects.create(review=review, person=person, cell=cell,
                                          proposed_cell=cell, proposed_by=w.bob,
                                          rationale="Test")


def profile(person, **values) -> TalentProfile:
    return TalentProfile.objects.create(person=person, **values)


@pytest.fixture
def w(db):
    w = conversation_world()
    r = w.readiness
    # RJ1 people (bob, their organisation's talent lead, sees them all)
    w.ready = make_person(w.rj1, given_name="Rhea", family_name="Ready", pay_band="8c")
    w.later = make_person(w.rj1, given_name="Lee", family_name="Later", pay_band="8a")
    w.none = make_person(w.rj1, given_name="Nia", family_name="Noprofile", pay_band="8c")
    profile(w.ready, readiness=r["ready_now"], aspiration_role="Chief Executive",
            open_to_other_organisations=True, travel_reach="region",
            strength_mask=domains_to_mask([1, 2, 5]), development_need_mask=domains_to_mask([4]))
    profile(w.later, readiness=r["3_plus_years"], aspiration_role="Director of Finance",
            travel_reach="organisation", strength_mask=domains_to_mask([1]),
            development_need_mask=domains_to_mask([3, 4]))
    profile(w.alice_person, readiness=r["ready_now"], aspiration_role="Chief Nurse",
            travel_reach="national", open_to_other_organisations=True)
    # RJ2 (same system): visible to bob only if they chose "system" or wider
    w.rj2_system = make_person(w.rj2, given_name="Sam", family_name="System",
                               visibility=Visibility.SYSTEM)
    w.rj2_org = make_person(w.rj2, given_name="Olu", family_name="Orgonly")
    for p in (w.rj2_system, w.rj2_org):
        profile(p, readiness=r["ready_now"], aspiration_role="Chief Executive")
    w.grid, w.cells = make_grid()
    return w


def names(people) -> list[str]:
    return [p.given_name for p in people]


def test_readiness_band_and_organisation_in_scope(w):
    found = search_talent(w.bob, {"readiness": "ready_now"})
    assert names(found) == ["Alice", "Rhea", "Sam"]  # not Olu at RJ2 (organisation only)
    assert names(search_talent(w.bob, {"readiness": "ready_now", "pay_band": "8c",
                                       "organisation": "RJ1"})) == ["Rhea"]
    assert names(search_talent(w.bob, {"system": "QMJ", "aspiration": "chief executive"})) == [
        "Rhea", "Sam"]
    audit = AuditEvent.objects.filter(action=AuditAction.SEARCH).first()
    assert audit.detail["aspiration"] == "chief executive"


def test_strengths_and_development_needs_must_all_match(w):
    assert names(search_talent(w.bob, {"strengths": [1]})) == ["Lee", "Rhea"]
    assert names(search_talent(w.bob, {"strengths": [1, 5]})) == ["Rhea"]
    assert names(search_talent(w.bob, {"development_needs": [4]})) == ["Lee", "Rhea"]
    assert names(search_talent(w.bob, {"development_needs": [3, 4]})) == ["Lee"]
    assert names(search_talent(w.bob, {"strengths": [6]})) == []
    assert masks_with_all([1, 2]) == [m for m in range(64) if m & 3 == 3]


def test_mobility(w):
    assert names(search_talent(w.bob, {"open_to_other_organisations": True})) == [
        "Alice", "Rhea"]
    assert names(search_talent(w.bob, {"travel_reach_at_least": "region"})) == [
        "Alice", "Rhea"]
    assert names(search_talent(w.bob, {"travel_reach_at_least": "national"})) == ["Alice"]


def test_grid_cell_is_the_latest_locked_placement(w):
    old = make_review(w, w.grid, w.rj1, dt.date(2025, 3, 1))
    new = make_review(w, w.grid, w.rj1, dt.date(2026, 3, 1))
    draft = make_review(w, w.grid, w.rj1, dt.date(2026, 6, 1), status=ReviewStatus.DRAFT)
    top = w.cells[(2, 2)]
    place(w, old, w.ready, top)          # Rhea was top last year …
    place(w, new, w.ready, w.cells[(1, 1)])  # … but not in the latest locked review
    place(w, new, w.later, top)          # Lee is top now
    place(w, draft, w.none, top)         # Nia only in a review still open
    assert names(search_talent(w.bob, {"grid_cell": top.pk})) == ["Lee"]
    assert names(search_talent(w.bob, {"grid_cell": w.cells[(1, 1)].pk})) == ["Rhea"]


def test_pool_means_current_members(w):
    pool = TalentPool.objects.create(name="Aspiring CEOs", purpose="x", entry_criteria="x",
                                     scope_level="organisation", organisation=w.rj1,
                                     owner=w.bob)
    PoolMembership.objects.create(pool=pool, person=w.ready, joined_on=dt.date(2026, 1, 1),
                                  review_on=dt.date(2027, 1, 1))
    PoolMembership.objects.create(pool=pool, person=w.later, joined_on=dt.date(2025, 1, 1),
                                  review_on=dt.date(2026, 1, 1),
                                  exited_on=dt.date(2026, 1, 1))
    assert names(search_talent(w.bob, {"pool": pool.pk})) == ["Rhea"]


def test_who_finds_whom(w):
    # mo manages alice only; sybil (system lead) sees people who chose system or wider
    assert names(search_talent(w.mo, {})) == ["Alice", "Mo"]
    assert names(search_talent(w.sybil, {"readiness": "ready_now"})) == ["Sam"]
    for nobody in (w.alice, w.charlie, w.analyst,
                   make_user("pm", role=Role.PROGRAMME_MANAGER, scope=w.region)):
        assert not search_talent(nobody, {}).exists()
    assert len(search_talent(w.admin, {"readiness": "ready_now"})) == 4


@pytest.mark.parametrize("filters,field,message", [
    ({"readiness": "soon"}, "readiness", 'Readiness "soon" is not one of the readiness'),
    ({"strengths": [7]}, "strengths", '"7" is not an LCF domain'),
    ({"development_needs": ["x"]}, "development_needs", '"x" is not an LCF domain'),
    ({"travel_reach_at_least": "moon"}, "travel_reach_at_least", 'Travel reach "moon"'),
    ({"organisation": "ZZZ"}, "organisation", 'There is no organisation "ZZZ"'),
    ({"colour": "blue"}, "colour", '"colour" is not a talent search filter'),
])
def test_bad_filters_are_named(w, filters, field, message):
    with pytest.raises(ValidationError) as error:
        search_talent(w.bob, filters)
    assert message in error.value.message_dict[field][0]


def test_the_search_object_says_what_it_holds():
    assert TalentSearch().is_empty()
    assert not TalentSearch(strengths=(1,)).is_empty()
    assert TalentSearch(strengths=(1, 2)).audit_detail() == {"strengths": [1, 2]}

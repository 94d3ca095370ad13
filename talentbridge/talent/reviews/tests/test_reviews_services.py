"""Talent review services: create, place, calibrate with recorded moves, lock; bad input is
refused with a message naming the field and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import make_person
from talentbridge.talent.models import PlacementMove
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.reviews import ReviewScope
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews import services
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place
from talentbridge.talent.reviews.tests.factories import review_world


@pytest.fixture
def w(db):
    return review_world()


def calibrating(w, people=None):
    review = make_review(w)
    for person in people or [w.alice_person, *w.reports]:
        place(w, review, person)
    return services.start_calibration(w.bob, review)


def test_an_organisation_talent_lead_runs_a_review_from_start_to_lock(w):
    review = make_review(w, participants=["mo"])
    assert review.status == ReviewStatus.DRAFT and list(review.participants.all()) == [w.mo]
    placement = place(w, review, w.alice_person, cell=(3, 3), readiness="ready_now")
    assert placement.proposed_cell == placement.cell == w.cells[(3, 3)]
    services.start_calibration(w.bob, review)
    move = services.move_placement(w.bob, review, placement_id=placement.pk,
                                   to_cell_id=w.cells[(2, 3)].pk,
                                   reason="Panel agreed: 1–3 years from the next level")
    placement.refresh_from_db()
    assert placement.cell == w.cells[(2, 3)] and placement.proposed_cell == w.cells[(3, 3)]
    assert (move.from_cell, move.to_cell, move.moved_by) == (w.cells[(3, 3)], w.cells[(2, 3)],
                                                             w.bob)
    services.lock_review(w.bob, review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.LOCKED and review.locked_by == w.bob
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, target_id=str(placement.pk),
                                     reason__startswith="Panel agreed").exists()


def test_a_locked_review_refuses_every_edit_with_a_clear_message(w):
    review = calibrating(w)
    services.lock_review(w.bob, review)
    placement = review.placements.first()
    attempts = [
        lambda: place(w, review, w.alice_person, cell=(1, 1)),
        lambda: services.move_placement(w.bob, review, placement_id=placement.pk,
                                        to_cell_id=w.cells[(1, 1)].pk, reason="Late change"),
        lambda: services.start_calibration(w.bob, review),
        lambda: services.lock_review(w.bob, review),
    ]
    for attempt in attempts:
        with pytest.raises(services.ReviewLocked) as error:
            attempt()
        assert "was locked on" in str(error.value) and "can no longer be changed" in str(
            error.value)
    assert PlacementMove.unscoped.count() == 0
    placement.refresh_from_db()
    assert placement.cell == w.cells[(2, 2)]


@pytest.mark.parametrize("cell", ["other_grid", "missing", "text"])
def test_a_placement_outside_the_grid_is_refused(w, cell):
    review = make_review(w)
    cell_id = {"other_grid": w.sfg_cell.pk, "missing": 999999, "text": "box"}[cell]
    with pytest.raises(ValidationError) as error:
        services.place_person(w.bob, review, person_id=w.alice_person.pk, cell_id=cell_id,
                              readiness_id=w.readiness["ready_now"].pk, rationale="Strong")
    assert f'"{cell_id}" is not a cell of the grid' in error.value.message_dict["cell"][0]
    assert not ReviewPlacement.unscoped.exists()


def test_a_person_outside_the_reviews_scope_is_refused(w):
    review = make_review(w)
    elsewhere = make_person(w.rj2, given_name="Elsie", visibility="national")
    with pytest.raises(ValidationError) as error:
        place(w, review, elsewhere)
    assert "outside this review's scope" in error.value.message_dict["person"][0]
    with pytest.raises(ValidationError) as error:
        place(w, review, w.charlie_person)  # bob may not see charlie: looks like no one
    assert "that you may place" in error.value.message_dict["person"][0]
    assert not ReviewPlacement.unscoped.exists()


def test_empty_and_over_long_text_is_refused(w):
    review = calibrating(w)
    placement = review.placements.first()
    for reason, expected in (("   ", "Enter the reason for this move"),
                             ("x" * 2001, "must be 2000 characters or fewer")):
        with pytest.raises(ValidationError) as error:
            services.move_placement(w.bob, review, placement_id=placement.pk,
                                    to_cell_id=w.cells[(1, 1)].pk, reason=reason)
        assert expected in error.value.message_dict["reason"][0]
    with pytest.raises(ValidationError) as error:
        place(w, make_review(w, name="Second"), w.alice_person, rationale="y" * 2001)
    assert "2000 characters or fewer" in error.value.message_dict["rationale"][0]
    with pytest.raises(ValidationError) as error:
        make_review(w, name="n" * 151)
    assert "150 characters or fewer" in error.value.message_dict["name"][0]
    assert PlacementMove.unscoped.count() == 0


def test_line_managers_place_their_own_reports_only(w):
    review = make_review(w)
    placement = place(w, review, w.reports[0], by=w.mo)
    assert placement.proposed_by == w.mo
    with pytest.raises(ValidationError):
        place(w, review, w.alice_person, by=w.mo)  # not theirs, not visible
    with pytest.raises(PermissionDenied):
        services.start_calibration(w.mo, review)


def test_only_the_scopes_talent_leads_create_reviews(w):
    with pytest.raises(PermissionDenied):
        make_review(w, by=w.sybil)  # a system lead, for an organisation review
    with pytest.raises(PermissionDenied):
        make_review(w, by=w.bob, scope_level=ReviewScope.SYSTEM)
    review = make_review(w, by=w.sybil, scope_level=ReviewScope.SYSTEM)
    place(w, review, w.rita, by=w.sybil)  # RJ2 is in the system and chose "system"
    assert TalentReview.objects.count() == 1


def test_moves_need_calibration_and_a_different_cell(w):
    review = make_review(w)
    placement = place(w, review, w.alice_person)
    with pytest.raises(ValidationError) as error:
        services.move_placement(w.bob, review, placement_id=placement.pk,
                                to_cell_id=w.cells[(1, 1)].pk, reason="Too early")
    assert "Start calibration" in error.value.message_dict["status"][0]
    services.start_calibration(w.bob, review)
    with pytest.raises(ValidationError) as error:
        services.move_placement(w.bob, review, placement_id=placement.pk,
                                to_cell_id=placement.cell_id, reason="Same")
    assert "already in" in error.value.message_dict["to_cell"][0]


def test_distribution_against_the_guide():
    d = services.distribution(3, 3, {"1": 0.2, "2": 0.6, "3": 0.2},
                              [(1, 1), (2, 2), (2, 2), (3, 3)])
    assert d.total == 4
    assert d.cells[(2, 2)].count == 2 and d.cells[(2, 2)].share == 0.5
    top, middle, bottom = d.rows
    assert (top.row, top.count, top.share, top.guide) == (3, 1, 0.25, 0.2)
    assert middle.difference == pytest.approx(-0.1)
    assert bottom.count == 1


def test_leniency_compares_proposed_with_calibrated_cells():
    rows = [(7, 3, 3, 2, 2)] * 4 + [(7, 2, 2, 2, 2)] + [(8, 1, 1, 2, 2)]
    generous, harsh = services.leniency(rows)
    assert generous.proposer_id == 7 and generous.placed == 5
    assert generous.mean_row_shift == pytest.approx(-0.8)
    assert generous.moved_down == pytest.approx(0.8) and generous.moved_up == 0
    assert generous.signal == "Placed people higher than calibration agreed"
    assert harsh.small_number and harsh.signal == "Too few to tell"


def test_board_loads_the_whole_population_for_the_lead(w):
    review = calibrating(w)
    board = services.board(w.bob, review)
    assert sum(len(names) for names in board.names.values()) == 4
    assert board.distribution.total == 4 and board.can_calibrate
    mo_board = services.board(w.mo, review)  # mo sees his reports, not alice
    mo_names = [name for names in mo_board.names.values() for name in names]
    assert len(mo_names) == 3 and mo_board.distribution.total == 3
    assert "Alice Ashworth" not in mo_names
    assert not mo_board.can_calibrate


def test_placement_history_newest_first_for_the_person_and_those_who_see_them(w):
    first = make_review(w, name="2025 review")
    first.held_on = first.held_on.replace(year=2025)
    first.save()
    place(w, first, w.alice_person, cell=(1, 2))
    second = make_review(w, name="2026 review")
    place(w, second, w.alice_person, cell=(2, 3))
    history = services.placement_history(w.alice, w.alice_person)
    assert [p.review.name for p in history] == ["2026 review", "2025 review"]
    assert len(services.placement_history(w.bob, w.alice_person)) == 2
    with pytest.raises(PermissionDenied):
        services.placement_history(w.charlie, w.alice_person)


def test_reviews_hidden_from_outsiders_look_like_missing_ones(w):
    review = make_review(w)
    with pytest.raises(services.ReviewNotFound):
        services.get_review(w.charlie, review.pk)
    with pytest.raises(services.ReviewNotFound):
        services.get_review(w.bob, 999999)
    assert services.get_review(w.admin, review.pk) == review

"""Talent review pages: a talent lead runs a review from start to lock with plain forms (no
JavaScript), bad input shows the NHS error summary and changes nothing, a locked review refuses
edits, exports download, placement history, and the calibration page's query count does not
grow with the number of people."""

import pytest

from talentbridge.audit.models import AuditAction, AuditEvent
from talentbridge.core.tests.test_core_layout import assert_csp_safe, header_nonce
from talentbridge.people.tests.factories import error_summary, make_person, page_text
from talentbridge.talent.models import PlacementMove, ReviewPlacement, TalentReview
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews import services as review_services
from talentbridge.talent.reviews.tests.factories import make_review, place, review_world


@pytest.fixture
def w(db):
    return review_world()


def _alice_in_calibration(w):
    """A review of RJ1 in calibration, with Alice placed in it: the review and her placement."""
    review = make_review(w)
    placement = place(w, review, w.alice_person)
    review_services.start_calibration(w.bob, review)
    return review, placement


def test_a_talent_lead_runs_a_review_with_forms(client, w):
    client.force_login(w.bob)
    response = client.post("/talent/reviews/new/", {
        "name": "Nursing talent review 2026", "scope": f"organisation:{w.rj1.pk}",
        "grid": str(w.grid.pk), "held_on_day": "14", "held_on_month": "3",
        "held_on_year": "2026", "facilitator": "", "participants": "mo"})
    review = TalentReview.objects.get()
    assert response.status_code == 302 and response.url == f"/talent/reviews/{review.pk}/"
    response = client.post(f"/talent/reviews/{review.pk}/place/", {
        "person": str(w.alice_person.pk), "cell": str(w.cells[(3, 3)].pk),
        "readiness": str(w.readiness["ready_now"].pk), "rationale": "Led the winter plan"})
    assert response.status_code == 302
    client.post(f"/talent/reviews/{review.pk}/calibrate/")
    placement = ReviewPlacement.unscoped.get()
    page = client.get(f"/talent/reviews/{review.pk}/")
    assert_csp_safe(page.content.decode(), header_nonce(page))
    text = page_text(page)
    assert "Alice Ashworth" in text and "Very strong contributor" in text
    assert f'id="to-{placement.pk}"' in page.content.decode()
    response = client.post(f"/talent/reviews/{review.pk}/placements/{placement.pk}/move/",
                           {"to_cell": str(w.cells[(2, 3)].pk), "reason": "Panel view"})
    assert response.status_code == 302
    assert PlacementMove.unscoped.get().reason == "Panel view"
    assert client.get(f"/talent/reviews/{review.pk}/lock/").status_code == 200
    response = client.post(f"/talent/reviews/{review.pk}/lock/", follow=True)
    assert "is locked" in page_text(response)
    assert TalentReview.objects.get().status == ReviewStatus.LOCKED


def test_a_move_without_a_reason_shows_the_error_and_changes_nothing(client, w):
    review, placement = _alice_in_calibration(w)
    client.force_login(w.bob)
    response = client.post(f"/talent/reviews/{review.pk}/placements/{placement.pk}/move/",
                           {"to_cell": str(w.cells[(1, 1)].pk), "reason": "  "})
    assert response.status_code == 400
    assert "Enter the reason for this move" in error_summary(response)
    response = client.post(f"/talent/reviews/{review.pk}/placements/{placement.pk}/move/",
                           {"to_cell": str(w.sfg_cell.pk), "reason": "Other grid"})
    assert "Select a valid option" in error_summary(response) or "not one of" in error_summary(
        response)
    assert not PlacementMove.unscoped.exists()


def test_a_locked_review_refuses_edits_with_a_clear_message(client, w):
    review, placement = _alice_in_calibration(w)
    review_services.lock_review(w.bob, review)
    client.force_login(w.bob)
    response = client.post(f"/talent/reviews/{review.pk}/placements/{placement.pk}/move/",
                           {"to_cell": str(w.cells[(1, 1)].pk), "reason": "Too late"})
    assert response.status_code == 400
    assert "can no longer be changed" in error_summary(response)
    response = client.get(f"/talent/reviews/{review.pk}/place/", follow=True)
    assert "can no longer be changed" in page_text(response)
    page = client.get(f"/talent/reviews/{review.pk}/")
    assert "This review is locked" in page_text(page) and "to_cell" not in page.content.decode()
    assert not PlacementMove.unscoped.exists()


def test_a_person_outside_the_scope_cannot_be_chosen(client, w):
    review = make_review(w)
    elsewhere = make_person(w.rj2, visibility="national", given_name="Elsie")
    client.force_login(w.bob)
    response = client.post(f"/talent/reviews/{review.pk}/place/", {
        "person": str(elsewhere.pk), "cell": str(w.cells[(2, 2)].pk),
        "readiness": str(w.readiness["ready_now"].pk), "rationale": "Good"})
    assert response.status_code == 200
    assert f'"{elsewhere.pk}" is not one of the options' in error_summary(response)
    assert not ReviewPlacement.unscoped.exists()


def test_exports_download_and_are_audited(client, w):
    review = make_review(w)
    place(w, review, w.alice_person)
    client.force_login(w.bob)
    response = client.get(f"/talent/reviews/{review.pk}/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "Alice Ashworth" in response.content.decode()
    assert client.get(f"/talent/reviews/{review.pk}/export.xlsx").content[:2] == b"PK"
    assert client.get(f"/talent/reviews/{review.pk}/export.pdf").status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2
    client.force_login(w.mo)  # may view (has reports in scope), may not export
    assert client.get(f"/talent/reviews/{review.pk}/export.csv").status_code == 403


def test_placement_history_for_the_person_and_404_for_an_outsider(client, w):
    review = make_review(w)
    place(w, review, w.alice_person, cell=(3, 2))
    client.force_login(w.alice)
    text = page_text(client.get("/talent/placements/mine/"))
    assert "Where I have been placed" in text and "Growing leader" in text
    client.force_login(w.charlie)
    assert client.get(f"/talent/placements/person/{w.alice_person.pk}/").status_code == 404


def test_only_someone_with_a_profile_is_offered_their_own_placements(client, w):
    offer = "See where you have been placed in talent reviews"
    client.force_login(w.alice)
    assert offer in page_text(client.get("/talent/reviews/"))
    client.force_login(w.admin)  # no person record: the page it would link to is a 404
    assert offer not in page_text(client.get("/talent/reviews/"))
    assert client.get("/talent/placements/mine/").status_code == 404


def test_a_review_without_participants_says_so_in_words(client, w):
    review = make_review(w)
    client.force_login(w.bob)
    text = page_text(client.get(f"/talent/reviews/{review.pk}/"))
    assert "Participants No participants" in text and "None" not in text


@pytest.mark.parametrize("people", [10, 60])
def test_the_calibration_page_makes_the_same_queries_for_10_or_60_people(
        client, w, people, django_assert_max_num_queries):
    review = make_review(w)
    persons = [make_person(w.rj1, given_name=f"P{i}") for i in range(people)]
    for i, person in enumerate(persons):
        place(w, review, person, cell=(i % 3 + 1, i % 2 + 1),
              by=w.bob if i % 2 else w.mo if person.line_manager_id else w.bob)
    review_services.start_calibration(w.bob, review)
    first = ReviewPlacement.unscoped.filter(review=review).first()
    review_services.move_placement(w.bob, review, placement_id=first.pk,
                                   to_cell_id=w.cells[(3, 3)].pk, reason="Agreed")
    client.force_login(w.bob)
    with django_assert_max_num_queries(17):
        response = client.get(f"/talent/reviews/{review.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('name="to_cell"') == people

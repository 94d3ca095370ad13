"""Talent review pages: a talent lead runs a review from start to lock with plain forms (no
JavaScript), bad input shows the NHS error summary and changes nothing, a locked review refuses
edits, exports download, placement history, and the calibration page's query count does not
grow with the number of people."""

import json

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests.test_core_layout import assert_csp_safe
from talentbridge.core.tests.test_core_layout import header_nonce
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.models import PlacementMove
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews import services as review_services
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place
from talentbridge.talent.reviews.tests.factories import review_world


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
        "held_on_year": "2026", "facilitator": "", "participants_add": "mo"})
    review = TalentReview.objects.get()
    assert response.status_code == 302 and response.url == f"/talent/reviews/{review.pk}/"
    response = client.post(f"/talent/reviews/{review.pk}/place/", {
        "person_id": str(w.alice_person.pk), "cell": str(w.cells[(3, 3)].pk),
        "readiness": str(w.readiness["ready_now"].pk), "rationale": "Led the winter plan"})
    assert response.status_code == 302
    client.post(f"/talent/reviews/{review.pk}/calibrate/")
    placement = ReviewPlacement.unscoped.get()
    page = client.get(f"/talent/reviews/{review.pk}/")
    assert_csp_safe(page.content.decode(), header_nonce(page))
    text = page_text(page)
    assert "Alice Ashworth" in text and "Very strong contributor" in text
    assert f'id="select-{placement.pk}"' in page.content.decode()
    response = client.post(f"/talent/reviews/{review.pk}/placements/{placement.pk}/move/",
                           {"to_cell": str(w.cells[(2, 3)].pk), "reason": "Panel view"})
    assert response.status_code == 302
    assert PlacementMove.unscoped.get().reason == "Panel view"
    assert client.get(f"/talent/reviews/{review.pk}/lock/").status_code == 200
    response = client.post(f"/talent/reviews/{review.pk}/lock/", follow=True)
    assert "is locked" in page_text(response)
    assert TalentReview.objects.get().status == ReviewStatus.LOCKED


REVIEW = {"name": "Nursing talent review 2026", "held_on_day": "14", "held_on_month": "3",
          "held_on_year": "2026"}


def test_participants_are_added_one_at_a_time_by_name_without_javascript(client, w):
    """"Add a participant" searches, shows the matches, and the chosen one comes back ticked;
    nothing is saved until the review is started, and unticking removes someone."""
    client.force_login(w.bob)
    form = {**REVIEW, "scope": f"organisation:{w.rj1.pk}", "grid": str(w.grid.pk)}
    response = client.post("/talent/reviews/new/", {**form, "name": "",
                                                    "participants_add": "Mo Manager",
                                                    "participants_adding": "1"})
    assert response.status_code == 200 and not TalentReview.objects.exists()
    page = response.content.decode()
    assert "Enter name of the review" not in page_text(response)  # not asked yet
    assert f'name="participants" type="checkbox" value="{w.mo.pk}" checked' in page
    response = client.post("/talent/reviews/new/", {
        **form, "participants": [str(w.mo.pk)], "participants_add": "s",
        "participants_adding": "1"})
    assert response.status_code == 400
    assert 'Choose participants from the matches for "s"' in error_summary(response)
    assert "Sybil Stone" in page_text(response)
    response = client.post("/talent/reviews/new/", {
        **form, "participants": [str(w.mo.pk)], "participants_add_id": str(w.sybil.pk),
        "facilitator": "Sybil Stone"})
    assert response.status_code == 302
    review = TalentReview.objects.get()
    assert set(review.participants.all()) == {w.mo, w.sybil} and review.facilitator == w.sybil


@pytest.mark.parametrize(("data", "message"), [
    ({"facilitator_id": "424242"},
     'Choose facilitator from the list ("424242" is not one of the options)'),
    ({"facilitator": "Nobody Here"},
     'No user you can choose for facilitator matches "Nobody Here"'),
    ({"participants": ["mo"]},
     'Choose participants from the list ("mo" is not one of the options)'),
    ({"participants_add": "zzz"}, 'No user you can choose for participants matches "zzz"'),
])
def test_a_bad_facilitator_or_participant_is_named_and_nothing_is_created(client, w, data,
                                                                          message):
    client.force_login(w.bob)
    response = client.post("/talent/reviews/new/", {
        **REVIEW, "scope": f"organisation:{w.rj1.pk}", "grid": str(w.grid.pk), **data})
    assert response.status_code == 400
    assert message in error_summary(response)
    assert not TalentReview.objects.exists()


def test_user_suggestions_are_only_for_those_who_run_reviews(client, w):
    client.force_login(w.bob)
    answer = json.loads(client.get("/talent/reviews/users/?q=mo").content)
    assert answer["results"] == [{"id": str(w.mo.pk), "name": "Mo Manager",
                                  "detail": "Username mo"}]
    client.force_login(w.alice)
    assert client.get("/talent/reviews/users/?q=mo").status_code == 403


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
    assert 'name="placements"' not in page.content.decode()
    assert not PlacementMove.unscoped.exists()


def test_a_person_outside_the_scope_cannot_be_chosen(client, w):
    review = make_review(w)
    elsewhere = make_person(w.rj2, visibility="national", given_name="Elsie")
    client.force_login(w.bob)
    response = client.post(f"/talent/reviews/{review.pk}/place/", {
        "person_id": str(elsewhere.pk), "cell": str(w.cells[(2, 2)].pk),
        "readiness": str(w.readiness["ready_now"].pk), "rationale": "Good"})
    assert response.status_code == 400
    assert f'Choose person from the list ("{elsewhere.pk}" is not one of the options)' in (
        error_summary(response))
    response = client.post(f"/talent/reviews/{review.pk}/place/", {
        "person": "Elsie", "cell": str(w.cells[(2, 2)].pk),
        "readiness": str(w.readiness["ready_now"].pk), "rationale": "Good"})
    assert 'No person you can choose for person matches "Elsie"' in error_summary(response)
    assert json.loads(client.get(
        f"/talent/reviews/{review.pk}/place/people/?q=Elsie").content)["results"] == []
    assert not ReviewPlacement.unscoped.exists()


def test_a_talent_lead_places_someone_by_typing_part_of_their_name(client, w):
    """No drop-down of everyone: typing "ash" shows the matches to choose from, then the
    chosen one is placed; the suggestions are the people he may place."""
    review = make_review(w)
    client.force_login(w.bob)
    values = {"cell": str(w.cells[(2, 2)].pk), "readiness": str(w.readiness["ready_now"].pk),
              "rationale": "Good"}
    page = client.get(f"/talent/reviews/{review.pk}/place/").content.decode()
    assert "<select" not in page and 'data-picker-url="/talent/reviews/' in page
    response = client.post(f"/talent/reviews/{review.pk}/place/", {"person": "ash", **values})
    assert response.status_code == 400 and "Alice Ashworth" in page_text(response)
    suggested = json.loads(client.get(
        f"/talent/reviews/{review.pk}/place/people/?q=ash").content)["results"]
    assert [s["name"] for s in suggested] == ["Alice Ashworth"]
    response = client.post(f"/talent/reviews/{review.pk}/place/",
                           {"person": "ash", "person_id": suggested[0]["id"], **values})
    assert response.status_code == 302
    assert ReviewPlacement.unscoped.get().person == w.alice_person


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
    client.force_login(w.admin)  # no person record: that page would only say "My account"
    assert offer not in page_text(client.get("/talent/reviews/"))
    assert "My account" in page_text(client.get("/talent/placements/mine/"))


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
    with django_assert_max_num_queries(22):  # the filters, the 9-box names and paging
        response = client.get(f"/talent/reviews/{review.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('name="placements"') == min(people, 50)

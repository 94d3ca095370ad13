"""Calibrating a big review: the calibration page lists 50 people a page, narrows them by
organisation, grid cell, line manager and moved or not, and moves several ticked people to one
cell with one reason, all or none, each move recorded and audited with that reason. Only the
review's talent leads may move anyone (the reviews policy)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.codes import PayBand
from talentbridge.people.codes import ProfessionalBackground
from talentbridge.people.codes import StaffGroup
from talentbridge.people.codes import Visibility
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.models import PlacementMove
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews import services
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place
from talentbridge.talent.reviews.tests.factories import review_world


@pytest.fixture
def w(db):
    return review_world()


def bulk_review(w, people: int):
    """A review of RJ1 in calibration with ``people`` placements written in bulk, spread over
    the 9-box's cells; mo is the line manager of every tenth person."""
    review = make_review(w, name="Big review")
    Person.unscoped.bulk_create([
        Person(organisation=w.rj1, given_name=f"Bulk{i:04d}", family_name="Leader",
               work_email=f"bulk{i}@example.nhs.uk", job_title="Ward Manager",
               pay_band=PayBand.BAND_8A, staff_group=StaffGroup.ADMINISTRATIVE_AND_CLERICAL,
               professional_background=ProfessionalBackground.OPERATIONS,
               visibility=Visibility.ORGANISATION,
               line_manager=w.mo_person if i % 10 == 0 else None)
        for i in range(people)])
    cells = list(w.cells.values())
    readiness = w.readiness["1_2_years"]
    ReviewPlacement.unscoped.bulk_create([
        ReviewPlacement(review=review, person_id=pk, cell=cells[i % len(cells)],
                        proposed_cell=cells[i % len(cells)], proposed_by=w.bob,
                        readiness=readiness, rationale="Strong year")
        for i, pk in enumerate(Person.unscoped.filter(given_name__startswith="Bulk")
                               .order_by("pk").values_list("pk", flat=True))])
    review.status = ReviewStatus.CALIBRATING
    review.save(update_fields=["status"])
    return review


def ticked(response) -> list[str]:
    """The placement ids of the checkboxes on a calibration page."""
    html = response.content.decode()
    return [part.split('"', 1)[0] for part in html.split('name="placements" type="checkbox" '
                                                          'value="')[1:]]


def test_a_talent_lead_calibrates_2000_people_by_filtering_to_a_cell_and_moving_five(client, w):
    review = bulk_review(w, 2000)
    from_cell, to_cell = w.cells[(2, 2)], w.cells[(3, 3)]
    client.force_login(w.bob)

    page = client.get(f"/talent/reviews/{review.pk}/")
    assert "Showing 1 to 50 of 2000 people" in page_text(page)
    assert len(ticked(page)) == 50

    in_cell = ReviewPlacement.unscoped.filter(review=review, cell=from_cell).count()
    page = client.get(f"/talent/reviews/{review.pk}/", {"cell": from_cell.pk})
    assert f"of {in_cell} people" in page_text(page)
    five = ticked(page)[:5]
    assert set(ReviewPlacement.unscoped.filter(pk__in=five).values_list("cell", flat=True)) == {
        from_cell.pk}

    response = client.post(f"/talent/reviews/{review.pk}/?cell={from_cell.pk}", {
        "placements": five, "to_cell": str(to_cell.pk),
        "reason": "Panel agreed: consistently beyond the role"})
    assert response.status_code == 302
    assert response.url == f"/talent/reviews/{review.pk}/?cell={from_cell.pk}#people"
    page = client.get(response.url)
    assert "5 people moved to \u201c" + to_cell.label in page_text(page)
    assert f"of {in_cell - 5} people" in page_text(page)

    moved = ReviewPlacement.unscoped.filter(pk__in=five)
    assert set(moved.values_list("cell", flat=True)) == {to_cell.pk}
    moves = PlacementMove.unscoped.filter(placement__in=five)
    assert moves.count() == 5
    assert set(moves.values_list("reason", "from_cell", "moved_by")) == {
        ("Panel agreed: consistently beyond the role", from_cell.pk, w.bob.pk)}
    audited = AuditEvent.objects.filter(action=AuditAction.UPDATE,
                                        target_type="talent.reviewplacement")
    assert sorted(audited.values_list("target_id", flat=True)) == sorted(five)
    assert set(audited.values_list("reason", flat=True)) == {
        "Panel agreed: consistently beyond the role"}
    assert ReviewPlacement.unscoped.filter(review=review, cell=to_cell).count() == (
        len([i for i in range(2000) if i % 9 == list(w.cells).index((3, 3))]) + 5)


def test_the_filters_narrow_the_list_and_the_paging_keeps_them(client, w):
    review = bulk_review(w, 120)
    client.force_login(w.bob)
    page = client.get(f"/talent/reviews/{review.pk}/", {"line_manager": "mo manager"})
    assert "12 people found" in page_text(page)
    page = client.get(f"/talent/reviews/{review.pk}/", {"moved": "not_moved",
                                                        "organisation": w.rj1.pk})
    text = page_text(page)
    assert "Showing 1 to 50 of 120 people" in text
    assert f"organisation={w.rj1.pk}" in page.content.decode().split("Page 2 of 3")[0]
    first = ticked(page)[0]
    services.move_placements(w.bob, review, placement_ids=[first],
                             to_cell_id=w.cells[(1, 1)].pk, reason="Panel view")
    page = client.get(f"/talent/reviews/{review.pk}/", {"moved": "moved"})
    assert "1 person found" in page_text(page) and ticked(page) == [first]


def test_a_bad_filter_names_the_field_and_the_value(client, w):
    review = bulk_review(w, 3)
    client.force_login(w.bob)
    page = client.get(f"/talent/reviews/{review.pk}/", {"cell": "999999", "moved": "maybe"})
    summary = error_summary(page)
    assert 'Choose grid cell from the list ("999999" is not one of the options)' in summary
    assert '"maybe" is not one of the options' in summary
    assert "3 people found" in page_text(page)  # the list is not narrowed by a bad filter


def test_bad_input_moves_nobody_and_says_what_was_wrong(client, w):
    review = bulk_review(w, 20)
    client.force_login(w.bob)
    ids = [str(pk) for pk in ReviewPlacement.unscoped.filter(review=review)
           .order_by("pk").values_list("pk", flat=True)[:3]]
    url = f"/talent/reviews/{review.pk}/"
    cases = [
        ({"placements": ids, "to_cell": str(w.cells[(1, 1)].pk), "reason": " "},
         "Enter the reason for these moves"),
        ({"placements": ids, "to_cell": "", "reason": "Agreed"},
         "Choose the cell to move them to"),
        ({"to_cell": str(w.cells[(1, 1)].pk), "reason": "Agreed"},
         "Select the people to move"),
        ({"placements": [*ids, "abc"], "to_cell": str(w.cells[(1, 1)].pk), "reason": "Agreed"},
         'There is no placement in this review that you can see with id "abc"'),
        ({"placements": ids, "to_cell": str(w.sfg_cell.pk), "reason": "Agreed"},
         f'Choose the cell to move them to from the list ("{w.sfg_cell.pk}" is not one of '
         'the options)'),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 400
        assert message in error_summary(response)
        assert response.content.decode().count(" checked>") == len(data.get("placements", [])
                                                                   ) - ("abc" in data.get(
                                                                       "placements", []))
    # one of them already in the target cell: nobody moves, and the message names them
    target = ReviewPlacement.unscoped.get(pk=ids[0]).cell
    response = client.post(url, {"placements": ids, "to_cell": str(target.pk),
                                 "reason": "Agreed"})
    assert "is already in \u201c" + target.label in error_summary(response)
    assert not PlacementMove.unscoped.exists()


def test_a_placement_from_another_review_or_hidden_from_the_lead_is_refused(w):
    review = bulk_review(w, 3)
    other = make_review(w, name="Other review")
    elsewhere = place(w, other, w.alice_person)
    ids = list(ReviewPlacement.unscoped.filter(review=review).values_list("pk", flat=True))
    with pytest.raises(ValidationError) as error:
        services.move_placements(w.bob, review, placement_ids=[*ids, elsewhere.pk],
                                 to_cell_id=w.cells[(1, 1)].pk, reason="Agreed")
    assert f'id "{elsewhere.pk}"' in str(error.value)
    assert not PlacementMove.unscoped.exists()


@pytest.mark.parametrize("who", ["mo", "other_lead", "charlie", "admin"])
def test_only_the_reviews_talent_leads_may_move_people_in_bulk(client, w, who):
    """A line manager who may view the review (his reports are in it), another organisation's
    talent lead, an outsider and an administrator (who may read every review) may not move
    anyone: the service refuses, the page refuses and shows no checkboxes."""
    review = bulk_review(w, 5)
    for report in w.reports:
        place(w, review, report)
    user = {"mo": w.mo, "charlie": w.charlie, "admin": w.admin,
            "other_lead": make_user("otto", role=Role.ORGANISATION_TALENT_LEAD,
                                    scope=w.rx1) if who == "other_lead" else None}[who]
    ids = list(ReviewPlacement.unscoped.filter(review=review).values_list("pk", flat=True))
    with pytest.raises((PermissionDenied, services.ReviewNotFound, ValidationError)):
        services.move_placements(user, review, placement_ids=ids,
                                 to_cell_id=w.cells[(1, 1)].pk, reason="Agreed")
    client.force_login(user)
    response = client.post(f"/talent/reviews/{review.pk}/", {
        "placements": [str(i) for i in ids], "to_cell": str(w.cells[(1, 1)].pk),
        "reason": "Agreed"})
    assert response.status_code in (403, 404)
    assert not PlacementMove.unscoped.exists()
    page = client.get(f"/talent/reviews/{review.pk}/")
    assert 'name="placements"' not in page.content.decode()


def test_a_talent_lead_of_the_review_may_move_in_bulk_but_not_once_it_is_locked(w):
    """The other side of the rule above: bob, who runs the review, may."""
    review = bulk_review(w, 5)
    ids = list(ReviewPlacement.unscoped.filter(review=review).exclude(
        cell=w.cells[(1, 1)]).values_list("pk", flat=True))
    moves = services.move_placements(w.bob, review, placement_ids=ids,
                                     to_cell_id=w.cells[(1, 1)].pk, reason="Agreed")
    assert ids and len(moves) == len(ids)
    assert ReviewPlacement.unscoped.filter(review=review, cell=w.cells[(1, 1)]).count() == 5


def test_a_locked_review_refuses_a_bulk_move(client, w):
    review = bulk_review(w, 4)
    services.lock_review(w.bob, review)
    ids = [str(pk) for pk in ReviewPlacement.unscoped.filter(review=review)
           .values_list("pk", flat=True)]
    client.force_login(w.bob)
    response = client.post(f"/talent/reviews/{review.pk}/", {
        "placements": ids, "to_cell": str(w.cells[(1, 1)].pk), "reason": "Late change"})
    assert response.status_code == 400
    assert "can no longer be changed" in error_summary(response)
    assert not PlacementMove.unscoped.exists()


def test_the_grid_is_a_grid_of_cells_with_counts_names_and_a_link_to_each_cell(client, w):
    review = make_review(w)
    place(w, review, w.alice_person, cell=(3, 3))
    for report in w.reports:
        place(w, review, report, cell=(1, 1))
    client.force_login(w.bob)
    page = client.get(f"/talent/reviews/{review.pk}/")
    html = page.content.decode()
    assert html.count('class="tb-ninebox__cell') == 9
    top_right = html.split(f'id="cell-{w.cells[(3, 3)].pk}"')[1].split("</section>")[0]
    assert "1 person" in top_right and "Alice Ashworth" in top_right
    assert "Potential: High potential; performance: higher" in top_right
    assert f"?cell={w.cells[(3, 3)].pk}#people" in top_right
    bottom_left = html.split(f'id="cell-{w.cells[(1, 1)].pk}"')[1].split("</section>")[0]
    assert "3 people" in bottom_left and "Report1" in bottom_left
    assert "Potential (rows, highest at the top)" in page_text(page)
    assert "Performance (columns, highest on the right)" in page_text(page)


def test_the_api_moves_several_people_at_once_all_or_none(client, w):
    review = bulk_review(w, 12)
    ids = list(ReviewPlacement.unscoped.filter(review=review).exclude(
        cell=w.cells[(3, 3)]).values_list("pk", flat=True)[:5])
    _, key = ApiToken.issue(w.bob, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    url = f"/api/v1/talent/reviews/{review.pk}/moves"
    bad = client.post(url, {"placements": [*ids, 999999], "to_cell": w.cells[(3, 3)].pk,
                            "reason": "Panel"}, content_type="application/json")
    assert bad.status_code == 400, bad.json()
    assert bad.json()["errors"][0]["field"] == "placements", bad.json()
    assert '"999999"' in bad.json()["errors"][0]["message"]
    assert not PlacementMove.unscoped.exists()
    response = client.post(url, {"placements": ids, "to_cell": w.cells[(3, 3)].pk,
                                 "reason": "Panel"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert sorted(m["placement"] for m in response.json()) == sorted(ids)
    assert {m["reason"] for m in response.json()} == {"Panel"}
    _, key = ApiToken.issue(w.mo, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    assert client.post(url, {"placements": ids, "to_cell": w.cells[(1, 1)].pk,
                             "reason": "Mine"}, content_type="application/json"
                       ).status_code == 403

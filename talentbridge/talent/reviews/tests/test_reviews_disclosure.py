"""Review grids play the attacker: a viewer who cannot see person X learns nothing about X's
placement from the grid, the rows against the guide, the rater leniency, the review list, the
API or the export. Every figure counts only the placements the viewer can see."""

import pytest

from talentbridge.accounts.models import ApiToken
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.reviews import services
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place
from talentbridge.talent.reviews.tests.factories import review_world

API = "/api/v1/talent"


@pytest.fixture
def w(db):
    return review_world()


def calibrating(w):
    review = make_review(w)
    for person in [w.alice_person, *w.reports]:
        place(w, review, person, by=w.bob)
    return services.start_calibration(w.bob, review)


def seen(client, user, review) -> dict:
    """Everything `user` can read about the review: its page, the review list, the API and
    (for those who may) the export."""
    client.force_login(user)
    _, key = ApiToken.issue(user, "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    views = {
        "page": page_text(client.get(f"/talent/reviews/{review.pk}/")),
        "list": page_text(client.get("/talent/reviews/")),
        "api": client.get(f"{API}/reviews/{review.pk}", **auth).json(),
    }
    export = client.get(f"{API}/reviews/{review.pk}/export?format=csv", **auth)
    views["export"] = export.content if export.status_code == 200 else export.status_code
    return views


def move_behind_their_back(placement: ReviewPlacement, cell) -> None:
    ReviewPlacement.unscoped.filter(pk=placement.pk).update(cell=cell)


@pytest.mark.parametrize("to", [(1, 1), (3, 3), (1, 3)])
def test_a_line_manager_learns_nothing_when_someone_hidden_from_him_moves(client, w, to):
    """mo sees his three reports, not alice: cell count minus visible rows must not pin her."""
    review = calibrating(w)
    hidden = ReviewPlacement.unscoped.get(review=review, person=w.alice_person)
    before = seen(client, w.mo, review)
    assert "Alice Ashworth" not in before["page"]
    assert before["api"]["placements_you_can_see"] == 3
    assert sum(r["count"] for r in before["api"]["rows"]) == 3
    assert "Calibrating 3" in before["list"]  # the list counts only whom he can see, not 4
    move_behind_their_back(hidden, w.cells[to])
    assert seen(client, w.mo, review) == before


def test_a_talent_lead_learns_nothing_about_a_placed_person_who_has_left(client, w):
    """alice was placed, then left for another system with her profile visible to her
    organisation only: bob, who runs and exports the review, no longer sees her, and moving
    her changes nothing he can read (page, list, API, export)."""
    review = calibrating(w)
    hidden = ReviewPlacement.unscoped.get(review=review, person=w.alice_person)
    w.alice_person.organisation = w.rx1
    w.alice_person.save()
    before = seen(client, w.bob, review)
    assert isinstance(before["export"], bytes) and b"Alice" not in before["export"]
    assert "3 people you can see placed" in before["page"]
    assert "People placed you can see" in before["list"]
    for to in [(1, 1), (3, 3)]:
        move_behind_their_back(hidden, w.cells[to])
        assert seen(client, w.bob, review) == before


def test_leniency_counts_only_the_placements_you_can_see(w):
    """A manager's proposals, one of them of someone hidden: calibration moving the hidden
    one must not move the manager's figures that the viewer sees."""
    review = calibrating(w)
    hidden = ReviewPlacement.unscoped.get(review=review, person=w.alice_person)
    before = services.board(w.mo, review).leniency
    move_behind_their_back(hidden, w.cells[(1, 1)])
    assert services.board(w.mo, review).leniency == before
    assert [item.placed for item in before] == [3]

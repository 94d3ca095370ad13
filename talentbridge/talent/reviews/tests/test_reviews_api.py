"""/api/v1/talent: reviews, placements, moves, lock (409 after), history, pools, nominations,
composition and exports, with errors naming the field and the value."""

import pytest

from talentbridge.core.tests.signing_in import api_as
from talentbridge.talent.models import PlacementMove
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.reviews.tests.factories import review_world

API = "/api/v1/talent"


@pytest.fixture
def w(db):
    return review_world()


def post(client, path, body):
    return client.post(API + path, body, content_type="application/json")


def test_a_review_from_start_to_lock_over_the_api(client, w):
    api_as(client, w.bob)
    response = post(client, "/reviews", {"name": "RJ1 review", "scope_level": "organisation",
                                         "organisation": "rj1", "held_on": "2026-03-01",
                                         "participants": ["mo"]})
    assert response.status_code == 201, response.json()
    review = response.json()
    assert review["participants"] == ["mo"] and len(review["cells"]) == 9
    rid = review["id"]
    cell = w.cells[(3, 3)].pk
    response = post(client, f"/reviews/{rid}/placements", {
        "person": w.alice_person.pk, "cell": cell, "readiness": "ready_now",
        "rationale": "Strong"})
    assert response.status_code == 201, response.json()
    pid = response.json()["id"]
    assert post(client, f"/reviews/{rid}/calibration", {}).json()["status"] == "calibrating"
    response = post(client, f"/reviews/{rid}/placements/{pid}/moves",
                    {"to_cell": w.cells[(2, 3)].pk, "reason": "Calibration panel"})
    assert response.status_code == 201 and response.json()["moved_by"] == "bob"
    detail = client.get(f"{API}/reviews/{rid}").json()
    assert detail["rows"][0]["count"] == 1 and detail["leniency"][0]["small_number"]
    assert post(client, f"/reviews/{rid}/lock", {}).json()["status"] == "locked"
    response = post(client, f"/reviews/{rid}/placements/{pid}/moves",
                    {"to_cell": w.cells[(1, 1)].pk, "reason": "Too late"})
    assert response.status_code == 409
    assert "can no longer be changed" in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "status"
    response = client.patch(f"{API}/reviews/{rid}/placements/{pid}",
                            {"rationale": "Changed"}, content_type="application/json")
    assert response.status_code == 409
    assert PlacementMove.unscoped.count() == 1
    history = client.get(f"{API}/people/{w.alice_person.pk}/placements").json()
    assert history[0]["cell"]["label"].startswith("High potential")
    export = client.get(f"{API}/reviews/{rid}/export?format=csv")
    assert export.status_code == 200 and b"Alice Ashworth" in export.content


def test_bad_input_names_the_field_and_value_and_changes_nothing(client, w):
    api_as(client, w.bob)
    rid = post(client, "/reviews", {"name": "R", "scope_level": "organisation",
                                    "organisation": "RJ1", "held_on": "2026-03-01"}).json()["id"]
    response = post(client, f"/reviews/{rid}/placements", {
        "person": w.alice_person.pk, "cell": w.sfg_cell.pk, "readiness": "ready_now",
        "rationale": "Strong"})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "cell" and error["value"] == w.sfg_cell.pk
    response = post(client, f"/reviews/{rid}/placements", {
        "person": w.alice_person.pk, "cell": w.cells[(1, 1)].pk, "readiness": "soon",
        "rationale": "x" * 2001})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "rationale"
    response = post(client, f"/reviews/{rid}/placements", {
        "person": w.charlie_person.pk, "cell": w.cells[(1, 1)].pk, "readiness": "ready_now",
        "rationale": "Outsider"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "person"
    response = post(client, "/reviews", {"name": "R", "scope_level": "organisation",
                                         "organisation": "ZZZ", "held_on": "2026-03-01"})
    assert response.json()["errors"][0] == {
        "field": "organisation", "value": "ZZZ",
        "message": 'There is no organisation with ODS code "ZZZ"'}
    assert not ReviewPlacement.unscoped.exists()


def test_outsiders_get_404_and_line_managers_403_on_calibration(client, w):
    api_as(client, w.bob)
    rid = post(client, "/reviews", {"name": "R", "scope_level": "organisation",
                                    "organisation": "RJ1", "held_on": "2026-03-01"}).json()["id"]
    api_as(client, w.charlie)
    assert client.get(f"{API}/reviews/{rid}").status_code == 404
    assert client.get(f"{API}/reviews").json()["count"] == 0
    api_as(client, w.mo)
    response = post(client, f"/reviews/{rid}/placements", {
        "person": w.reports[0].pk, "cell": w.cells[(2, 2)].pk, "readiness": "1_2_years",
        "rationale": "Solid"})
    assert response.status_code == 201
    assert post(client, f"/reviews/{rid}/lock", {}).status_code == 403
    assert client.get(f"{API}/reviews/{rid}/export").status_code == 403


def test_pools_nominations_and_composition_over_the_api(client, w):
    api_as(client, w.bob)
    response = post(client, "/pools", {"name": "Aspiring directors", "purpose": "Directors",
                                       "entry_criteria": "8c+", "scope_level": "organisation",
                                       "organisation": "RJ1", "status": "closed"})
    assert response.status_code == 201, response.json()
    pool = response.json()["id"]
    api_as(client, w.alice)
    response = post(client, f"/pools/{pool}/nominations",
                    {"person": w.alice_person.pk, "statement": "Me"})
    assert response.status_code == 400 and "closed" in response.json()["errors"][0]["message"]
    assert not PoolNomination.unscoped.exists()
    api_as(client, w.bob)
    assert client.patch(f"{API}/pools/{pool}", {"status": "open"},
                        content_type="application/json").json()["status"] == "open"
    api_as(client, w.alice)
    nomination = post(client, f"/pools/{pool}/nominations",
                      {"person": w.alice_person.pk, "statement": "Me"}).json()
    assert nomination["route"] == "self"
    assert client.get(f"{API}/pools/{pool}/composition").status_code == 403
    api_as(client, w.bob)
    response = post(client, f"/nominations/{nomination['id']}/decision",
                    {"decision": "approve", "reason": "Meets the criteria"})
    assert response.json()["status"] == "approved"
    composition = client.get(f"{API}/pools/{pool}/composition").json()
    assert composition["size"] == 1
    assert {c["count"] for c in composition["ethnicity"]} <= {"*", 0}
    members = client.get(f"{API}/pools/{pool}/members").json()
    response = post(client, f"/memberships/{members[0]['id']}/exit", {"reason": "Promoted"})
    assert response.json()["exit_reason"] == "Promoted"
    assert client.get(f"{API}/pools/{pool}/export?format=xlsx").content[:2] == b"PK"

"""/api/v1/opportunities: the same services and policy as the pages, JSON errors naming the
field and the value, and nothing changed by bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from talentbridge.accounts.models import ApiToken
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.codes import PlacementStatus
from talentbridge.opportunities.models import Interest
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Opportunity

from .factories import future
from .factories import make_interest
from .factories import make_opportunity_world

pytestmark = pytest.mark.django_db
BASE = "/api/v1/opportunities"


def api_client(user) -> Client:
    _, key = ApiToken.issue(user, "tests")
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client, path, body, method="post"):
    return getattr(client, method)(path, body, content_type="application/json")


def opportunity_body(**overrides) -> dict:
    return {"title": "System flow lead", "kind": "system_role", "summary": "Lead flow.",
            "host": "RJ2", "time_percent": 50, "develops": [2, 6], "band_min": "8b",
            "band_max": "9", "seats": 1, "starts_on": future(90).isoformat(),
            "ends_on": future(300).isoformat(), "closes_on": future(40).isoformat(),
            "reach": "system", **overrides}


def test_list_and_get_follow_the_policy():
    w = make_opportunity_world()
    body = api_client(w.alice).get(BASE).json()
    assert [o["title"] for o in body["items"]] == ["Deputy chief operating officer secondment"]
    assert body["items"][0]["host"]["ods_code"] == "RJ2"
    assert api_client(w.charlie).get(f"{BASE}/{w.opportunity.pk}").status_code == 404
    assert Client().get(BASE).status_code == 401
    bad = api_client(w.alice).get(f"{BASE}?kind=astronaut")
    assert bad.status_code == 422 and bad.json()["errors"][0]["value"] == "astronaut"


def test_post_submit_publish_and_bad_input():
    w = make_opportunity_world()
    lead = api_client(w.host_lead)
    response = post(lead, BASE, opportunity_body(host="ZZ9"))
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "host", "value": "ZZ9", "message":
                                          'There is no organisation with ODS code "ZZ9"'}]
    response = post(lead, BASE, opportunity_body(band_min="9", band_max="8b"))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "band_max"
    assert response.json()["errors"][0]["value"] == "8b"
    response = post(lead, BASE, opportunity_body(develops=[9], wings=True))
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"develops.0", "wings"} <= fields
    assert not Opportunity.objects.filter(title="System flow lead").exists()
    assert post(api_client(w.alice), BASE, opportunity_body()).status_code == 403

    response = post(lead, BASE, opportunity_body())
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["develops"] == [2, 6] and response.json()["status"] == "draft"
    assert post(lead, f"{BASE}/{pk}/submit", {}).json()["status"] == "submitted"
    assert post(lead, f"{BASE}/{pk}/publish", {}).status_code == 403
    assert post(api_client(w.system_lead), f"{BASE}/{pk}/publish", {}).json()["status"] == \
        OpportunityStatus.PUBLISHED


def test_interest_preferences_and_nomination():
    w = make_opportunity_world()
    alice = api_client(w.alice)
    path = f"{BASE}/{w.opportunity.pk}/interest"
    too_long = post(alice, path, {"statement": "x" * 1001, "preference_rank": 1}, "put")
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "statement"
    response = post(alice, path, {"statement": "Keen", "preference_rank": 2}, "put")
    assert response.status_code == 200 and response.json()["preference_rank"] == 2
    assert alice.get(f"{BASE}/me/interests").json()[0]["opportunity_id"] == w.opportunity.pk
    assert alice.delete(path).json()["status"] == "withdrawn"

    prefs = post(alice, f"{BASE}/me/preferences", {"travel_reach": "national",
                                                   "conflicts": ["RX1"]}, "put")
    assert prefs.json()["conflicts"] == ["RX1"] and prefs.json()["travel_reach"] == "national"
    assert prefs.json()["readiness"] is None and prefs.json()["development_domains"] == []
    assert w.alice_person.talent.travel_reach == "national"
    kept = post(alice, f"{BASE}/me/preferences", {"development_domains": [1]}, "put")
    assert kept.status_code == 422  # kept from career conversations, not set here
    bad = post(alice, f"{BASE}/me/preferences", {"conflicts": ["NOPE"]}, "put")
    assert bad.status_code == 400 and bad.json()["errors"][0]["value"] == "NOPE"

    lead = api_client(w.system_lead)
    nobody = post(lead, f"{BASE}/{w.opportunity.pk}/nominations", {"work_email": "x@y.z"})
    assert nobody.status_code == 400
    assert nobody.json()["errors"][0]["field"] == "work_email"
    assert post(alice, f"{BASE}/{w.opportunity.pk}/nominations",
                {"work_email": w.charlie_person.work_email}).status_code == 403


def test_run_offer_accept_approve_through_the_api():
    w = make_opportunity_world()
    make_interest(w.opportunity, w.alice_person)
    lead = api_client(w.system_lead)
    bad = post(lead, f"{BASE}/runs", {"scope": "system", "system": "NOPE"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["value"] == "NOPE"
    bad = post(lead, f"{BASE}/runs", {"scope": "system", "system": "QMJ",
                                      "weights": {"ready_now": -5, "charisma": 3}})
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"weights.ready_now",
                                                          "weights.charisma"}
    assert not MatchRun.objects.exists()
    assert post(lead, f"{BASE}/runs", {"scope": "national"}).status_code == 403
    response = post(lead, f"{BASE}/runs", {"scope": "system", "system": "QMJ"})
    assert response.status_code == 202
    run = lead.get(f"{BASE}/runs/{response.json()['id']}").json()
    assert run["status"] == "succeeded" and run["merit_total"] == run["greedy_merit_total"]
    assert run["fairness"]["sex"]["reference"] == "Male"
    proposal = run["proposals"][0]
    assert proposal["person"]["full_name"] == "Alice Ashworth"
    assert proposal["explanation"].startswith("Proposed because")
    assert api_client(w.charlie).get(f"{BASE}/runs/{run['id']}").status_code == 404

    placement = post(lead, f"{BASE}/proposals/{proposal['id']}/offer", {}).json()
    alice = api_client(w.alice)
    path = f"{BASE}/placements/{placement['id']}"
    assert post(alice, f"{path}/respond", {"accept": "perhaps"}).status_code == 422
    assert post(alice, f"{path}/respond", {"accept": True}).json()["status"] == "accepted"
    refused = post(api_client(w.bob), f"{path}/decision", {"side": "home", "approve": False})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "reason"
    post(api_client(w.bob), f"{path}/decision", {"side": "home", "approve": True})
    done = post(api_client(w.host_lead), f"{path}/decision", {"side": "host", "approve": True})
    assert done.json()["status"] == PlacementStatus.PLACED
    assert alice.get(f"{BASE}/me/placements").json()[0]["status"] == "placed"
    assert Interest.unscoped.count() == 1

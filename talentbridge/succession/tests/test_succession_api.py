"""/api/v1/succession: the posts list and bench strength exactly as documented, only the
successors the caller may see, every post counted, and bad input naming the field and value."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.core.tests.signing_in import api_as
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.models import Readiness
from talentbridge.succession.models import Successor
from talentbridge.succession.tests.factories import make_post
from talentbridge.succession.tests.factories import make_successor
from talentbridge.succession.tests.factories import succession_world

API = "/api/v1/succession"


@pytest.fixture
def w(db):
    w = succession_world()
    w.chair = make_post(w.rj1, BoardPostKind.CHAIR, expected_vacancy_on=dt.date(2099, 1, 1),
                        vacancy_reason="end_of_term", incumbent=w.alice_person)
    return w


def test_posts_list_each_post_and_only_the_successors_the_caller_may_see(client, w):
    make_successor(w.ceo, w.rita, Readiness.NOW, emergency_cover=True)
    make_successor(w.ceo, w.otto, Readiness.THREE_OR_MORE_YEARS)  # hidden from bob
    response = api_as(client, w.bob).get(f"{API}/posts?scope=QMJ")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 2
    ceo = next(p for p in body["items"] if p["kind"] == "chief_executive")
    assert ceo == {
        "id": w.ceo.pk, "organisation": "RJ1", "kind": "chief_executive",
        "incumbent": w.carol.pk, "interim": False, "expected_vacancy": None, "risk": "low",
        "successors": [{"person_id": w.rita.pk, "readiness": "now", "emergency": True,
                        "source": "same system"}],
    }
    chair = next(p for p in body["items"] if p["kind"] == "chair")
    assert chair["expected_vacancy"] == "2099-01-01" and chair["successors"] == []
    admin_view = api_as(client, w.admin).get(f"{API}/posts?scope=RJ1").json()
    assert len(next(p for p in admin_view["items"] if p["kind"] == "chief_executive")
               ["successors"]) == 2


def test_bench_strength_counts_every_plan_whoever_asks(client, w):
    make_successor(w.ceo, w.otto, Readiness.NOW)  # bob may not see otto; the count includes him
    body = api_as(client, w.bob).get(f"{API}/bench-strength?scope=RJ1").json()
    assert {k: body[k] for k in (
        "scope", "posts", "with_ready_now", "with_two_ready_within_two_years", "with_none",
        "interim", "successors_from_elsewhere_share",
        "incumbents_within_two_years_of_vacancy")} == {
        "scope": "RJ1", "posts": 2, "with_ready_now": 1, "with_two_ready_within_two_years": 0,
        "with_none": 1, "interim": 0, "successors_from_elsewhere_share": 1.0,
        "incumbents_within_two_years_of_vacancy": 0}
    kinds = {k["kind"]: k for k in body["by_kind"]}
    assert kinds["chief_executive"]["with_ready_now"] == 1 and kinds["chair"]["with_none"] == 1
    assert kinds["medical"]["posts"] == 0
    # two successors, one incumbent: too few to show their make-up below England
    assert body["slate_makeup"][0]["counts"] == ["*", "*", "*"]


def test_a_bad_scope_names_the_value(client, w):
    response = api_as(client, w.bob).get(f"{API}/bench-strength?scope=NOWHERE")
    assert response.status_code == 400
    assert response.json()["errors"] == [{
        "field": "scope", "value": "NOWHERE",
        "message": '"NOWHERE" is not the ODS code of an organisation, integrated care system '
                   "or region, nor ENGLAND"}]


def test_leaders_and_organisation_administrators_may_not_list_posts(client, w):
    assert api_as(client, w.alice).get(f"{API}/posts?scope=RJ1").status_code == 403
    assert api_as(client, w.orla).get(f"{API}/bench-strength?scope=RJ1").status_code == 403


def test_naming_a_successor_over_the_api_and_the_refusals(client, w):
    api_as(client, w.bob)
    path = f"{API}/posts/{w.ceo.pk}/successors"
    response = client.post(path, {"person_id": w.rita.pk, "readiness": "1-2"},
                           content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json() == {"person_id": w.rita.pk, "readiness": "1-2", "emergency": False,
                               "source": "same system"}
    response = client.post(path, {"person_id": w.carol.pk, "readiness": "now"},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [{
        "field": "person", "value": w.carol.pk,
        "message": "Carol Chief holds this post (Chief executive), so cannot be its successor"}]
    assert Successor.unscoped.count() == 1
    response = client.delete(f"{path}/{w.rita.pk}")
    assert response.status_code == 204
    assert Successor.unscoped.count() == 0


def test_setting_the_risk_needs_a_reason(client, w):
    api_as(client, w.bob)
    response = client.put(f"{API}/posts/{w.ceo.pk}/risk", {"risk": "high"},
                          content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reason"
    response = client.put(f"{API}/posts/{w.ceo.pk}/risk",
                          {"risk": "high", "reason": "Chief executive has been approached"},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["risk"] == "high"


def test_changing_a_post_s_details_over_the_api(client, w):
    api_as(client, w.bob)
    response = client.put(f"{API}/posts/{w.ceo.pk}/details",
                          {"interim": True, "expected_vacancy": "2040-03-31",
                           "vacancy_reason": "end_of_term"}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert (response.json()["interim"], response.json()["expected_vacancy"],
            response.json()["risk"]) == (True, "2040-03-31", "high")

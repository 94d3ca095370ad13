"""/api/v1/mentoring: offers, requests, runs and relationships as documented; bad input is a
400 or 422 naming the field and the value, and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.core.tests.signing_in import api_as
from talentbridge.mentoring.models import Meeting
from talentbridge.mentoring.models import MentoringOffer
from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.mentoring.models import MentoringRequest
from talentbridge.mentoring.tests.factories import ask
from talentbridge.mentoring.tests.factories import mentoring_world
from talentbridge.mentoring.tests.factories import offer

pytestmark = pytest.mark.django_db
API = "/api/v1/mentoring"


@pytest.fixture
def w():
    return mentoring_world()


@pytest.mark.parametrize("capacity", [0, 11])
def test_an_offer_over_capacity_is_400_naming_the_value(client, w, capacity):
    response = api_as(client, w.mo).put(f"{API}/me/offer", {
        "capacity": capacity, "lcf_domains": [2]}, content_type="application/json")
    assert response.status_code == 400
    assert str(capacity) in str(response.json())
    assert not MentoringOffer.unscoped.exists()


def test_a_request_with_no_needs_is_refused_and_an_unknown_field_too(client, w):
    response = api_as(client, w.lena).post(f"{API}/me/requests", {"needs": []},
                                           content_type="application/json")
    assert response.status_code == 400 and "needs" in str(response.json())
    response = client.post(f"{API}/me/requests", {"needs": [2], "colour": "red"},
                           content_type="application/json")
    assert response.status_code == 422
    assert not MentoringRequest.unscoped.exists()


def test_a_run_and_its_confirmation(client, w):
    ask(w.lena_person)
    offer(w.mo_person)
    response = api_as(client, w.pm).post(f"{API}/runs", {"scope": "Y62"},
                                         content_type="application/json")
    assert response.status_code == 201, response.json()
    run = response.json()
    assert [(p["mentee_id"], p["mentor_id"]) for p in run["optimal"]] == [
        (w.lena_person.pk, w.mo_person.pk)]
    assert run["summary"]["stable"]["matched"] == 1
    response = client.post(f"{API}/runs/{run['id']}/confirm", {"method": "best"},
                           content_type="application/json")
    assert response.status_code == 422
    assert not MentoringRelationship.unscoped.exists()
    response = client.post(f"{API}/runs/{run['id']}/confirm", {"method": "stable"},
                           content_type="application/json")
    assert response.status_code == 200
    assert [r["mentee_id"] for r in response.json()] == [w.lena_person.pk]
    assert client.get(f"{API}/runs/99999").status_code == 404


def test_an_unknown_scope_is_400_naming_it(client, w):
    response = api_as(client, w.pm).get(f"{API}/requests?scope=ZZZ")
    assert response.status_code == 400 and '"ZZZ"' in str(response.json())


def test_the_relationship_hides_notes_from_the_programme_manager(client, w):
    rel = MentoringRelationship.objects.create(mentor=w.mo_person, mentee=w.lena_person,
                                               started_on=dt.date(2026, 1, 5))
    Meeting.objects.create(relationship=rel, met_on=dt.date(2026, 2, 2), notes="Private")
    body = api_as(client, w.pm).get(f"{API}/relationships/{rel.pk}").json()
    assert body["meetings"] == [{"id": body["meetings"][0]["id"], "met_on": "2026-02-02",
                                 "notes": ""}]
    client.defaults.pop("HTTP_AUTHORIZATION")
    body = api_as(client, w.lena).get(f"{API}/relationships/{rel.pk}").json()
    assert body["meetings"][0]["notes"] == "Private"
    client.defaults.pop("HTTP_AUTHORIZATION")
    assert api_as(client, w.lead).get(f"{API}/relationships/{rel.pk}").status_code == 404

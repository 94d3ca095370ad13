"""/api/v1/plans: adding, reading, changing and updating actions; bad values are 400 naming
the field and the value, with nothing changed; people one may not see are 404."""

import datetime as dt

import pytest
from django.test import Client

from talentbridge.accounts.models import ApiToken
from talentbridge.plans.models import PlanAction

from .factories import plan_world

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    _, key = ApiToken.issue(user, "plans")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_the_manager_adds_an_action_and_the_leader_records_progress():
    w = plan_world()
    due = (w.today + dt.timedelta(days=45)).isoformat()
    added = _api(w.mo).post(f"/api/v1/plans/people/{w.alice_person.pk}/actions",
                            {"title": "Present to the board", "due_on": due, "lcf_domain": 2},
                            content_type="application/json")
    assert added.status_code == 201, added.content
    action_id = added.json()["id"]
    assert added.json()["lcf_domain"] == 2 and added.json()["progress"] == "not_started"
    api = _api(w.alice)
    updated = api.post(f"/api/v1/plans/actions/{action_id}/updates",
                       {"progress": "done", "note": "Presented in March"},
                       content_type="application/json")
    assert updated.status_code == 201
    assert (updated.json()["progress"], updated.json()["percent"]) == ("done", 100)
    assert updated.json()["updates"][0]["note"] == "Presented in March"
    listed = api.get("/api/v1/plans/me/actions").json()
    assert [a["title"] for a in listed["items"]] == ["Present to the board"]
    changed = api.patch(f"/api/v1/plans/actions/{action_id}", {"title": "Present twice"},
                        content_type="application/json")
    assert changed.status_code == 200 and changed.json()["title"] == "Present twice"


def test_bad_values_are_400_naming_field_and_value_and_nothing_changes():
    w = plan_world()
    api = _api(w.alice)
    url = f"/api/v1/plans/people/{w.alice_person.pk}/actions"
    early = (w.today - dt.timedelta(days=3)).isoformat()
    response = api.post(url, {"title": "", "due_on": early}, content_type="application/json")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the action" in body and "must be on or after the plan started" in body
    assert PlanAction.objects.visible_to(w.alice).count() == 0
    added = api.post(url, {"title": "Ok", "due_on": w.today.isoformat()},
                     content_type="application/json").json()
    response = api.post(f"/api/v1/plans/actions/{added['id']}/updates",
                        {"progress": "in_progress", "percent": 140},
                        content_type="application/json")
    assert response.status_code == 400 and "(140)" in response.content.decode()
    assert PlanAction.objects.visible_to(w.alice).get().progress == "not_started"


def test_a_person_one_may_not_see_is_not_found():
    w = plan_world()
    response = _api(w.charlie).get(f"/api/v1/plans/people/{w.alice_person.pk}/actions")
    assert response.status_code == 404
    response = _api(w.charlie).post(f"/api/v1/plans/people/{w.alice_person.pk}/actions",
                                    {"title": "x", "due_on": w.today.isoformat()},
                                    content_type="application/json")
    assert response.status_code == 404

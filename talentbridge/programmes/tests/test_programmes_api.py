"""/api/v1/programmes through the test client with API tokens."""

from __future__ import annotations

import pytest

from talentbridge.core.tests.signing_in import api_as
from talentbridge.programmes.models import Application
from talentbridge.programmes.models import CohortStatus
from talentbridge.programmes.models import Score
from talentbridge.programmes.tests.factories import programme_world

API = "/api/v1/programmes"
pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return programme_world()


def test_apply_score_decide_and_read_back(client, w):
    response = api_as(client, w.alice).post(f"{API}/cohorts/{w.cohort.pk}/applications",
                                            {"statement": "I lead"},
                                            content_type="application/json")
    assert response.status_code == 201
    application_id = response.json()["id"]
    again = client.post(f"{API}/cohorts/{w.cohort.pk}/applications", {"statement": "Again"},
                        content_type="application/json")
    assert again.status_code in (400, 422)
    assert "already applied" in again.text
    first, second = w.programme.criteria.all()
    api_as(client, w.pat)
    bad = client.put(f"{API}/applications/{application_id}/scores",
                     {"scores": {str(first.pk): 4, str(second.pk): 9}},
                     content_type="application/json")
    assert bad.status_code in (400, 422)
    assert "(it was 9)" in bad.text
    assert not Score.unscoped.exists()
    ok = client.put(f"{API}/applications/{application_id}/scores",
                    {"scores": {str(first.pk): 4, str(second.pk): 2}},
                    content_type="application/json")
    assert ok.status_code == 200
    rows = api_as(client, w.pm).get(f"{API}/cohorts/{w.cohort.pk}/applications").json()
    assert [(r["person_id"], r["panel_total"], r["panel_mean"]) for r in rows] == [
        (w.alice_person.pk, 6, 3)]
    decided = client.put(f"{API}/applications/{application_id}/decision",
                         {"decision": "selected"}, content_type="application/json")
    assert decided.json()["decision"] == "selected"
    mine = api_as(client, w.alice).get(f"{API}/me/applications").json()
    assert mine[0]["place"] == "On the programme"
    assert "panel_total" not in mine[0]


def test_the_funnel_is_refused_outside_scope_and_names_no_one(client, w):
    Application.objects.create(cohort=w.cohort, person=w.alice_person, statement="S")
    w.cohort.status = CohortStatus.SELECTION
    w.cohort.save()
    assert api_as(client, w.other_analyst).get(f"{API}/{w.programme.pk}/funnel"
                                               ).status_code == 404
    rows = api_as(client, w.analyst).get(f"{API}/{w.programme.pk}/funnel").json()
    assert {r["stage"] for r in rows} >= {"Applied or nominated", "Selected"}
    assert all(c is None for r in rows for c in r["counts"])  # one applicant: withheld

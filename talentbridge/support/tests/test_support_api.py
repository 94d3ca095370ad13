"""/api/v1/support: the same services and policy as the pages, and bad input refused with a
message naming the field and the value, nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.core.tests.signing_in import api_as
from talentbridge.support.models import CheckIn
from talentbridge.support.models import Commitment
from talentbridge.support.models import PulseAnswer
from talentbridge.support.models import PulseRound
from talentbridge.support.tests.factories import make_check_in
from talentbridge.support.tests.factories import support_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return support_world()


def messages(response) -> str:
    body = response.json()
    return " ".join([body.get("detail", "")] + [e["message"] for e in body.get("errors", [])])


def test_a_regional_lead_records_a_check_in_and_reads_it_back(client, w):
    today = timezone.localdate()
    api_as(client, w.regional)
    made = client.post(f"/api/v1/support/leaders/{w.carol.pk}/check-ins", {
        "held_on": today.isoformat(), "pressure": 4, "notes": "Strain"},
        content_type="application/json")
    assert made.status_code == 201
    read = client.get(f"/api/v1/support/leaders/{w.carol.pk}").json()
    assert [c["notes"] for c in read["check_ins"]] == ["Strain"]


def test_a_check_in_outside_the_region_or_in_the_future_is_refused(client, w):
    api_as(client, w.other_regional)
    refused = client.post(f"/api/v1/support/leaders/{w.carol.pk}/check-ins", {
        "held_on": timezone.localdate().isoformat(), "pressure": 3},
        content_type="application/json")
    assert refused.status_code == 400
    assert "Carol Chief" in messages(refused) and "London" in messages(refused)
    api_as(client, w.regional)
    future = client.post(f"/api/v1/support/leaders/{w.carol.pk}/check-ins", {
        "held_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(), "pressure": 3},
        content_type="application/json")
    assert future.status_code == 400 and "in the future" in messages(future)
    assert not CheckIn.unscoped.exists()


def test_notes_are_not_read_by_a_national_lead_but_warnings_are(client, w):
    make_check_in(w.carol, timezone.localdate() - dt.timedelta(days=9), 5, notes="Private")
    make_check_in(w.carol, timezone.localdate() - dt.timedelta(days=2), 5)
    api_as(client, w.national)
    assert client.get(f"/api/v1/support/leaders/{w.carol.pk}").status_code == 404
    found = client.get("/api/v1/support/warnings").json()
    assert [x["kind"] for x in found["warnings"]] == ["high_pressure"]
    assert "Private" not in str(found)
    api_as(client, w.bob)
    assert client.get("/api/v1/support/warnings").status_code == 403


def test_a_pulse_answer_outside_the_scale_is_refused_and_nothing_saved(client, w):
    today = timezone.localdate()
    commitment = Commitment.objects.create(title="Air cover", owner="NHS England",
                                           measure="Leaders agree", due_on=today)
    PulseRound.objects.create(name="Now", opens_on=today, closes_on=today)
    api_as(client, w.carol_user)
    refused = client.post("/api/v1/support/pulse", {"answers": {str(commitment.pk): 0}},
                          content_type="application/json")
    assert refused.status_code == 400
    assert '"0" is not on the scale' in messages(refused)
    assert not PulseAnswer.unscoped.exists()
    made = client.post("/api/v1/support/pulse", {"answers": {str(commitment.pk): 5}},
                       content_type="application/json")
    assert made.status_code == 201
    assert client.get("/api/v1/support/pulse/mine").json()["answers"] == {
        str(commitment.pk): 5}
    figures = client.get("/api/v1/support/compact").json()
    assert figures[0]["reported"] is False and figures[0]["by_answer"] == []

"""The mentoring pages through Django's test client: what a leader and a programme manager
see and do, bad input named on the form with nothing changed, and notes kept to the pair."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.mentoring.models import Meeting
from talentbridge.mentoring.models import MentoringOffer
from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.mentoring.models import MentoringRequest
from talentbridge.mentoring.tests.factories import ask
from talentbridge.mentoring.tests.factories import mentoring_world
from talentbridge.mentoring.tests.factories import offer
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return mentoring_world()


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_leader_offers_with_capacity_over_ten_and_is_told_nothing_saved(client, w):
    response = signed_in(client, w.mo).post("/mentoring/offer/", {
        "support": ["mentor"], "capacity": "11", "lcf_domains": ["2"],
        "across_organisations": "yes", "active": "yes"})
    assert response.status_code == 400
    assert "10" in error_summary(response)
    assert not MentoringOffer.unscoped.exists()
    response = client.post("/mentoring/offer/", {
        "support": ["mentor", "coach"], "capacity": "2", "lcf_domains": ["2", "5"],
        "organisation_kinds": ["acute"], "across_organisations": "yes", "active": "yes"})
    assert response.status_code == 302
    saved = MentoringOffer.unscoped.get()
    assert (saved.capacity, saved.lcf_domains, saved.as_coach) == (2, [2, 5], True)


def test_a_request_without_needs_is_refused_naming_the_field(client, w):
    response = signed_in(client, w.lena).post("/mentoring/requests/new/", {
        "kind": "mentor", "wants_outside": "yes"})
    assert response.status_code == 400
    assert "Leadership Competency Framework" in error_summary(response)
    assert not MentoringRequest.unscoped.exists()


def test_the_programme_manager_runs_compares_and_confirms_then_the_mentee_sees_her_mentor(
        client, w):
    ask(w.lena_person)
    offer(w.mo_person)
    page = page_text(signed_in(client, w.pm).get("/mentoring/matching/"))
    assert "Lena" in page and "Mo" in page
    response = client.post("/mentoring/matching/", {"scope": "Y62"})
    assert response.status_code == 302
    run_page = page_text(client.get(response["Location"]))
    assert "Stable matching" in run_page and "Highest total score" in run_page
    assert "0 pairs differ" in run_page
    response = client.post(response["Location"] + "confirm/", {"method": "optimal"})
    assert response.status_code == 302
    assert "1 pair is confirmed" in page_text(client.get(response["Location"]))
    home = page_text(signed_in(client, w.lena).get("/mentoring/"))
    assert "Mo Test" in home or w.mo_person.full_name in home


def test_an_unknown_run_or_relationship_is_not_found(client, w):
    assert signed_in(client, w.pm).get("/mentoring/matching/runs/999/").status_code == 404
    assert client.get("/mentoring/relationships/999/").status_code == 404


def test_meeting_notes_are_for_the_pair_only(client, w):
    rel = MentoringRelationship.objects.create(mentor=w.mo_person, mentee=w.lena_person,
                                               started_on=dt.date(2026, 1, 5))
    response = signed_in(client, w.lena).post(f"/mentoring/relationships/{rel.pk}/meetings/", {
        "met_on_day": "2", "met_on_month": "2", "met_on_year": "2026", "notes": "Board nerves"})
    assert response.status_code == 302
    assert Meeting.unscoped.get().notes == "Board nerves"
    assert "Board nerves" in page_text(signed_in(client, w.mo).get(
        f"/mentoring/relationships/{rel.pk}/"))
    pm_page = page_text(signed_in(client, w.pm).get(f"/mentoring/relationships/{rel.pk}/"))
    assert "2 February 2026" in pm_page and "Board nerves" not in pm_page
    assert signed_in(client, w.lead).get(f"/mentoring/relationships/{rel.pk}/").status_code == 404
    assert signed_in(client, w.mia).get(f"/mentoring/relationships/{rel.pk}/").status_code == 404


def test_a_meeting_before_the_start_is_refused_and_nothing_saved(client, w):
    rel = MentoringRelationship.objects.create(mentor=w.mo_person, mentee=w.lena_person,
                                               started_on=dt.date(2026, 1, 5))
    response = signed_in(client, w.lena).post(f"/mentoring/relationships/{rel.pk}/meetings/", {
        "met_on_day": "1", "met_on_month": "1", "met_on_year": "2026"})
    assert response.status_code == 400
    assert "1 January 2026 is not" in error_summary(response)
    assert not Meeting.unscoped.exists()


def test_a_talent_lead_has_no_mentoring(client, w):
    assert signed_in(client, w.lead).get("/mentoring/").status_code == 403
    assert client.get("/mentoring/matching/").status_code == 403

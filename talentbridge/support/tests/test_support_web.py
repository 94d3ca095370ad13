"""The support pages through Django's test client: what each user sees, the forms with their
error messages, and that a refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.core.tests.paging import two_pages
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import page_text
from talentbridge.succession.tests.factories import make_post
from talentbridge.support import views
from talentbridge.support.models import CheckIn
from talentbridge.support.models import Commitment
from talentbridge.support.models import OfferKind
from talentbridge.support.models import OfferStatus
from talentbridge.support.models import PulseAnswer
from talentbridge.support.models import PulseRound
from talentbridge.support.models import SupportOffer
from talentbridge.support.tests.factories import make_check_in
from talentbridge.support.tests.factories import make_offer

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_the_regional_lead_sees_a_warning_and_the_leaders_page(client, w):
    make_check_in(w.carol, today() - dt.timedelta(days=20), 5, notes="Private words")
    make_check_in(w.carol, today() - dt.timedelta(days=10), 4)
    client.force_login(w.regional)
    text = page_text(client.get("/support/"))
    assert "High pressure at two check-ins in a row" in text
    assert "Carol Chief reported pressure of 5" in text
    leader = page_text(client.get(f"/support/leaders/{w.carol.pk}/"))
    assert "Private words" in leader and "Record a check-in" in leader


def test_others_never_see_the_notes(client, w):
    make_check_in(w.carol, today(), 3, notes="Private words")
    for user in (w.national, w.admin, w.bob, w.other_regional, w.nina_user):
        client.force_login(user)
        response = client.get(f"/support/leaders/{w.carol.pk}/")
        assert response.status_code == 404, user
        assert "Private words" not in response.content.decode()
    client.force_login(w.carol_user)
    assert "Private words" in page_text(client.get("/support/me/"))


def test_recording_a_check_in_through_the_form(client, w):
    client.force_login(w.regional)
    response = client.post(f"/support/leaders/{w.carol.pk}/check-ins/new/", {
        **date_fields("held_on", today()), "pressure": "4", "support_wanted": "Air cover",
        "notes": "Hard winter"})
    assert response.status_code == 302
    assert CheckIn.unscoped.get().support_wanted == "Air cover"


def test_a_check_in_in_the_future_shows_the_error_and_saves_nothing(client, w):
    client.force_login(w.regional)
    tomorrow = today() + dt.timedelta(days=1)
    response = client.post(f"/support/leaders/{w.carol.pk}/check-ins/new/", {
        **date_fields("held_on", tomorrow), "pressure": "3"})
    assert response.status_code == 400
    assert "is in the future" in error_summary(response)
    assert not CheckIn.unscoped.exists()


def test_a_check_in_outside_the_region_names_the_person_and_region(client, w):
    client.force_login(w.other_regional)
    response = client.post(f"/support/leaders/{w.carol.pk}/check-ins/new/", {
        **date_fields("held_on", today()), "pressure": "3"})
    assert response.status_code == 400
    summary = error_summary(response)
    assert "Carol Chief" in summary and "London" in summary and "North West" in summary
    assert not CheckIn.unscoped.exists()


def test_an_offer_taken_up_through_the_form_clears_the_mentor_warning(client, w):
    w.ceo.started_on = today() - dt.timedelta(days=120)
    w.ceo.save(update_fields=["started_on"])
    client.force_login(w.regional)
    assert "New chief executive without a mentor or coach" in page_text(client.get("/support/"))
    response = client.post(f"/support/leaders/{w.carol.pk}/offers/new/", {
        "kind": "coaching", **date_fields("offered_on", today()), "status": "taken_up",
        **date_fields("answered_on", today())})
    assert response.status_code == 302
    assert "New chief executive without" not in page_text(client.get("/support/"))


def test_the_leader_takes_up_an_offer_on_their_page(client, w):
    offer = make_offer(w.carol, OfferKind.PASTORAL, today())
    client.force_login(w.carol_user)
    assert "Pastoral support" in page_text(client.get("/support/me/"))
    client.post(f"/support/offers/{offer.pk}/answer/", {"status": "declined"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    client.force_login(w.nina_user)
    assert client.post(f"/support/offers/{offer.pk}/answer/",
                       {"status": "taken_up"}).status_code == 404


def test_the_leaders_list_pages(client, w, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(2):
        make_post(w.rj2, incumbent=make_person(w.rj2))
    client.force_login(w.regional)
    two_pages(client, "/support/leaders/", 3, "leaders")


@pytest.fixture
def pulse(w):
    w.commitment = Commitment.objects.create(title="Time and space to lead",
                                             owner="NHS England", measure="Leaders agree",
                                             due_on=dt.date(2027, 3, 31))
    return PulseRound.objects.create(name="Spring", opens_on=today(),
                                     closes_on=today() + dt.timedelta(days=14))


def test_a_leader_answers_the_pulse_and_sees_only_their_answer(client, w, pulse):
    client.force_login(w.carol_user)
    field = f"commitment_{w.commitment.pk}"
    refused = client.post("/support/compact/pulse/", {field: "9"})
    assert refused.status_code == 400
    assert '"9" is not on the scale' in error_summary(refused)
    assert not PulseAnswer.unscoped.exists()
    client.post("/support/compact/pulse/", {field: "2"})
    assert "Disagree" in page_text(client.get("/support/compact/pulse/"))
    text = page_text(client.get("/support/compact/"))
    assert "Not reported" in text  # one answer of 11 needed


def test_the_compact_page_and_its_download(client, w, pulse):
    client.force_login(w.analyst)
    text = page_text(client.get("/support/compact/"))
    assert "Time and space to lead" in text and "Add a commitment" not in text
    download = client.get(f"/support/compact/download.csv?round={pulse.pk}")
    assert download.status_code == 200
    assert b"Time and space to lead" in download.content
    client.force_login(w.alice)
    assert client.get("/support/compact/").status_code == 403


def test_a_national_lead_adds_a_commitment(client, w):
    client.force_login(w.national)
    response = client.post("/support/compact/commitments/new/", {
        "title": "Air cover for difficult decisions", "owner": "NHS England", "region": "",
        "measure": "Leaders agree in the pulse", **date_fields("due_on", dt.date(2027, 3, 31)),
        "status": "met", "evidence": ""})
    assert response.status_code == 400
    assert "Give the evidence" in error_summary(response)
    assert not Commitment.objects.exists()


def test_support_is_in_my_profile_for_a_leader_without_a_board_post(client, w):
    client.force_login(w.alice)
    assert "You do not hold a board post" in page_text(client.get("/support/me/"))


def test_waiting_work_on_the_home_page(client, w, pulse):
    make_offer(w.carol, OfferKind.MENTOR, today())
    client.force_login(w.carol_user)
    text = page_text(client.get("/"))
    assert "Support offered to you to answer" in text
    assert "Leadership compact pulse to answer: Spring" in text
    client.force_login(w.regional)
    assert "Leader due a check-in" in page_text(client.get("/"))
    assert SupportOffer.unscoped.count() == 1


def test_a_national_lead_sees_englands_warnings_and_counts_and_others_are_refused(client, w):
    client.force_login(w.national)
    text = page_text(client.get("/support/"))
    assert "Left by mutual agreement within two years of starting" in text
    assert "England" in text and "London" in text and "North West" in text
    assert "Chief executives and board members in your region" not in text
    client.force_login(w.analyst)
    assert client.get("/support/").url == "/support/compact/"
    client.force_login(w.orla)
    assert client.get("/support/").status_code == 403
    assert client.get("/support/leaders/").status_code == 403

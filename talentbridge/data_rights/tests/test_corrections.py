"""Corrections (Article 16): the person asks, the right administrators are told and deal with
it within one month, the person is told the outcome; web and API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.data_rights import corrections
from talentbridge.data_rights.models import CorrectionRequest
from talentbridge.data_rights.models import CorrectionStatus
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_text

from .test_export import unzip
from .world import add_staff

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def w():
    w = make_world()
    add_staff(w)
    w.alice.email = "alice@example.nhs.uk"
    w.alice.save()
    return w


def ask(w, area="work_email", wanted="alice.ashworth@nhs.net", **values):
    return corrections.request_correction(w.alice, area=area, requested_correction=wanted,
                                          **values)


def post(client, user, path, body):
    """A change through the API, with a read and write token of the user's."""
    _, key = ApiToken.issue(user, "tests", scopes=["read", "write"])
    client.force_login(user)
    return client.post(API + path, data=json.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.parametrize(("asked", "due"), [
    (dt.date(2026, 3, 15), dt.date(2026, 4, 15)),
    (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
    (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
    (dt.date(2026, 12, 20), dt.date(2027, 1, 20)),
])
def test_a_request_is_due_one_month_later(asked, due):
    assert corrections.one_month_after(asked) == due


def test_asking_records_what_it_says_now_and_tells_her_organisation_administrators(w):
    request = ask(w)
    assert request.current_value == w.alice_person.work_email
    assert request.organisation == w.rj1
    assert request.status == CorrectionStatus.OPEN
    assert request.due_on == corrections.one_month_after(request.created_at.date())
    assert [m.to for m in mail.outbox] == [["olga@example.nhs.uk"]]
    assert "Alice Ashworth" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action=AuditAction.CREATE,
                                     target_type="data_rights.correctionrequest").exists()


def test_an_organisation_without_administrators_sends_it_to_the_administrators(w):
    request = corrections.request_correction(w.charlie, area="job_title",
                                             requested_correction="Chief Nurse")
    assert request.organisation == w.rx1
    assert [m.to for m in mail.outbox] == [["oscar@example.nhs.uk"]]
    w.oscar.role_assignments.update(role=Role.ANALYST)
    mail.outbox.clear()
    corrections.request_correction(w.charlie, area="job_title", requested_correction="Nurse")
    assert [m.to for m in mail.outbox] == [["admin@example.nhs.uk"]]


def test_bad_values_are_named_and_nothing_is_written(w):
    with pytest.raises(ValidationError) as error:
        ask(w, area="salary", wanted="  ")
    assert '"salary" is not one of the things you can ask to correct' in str(error.value)
    assert "Enter what it should say" in str(error.value)
    with pytest.raises(ValidationError, match="2000 characters or fewer"):
        ask(w, wanted="x" * 2001)
    assert not CorrectionRequest.objects.visible_to(w.admin).exists()
    assert mail.outbox == []


def test_staff_without_a_profile_cannot_ask(w):
    with pytest.raises(PermissionDenied):
        corrections.request_correction(w.olga, area="name", requested_correction="Olga")


def test_the_queue_holds_only_the_requests_each_administrator_deals_with(w):
    request = ask(w)
    charlie_request = corrections.request_correction(w.charlie, area="name",
                                                     requested_correction="Charles Carter")
    assert list(corrections.queue(w.olga)) == [request]
    assert list(corrections.queue(w.oscar)) == [charlie_request]
    assert set(corrections.queue(w.admin)) == {request, charlie_request}
    for user in (w.alice, w.bob, w.charlie):
        with pytest.raises(PermissionDenied):
            corrections.queue(user)
    with pytest.raises(corrections.CorrectionNotFound):
        corrections.get_correction(w.oscar, request.pk)
    with pytest.raises(corrections.CorrectionNotFound):
        corrections.get_correction(w.bob, request.pk)  # her talent lead


def test_refusing_needs_a_reason_and_she_is_told(w):
    request = ask(w)
    with pytest.raises(ValidationError, match="Enter the reason for refusing"):
        corrections.resolve(w.olga, request, status="refused", response=" ")
    request.refresh_from_db()
    assert request.status == CorrectionStatus.OPEN
    mail.outbox.clear()
    corrections.resolve(w.olga, request, status="refused",
                        response="Your e-mail address comes from the staff record: ask HR")
    request.refresh_from_db()
    assert (request.status, request.resolved_by) == (CorrectionStatus.REFUSED, w.olga)
    assert request.resolved_at is not None
    assert [m.to for m in mail.outbox] == [["alice@example.nhs.uk"]]
    assert "was refused" in mail.outbox[0].body and "ask HR" in mail.outbox[0].body
    with pytest.raises(ValidationError, match='already "Refused"'):
        corrections.resolve(w.admin, request, status="done")


def test_in_progress_then_done(w):
    request = ask(w)
    mail.outbox.clear()
    corrections.resolve(w.olga, request, status="in_progress")
    assert mail.outbox == []  # told only of the outcome
    corrections.resolve(w.olga, request, status="done", response="Changed in the record")
    request.refresh_from_db()
    assert request.status == CorrectionStatus.DONE
    assert "has been corrected" in mail.outbox[0].body
    assert list(corrections.queue(w.olga)) == []
    assert list(corrections.queue(w.olga, resolved=True)) == [request]


def test_nobody_deals_with_their_own_request(w):
    olga_person = w.charlie_person  # olga is also a leader at RJ1 with a request of her own
    olga_person.user = w.olga
    olga_person.organisation = w.rj1
    olga_person.save()
    own = corrections.request_correction(w.olga, area="name", requested_correction="Olga Orr")
    assert list(corrections.queue(w.olga)) == []
    with pytest.raises(PermissionDenied):
        corrections.resolve(w.olga, own, status="done")
    assert corrections.get_correction(w.olga, own.pk) == own  # she still sees it as hers


def test_overdue_requests_are_marked_in_the_queue(client, w):
    request = ask(w)
    CorrectionRequest.unscoped.filter(pk=request.pk).update(due_on=dt.date(2020, 1, 1))
    client.force_login(w.olga)
    text = page_text(client.get("/my-data/corrections/queue/"))
    assert "Alice Ashworth" in text and "Overdue" in text


def test_the_person_asks_and_follows_her_requests_on_the_web(client, w):
    client.force_login(w.alice)
    response = client.post("/my-data/corrections/", {
        "area": "organisation", "requested_correction": "I moved to Lewisham and Greenwich"})
    assert response.status_code == 302
    text = page_text(client.get("/my-data/corrections/"))
    assert "My employing organisation" in text and "Open" in text
    response = client.post("/my-data/corrections/", {"area": "", "requested_correction": ""})
    assert "Select what is wrong" in error_summary(response)
    assert "Enter what it should say" in error_summary(response)


def test_the_administrator_resolves_on_the_web(client, w):
    request = ask(w)
    client.force_login(w.olga)
    page = page_text(client.get(f"/my-data/corrections/{request.pk}/"))
    assert w.alice_person.work_email in page and "Deal with it" in page
    response = client.post(f"/my-data/corrections/{request.pk}/", {"status": "refused"})
    assert "Enter the reason for refusing" in error_summary(response)
    response = client.post(f"/my-data/corrections/{request.pk}/",
                           {"status": "done", "response": "Corrected"})
    assert response.status_code == 302
    client.force_login(w.alice)
    page = page_text(client.get(f"/my-data/corrections/{request.pk}/"))
    assert "Corrected" in page and "Deal with it" not in page
    assert client.post(f"/my-data/corrections/{request.pk}/",
                       {"status": "done"}).status_code == 403


def test_the_api_for_both_sides(client, w):
    response = post(client, w.alice, "/people/me/corrections",
                    {"area": "job_title", "requested_correction": "Chief Operating Officer"})
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["current_value"] == w.alice_person.job_title
    assert created["organisation"] == "RJ1" and created["overdue"] is False
    assert [c["id"] for c in client.get(f"{API}/people/me/corrections").json()] == [
        created["id"]]
    bad = post(client, w.alice, "/people/me/corrections", {"area": "salary",
                                                           "requested_correction": "x"})
    assert bad.status_code == 422
    client.force_login(w.olga)
    assert [c["id"] for c in client.get(f"{API}/corrections").json()] == [created["id"]]
    client.force_login(w.oscar)
    assert client.get(f"{API}/corrections").json() == []
    assert client.get(f"{API}/corrections/{created['id']}").status_code == 404
    client.force_login(w.alice)
    assert client.get(f"{API}/corrections").status_code == 403


def test_the_api_resolves_with_a_token(client, w):
    request = ask(w)
    refused = post(client, w.olga, f"/corrections/{request.pk}/resolve", {"status": "refused"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "response"
    done = post(client, w.olga, f"/corrections/{request.pk}/resolve",
                {"status": "done", "response": "Changed"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"


def test_her_requests_are_in_her_export(client, w):
    ask(w)
    client.force_login(w.alice)
    response = client.get(f"{API}/people/me/export")
    assert response.status_code == 200
    data, _ = unzip(response)
    assert data["correction requests"][0]["what it should say"] == "alice.ashworth@nhs.net"


def test_the_your_data_page_offers_each_what_they_may_use(client, w):
    client.force_login(w.alice)
    text = page_text(client.get("/my-data/"))
    assert "Download my data" in text and "ask for a correction" in text
    assert "Correction requests you deal with" not in text
    client.force_login(w.olga)
    text = page_text(client.get("/my-data/"))
    assert "You have no leader's profile" in text
    assert "Correction requests you deal with" in text
    assert client.get("/my-data/corrections/").status_code == 404  # nothing of hers to correct

"""The conversations part of /api/v1/talent: conversations (private notes only for the person
and the holder), readiness levels, assessments (rounds, invitations, ratings, the rater's
token, the summary) and talent search, with JSON errors naming the field and the value."""

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.utils import timezone

from talentbridge.accounts.models import ApiToken
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import all_ratings
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.conversations.tests.factories import record_values
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import DomainRating
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import TalentProfile

API = "/api/v1/talent"
NOTES = "Mentioned caring responsibilities; keep travel modest"


@pytest.fixture
def w(db):
    return conversation_world()


def auth(user) -> dict:
    _, key = ApiToken.issue(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def send(client, method, url, body=None, headers=None):
    return getattr(client, method)(url, data=json.dumps(body or {}),
                                   content_type="application/json", **(headers or {}))


def errors(response) -> dict:
    body = response.json()
    assert body["detail"]
    return {e["field"]: e for e in body["errors"]}


def _record_body(**overrides) -> dict:
    today = timezone.localdate()
    body = {
        "held_on": (today - dt.timedelta(days=2)).isoformat(),
        "impact_level": "exceptional", "growth_category": "breadth",
        "aspiration_role": "Chief Operating Officer", "readiness": "ready_now",
        "open_to_other_organisations": True, "travel_reach": "system",
        "development_needs": [2], "development_plan": "System role shadowing",
        "next_review_on": (today + dt.timedelta(days=90)).isoformat(),
        "private_notes": NOTES, "record": True,
    }
    body.update(overrides)
    return body


def test_a_line_manager_records_through_the_api(client, w):
    headers = auth(w.mo)
    response = send(client, "post", f"{API}/people/{w.alice_person.pk}/conversations",
                    _record_body(), headers)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "recorded" and body["private_notes"] == NOTES
    assert body["person"]["full_name"] == "Alice Ashworth" and body["held_by"] == "mo"
    profile = TalentProfile.unscoped.get(person=w.alice_person)
    assert profile.readiness.code == "ready_now" and profile.development_needs == [2]
    patched = send(client, "patch", f"{API}/conversations/{body['id']}",
                   {"aspiration_role": "Chief Executive"}, headers)
    assert patched.status_code == 200
    assert TalentProfile.unscoped.get(person=w.alice_person).aspiration_role == "Chief Executive"
    reflection = send(client, "patch", f"{API}/conversations/{body['id']}",
                      {"individual_reflection": "Mine"}, auth(w.alice))
    assert reflection.status_code == 200 and reflection.json()["individual_reflection"] == "Mine"


def test_private_notes_through_the_api(client, w):
    conversation = conversation_services.start_conversation(
        w.mo, w.alice_person, record_values(w, private_notes=NOTES), record_now=True)
    for reader, notes in ((w.alice, NOTES), (w.mo, NOTES), (w.bob, None), (w.admin, None)):
        one = client.get(f"{API}/conversations/{conversation.pk}", **auth(reader))
        assert one.status_code == 200 and one.json()["private_notes"] == notes, reader
        assert NOTES not in one.content.decode() or notes == NOTES
        listed = client.get(f"{API}/people/{w.alice_person.pk}/conversations", **auth(reader))
        assert [c["private_notes"] for c in listed.json()] == [notes]
    for stranger in (w.charlie, w.sybil, w.analyst):
        assert client.get(f"{API}/conversations/{conversation.pk}",
                          **auth(stranger)).status_code == 404
        assert client.get(f"{API}/people/{w.alice_person.pk}/conversations",
                          **auth(stranger)).status_code == 404


def test_a_browser_session_may_read_but_not_write(client, w):
    client.force_login(w.mo)
    response = send(client, "post", f"{API}/people/{w.alice_person.pk}/conversations",
                    _record_body())
    assert response.status_code == 401
    assert client.get(f"{API}/readiness-levels").status_code == 200


@pytest.mark.parametrize("field,value,status,message", [
    ("readiness", "soon", 400, 'Readiness "soon" is not one of the readiness levels'),
    ("development_needs", [2, 9], 400, '"9" is not an LCF domain'),
    ("next_review_on", "2020-01-01", 400, "Next review date (1 January 2020) must be today"),
    ("private_notes", "x" * 5001, 422, "at most 5000 characters"),
    ("impact_level", "huge", 400, 'Impact "huge" is not one of the options'),
    ("colour", "blue", 422, '"colour" is not a field you can send here'),
])
def test_bad_input_is_named_and_changes_nothing(client, w, field, value, status, message):
    response = send(client, "post", f"{API}/people/{w.alice_person.pk}/conversations",
                    _record_body(**{field: value}), auth(w.mo))
    assert response.status_code == status, response.json()
    error = errors(response)[field]
    assert message in error["message"]
    assert error["value"] == (value if len(str(value)) <= 100 else error["value"])
    assert not CareerConversation.unscoped.exists() and not TalentProfile.unscoped.exists()


def test_who_may_write(client, w):
    conversation = conversation_services.start_conversation(
        w.mo, w.alice_person, record_values(w), record_now=True)
    assert send(client, "patch", f"{API}/conversations/{conversation.pk}",
                {"aspiration_role": "CEO"}, auth(w.bob)).status_code == 403
    assert send(client, "patch", f"{API}/conversations/{conversation.pk}",
                {"individual_reflection": "x"}, auth(w.mo)).status_code == 403
    assert send(client, "post", f"{API}/people/{w.alice_person.pk}/conversations",
                _record_body(), auth(w.admin)).status_code == 403
    assert send(client, "post", f"{API}/people/{w.alice_person.pk}/conversations",
                _record_body(), auth(w.charlie)).status_code == 404


def test_readiness_levels(client, w):
    listed = client.get(f"{API}/readiness-levels", **auth(w.alice)).json()
    assert [r["code"] for r in listed][:3] == ["ready_now", "1_2_years", "3_plus_years"]
    response = send(client, "patch", f"{API}/readiness-levels/ready_now",
                    {"label": "Ready for a move now"}, auth(w.admin))
    assert response.status_code == 200 and response.json()["label"] == "Ready for a move now"
    assert send(client, "patch", f"{API}/readiness-levels/ready_now", {"label": "x"},
                auth(w.bob)).status_code == 403
    response = send(client, "post", f"{API}/readiness-levels",
                    {"code": "ready_now", "label": "Again", "order": 9}, auth(w.admin))
    assert response.status_code == 400
    assert errors(response)["code"]["value"] == "ready_now"
    assert send(client, "patch", f"{API}/readiness-levels/nope", {"label": "x"},
                auth(w.admin)).status_code == 404
    assert ReadinessLevel.objects.get(code="ready_now").label == "Ready for a move now"


def test_an_assessment_through_the_api(client, w):
    closes = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = send(client, "post", f"{API}/people/{w.alice_person.pk}/assessments",
                    {"closes_on": closes}, auth(w.mo))
    assert response.status_code == 201, response.json()
    round_id = response.json()["id"]
    invited = send(client, "post", f"{API}/assessments/{round_id}/invitations",
                   {"invitations": [{"email": f"r{i}@example.nhs.uk", "rater_kind": "peer"}
                                    for i in range(3)]}, auth(w.mo))
    assert invited.status_code == 201
    assert invited.json() == {"invited": 3, "awaiting_approval": 0}
    assert "token" not in invited.content.decode()
    tokens = [re.search(r"/talent/rate/([\w-]+)/", m.body).group(1) for m in mail.outbox]
    form = client.get(f"{API}/rater/{tokens[0]}")
    assert form.status_code == 200 and form.json()["person"] == "Alice Ashworth"
    for token in tokens:
        done = send(client, "post", f"{API}/rater/{token}", {"ratings": all_ratings(
            "almost_always")})
        assert done.status_code == 201
    again = send(client, "post", f"{API}/rater/{tokens[0]}", {"ratings": all_ratings()})
    assert again.status_code == 410 and "only be used once" in again.json()["detail"]
    assert send(client, "put", f"{API}/assessments/{round_id}/self",
                {"ratings": all_ratings("frequently")}, auth(w.alice)).status_code == 200
    assert send(client, "put", f"{API}/assessments/{round_id}/line-manager",
                {"ratings": all_ratings("occasionally")}, auth(w.mo)).status_code == 200
    # Open: nothing from the raters, not even how many answered, for anyone.
    summary = client.get(f"{API}/assessments/{round_id}/summary", **auth(w.bob)).json()
    assert {d["others"] for d in summary} == {"after_close"}
    assert summary[0]["others_band"] is None and summary[0]["self_minus_manager"] == 1
    got = client.get(f"{API}/assessments/{round_id}", **auth(w.alice)).json()
    assert got["invited"] == 3 and got["answered"] is None and got["is_open"]
    closed = send(client, "post", f"{API}/assessments/{round_id}/close", None, auth(w.alice))
    assert closed.status_code == 200 and closed.json()["answered"] == 3
    assert not closed.json()["is_open"] and closed.json()["status"] == "closed"
    summary = client.get(f"{API}/assessments/{round_id}/summary", **auth(w.bob)).json()
    assert summary[0]["others"] == "shown" and summary[0]["others_band"] == 4
    assert summary[0]["others_label"] == "Almost always"
    assert "others_average" not in summary[0] and "others_scored" not in summary[0]
    assert summary[0]["self_minus_others"] == -1 and summary[0]["self_minus_manager"] == 1
    assert summary[0]["is_strength"]
    assert TalentProfile.unscoped.get(person=w.alice_person).strengths == [1, 2, 3, 4, 5, 6]
    assert client.get(f"{API}/people/{w.alice_person.pk}/assessments",
                      **auth(w.charlie)).status_code == 404


def test_a_rating_outside_the_scale_through_the_api(client, w):
    r = AssessmentRound.objects.create(person=w.alice_person, opened_by=w.mo,
                                       opened_on=timezone.localdate(),
                                       closes_on=timezone.localdate())
    response = send(client, "put", f"{API}/assessments/{r.pk}/self",
                    {"ratings": all_ratings(d4="always", d7="frequently")}, auth(w.alice))
    assert response.status_code == 400
    found = errors(response)
    assert found["ratings.4"]["value"] == "always"
    assert '"always" is not on the LCF scale for domain 4' in found["ratings.4"]["message"]
    assert '"7" is not an LCF domain' in found["ratings.7"]["message"]
    assert not DomainRating.unscoped.exists()
    unknown = send(client, "post", f"{API}/rater/not-a-token", {"ratings": all_ratings()})
    assert unknown.status_code == 410 and "not valid" in unknown.json()["detail"]


def test_search_through_the_api(client, w):
    from talentbridge.opportunities.services import save_preferences

    conversation_services.start_conversation(w.mo, w.alice_person, record_values(w),
                                             record_now=True)
    save_preferences(w.alice, {"travel_reach": "region"})  # mobility is the leader's own
    response = client.get(f"{API}/search", {"readiness": "1_2_years", "development_needs": [3, 4],
                                            "travel_reach_at_least": "system"}, **auth(w.bob))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["full_name"] == "Alice Ashworth" and item["organisation"] == "RJ1"
    assert item["development_needs"] == [3, 4] and item["readiness"] == "1_2_years"
    assert client.get(f"{API}/search", {"readiness": "1_2_years"},
                      **auth(w.analyst)).json()["count"] == 0
    bad = client.get(f"{API}/search", {"readiness": "soon", "organisation": "ZZ9"},
                     **auth(w.bob))
    assert bad.status_code == 400
    assert errors(bad)["readiness"]["value"] == ["soon"]
    assert errors(bad)["organisation"]["value"] == "ZZ9"
    assert client.get(f"{API}/search", {"strengths": "x"}, **auth(w.bob)).status_code == 422


def test_reminding_raters_by_api(client, w):
    closes = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    round_id = send(client, "post", f"{API}/people/{w.alice_person.pk}/assessments",
                    {"closes_on": closes}, auth(w.mo)).json()["id"]
    send(client, "post", f"{API}/assessments/{round_id}/invitations",
         {"invitations": [{"email": "r@example.nhs.uk", "rater_kind": "peer"}]}, auth(w.mo))
    early = send(client, "post", f"{API}/assessments/{round_id}/reminders", None, auth(w.mo))
    assert early.status_code == 400 and "less than a day ago" in str(early.json()["errors"])
    Assessment.unscoped.update(invited_at=timezone.now() - dt.timedelta(days=2))
    mail.outbox.clear()
    sent = send(client, "post", f"{API}/assessments/{round_id}/reminders", None, auth(w.mo))
    assert sent.status_code == 201 and set(sent.json()) == {"detail", "reminded_at"}
    assert "everyone invited who had not answered yet" in sent.json()["detail"]
    assert "r@example.nhs.uk" not in sent.content.decode() and len(mail.outbox) == 1
    refused = send(client, "post", f"{API}/assessments/{round_id}/reminders", None,
                   auth(w.analyst))
    assert refused.status_code in (403, 404)

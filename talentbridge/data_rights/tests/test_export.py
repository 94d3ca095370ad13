"""Download my data: one ZIP of everything held about the signed-in person, as they may see it,
and only ever about them."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.data_rights import export
from talentbridge.notifications.services import notify
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations.tests.factories import all_ratings

from .world import BOB_NOTES
from .world import PRIVATE_NOTES
from .world import REFLECTION
from .world import add_bulk_data
from .world import rights_world

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/people/me/export"


@pytest.fixture
def w():
    return rights_world()


def unzip(response) -> tuple[dict, str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["data.json", "index.html"]
    return (json.loads(archive.read("data.json")), archive.read("index.html").decode())


def download(client, user, path=EXPORT):
    client.force_login(user)
    return unzip(client.get(path))


def test_the_zip_holds_every_section_of_the_persons_data(client, w):
    data, _ = download(client, w.alice)
    assert data["profile"]["NHS e-mail address"] == w.alice_person.work_email
    assert data["profile"]["NHS identifier"] == "ESR-0001"
    assert data["profile"]["line manager"] == "Mo Manager"
    assert data["protected characteristics"]["date of birth"] == "1980-05-17"
    assert data["career history"][0]["role"] == "Deputy Director of Operations"
    assert data["career history"][0]["started"] == "2019-04-01"
    assert data["talent profile"]["next role wanted"] == "Director of Nursing"
    assert [r["review"] for r in data["talent review placements"]] == [
        "RJ1 annual talent review"]
    assert data["talent review placements"][0]["rationale"] == \
        "Led the winter plan across two sites"
    assert data["talent pool memberships"][0]["pool"] == "Aspiring directors"
    assert data["opportunity interests"][0]["opportunity"] == \
        "Chief operating officer secondment"
    assert data["opportunity placements"][0]["home organisation's reason"] == \
        "Supported by her director"
    assert data["correction requests"] == []


def test_the_zip_holds_the_messages_sent_to_her_and_no_one_elses(client, w):
    notify(kind="approval", subject="Your placement was approved", body="Well done",
           to_user=w.alice, link="/opportunities/")
    notify(kind="approval", subject="Bob's own message", body="For Bob", to_user=w.bob)
    data, html = download(client, w.alice)
    subjects = [n["subject"] for n in data["notifications"]]
    assert "Your placement was approved" in subjects
    assert "Bob's own message" not in subjects
    assert "Messages sent to me" in html and "Your placement was approved" in html


def test_the_zip_holds_her_conversations_as_she_may_see_them(client, w):
    data, html = download(client, w.alice)
    conversations = data["career conversations"]
    assert len(conversations) == 2
    recorded = next(c for c in conversations if c["held by"] == "Mo Manager")
    assert recorded["my reflection"] == REFLECTION
    assert recorded["private notes"] == PRIVATE_NOTES  # the person sees her own notes
    assert recorded["held on"].count("-") == 2  # ISO date
    assert any(c.get("private notes") == BOB_NOTES for c in conversations)
    assert REFLECTION in html


def test_assessments_are_only_the_aggregates_the_360_rules_publish(client, w):
    data, _ = download(client, w.alice)
    (assessment,) = data["assessments"]
    assert assessment["status"] == "Open"
    domains = assessment["domains"]
    assert len(domains) == 6
    assert all(d["others' result"] == "Shown after the assessment closes" for d in domains)
    assert domains[0]["my answer"].startswith("Frequently")
    assert "invited" in assessment["raters"]


def test_the_zip_lists_who_viewed_her_record_but_not_her_own_looks(client, w):
    data, html = download(client, w.alice)
    viewers = data["who viewed my record"]
    assert viewers, "bob's look at her profile is listed"
    assert any("Organisation talent lead" in role for v in viewers for role in v["roles"])
    assert all("name" not in v for v in viewers)  # names are off by default
    assert "Who has looked at my record" in html
    own = AuditEvent.objects.filter(actor=w.alice, action=AuditAction.VIEW).count()
    assert own > 0 and len(viewers) < own + 5  # her own looks are not in the list


def test_the_readable_page_has_a_heading_and_table_per_section(client, w):
    _, html = download(client, w.alice)
    for _, title, _ in export.SECTIONS:
        assert f"<h2>{title}</h2>" in html
    assert "<table>" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]


def test_the_export_is_audited_as_an_export_of_her_record(client, w):
    download(client, w.alice)
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert event.actor == w.alice
    assert (event.target_type, event.target_id) == ("people.person", str(w.alice_person.pk))


def test_the_web_button_gives_the_same_zip(client, w):
    client.force_login(w.alice)
    page = client.get("/my-data/")
    assert "Download my data" in page.content.decode()
    data, _ = unzip(client.get("/my-data/download/"))
    assert data["profile"]["given name"] == "Alice"


@pytest.mark.parametrize("who", ["bob", "mo", "charlie"])
def test_anyone_else_gets_only_their_own_data(client, w, who):
    """Her talent lead, her line manager and an outsider: each download is about the caller
    and never holds her data."""
    data, html = download(client, getattr(w, who))
    assert data["about this file"]["person id"] == getattr(w, f"{who}_person").pk
    text = json.dumps(data)
    for secret in (REFLECTION, PRIVATE_NOTES, "ESR-0001", "1980-05-17",
                   w.alice_person.work_email):
        assert secret not in text and secret not in html


@pytest.mark.parametrize("who", ["admin", "olga", "sybil"])
def test_staff_without_a_profile_have_no_export(client, w, who):
    client.force_login(getattr(w, who))
    assert client.get(EXPORT).status_code == 404
    assert client.get("/my-data/download/").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_signed_out_gets_401_and_the_web_asks_to_sign_in(client, w):
    assert client.get(EXPORT).status_code == 401
    assert client.get("/my-data/download/").status_code == 302


def test_a_person_with_lots_of_data_is_exported_in_one_go(client, w):
    """A large-ish synthetic person: many career entries, conversations and views. No timing
    assertion; the query count stays flat (one per section, not one per row)."""
    add_bulk_data(w, entries=200, conversations=60, views=400)
    client.force_login(w.alice)
    with CaptureQueriesContext(connection) as queries:
        data, _ = unzip(client.get(EXPORT))
    assert len(data["career history"]) == 201
    assert len(data["career conversations"]) == 62
    assert len(data["who viewed my record"]) >= 400
    assert len(queries) < 150


def _rated_by(w, answers: list[str]) -> None:
    """Colleagues answer alice's round (one answer each for every domain), then it closes."""
    tokens = []
    invitations = [(f"colleague{i}@nhs.net", "peer") for i in range(len(answers))]
    assessment_services.invite_raters(w.alice, w.round, invitations,
                                      link_for=lambda token: tokens.append(token) or token)
    for token, answer in zip(tokens, answers, strict=True):
        assessment_services.submit_rater(token, all_ratings(answer))
    assessment_services.close_round(w.alice, w.round)


@pytest.mark.parametrize(("answers", "others"), [
    (["almost_always", "rarely_or_never"], "Not enough answers"),
    (["almost_always", "almost_always", "frequently"], "Almost always"),
])
def test_others_answers_appear_only_as_the_published_band(client, w, answers, others):
    _rated_by(w, answers)
    data, html = download(client, w.alice)
    domains = data["assessments"][0]["domains"]
    assert all(d["others' result"].startswith(others) for d in domains), domains
    assert "colleague0@nhs.net" not in json.dumps(data) and "colleague0" not in html

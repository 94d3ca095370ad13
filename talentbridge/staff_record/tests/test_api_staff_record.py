"""/api/v1/staff-record: upload a feed, follow it, read and answer "Left or moved?"."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from talentbridge.accounts.models import ApiToken
from talentbridge.audit.models import AuditEvent
from talentbridge.people.models import Person

from .feeds import TEAM
from .feeds import csv_bytes
from .feeds import row

pytestmark = pytest.mark.django_db


def api(user, scopes=None) -> Client:
    _, key = ApiToken.issue(user, "tests", scopes=scopes)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def post(client, rows, organisation="RJ1", name="leaders.csv"):
    return client.post("/api/v1/staff-record/feeds", {
        "organisation": organisation, "file": SimpleUploadedFile(name, csv_bytes(rows))})


def test_a_feed_is_uploaded_and_followed(w):
    client = api(w.oadmin)
    response = post(client, TEAM)
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "applied"
    assert body["summary"] == {"created": 3, "updated": 0, "moved": 0, "unchanged": 0,
                               "missing": 0, "invited": 3}
    followed = client.get(body["url"]).json()
    assert followed["id"] == body["id"] and followed["rows"] == 3


def test_rejected_rows_are_listed_with_row_column_value_and_reason(w):
    body = post(api(w.oadmin), [row("100001"), row("100001", "Bo", "Bo")]).json()
    assert body["status"] == "rejected"
    assert body["rejected_rows"] == [{
        "row": 3, "column": "NHS Identifier", "value": "100001",
        "reason": "duplicate NHS identifier in the file (row 2 has it too)"}]


def test_an_import_needs_the_import_scope(w):
    response = post(api(w.oadmin, scopes=["read", "write"]), TEAM)
    assert response.status_code == 403 and '"import" scope' in response.json()["detail"]


def test_an_unknown_organisation_is_named(w):
    response = post(api(w.admin), TEAM, organisation="ZZZ")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == 'No organisation has the ODS code "ZZZ"'


def test_a_file_of_the_wrong_type_is_refused(w):
    response = post(api(w.oadmin), TEAM, name="leaders.json")
    assert response.status_code == 400
    assert "must be a CSV or XLSX file" in response.json()["errors"][0]["message"]


def test_another_organisations_import_is_not_found(w):
    body = post(api(w.xadmin), TEAM, organisation="RX1").json()
    assert api(w.oadmin).get(body["url"]).status_code == 404


def test_missing_people_are_listed_audited_and_answered(w):
    client = api(w.oadmin)
    post(client, TEAM)
    post(client, TEAM[:2])
    cal = Person.unscoped.get(nhs_identifier="100003")
    listed = client.get("/api/v1/staff-record/organisations/RJ1/missing")
    assert [p["nhs_identifier"] for p in listed.json()] == ["100003"]
    event = AuditEvent.objects.filter(action="view").latest("pk")
    assert event.detail["people"] == [cal.pk]

    path = f"/api/v1/staff-record/organisations/RJ1/missing/{cal.pk}"
    refused = client.post(path, {"answer": "left"}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "left_on"
    answered = client.post(path, {"answer": "left", "left_on": "2026-11-30"},
                           content_type="application/json")
    assert answered.status_code == 200 and answered.json()["answer"] == "left"
    cal.refresh_from_db()
    assert str(cal.left_nhs_on) == "2026-11-30"
    assert client.get("/api/v1/staff-record/organisations/RJ1/missing").json() == []


def test_still_here_takes_them_off_the_list(w):
    client = api(w.oadmin)
    post(client, TEAM)
    post(client, TEAM[:2])
    cal = Person.unscoped.get(nhs_identifier="100003")
    response = client.post(f"/api/v1/staff-record/organisations/RJ1/missing/{cal.pk}",
                           {"answer": "still_here"}, content_type="application/json")
    assert response.status_code == 200
    assert client.get("/api/v1/staff-record/organisations/RJ1/missing").json() == []
    cal.refresh_from_db()
    assert cal.left_nhs_on is None


def test_another_organisations_missing_list_is_refused(w):
    assert api(w.xadmin).get("/api/v1/staff-record/organisations/RJ1/missing"
                             ).status_code == 403

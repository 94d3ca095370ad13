"""Importing workforce snapshots and event files: all or nothing, every rejected row reported
with its line, the same file twice changes nothing; through the service, the page, the API and
the command line."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from talentbridge.accounts.models import ApiToken
from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests.confirming import assert_asks_first
from talentbridge.insights import services
from talentbridge.insights import storage
from talentbridge.insights.models import EventFile
from talentbridge.insights.models import WorkforceSnapshot
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text

from .workforce import AS_OF
from .workforce import HEADER
from .workforce import import_events
from .workforce import recruitment_csv
from .workforce import rows
from .workforce import snapshot_csv

pytestmark = pytest.mark.django_db

#: Every trust of system QOP (R0A and RM3), so a file for "system:QOP".
GOOD = f"{HEADER}\nP1,R0A,8a,08,A,F,N,1980-01-01,1.0,2010-01-01,N\n" \
       f"P2,R0A,Band 8B,08,H,M,N,15/05/1975,0.8,2005-01-01,N\n" \
       f"P3,RM3,VSM,08,C,F,Y,1970-01-01,1.0,2000-01-01,Y\n"


def _import(user, data: bytes | str, name="staff.csv", as_of=AS_OF, mapping=None,
            scope="system:QOP"):
    data = data.encode() if isinstance(data, str) else data
    record, created = services.start_snapshot_import(
        user, data, filename=name, as_of=as_of, mapping=mapping, scope=scope,
        run=services.run_snapshot_import)
    record.refresh_from_db()
    return record, created


def test_a_valid_file_becomes_a_ready_snapshot(nhs):
    record, created = _import(nhs.admin, GOOD)
    assert created and record.status == "ready", record.errors
    assert (record.rows, record.organisations) == (3, 2)
    assert record.per_organisation == {"R0A": 2, "RM3": 1}
    assert record.progress == 100 and record.error_count == 0
    assert storage.absolute(record.parquet_path).exists()
    assert record.upload_path == ""  # the upload is removed once read
    assert AuditEvent.objects.filter(action="create", target_id=str(record.pk)).exists()


def test_the_same_file_twice_changes_nothing(nhs):
    first, _ = _import(nhs.admin, GOOD)
    again, created = _import(nhs.admin, GOOD, name="staff-again.csv")
    assert not created and again.pk == first.pk
    assert WorkforceSnapshot.objects.count() == 1


def test_the_same_data_in_another_order_or_format_is_recognised(nhs):
    first, _ = _import(nhs.admin, GOOD)
    lines = GOOD.strip().split("\n")
    reordered = "\n".join([lines[0], *reversed(lines[1:])]) + "\n"
    second, created = _import(nhs.admin, reordered, as_of=AS_OF - dt.timedelta(days=1))
    assert created and second.status == "duplicate" and second.duplicate_of_id == first.pk
    assert second.parquet_path == ""
    assert list(WorkforceSnapshot.objects.ready()) == [first]
    wb = Workbook()
    for line in lines:
        wb.active.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    third, _ = _import(nhs.admin, buf.getvalue(), name="staff.xlsx",
                       as_of=AS_OF - dt.timedelta(days=2))
    assert third.status == "duplicate" and third.duplicate_of_id == first.pk


BAD = {
    "unknown band": (GOOD.replace("P2,R0A,Band 8B", "P2,R0A,Band 8Z"),
                     [(3, "band", "Band 8Z", "unknown band or grade")]),
    "unknown ethnic code": (GOOD.replace("P3,RM3,VSM,08,C", "P3,RM3,VSM,08,Q"),
                            [(4, "ethnic_category", services.REDACTED,
                              "unknown ethnic category code")]),
    "wrong header": (GOOD.replace("person_id,", "employee,"),
                     [(1, "(header)", "person_id", "missing required column for 'person_id'")]),
    "duplicate person": (GOOD.replace("P3,", "P1,"),
                         [(4, "person_id", "P1", "duplicate person_id (first on line 2)")]),
    "non-UTF-8": (GOOD.encode().replace(b"P2,R0A", b"P\xe92,R0A"),
                  [(3, "(row)", services.REDACTED,
                    "not valid UTF-8 text (invalid continuation byte)")]),
    "truncated": (GOOD.rsplit(",", 3)[0],
                  [(4, "(row)", services.REDACTED,
                    "expected 11 fields, found 8 (truncated or malformed row)")]),
    "unknown organisation": (GOOD.replace("P3,RM3", "P3,RXX"),
                             [(4, "org_code", "RXX", "no organisation has this ODS code")]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_rows_are_each_reported_and_nothing_is_imported(nhs, case):
    data, expected = BAD[case]
    record, created = _import(nhs.admin, data)
    assert created and record.status == "rejected"
    got = [(r["line"], r["field"], r["value"], r["reason"]) for r in record.errors]
    assert got == expected
    assert record.parquet_path == "" and record.rows == 0
    assert not WorkforceSnapshot.objects.ready().exists()
    assert not list((storage.root() / "parquet").glob("*")) if (
        storage.root() / "parquet").exists() else True


def test_an_analyst_may_only_import_organisations_in_the_file_s_area(nhs):
    data = GOOD + "P4,RJ1,8a,08,A,F,N,1980-01-01,1.0,2010-01-01,N\n"
    record, _ = _import(nhs.analyst, data)
    assert record.status == "rejected"
    assert [(r["line"], r["value"], r["reason"]) for r in record.errors] == [
        (5, "RJ1", "organisation is outside the area the file is for, Greater Manchester (QOP)")]
    ok, _ = _import(nhs.analyst, GOOD)
    assert ok.status == "ready"


def test_a_column_mapping_lets_other_headers_in(nhs):
    data = GOOD.replace("person_id,", "Employee Number,").replace(",band,", ",Pay Band,")
    record, _ = _import(nhs.admin, data,
                        mapping='{"person_id": "Employee Number", "band": "Pay Band"}')
    assert record.status == "ready", record.errors
    with pytest.raises(services.ValidationError) as error:
        _import(nhs.admin, data, mapping='{"persn_id": "Employee Number"}')
    assert "unknown fields: persn_id" in str(error.value)


def test_only_administrators_and_analysts_may_import(nhs):
    for user in (nhs.org_lead, nhs.national, nhs.leader):
        with pytest.raises(services.PermissionDenied):
            _import(user, GOOD)


def test_events_import_and_rejections(nhs):
    record, created = import_events(nhs, recruitment_csv())
    assert created and record.status == "ready" and record.rows == 100
    bad = b"applicant_id,org_code,band,ethnic_category,disability,shortlisted,appointed\n" \
          b"A1,R0A,8a,A,N,N,Y\nA2,R0A,8a,A,N,maybe,N\n"
    record, _ = services.start_events_import(
        nhs.admin, bad, filename="recruitment2.csv", kind="recruitment",
        period_start=dt.date(2024, 10, 2), period_end=dt.date(2025, 10, 1),
        scope="organisation:R0A", run=services.run_events_import)
    record.refresh_from_db()
    assert record.status == "rejected"
    assert [(r["line"], r["field"], r["reason"]) for r in record.errors] == [
        (2, "appointed", "appointed but not shortlisted"),
        (3, "shortlisted", "not a yes/no value (Y/N, 1/0, true/false)")]
    assert EventFile.objects.ready().count() == 1


# --- through the page ---------------------------------------------------------------------


def _post_page(client, data: bytes, name="staff.csv", day=AS_OF, mapping="",
               scope="system:QOP"):
    return client.post(reverse("insights:import-snapshot"), {
        "file": SimpleUploadedFile(name, data, content_type="text/csv"),
        "as_of_day": day.day, "as_of_month": day.month, "as_of_year": day.year,
        "scope": scope, "mapping": mapping}, follow=True)


def test_an_analyst_imports_through_the_page_and_sees_it_ready(client, nhs):
    client.force_login(nhs.analyst)
    response = _post_page(client, GOOD.encode())
    assert response.status_code == 200
    text = page_text(response)
    assert "Imported" in text and "3 staff in 2 organisations imported" in text
    again = _post_page(client, GOOD.encode())
    assert "This file was imported already" in page_text(again)
    assert WorkforceSnapshot.objects.count() == 1


def test_the_page_lists_every_rejected_row_with_its_line(client, nhs):
    client.force_login(nhs.admin)
    body = rows()  # 267 good rows, then break 60 of them
    for i in range(1, 61):
        fields = body[i].split(",")
        fields[4] = "QQ"
        body[i] = ",".join(fields)
    response = _post_page(client, ("\n".join(body) + "\n").encode(), scope="england")
    text = page_text(response)
    assert "There is a problem with the file" in error_summary(response)
    assert "Line 2: Ethnic category: unknown ethnic category code" in error_summary(response)
    assert "Rejected rows (60)" in text
    assert "Rejected rows, 1 to 50 of 60" in text
    assert "QQ" not in text  # a value that may be a characteristic is never shown
    record = WorkforceSnapshot.objects.get()
    page2 = client.get(reverse("insights:snapshot", args=[record.pk]) + "?page=2")
    assert "Rejected rows, 51 to 60 of 60" in page_text(page2)
    assert "61" in page_text(page2)
    csv_rows = client.get(reverse("insights:snapshot-errors", args=[record.pk]))
    assert csv_rows.content.decode().count("unknown ethnic category code") == 60


def test_page_form_errors_are_in_the_error_summary(client, nhs):
    client.force_login(nhs.admin)
    response = client.post(reverse("insights:import-snapshot"), {
        "file": SimpleUploadedFile("staff.txt", b"x"), "as_of_day": "1", "as_of_month": "10",
        "as_of_year": "2099", "mapping": "{not json"})
    summary = error_summary(response)
    assert "Snapshot date must be today or in the past" in summary
    response = _post_page(client, GOOD.encode(), name="staff.txt")
    assert 'The selected file must be a CSV or XLSX file, not "staff.txt"' in \
        error_summary(response)
    response = _post_page(client, GOOD.encode(), mapping="{not json")
    assert "Column mapping is not valid JSON" in error_summary(response)


def test_others_cannot_see_an_import_s_rejected_rows(client, nhs):
    record, _ = _import(nhs.analyst, BAD["unknown band"][0])
    client.force_login(nhs.london_analyst)
    assert client.get(reverse("insights:snapshot", args=[record.pk])).status_code == 404
    assert client.get(reverse("insights:snapshot-errors", args=[record.pk])).status_code == 404
    client.force_login(nhs.org_lead)
    assert client.get(reverse("insights:import-snapshot")).status_code == 403


# --- through the API ----------------------------------------------------------------------


def _token(user) -> dict:
    _, key = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_imports_and_reports_every_rejected_row(client, nhs):
    auth = _token(nhs.analyst)
    bad = BAD["duplicate person"][0] + "P9,R0A,8q,08,A,F,N,1980-01-01,1.0,2010-01-01,N\n"
    response = client.post("/api/v1/insights/snapshots", {
        "file": SimpleUploadedFile("staff.csv", bad.encode()), "as_of": "2026-10-01",
        "scope": "system:QOP"}, **auth)
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "rejected" and body["error_count"] == 2
    assert [(r["line"], r["field"], r["message"]) for r in body["rejected_rows"]] == [
        (4, "person_id", "duplicate person_id (first on line 2)"),
        (5, "band", "unknown band or grade")]
    assert not WorkforceSnapshot.objects.ready().exists()
    followed = client.get(body["url"], **auth).json()
    assert followed["error_count"] == 2 and len(followed["rejected_rows"]) == 2

    good = client.post("/api/v1/insights/snapshots", {
        "file": SimpleUploadedFile("staff.csv", GOOD.encode()), "as_of": "2026-10-01",
        "scope": "system:QOP"}, **auth)
    assert good.status_code == 202 and good.json()["status"] == "ready"
    again = client.post("/api/v1/insights/snapshots", {
        "file": SimpleUploadedFile("staff.csv", GOOD.encode()), "as_of": "2026-10-01",
        "scope": "system:QOP"}, **auth)
    assert again.status_code == 200 and again.json()["id"] == good.json()["id"]


def test_the_api_refuses_imports_from_others(client, nhs):
    data = {"file": SimpleUploadedFile("staff.csv", GOOD.encode()), "as_of": "2026-10-01"}
    response = client.post("/api/v1/insights/snapshots", data, **_token(nhs.org_lead))
    assert response.status_code == 403
    client.force_login(nhs.admin)  # a browser session may only read
    data["file"].seek(0)
    assert client.post("/api/v1/insights/snapshots", data).status_code == 401
    bad_date = client.post("/api/v1/insights/snapshots", {
        "file": SimpleUploadedFile("staff.csv", GOOD.encode()), "as_of": "2099-01-01"},
        **_token(nhs.admin))
    assert bad_date.status_code == 400
    assert bad_date.json()["errors"][0]["field"] == "as_of"


# --- the command line ---------------------------------------------------------------------


def test_the_command_imports_with_a_progress_bar_and_lists_rejections(nhs, tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_bytes(snapshot_csv())
    out = io.StringIO()
    call_command("import_workforce", "--file", str(path), "--as-of", "2026-10-01", stdout=out)
    assert "Checking staff.csv" in out.getvalue() and "267 staff in 4 organisations" in \
        out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD["unknown band"][0])
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 row"):
        call_command("import_workforce", "--file", str(bad), "--as-of", "2025-10-01",
                     stdout=io.StringIO(), stderr=err)
    assert "line 3: band='Band 8Z': unknown band or grade" in err.getvalue()


def test_a_running_import_shows_its_progress_and_a_refresh_link(client, nhs):
    record = WorkforceSnapshot.objects.create(
        as_of=AS_OF, source_filename="big.csv", file_hash="x" * 64, uploaded_by=nhs.analyst,
        status="running", progress=40)
    client.force_login(nhs.analyst)
    response = client.get(reverse("insights:snapshot", args=[record.pk]))
    text = page_text(response)
    assert "Checking and importing" in text and "Progress: 40%" in text
    assert "Refresh this page" in text
    assert b'<progress id="import-progress" max="100" value="40">' in response.content
    assert b"<script" not in response.content.split(b"<main")[1].split(b"</main>")[0]


def test_deleting_an_import_asks_first_and_only_the_confirmation_deletes(client, nhs):
    record = WorkforceSnapshot.objects.create(
        as_of=AS_OF, source_filename="old.csv", file_hash="y" * 64, uploaded_by=nhs.admin,
        status="failed", progress=100)
    client.force_login(nhs.admin)
    url = reverse("insights:snapshot-delete", args=[record.pk])
    assert f'href="{url}"' in client.get(reverse("insights:snapshot", args=[record.pk])
                                         ).content.decode()
    assert_asks_first(client, url, button="Delete the import",
                      back=reverse("insights:snapshot", args=[record.pk]),
                      question="delete the import of old.csv")
    assert WorkforceSnapshot.objects.filter(pk=record.pk).exists()
    client.post(url)
    assert not WorkforceSnapshot.objects.filter(pk=record.pk).exists()
    client.force_login(nhs.analyst)
    other = WorkforceSnapshot.objects.create(
        as_of=AS_OF, source_filename="x.csv", file_hash="z" * 64, uploaded_by=nhs.analyst,
        status="failed", progress=100)
    assert client.get(reverse("insights:snapshot-delete", args=[other.pk])).status_code == 403

"""Uploads that cannot hurt: too large is stopped while it arrives; a tiny XLSX claiming a
whole worksheet is refused at once; either way nothing is kept."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.http import HttpRequest
from django.urls import reverse

from engine.tests.insights.hostile_xlsx import declaring
from engine.tests.insights.hostile_xlsx import small_xlsx
from talentbridge.insights import services
from talentbridge.insights import storage
from talentbridge.insights.models import EventFile
from talentbridge.insights.models import WorkforceSnapshot
from talentbridge.insights.uploads import LimitedUploadHandler
from talentbridge.insights.uploads import refused
from talentbridge.people.tests.factories import page_text

from .workforce import AS_OF
from .workforce import HEADER

pytestmark = pytest.mark.django_db

GOOD_ROW = "P1,R0A,8a,08,A,F,N,1980-01-01,1.0,2010-01-01,N"
CAPS = "an XLSX file may have at most 2,000,000 rows and 100 columns"


def _stored_uploads() -> list:
    folder = storage.root() / "uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


# --- the size limit, while the upload arrives --------------------------------------------


def _handler(limit=None, content_length=100):
    request = HttpRequest()
    handler = LimitedUploadHandler(request, limit=limit)
    handler.handle_raw_input(None, {}, content_length, b"x")
    handler.new_file("file", "staff.csv", "text/csv", None)
    return request, handler


def test_the_handler_stops_reading_once_a_file_passes_the_limit():
    request, handler = _handler(limit=1_000)
    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    assert refused(request) is None
    with pytest.raises(StopUpload) as stopped:
        handler.receive_data_chunk(b"x" * 401, 600)
    assert stopped.value.connection_reset  # the rest of the request is not read
    assert refused(request) == "The selected file must be smaller than 1,000 bytes"


def test_the_handler_uses_the_import_limit_and_refuses_a_request_declared_larger():
    assert LimitedUploadHandler().limit == services.MAX_UPLOAD_BYTES == 1024**3
    request, handler = _handler(content_length=1024**3 + 2_621_440)  # the file and the fields
    assert handler.receive_data_chunk(b"x" * 1024, 0)
    with pytest.raises(StopUpload):
        _handler(content_length=1024**3 + 2_621_441)
    request = HttpRequest()
    handler = LimitedUploadHandler(request)
    handler.received = 1024**3
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x", 1024**3)
    assert refused(request) == "The selected file must be smaller than 1 GB"


def _post_page(client, data: bytes, name="staff.csv"):
    return client.post(reverse("insights:import-snapshot"), {
        "file": SimpleUploadedFile(name, data, content_type="text/csv"),
        "as_of_day": AS_OF.day, "as_of_month": AS_OF.month, "as_of_year": AS_OF.year,
        "scope": "system:QOP"}, follow=True)


def test_the_page_and_the_api_stop_a_file_over_the_limit(client, nhs, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 10_000)
    data = (HEADER + "\n" + (GOOD_ROW + "\n") * 400).encode()
    assert len(data) > 10_000
    client.force_login(nhs.analyst)
    response = _post_page(client, data)
    assert response.status_code == 200
    assert "The selected file must be smaller than 10,000 bytes" in page_text(response)
    assert refused(response.wsgi_request)  # stopped while it arrived, not after
    from talentbridge.accounts.models import ApiToken

    _, key = ApiToken.issue(nhs.analyst, "test")
    response = client.post("/api/v1/insights/snapshots", {
        "file": SimpleUploadedFile("staff.csv", data), "as_of": AS_OF.isoformat(),
        "scope": "system:QOP"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 413
    assert response.json()["errors"] == [{
        "field": "file", "value": None,
        "message": "The selected file must be smaller than 10,000 bytes"}]
    assert not WorkforceSnapshot.objects.exists() and _stored_uploads() == []


# --- an XLSX claiming a whole worksheet ------------------------------------------------


def test_a_tiny_xlsx_declaring_a_whole_worksheet_is_refused_at_once(nhs):
    data = declaring(small_xlsx([HEADER.split(","), GOOD_ROW.split(",")]), "A1:XFD1048576")
    assert len(data) < 6_000
    started = time.perf_counter()
    record, created = services.start_snapshot_import(
        nhs.admin, data, filename="staff.xlsx", as_of=AS_OF, scope="system:QOP",
        run=services.run_snapshot_import)
    assert time.perf_counter() - started < 10  # refused at once, not after reading the sheet
    record.refresh_from_db()
    assert created and record.status == "rejected"
    assert record.message == ("Refused: staff.xlsx: declares 1,048,576 rows and 16,384 columns; "
                              f"{CAPS}. Nothing was imported.")
    assert record.errors == [{"line": 0, "field": "(file)", "value": "staff.xlsx",
                              "reason": f"declares 1,048,576 rows and 16,384 columns; {CAPS}"}]
    assert record.parquet_path == "" and record.rows in (0, None)
    assert not WorkforceSnapshot.objects.ready().exists() and _stored_uploads() == []


def test_an_events_xlsx_past_the_row_cap_is_refused(nhs):
    header = ["applicant_id", "org_code", "band", "ethnic_category", "disability",
              "shortlisted", "appointed"]
    data = declaring(small_xlsx([header, ["A1", "R0A", "8a", "A", "N", "Y", "Y"]]),
                     "A1:G2000001")
    record, _ = services.start_events_import(
        nhs.admin, data, filename="recruitment.xlsx", kind="recruitment",
        period_start=AS_OF.replace(year=AS_OF.year - 1), period_end=AS_OF,
        scope="organisation:R0A", run=services.run_events_import)
    record.refresh_from_db()
    assert record.status == "rejected"
    assert record.message == ("Refused: recruitment.xlsx: declares 2,000,001 rows and 7 "
                              f"columns; {CAPS}. Nothing was imported.")
    assert not EventFile.objects.ready().exists() and _stored_uploads() == []

"""An import never hangs or half-finishes: one whose worker died is marked failed with a clear
message, keeps its file, can be retried by its uploader (who may import for its area) or an
administrator, and does not block the same file being uploaded again; an import given up on
while it ran writes nothing. (The real killed worker is in core/tests/test_work_worker.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.utils import timezone

from talentbridge.accounts.models import ApiToken
from talentbridge.audit.models import AuditEvent
from talentbridge.core import work
from talentbridge.core.work import STOPPED_MESSAGE
from talentbridge.insights import services
from talentbridge.insights import storage
from talentbridge.insights.models import EventFile
from talentbridge.insights.models import ImportStatus
from talentbridge.insights.models import WorkforceSnapshot
from talentbridge.notifications.models import Notification
from talentbridge.people.tests.factories import page_text

from .test_import_insights import GOOD
from .workforce import AS_OF
from .workforce import recruitment_csv

pytestmark = pytest.mark.django_db


def _died(model):
    """A worker that claims the import, then dies (its heartbeat stops)."""
    def run(pk: int) -> None:
        assert work.claim(model, pk, waiting=ImportStatus.QUEUED, running=ImportStatus.RUNNING)
        model.objects.filter(pk=pk).update(
            heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    return run


def _stalled(user, data: str = GOOD, scope: str = "system:QOP") -> WorkforceSnapshot:
    record, created = services.start_snapshot_import(
        user, data.encode(), filename="staff.csv", as_of=AS_OF, scope=scope,
        run=_died(WorkforceSnapshot))
    assert created
    record.refresh_from_db()
    assert record.status == ImportStatus.RUNNING
    return record


def _token(user) -> dict:
    _, key = ApiToken.issue(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_stalled_import_shows_failed_and_its_uploader_retries_it_to_ready(client, nhs):
    record = _stalled(nhs.analyst)
    client.force_login(nhs.analyst)
    text = page_text(client.get(f"/insights/imports/snapshot/{record.pk}/"))
    assert STOPPED_MESSAGE in text and "Retry this import" in text
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED and record.parquet_path == ""
    assert storage.absolute(record.upload_path).exists()  # kept for the retry
    response = client.post(f"/insights/imports/snapshot/{record.pk}/retry/")
    assert response.status_code == 302
    text = page_text(client.get(response.url))
    assert "staff.csv is waiting to be imported again" in text
    assert "3 staff in 2 organisations imported." in text and "Retry this import" not in text
    record.refresh_from_db()
    assert (record.status, record.upload_path, record.work_token) == (ImportStatus.READY, "", "")
    assert storage.absolute(record.parquet_path).exists()
    assert AuditEvent.objects.filter(action="update", target_id=str(record.pk),
                                     detail__retry=True).exists()


def test_after_the_worker_died_the_same_file_is_not_refused_as_already_imported(nhs):
    stalled = _stalled(nhs.analyst)
    # before the sweep the same file is the import in progress
    same, created = services.start_snapshot_import(
        nhs.analyst, GOOD.encode(), filename="staff.csv", as_of=AS_OF, scope="system:QOP",
        run=services.run_snapshot_import)
    assert not created and same.pk == stalled.pk
    assert work.mark_stale_work_failed() == {"snapshot import": [stalled.pk]}
    again, created = services.start_snapshot_import(
        nhs.analyst, GOOD.encode(), filename="staff.csv", as_of=AS_OF, scope="system:QOP",
        run=services.run_snapshot_import)
    again.refresh_from_db()
    assert created and again.pk != stalled.pk and again.status == ImportStatus.READY


def test_only_the_uploader_or_an_administrator_who_may_import_there_may_retry(client, nhs):
    record = _stalled(nhs.analyst)
    work.mark_stale_work_failed()
    for outsider in (nhs.london_analyst, nhs.org_lead):  # not theirs; not importers
        assert not services.can_retry_import(outsider, record)
        with pytest.raises(PermissionDenied):
            services.retry_import(outsider, record)
        client.force_login(outsider)
        assert client.post(f"/insights/imports/snapshot/{record.pk}/retry/").status_code in (
            403, 404)
        assert client.post(f"/api/v1/insights/snapshots/{record.pk}/retry",
                           **_token(outsider)).status_code in (403, 404)
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED
    assert services.can_retry_import(nhs.admin, record)
    assert services.retry_import(nhs.admin, record).status == ImportStatus.READY


def test_an_uploader_who_may_no_longer_import_there_may_not_retry(nhs):
    record = _stalled(nhs.admin, scope="england")
    work.mark_stale_work_failed()
    WorkforceSnapshot.objects.filter(pk=record.pk).update(uploaded_by=nhs.analyst)
    record.refresh_from_db()  # the North West analyst may not import for England
    assert not services.can_retry_import(nhs.analyst, record)
    with pytest.raises(PermissionDenied):
        services.retry_import(nhs.analyst, record)


def test_a_retry_is_refused_with_a_reason_unless_failed_with_its_file_kept(nhs):
    record = _stalled(nhs.analyst)
    with pytest.raises(ValidationError) as error:
        services.retry_import(nhs.analyst, record)
    assert error.value.message_dict["import"] == [
        'Only a failed import can be retried; staff.csv is "Checking and importing"']
    work.mark_stale_work_failed()
    storage.remove(WorkforceSnapshot.objects.get(pk=record.pk).upload_path)
    with pytest.raises(ValidationError) as error:
        services.retry_import(nhs.analyst, record)
    assert error.value.message_dict["file"] == [
        "The file staff.csv was not kept; import it again"]
    record.refresh_from_db()
    assert (record.status, record.message) == (ImportStatus.FAILED, STOPPED_MESSAGE)


def test_an_import_given_up_on_while_it_ran_writes_nothing(nhs):
    record, _ = services.start_snapshot_import(
        nhs.analyst, GOOD.encode(), filename="staff.csv", as_of=AS_OF, scope="system:QOP",
        run=lambda pk: None)  # queued, not yet run

    def worker_thought_dead(done: int, total: int) -> None:
        work.mark_stale_work_failed(older_than=0)

    services.run_snapshot_import(record.pk, on_progress=worker_thought_dead)
    record.refresh_from_db()
    assert (record.status, record.message, record.rows) == (
        ImportStatus.FAILED, STOPPED_MESSAGE, 0)
    assert record.parquet_path == "" and not WorkforceSnapshot.objects.ready().exists()
    assert not list(storage.root().glob("parquet/*.parquet"))  # its Parquet was removed
    assert storage.absolute(record.upload_path).exists()


def test_an_unexpected_failure_keeps_the_file_so_a_retry_can_finish_it(nhs, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.engine_snapshot, "validate_snapshot", broken)
    record, _ = services.start_snapshot_import(
        nhs.analyst, GOOD.encode(), filename="staff.csv", as_of=AS_OF, scope="system:QOP",
        run=services.run_snapshot_import)
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED
    assert record.message == ("The import failed unexpectedly (RuntimeError). Nothing was "
                              "imported. Retry it.")
    monkeypatch.undo()
    assert services.retry_import(nhs.analyst, record).status == ImportStatus.READY


def test_the_api_shows_a_stalled_events_import_failed_and_retries_it(client, nhs):
    record, _ = services.start_events_import(
        nhs.admin, recruitment_csv(), filename="recruitment.csv", kind="recruitment",
        period_start=dt.date(2025, 10, 2), period_end=AS_OF, scope="organisation:R0A",
        run=_died(EventFile))
    seen = client.get(f"/api/v1/insights/events/{record.pk}", **_token(nhs.admin)).json()
    assert (seen["status"], seen["message"]) == ("failed", STOPPED_MESSAGE)
    response = client.post(f"/api/v1/insights/events/{record.pk}/retry", **_token(nhs.admin))
    assert response.status_code == 202
    record.refresh_from_db()
    assert record.status == ImportStatus.READY
    again = client.post(f"/api/v1/insights/events/{record.pk}/retry", **_token(nhs.admin))
    assert again.status_code == 400
    assert again.json()["errors"][0]["message"].startswith("Only a failed import can be retried")


def test_the_uploader_is_told_how_each_import_ended(nhs, monkeypatch,
                                                    django_capture_on_commit_callbacks):
    """A failed import and its successful retry each leave the uploader a notification that
    links to the import's page."""
    monkeypatch.setattr(services.engine_snapshot, "validate_snapshot",
                        lambda *args, **kwargs: (_ for _ in ()).throw(RuntimeError("disk full")))
    with django_capture_on_commit_callbacks(execute=True):
        record, _ = services.start_snapshot_import(
            nhs.analyst, GOOD.encode(), filename="staff.csv", as_of=AS_OF, scope="system:QOP",
            run=services.run_snapshot_import)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_import(nhs.analyst, record)
    told = Notification.objects.visible_to(nhs.analyst).order_by("pk")
    assert [(n.kind, n.subject, n.link) for n in told] == [
        ("import_failed", "Your workforce snapshot import: Failed: try again or contact support",
         f"/insights/imports/snapshot/{record.pk}/"),
        ("import_finished", "Your workforce snapshot import: Imported",
         f"/insights/imports/snapshot/{record.pk}/"),
    ]

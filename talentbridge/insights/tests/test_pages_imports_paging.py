"""The imports page pages its workforce snapshots and event files (it stopped at 200 of
each): "Showing 1 to N of Z", the next page shows the rest, and another analyst's import that
never became ready is neither listed nor counted."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.core.tests.paging import two_pages
from talentbridge.insights import views
from talentbridge.insights.models import EventFile
from talentbridge.insights.models import EventKind
from talentbridge.insights.models import ImportStatus
from talentbridge.insights.models import WorkforceSnapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_a_page(monkeypatch):
    monkeypatch.setattr(views, "IMPORTS_PAGE_SIZE", 2)


def _imports(model, uploaded_by, **fields):
    return [model.objects.create(source_filename=f"ready-{n}.csv", uploaded_by=uploaded_by,
                                 status=ImportStatus.READY, scope_key=f"organisation:R{n}",
                                 **fields) for n in range(3)]


def test_snapshots_and_event_files_page_and_others_failed_imports_are_not_counted(client, nhs):
    _imports(WorkforceSnapshot, nhs.admin, as_of=dt.date(2024, 3, 31))
    day = {"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 3, 31)}
    _imports(EventFile, nhs.admin, kind=EventKind.RECRUITMENT, **day)
    WorkforceSnapshot.objects.create(source_filename="someone-elses.csv", uploaded_by=nhs.admin,
                                     status=ImportStatus.REJECTED, as_of=dt.date(2024, 3, 31))
    EventFile.objects.create(source_filename="someone-elses.csv", uploaded_by=nhs.admin,
                             status=ImportStatus.FAILED, kind=EventKind.RECRUITMENT, **day)
    client.force_login(nhs.analyst)
    first, second = two_pages(client, "/insights/imports/", 3, "snapshots",
                              param="snapshots_page")
    assert "ready-0.csv" in first + second and "someone-elses.csv" not in first + second
    first, second = two_pages(client, "/insights/imports/", 3, "event files",
                              param="events_page")
    assert "someone-elses.csv" not in first + second

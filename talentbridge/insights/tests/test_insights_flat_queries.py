"""Every insights list of imports runs as many queries with 100 rows as with 10
(`assert_flat`): the workforce snapshots and event files on the imports page, the snapshots
(API), and a snapshot's rejected rows (page, CSV, API)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import counting
from talentbridge.insights.models import EventFile
from talentbridge.insights.models import EventKind
from talentbridge.insights.models import ImportStatus
from talentbridge.insights.models import WorkforceSnapshot
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
DAY = {"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 3, 31)}


@adds_rows(_numbers)
def add_imports(model, *, number, **fields):
    """Ready imports, each uploaded by a different user."""
    model.objects.create(source_filename=f"zed-{number}.csv",
                         uploaded_by=make_user(f"uploader{number}"),
                         status=ImportStatus.READY, scope_key=f"organisation:R{number}",
                         **fields)


def add_rejected_rows(record):
    def add(n):
        start = len(record.errors)
        record.errors = [*record.errors, *({"line": line, "field": "band", "value": "Band 99",
                                            "reason": "Zed is not a band"}
                                           for line in range(start + 2, start + 2 + n))]
        record.error_count = len(record.errors)
        record.save()
    return add


@pytest.mark.parametrize("path", ["/insights/imports/", "/api/v1/insights/snapshots"])
def test_the_snapshots(client, nhs, path):
    client.force_login(nhs.analyst)
    assert_flat(client, path, add_imports(WorkforceSnapshot, as_of=dt.date(2024, 3, 31)),
                row_marker=counting("zed-"))


def test_the_event_files(client, nhs):
    client.force_login(nhs.analyst)
    assert_flat(client, "/insights/imports/",
                add_imports(EventFile, kind=EventKind.RECRUITMENT, **DAY),
                row_marker=counting("zed-"))


@pytest.mark.parametrize("path", ["/insights/imports/snapshot/{pk}/",
                                  "/insights/imports/snapshot/{pk}/rejected-rows.csv",
                                  "/api/v1/insights/snapshots/{pk}"])
def test_a_snapshots_rejected_rows(client, nhs, path):
    snapshot = WorkforceSnapshot.objects.create(
        source_filename="bad.csv", uploaded_by=nhs.analyst, status=ImportStatus.REJECTED,
        as_of=dt.date(2024, 3, 31))
    client.force_login(nhs.analyst)
    assert_flat(client, path.format(pk=snapshot.pk), add_rejected_rows(snapshot),
                row_marker=counting("Zed is not a band"))

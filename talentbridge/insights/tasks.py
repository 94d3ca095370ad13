"""Background imports (Django's task framework; the database backend's `db_worker` runs them
locally, the immediate backend in tests)."""

from __future__ import annotations

from django.tasks import task

from .services import run_events_import
from .services import run_snapshot_import


@task()
def import_snapshot(snapshot_id: int) -> str:
    return run_snapshot_import(snapshot_id).status


@task()
def import_events(event_file_id: int) -> str:
    return run_events_import(event_file_id).status

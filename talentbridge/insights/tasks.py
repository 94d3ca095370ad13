"""Background imports (Django's task framework; the database backend's `db_worker` runs them
locally, the immediate backend in tests)."""

from __future__ import annotations

from django.tasks import task


@task()
def import_snapshot(snapshot_id: int) -> str:
    from .services import run_snapshot_import

    return run_snapshot_import(snapshot_id).status


@task()
def import_events(event_file_id: int) -> str:
    from .services import run_events_import

    return run_events_import(event_file_id).status

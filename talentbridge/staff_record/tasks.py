"""Background leaders' feed imports (Django's task framework; the database backend's worker
runs them, the immediate backend in tests)."""

from __future__ import annotations

from django.tasks import task

from .services import run_feed_import


@task()
def import_feed(feed_id: int) -> str:
    return run_feed_import(feed_id).status

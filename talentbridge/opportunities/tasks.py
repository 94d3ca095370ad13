"""Background tasks (Django 6 `django.tasks`): match runs.

`run_match` is queued by `services.start_run` in the same transaction that records the run, so
the worker never sees a run that does not exist. Progress (status, percent, a message) is
written to the run as it goes, for the run page. Whatever goes wrong, the run ends "failed"
with the reason and without any proposal (they are written in one transaction at the end).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .codes import RunStatus
from .models import MatchRun

logger = logging.getLogger(__name__)


def _progress(run_id: int):
    def report(percent: int, message: str) -> None:
        MatchRun.objects.filter(pk=run_id).update(progress=percent,
                                                  progress_message=message[:200])
    return report


def execute_run(run_id: int) -> dict:
    """Run the match now, in this process (the task body; also used by the demo and bench)."""
    from .matching import execute

    updated = MatchRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=5,
        progress_message="Started")
    if not updated:
        return {"run": run_id, "status": "skipped (not waiting to start)"}
    run = MatchRun.objects.select_related("created_by", "system", "region").get(pk=run_id)
    try:
        with transaction.atomic():
            execute(run, _progress(run_id))
    except Exception as error:
        logger.exception("Match run %s failed", run_id)
        MatchRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(),
            progress_message="Failed", error=f"{type(error).__name__}: {error}"[:2000])
        return {"run": run_id, "status": RunStatus.FAILED}
    return {"run": run_id, "status": RunStatus.SUCCEEDED}


@task()
def run_match(run_id: int) -> dict:
    return execute_run(run_id)

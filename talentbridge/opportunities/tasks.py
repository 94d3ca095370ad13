"""Background tasks (Django 6 `django.tasks`): match runs.

`run_match` is queued by `services.start_run` (and `services.retry_run`) in the same
transaction that records the run, so the worker never sees a run that does not exist. The run
is claimed with a token and kept alive by a heartbeat (`talentbridge.core.work`); progress
(status, percent, a message) is written in short transactions of its own as it goes, for the
run page, and the solve runs outside any transaction. Only the final write (proposals, the
instance, the results) is one transaction, and only while the run is still this task's:
whatever goes wrong, or if the worker dies, the run ends "failed" with the reason and without
any proposal.
"""

from __future__ import annotations

import logging

from django.tasks import task
from django.utils import timezone

from talentbridge.core import work

from .codes import RunStatus
from .matching import execute
from .models import MatchRun

logger = logging.getLogger(__name__)


def _progress(run_id: int, token: str | None):
    def report(percent: int, message: str) -> None:
        work.beat(MatchRun, run_id, token, progress=percent, progress_message=message[:200])
    return report


def execute_run(run_id: int) -> dict:
    """Run the match now, in this process (the task body; also used by the demo and bench)."""

    token = work.claim(MatchRun, run_id, waiting=RunStatus.QUEUED, running=RunStatus.RUNNING,
                       started_at=timezone.now(), progress=5, progress_message="Started")
    if token is None:
        return {"run": run_id, "status": "skipped (not waiting to start)"}
    run = MatchRun.objects.select_related("created_by", "system", "region").get(pk=run_id)
    try:
        with work.Heartbeat(MatchRun, run_id, token):
            finished = execute(run, _progress(run_id, token), token=token)
    except Exception as error:
        logger.exception("Match run %s failed", run_id)
        work.still_mine(MatchRun, run_id, token, RunStatus.RUNNING).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), work_token="",
            progress_message="Failed", error=f"{type(error).__name__}: {error}"[:2000])
        return {"run": run_id, "status": RunStatus.FAILED}
    if finished is None:
        return {"run": run_id, "status": "given up (marked failed while it ran)"}
    return {"run": run_id, "status": RunStatus.SUCCEEDED}


@task()
def run_match(run_id: int) -> dict:
    return execute_run(run_id)

"""E-mail is sent after the change it reports is committed, by a background task.

Call :func:`send_after_commit` inside the service's transaction: nothing is sent if the
transaction rolls back, the e-mail never holds the transaction (or SQLite's write lock) open
while the mail server answers, and a mail server failure never undoes the change (the links a
rater invitation carries stay valid). The task tries a failed send again
(:data:`ATTEMPTS` in all, a minute apart and then longer, when the task backend can run
tasks later); the last failure is logged and recorded on the task's result. A send whose
worker died part-way is queued again by the stale-work sweep (:func:`requeue_stalled_sends`):
an e-mail may then, rarely, arrive twice, but is never lost.

Other sending tasks (the notifications' delivery) use the same rules: :func:`try_again_later`
for their retries and :func:`requeue_when_stalled` to be queued again by the sweep.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import Task
from django.tasks import TaskResultStatus
from django.tasks import task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

#: How many times one e-mail is tried before it is given up (and recorded as failed).
ATTEMPTS = 3
RETRY_AFTER = dt.timedelta(minutes=1)


#: Sending tasks the stale-work sweep queues again when their worker died, by task path.
_REQUEUED_WHEN_STALLED: dict[str, Task] = {}


def requeue_when_stalled(sending_task: Task) -> Task:
    """Register a sending task: a try whose worker died is queued again by the sweep (with the
    same arguments). The task must be safe to run twice (skip what was already sent)."""
    _REQUEUED_WHEN_STALLED[sending_task.module_path] = sending_task
    return sending_task


def try_again_later(sending_task: Task, attempt: int, *args) -> bool:
    """After try ``attempt`` failed: queue ``sending_task(*args, attempt + 1)`` a minute later
    (then longer) unless that was the last of :data:`ATTEMPTS` or the task backend cannot run
    tasks later. Returns whether it was queued again."""
    if attempt >= ATTEMPTS or not sending_task.get_backend().supports_defer:
        return False
    sending_task.using(run_after=timezone.now() + RETRY_AFTER * attempt).enqueue(
        *args, attempt + 1)
    return True


@task()
def send_email(subject: str, body: str, to: list[str], from_email: str | None = None,
               attempt: int = 1) -> int:
    """Send one e-mail; on a failure, queue it again later, up to :data:`ATTEMPTS` tries."""
    try:
        return send_mail(subject, body, from_email, to)
    except Exception:
        if try_again_later(send_email, attempt, subject, body, to, from_email):
            logger.warning("Could not send the e-mail %r to %s (try %s of %s); trying again",
                           subject, to, attempt, ATTEMPTS, exc_info=True)
            return 0
        logger.exception("Could not send the e-mail %r to %s (try %s of %s); given up",
                         subject, to, attempt, ATTEMPTS)
        raise


class WorkerStopped(Exception):
    """Recorded on a send whose worker died part-way (it is queued again)."""


def requeue_stalled_sends(cutoff: dt.datetime) -> list[str]:
    """Queue again every e-mail a worker started before ``cutoff`` and never finished (it
    died), marking the stalled try failed. Returns the stalled tasks' ids."""

    if not isinstance(send_email.get_backend(), DatabaseBackend):
        return []
    tasks = {send_email.module_path: send_email, **_REQUEUED_WHEN_STALLED}
    stalled = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING,
                                          task_path__in=list(tasks),
                                          started_at__lt=cutoff)
    requeued = []
    for result in stalled:
        with transaction.atomic():
            if not DBTaskResult.objects.filter(pk=result.pk,
                                               status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.FAILED, finished_at=timezone.now(),
                    exception_class_path=f"{__name__}.WorkerStopped",
                    traceback="The worker stopped while sending this e-mail; it was queued "
                              "again."):
                continue
            tasks[result.task_path].enqueue(*result.args_kwargs["args"],
                                            **result.args_kwargs["kwargs"])
        requeued.append(str(result.pk))
    return requeued


def send_after_commit(subject: str, body: str, to: Iterable[str],
                      from_email: str | None = None) -> None:
    """Queue one e-mail to ``to`` once the current transaction commits (at once outside
    one). A failure to queue it is logged and never undoes the change."""
    recipients = sorted({a for a in to if a})
    if recipients:
        transaction.on_commit(partial(send_email.enqueue, subject, body, recipients,
                                      from_email), robust=True)

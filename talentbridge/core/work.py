"""Background work that never hangs or half-finishes: claims, heartbeats and the stale sweep.

Each kind of background work (a snapshot or event import, a match run) keeps its state on
its own row, which has a ``heartbeat_at`` time and a ``work_token``. A task:

1. claims the row (:func:`claim`): QUEUED becomes RUNNING with a new token, in one update;
2. keeps it alive while it runs (:class:`Heartbeat`): a thread writes ``heartbeat_at`` every
   ``TALENTBRIDGE_WORK_HEARTBEAT_SECONDS``, and each progress step writes it too (:func:`beat`);
3. makes its final write only while the row is still RUNNING with its token
   (:func:`still_mine`), in one transaction, so a run given up on writes nothing.

If the worker dies (killed, out of memory, the machine restarted), the heartbeat stops.
:func:`mark_stale_work_failed` (run when a worker starts, every few minutes by the worker, on
the import and run pages, and by ``talentbridge mark-stale-work``) marks every RUNNING row
whose heartbeat is older than ``TALENTBRIDGE_WORK_STALE_SECONDS`` as failed with
:data:`STOPPED_MESSAGE` and clears its token. The user can then retry it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from .mail import requeue_stalled_sends

logger = logging.getLogger(__name__)

STOPPED_MESSAGE = ("The worker stopped while this was running; nothing from it was kept. "
                   "Retry it.")


def heartbeat_seconds() -> float:
    return float(getattr(settings, "TALENTBRIDGE_WORK_HEARTBEAT_SECONDS", 30))


def stale_seconds() -> float:
    return float(getattr(settings, "TALENTBRIDGE_WORK_STALE_SECONDS", 180))


def lower_priority() -> int:
    """Lower this process's CPU priority by ``TALENTBRIDGE_WORKER_NICENESS``, so that where a
    task worker shares cores with web processes, people's pages come first. On Linux each
    thread has its own niceness (a new one takes its creator's), and imports have already
    started some (NumPy's, for one): every thread there is now is lowered. Returns the
    niceness the process now has."""
    niceness = os.nice(int(str(getattr(settings, "TALENTBRIDGE_WORKER_NICENESS", "10")).strip()))
    threads = Path("/proc/self/task")
    for thread in threads.iterdir() if threads.is_dir() else ():
        with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
            os.setpriority(os.PRIO_PROCESS, int(thread.name), niceness)
    return niceness


@dataclass(frozen=True)
class WorkKind:
    """One kind of background work, for the sweep: its model, its statuses, and the fields
    that say it failed (given the message)."""

    name: str
    model: type
    running: str
    failed: str
    #: Fields written when the worker is found dead: ``failed_fields(message, now)``.
    failed_fields: Callable[[str, dt.datetime], dict]
    #: The field to fall back on when a row has no heartbeat yet (rows from before heartbeats).
    started_field: str = "created_at"


_KINDS: dict[str, WorkKind] = {}


def register(kind: WorkKind) -> None:
    """Called from each app's ``ready()``: this kind of work is swept."""
    _KINDS[kind.name] = kind


def kinds() -> list[WorkKind]:
    return list(_KINDS.values())


def new_token() -> str:
    return uuid.uuid4().hex


def claim(model, pk: int, *, waiting: str, running: str, **fields) -> str | None:
    """Mark the row ``running`` if it is ``waiting``; returns its new token, or None when it
    was not waiting (finished, given up, or claimed by another task)."""
    token = new_token()
    claimed = model.objects.filter(pk=pk, status=waiting).update(
        status=running, heartbeat_at=timezone.now(), work_token=token, **fields)
    return token if claimed else None


def still_mine(model, pk: int, token: str, running: str):
    """The row as a queryset, only while it is still running under this token."""
    return model.objects.filter(pk=pk, status=running, work_token=token)


def pause_for_tests() -> None:
    """Sleep ``TALENTBRIDGE_WORK_PAUSE_SECONDS`` (0 except in the worker tests, which need
    work that lasts long enough to kill its worker part-way)."""
    pause = float(getattr(settings, "TALENTBRIDGE_WORK_PAUSE_SECONDS", 0))
    if pause > 0:
        time.sleep(pause)


def beat(model, pk: int, token: str | None, **fields) -> None:
    """A progress step: write the heartbeat (and ``fields``, e.g. progress) if still ours."""
    pause_for_tests()
    query = model.objects.filter(pk=pk)
    if token is not None:
        query = query.filter(work_token=token)
    query.update(heartbeat_at=timezone.now(), **fields)


class Heartbeat:
    """While the ``with`` block runs, a thread writes the row's heartbeat every
    ``TALENTBRIDGE_WORK_HEARTBEAT_SECONDS`` (none when the setting is 0, as in tests where
    tasks run at once inside the test's transaction)."""

    def __init__(self, model, pk: int, token: str):
        self.model, self.pk, self.token = model, pk, token
        self.interval = heartbeat_seconds()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        if self.interval > 0 and not connection.in_atomic_block:
            self._thread = threading.Thread(target=self._run, daemon=True,
                                            name=f"heartbeat-{self.model.__name__}-{self.pk}")
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=max(self.interval, 5))

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.model.objects.filter(pk=self.pk, work_token=self.token).update(
                        heartbeat_at=timezone.now())
                except Exception:  # a busy database: the next beat tries again
                    logger.warning("Could not write the heartbeat of %s %s",
                                   self.model.__name__, self.pk, exc_info=True)
        finally:
            connection.close()


def stale_query(kind: WorkKind, cutoff: dt.datetime):
    return kind.model.objects.filter(status=kind.running).filter(
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, **{f"{kind.started_field}__lt": cutoff}))


def mark_stale_work_failed(*, older_than: float | None = None) -> dict[str, list]:
    """Mark running work whose heartbeat is older than ``older_than`` seconds (default
    ``TALENTBRIDGE_WORK_STALE_SECONDS``) failed with :data:`STOPPED_MESSAGE`, and queue again
    e-mails whose worker stopped while sending. Returns the ids, by kind. Cheap when nothing
    is stale (one query per kind)."""
    seconds = stale_seconds() if older_than is None else older_than
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=seconds)
    marked: dict[str, list] = {}
    for kind in kinds():
        ids = list(stale_query(kind, cutoff).values_list("pk", flat=True))
        if not ids:
            continue
        # Only rows still stale are changed (a late heartbeat keeps its row running).
        changed = []
        for pk in ids:
            if stale_query(kind, cutoff).filter(pk=pk).update(
                    status=kind.failed, heartbeat_at=None, work_token="",
                    **kind.failed_fields(STOPPED_MESSAGE, now)):
                changed.append(pk)
        if changed:
            logger.warning("Marked %s %s failed: the worker stopped", kind.name, changed)
            marked[kind.name] = changed

    if sends := requeue_stalled_sends(cutoff):
        logger.warning("Queued again e-mails whose worker stopped: %s", sends)
        marked["e-mail (queued again)"] = sends
    return marked


#: Jobs the worker starts once a day (registered by the apps' ``ready()``), by name.
_DAILY: dict[str, Callable[[], object]] = {}


def register_daily(name: str, job: Callable[[], object]) -> None:
    """Called from an app's ``ready()``: the worker calls ``job`` (which should queue a task,
    and must be safe to run more than once a day: several workers, restarts) once a day."""
    _DAILY[name] = job


def run_daily_jobs(last_run: dict[str, dt.date]) -> list[str]:
    """Call each daily job not yet called today (by this worker: ``last_run`` is its memory);
    a failure is logged and tried again on the next call. Returns the names called."""
    today = timezone.localdate()
    called = []
    for name, job in list(_DAILY.items()):
        if last_run.get(name) == today:
            continue
        try:
            job()
        except Exception:
            logger.exception("Could not start the daily job %s", name)
            continue
        last_run[name] = today
        called.append(name)
    return called


def sweep_quietly() -> None:
    """:func:`mark_stale_work_failed` for page loads and the worker: a failure is logged and
    never stops the page or the worker."""
    try:
        mark_stale_work_failed()
    except Exception:
        logger.exception("Could not check for work whose worker stopped")

"""`db_worker`, plus the sweep for work whose worker died (talentbridge.core.work): once at
start, then every ``TALENTBRIDGE_WORK_STALE_SECONDS / 3`` (at most a minute) in a thread. The
same thread starts the daily jobs (``work.register_daily``: the reviews-due reminders) at start
and then once a day. The worker runs at a lower CPU priority than the web processes
(``TALENTBRIDGE_WORKER_NICENESS``, docs/production.md)."""

from __future__ import annotations

import threading

from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from talentbridge.core import work


def _sweep_every(seconds: float, stop: threading.Event) -> None:
    last_run: dict = {}
    try:
        work.run_daily_jobs(last_run)
        while not stop.wait(seconds):
            work.sweep_quietly()
            work.run_daily_jobs(last_run)
    finally:
        connection.close()


class Command(DbWorkerCommand):
    help = ("Run background tasks (imports, match runs, e-mails), marking work whose worker "
            "stopped as failed.")

    def handle(self, *args, **options) -> None:
        work.lower_priority()  # first: the threads started below take the process's niceness
        work.sweep_quietly()
        stop = threading.Event()
        every = max(1.0, min(60.0, work.stale_seconds() / 3))
        threading.Thread(target=_sweep_every, args=(every, stop), daemon=True,
                         name="stale-work-sweep").start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()

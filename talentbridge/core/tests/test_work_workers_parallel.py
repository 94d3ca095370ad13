"""Two real `talentbridge worker` processes (the `work_worker` command, `--batch`) on one
PostgreSQL never take the same task twice.

django-tasks-db claims a task with `SELECT ... FOR UPDATE SKIP LOCKED` and marks it running in
the same transaction, so a second worker skips the row the first is claiming; and an import or
match run is claimed again by its own row (`talentbridge.core.work.claim`: one conditional
`UPDATE`), so even the same work queued twice runs once.

Defined only when the tests run on PostgreSQL (`make test` runs them there too): SQLite lets
one writer in at a time, so it cannot show two workers racing. The rows are committed
(`transaction=True`) so that the worker processes see them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from talentbridge.core.tests.parallel_tasks import processes_seen
from talentbridge.core.tests.parallel_tasks import take_part

ROOT = Path(__file__).resolve().parents[3]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
#: How long the workers may take before the test gives up (a loaded machine).
PATIENCE = 180


def _env(tmp_path: Path) -> dict:
    """The worker processes' environment: this test's own database, the database backend."""
    db = connection.settings_dict
    url = (f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
           f"{db['PORT'] or 5432}/{db['NAME']}")
    return {**os.environ,
            "DJANGO_SETTINGS_MODULE": "talentbridge.config.settings.test",
            "DATABASE_URL": url,
            "TALENTBRIDGE_VAR_DIR": str(tmp_path / "var"),
            "TALENTBRIDGE_TEST_TASKS": "database"}


def _run_two_workers(env: dict) -> None:
    workers = [subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "django", "work_worker", "--batch", "--no-startup-delay",
         "--interval", "0.1", "--worker-id", f"worker-{n}"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for n in (1, 2)]
    try:
        for worker in workers:
            assert worker.wait(timeout=PATIENCE) == 0, worker.stderr.read()
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(timeout=PATIENCE)


def _backend() -> DatabaseBackend:
    """The database backend, whatever backend this test run uses for its own tasks."""
    return DatabaseBackend(alias="default", params={})


if ON_POSTGRES:

    @pytest.mark.django_db(transaction=True)
    def test_two_workers_run_every_task_once_between_them(tmp_path):
        # Given 40 queued tasks
        log = tmp_path / "ran.log"
        backend = _backend()
        for number in range(40):
            backend.enqueue(take_part, [number, str(log)], {})

        # When two workers run until the queue is empty
        _run_two_workers(_env(tmp_path))

        # Then every task ran exactly once, both workers took some, and none failed
        lines = [line.split() for line in log.read_text().splitlines()]
        assert Counter(int(number) for number, _ in lines) == Counter(range(40))
        assert len(processes_seen(log)) == 2
        # (each worker also queues its daily jobs when it starts: not counted here)
        results = DBTaskResult.objects.filter(task_path=take_part.module_path)
        assert Counter(r.status for r in results) == {"SUCCESSFUL": 40}
        assert all(len(r.worker_ids) == 1 for r in results)
        assert {r.worker_ids[0] for r in results} == {"worker-1", "worker-2"}

    @pytest.mark.django_db(transaction=True)
    def test_an_import_and_a_match_run_queued_four_times_each_run_once(tmp_path):
        # Given a queued match run and a queued snapshot import, each task queued three more
        # times (as if the button were pressed again while the first was waiting)
        env = _env(tmp_path)
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "talentbridge.core.tests.work_scenario", "setup"],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=PATIENCE, check=False)
        assert done.returncode == 0, done.stderr
        ids = json.loads(done.stdout)
        backend = _backend()
        queued = list(DBTaskResult.objects.all())
        for result in queued:
            for _ in range(3):
                backend.enqueue(result.task, result.args_kwargs["args"],
                                result.args_kwargs["kwargs"])
        paths = {result.task_path for result in queued}
        assert DBTaskResult.objects.filter(task_path__in=paths).count() == 8

        # When two workers run until the queue is empty
        _run_two_workers(env)

        # Then each piece of work ran once: one run instance and its proposal, one snapshot
        # read; the other tasks found their work already taken and did nothing
        with connection.cursor() as cursor:
            cursor.execute("SELECT status FROM opportunities_matchrun WHERE id = %s", [ids["run"]])
            assert cursor.fetchone() == ("succeeded",)
            cursor.execute("SELECT COUNT(*) FROM opportunities_runinstance")
            assert cursor.fetchone() == (1,)
            cursor.execute("SELECT COUNT(*) FROM opportunities_proposal")
            assert cursor.fetchone() == (1,)
            cursor.execute("SELECT status, message FROM insights_workforcesnapshot")
            assert cursor.fetchall() == [("ready", "2 staff in 1 organisation imported.")]
        results = list(DBTaskResult.objects.filter(task_path__in=paths))
        assert Counter(r.status for r in results) == {"SUCCESSFUL": 8}
        # (a match run's task says so; an import's gives the import's status as it found it)
        assert sum("skipped" in json.dumps(r.return_value) for r in results) == 3

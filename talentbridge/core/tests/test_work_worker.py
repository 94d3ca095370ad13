"""Killing the worker: real `talentbridge worker` processes (the `work_worker` command) on a
scratch SQLite file, the database task backend, a half-second heartbeat and a pause at each
progress step so the work lasts long enough to be killed part-way.

Given a queued match run and a queued snapshot import, when both workers are killed (SIGKILL)
part-way, then the stale-work sweep (`mark_stale_work`) marks both failed with the clear
message and nothing from them was kept; and when the user retries them, a fresh worker
finishes both. The waits poll the database (each bounded), nothing is timed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from talentbridge.core.work import STOPPED_MESSAGE

ROOT = Path(__file__).resolve().parents[3]
#: How long a wait for a worker may take before the test gives up (a loaded machine).
PATIENCE = 90


def _env(tmp_path: Path, pause: float) -> dict:
    env = {**os.environ,
           "DJANGO_SETTINGS_MODULE": "talentbridge.config.settings.test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'work.sqlite3'}",
           "TALENTBRIDGE_VAR_DIR": str(tmp_path / "var"),
           "TALENTBRIDGE_TEST_TASKS": "database",
           "TALENTBRIDGE_WORK_HEARTBEAT_SECONDS": "0.5",
           "TALENTBRIDGE_WORK_PAUSE_SECONDS": str(pause)}
    return env


def _run(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True,  # noqa: S603
                          text=True, timeout=PATIENCE, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _worker(env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "django", "work_worker", "--no-startup-delay",
         "--interval", "0.2", *extra],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def thread_niceness(pid: int) -> set[int]:
    """The niceness of every thread of process ``pid`` (Linux: each thread has its own)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        found.add(int(fields[16]))  # the 19th field of stat; the 3rd after the name
    return found


class Database:
    """Reads the scratch database as another process would (its own connection)."""

    def __init__(self, path: Path):
        self.path = path

    def one(self, sql: str) -> tuple:
        with sqlite3.connect(self.path, timeout=20) as conn:
            return conn.execute(sql).fetchone()

    def run(self) -> tuple:
        return self.one("SELECT status, progress, error FROM opportunities_matchrun")

    def beating(self) -> tuple:
        return self.one("SELECT progress, heartbeat_at FROM opportunities_matchrun")

    def snapshot(self) -> tuple:
        return self.one("SELECT status, message, parquet_path, upload_path "
                        "FROM insights_workforcesnapshot")

    def count(self, table: str) -> int:
        return self.one(f"SELECT COUNT(*) FROM {table}")[0]  # noqa: S608

    def wait_for(self, ready, what: str) -> None:
        give_up = time.monotonic() + PATIENCE
        while not ready():
            assert time.monotonic() < give_up, f"gave up waiting for {what}"
            time.sleep(0.2)


def test_killing_workers_part_way_leaves_failed_work_that_a_retry_finishes(tmp_path):
    # Given a queued match run and a queued snapshot import
    env = _env(tmp_path, pause=1.5)
    ids = json.loads(_run(env, "-m", "talentbridge.core.tests.work_scenario", "setup"))
    assert ids == {"run": 1, "snapshot": 1}
    db = Database(tmp_path / "work.sqlite3")

    # When two workers have each taken one part-way (progress is visible to others as it goes)
    workers = [_worker(env), _worker(env)]
    try:
        db.wait_for(lambda: db.run()[0] == "running" and db.run()[1] >= 25
                    and db.snapshot()[0] == "running", "both to be running")
        # the heartbeat goes on between progress steps (the worker's heartbeat thread)
        seen = [db.beating()]
        db.wait_for(lambda: seen.append(db.beating()) or (
            seen[-1][0] == seen[-2][0] and seen[-1][1] != seen[-2][1]),
            "a heartbeat between two steps")
        # and every thread of both workers (the import's included) runs at a lower CPU
        # priority than the web processes: people's pages come first
        lower = min(19, os.nice(0) + 10)
        assert [thread_niceness(w.pid) for w in workers] == [{lower}, {lower}]
    finally:
        for worker in workers:  # and are killed (no chance to clean up)
            worker.kill()
            worker.wait(timeout=PATIENCE)
    assert db.run()[0] == "running" and db.snapshot()[0] == "running"

    # Then the sweep marks both failed with the clear message, and nothing was kept
    time.sleep(1.5)  # the heartbeats are now more than a second old
    swept = _run(env, "-m", "django", "mark_stale_work", "--older-than", "1")
    assert "Marked failed (match run): 1" in swept
    assert "Marked failed (snapshot import): 1" in swept
    assert db.run() == ("failed", db.run()[1], STOPPED_MESSAGE)
    status, message, parquet, upload = db.snapshot()
    assert (status, message, parquet) == ("failed", STOPPED_MESSAGE, "")
    assert upload and (tmp_path / "var" / "snapshots" / upload).exists()  # kept for a retry
    assert db.count("opportunities_proposal") == 0
    assert db.count("opportunities_runinstance") == 0

    # When the users retry them and a fresh worker runs
    assert json.loads(_run(env, "-m", "talentbridge.core.tests.work_scenario", "retry")) == {
        "run": "queued", "snapshot": "queued"}
    worker = _worker(_env(tmp_path, pause=0), "--batch")
    try:
        assert worker.wait(timeout=PATIENCE) == 0, worker.stderr.read()
    finally:
        worker.kill()

    # Then both finish, each once
    assert db.run() == ("succeeded", 100, "")
    assert db.count("opportunities_proposal") == 1
    assert db.count("opportunities_runinstance") == 1
    status, message, parquet, upload = db.snapshot()
    assert (status, message, upload) == ("ready", "2 staff in 1 organisation imported.", "")
    assert (tmp_path / "var" / "snapshots" / parquet).exists()

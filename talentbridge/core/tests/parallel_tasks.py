"""A small task for the two-worker test (test_work_workers_parallel.py), run by real worker
processes: it writes a line saying which task it is and which process ran it, then waits
(bounded) until some task of another process has started too, so that both workers are seen
taking tasks without the test timing anything."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.tasks import task

#: How long a task waits for the other worker to start one before it gives up waiting.
PATIENCE = 60


def processes_seen(log: Path) -> set[str]:
    if not log.exists():
        return set()
    return {line.split()[1] for line in log.read_text().splitlines() if line.strip()}


@task()
def take_part(number: int, log_path: str) -> int:
    log = Path(log_path)
    with open(log, "a") as out:  # one short line per write: appends never interleave
        out.write(f"{number} {os.getpid()}\n")
    give_up = time.monotonic() + PATIENCE
    while len(processes_seen(log)) < 2 and time.monotonic() < give_up:
        time.sleep(0.05)
    return number

"""Timing a command of this repository as a new process, for the benchmarks."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["REPO_ROOT", "run_module"]

REPO_ROOT = Path(__file__).resolve().parents[1]


def run_module(argv: list[str], *, hold_stderr: bool = False
               ) -> tuple[float, resource.struct_rusage, int]:
    """Run ``python -m <argv>`` from the repository root, its stdout discarded; return its wall
    seconds, its resource usage (``wait4``: CPU times, ``ru_maxrss`` in KiB on Linux) and its
    exit code. With ``hold_stderr`` its stderr is shown only if it fails."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own module
        [sys.executable, "-m", *argv], cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE if hold_stderr else None,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr is not None:
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr.read().decode(errors="replace"))
        proc.stderr.close()
    return seconds, usage, proc.returncode

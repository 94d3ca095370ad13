"""gunicorn's settings for the production web tier:
``gunicorn -c python:talentbridge.config.gunicorn talentbridge.config.wsgi:application``.

Each value can be changed from the environment (or by a command-line option, which wins over
this file). Why each is what it is (docs/performance.md):

* ``gthread`` workers with threads: a page mostly waits on PostgreSQL and Redis, so threads
  overlap that waiting, and a slow page (an export, a password check) holds up one thread
  rather than a whole process. Processes (``WEB_CONCURRENCY``) use the cores: one or two per
  core.
* ``keepalive`` longer than any client's or load balancer's idle reuse window. gunicorn's own
  default, 2 s, closes idle connections that browsers, load balancers and API clients still
  mean to reuse; a request sent on a connection as the server closes it is reset with no
  answer. Behind a load balancer keep it *longer* than the balancer's idle timeout (60 s on
  the common ones), so the balancer always closes first.
* ``timeout``: a worker silent this long is killed and replaced; longer than the slowest page
  (exports of a whole region) but short enough that a hung worker does not sit for minutes.
* the interpreter's thread switch interval, 0.5 ms instead of Python's 5 ms
  (``GUNICORN_SWITCH_INTERVAL_MS``): a page's thread gives up the interpreter lock at each
  database query and, when another thread of its process is computing, waits up to the whole
  interval to take it back, at each of the page's tens of queries. Set here, in the master,
  so every worker forked from it has it.
"""

from __future__ import annotations

import os
import sys


def _switch_interval_seconds(value: str) -> float:
    """The switch interval from its setting in milliseconds; a clear stop when it is not a
    number of milliseconds above 0 and at most 100."""
    try:
        milliseconds = float(value)
    except ValueError:
        milliseconds = -1.0
    if not 0 < milliseconds <= 100:
        raise SystemExit(f'GUNICORN_SWITCH_INTERVAL_MS "{value}" is not a number of '
                         "milliseconds above 0 and at most 100, e.g. \"0.5\" (the default).")
    return milliseconds / 1000


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
#: Seconds an idle connection is kept open: longer than the load balancer's idle timeout.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
#: Requests queued on the socket while every thread is busy.
backlog = 2048
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
#: Seconds a thread runs before another thread of the process may take the interpreter.
sys.setswitchinterval(_switch_interval_seconds(os.environ.get("GUNICORN_SWITCH_INTERVAL_MS",
                                                              "0.5")))

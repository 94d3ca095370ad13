"""The load test's query log: every SQL statement a web request runs, grouped by its text with
the values taken out, counted and timed, and written by each web process to
``$TALENTBRIDGE_QUERY_LOG_DIR/queries-<pid>.json`` every few seconds.

Installed only by the load test's settings (``talentbridge.config.settings.loadtest``), as a
middleware wrapping each request in ``connection.execute_wrapper``; never in production.
PostgreSQL's ``pg_stat_statements`` does the same job where it can be loaded.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import threading
import time
from pathlib import Path

from django.db import connection

_LIST = re.compile(r"(%s)(\s*,\s*%s)+")
_NUMBER = re.compile(r"\b\d+\b")
_WRITE_EVERY_SECONDS = 5.0


def normalise(sql: str) -> str:
    """The statement with its values taken out, so every run of one query groups together: a
    list of placeholders of any length reads as one, and numbers written into the text as #."""
    return _NUMBER.sub("#", _LIST.sub(r"\1, ...", sql))


class QueryLog:
    """Counts and times by normalised statement, with the slowest run's parameters kept for
    EXPLAIN. Shared by the threads of one web process."""

    def __init__(self, folder: Path):
        self.path = folder / f"queries-{os.getpid()}.json"
        self.lock = threading.Lock()
        self.by_text: dict[str, dict] = {}
        self.written = time.monotonic()
        atexit.register(self.write)  # a web process stopped at the end of a run

    def add(self, sql: str, params, seconds: float) -> None:
        key = normalise(sql)
        with self.lock:
            row = self.by_text.setdefault(key, {"count": 0, "total": 0.0, "max": 0.0})
            row["count"] += 1
            row["total"] += seconds
            if seconds >= row["max"]:
                row["max"], row["sql"] = seconds, sql
                row["params"] = json.loads(json.dumps(list(params or ()), default=str))

    def write_if_due(self) -> None:
        if time.monotonic() - self.written >= _WRITE_EVERY_SECONDS:
            self.write()

    def write(self) -> None:
        with self.lock:
            self.written = time.monotonic()
            if not self.by_text:
                return
            text = json.dumps(self.by_text)
        partial = self.path.with_suffix(".partial")
        partial.write_text(text)
        partial.replace(self.path)


class QueryLogMiddleware:
    """Times every statement of the request into the process's QueryLog."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.log = QueryLog(Path(os.environ.get("TALENTBRIDGE_QUERY_LOG_DIR", ".")))

    def _timed(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.log.add(sql, params, time.perf_counter() - started)

    def __call__(self, request):
        with connection.execute_wrapper(self._timed):
            response = self.get_response(request)
        self.log.write_if_due()
        return response

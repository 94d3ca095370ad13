"""Commit hooks in tests, run as on a real commit.

pytest-django runs each test (but the transactional ones) inside a transaction that is rolled
back at the end, so Django would never run a `transaction.on_commit` callback of the code
under test: e-mails, which are sent after commit (talentbridge.core.mail), would never go.
Within :func:`committing_as_in_production` they run as they would in production: when the
outermost transaction of the code under test ends without error (and are dropped when it
rolls back, as Django already does for a savepoint), or at once when registered outside any
transaction of its own. The test's own transaction stands for autocommit.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)


def _only_the_tests_own(connection) -> bool:
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _call(func, robust: bool) -> None:
    if not robust:
        func()
        return
    try:
        func()
    except Exception:
        logger.exception("Error calling %s in on_commit()", getattr(func, "__qualname__", func))


@contextlib.contextmanager
def committing_as_in_production() -> Iterator[None]:
    real_on_commit = BaseDatabaseWrapper.on_commit
    real_exit = transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and _only_the_tests_own(self):
            if not callable(func):
                raise TypeError("on_commit()'s callback must be a callable.")
            _call(func, robust)
            return
        real_on_commit(self, func, robust)

    def exit_(self, exc_type, exc_value, traceback):
        outcome = real_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if (exc_type is None and connection.in_atomic_block and connection.run_on_commit
                and not connection.needs_rollback and _only_the_tests_own(connection)):
            pending, connection.run_on_commit = connection.run_on_commit, []
            for _, func, robust in pending:
                _call(func, robust)
        return outcome

    BaseDatabaseWrapper.on_commit = on_commit
    transaction.Atomic.__exit__ = exit_
    try:
        yield
    finally:
        BaseDatabaseWrapper.on_commit = real_on_commit
        transaction.Atomic.__exit__ = real_exit

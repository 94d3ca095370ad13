"""The password hasher: Argon2id with its cost chosen for a web server that signs people in.

Django's own Argon2 defaults (100 MiB of memory, 2 passes, 8 lanes) make every password check
cost a quarter of a second or more of CPU, and 8 threads of it: fifty people signing in within
five seconds on a Monday morning then hold up everyone else's pages on a small server. OWASP's
minimum for Argon2id, which these parameters are, is 19 MiB of memory, 2 passes and 1 lane;
it costs about a fifth of Django's default in CPU, one core at a time, and still makes
guessing a stolen hash slow (each guess needs 19 MiB of memory, which defeats cheap parallel
hardware). Raise ``memory_cost`` rather than ``time_cost`` if the servers have room to spare.

The algorithm name stays ``argon2``, so a hash made with other parameters (Django's defaults,
or these before a change) still verifies, and Django re-hashes the password with these
parameters the next time its owner signs in with it (``must_update``): the first sign-in of
each account after a change costs the old price once.

A web process runs at most ``PASSWORD_CHECKS_AT_ONCE`` password hashes at a time (one by
default): a burst of sign-ins queues for one core of each process, rather than taking
every core from other people's pages while it lasts. See docs/performance.md.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

_slots: threading.BoundedSemaphore | None = None
_slots_made = threading.Lock()


@contextmanager
def _password_slot() -> Iterator[None]:
    """Hold one of this process's ``PASSWORD_CHECKS_AT_ONCE`` password-hashing slots."""
    global _slots
    with _slots_made:
        if _slots is None:
            _slots = threading.BoundedSemaphore(int(settings.PASSWORD_CHECKS_AT_ONCE))
    with _slots:
        yield


class NhsArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's minimum: 19 MiB, 2 passes, 1 lane; a limited number at once."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        with _password_slot():
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with _password_slot():
            return super().verify(password, encoded)

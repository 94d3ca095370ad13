"""Access-matrix cases that take a user's access away for a moment: an account made inactive,
a role assignment ended. Policies cache a user's grants on the user object, so each helper
takes the test's ``forget(user)``, which drops that cache, and calls it when access is back
(``made_inactive`` also before it is taken away)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone


@contextmanager
def made_inactive(user, forget: Callable[[object], object]) -> Iterator[object]:
    """The ``with`` block runs with ``user`` inactive (not saved), then active again."""
    forget(user)
    user.is_active = False
    try:
        yield user
    finally:
        user.is_active = True
        forget(user)


@contextmanager
def role_ended(user, forget: Callable[[object], object]) -> Iterator[object]:
    """The ``with`` block runs with ``user``'s one role assignment ended now (saved), then
    current again."""
    assignment = user.role_assignments.get()
    assignment.ends_at = timezone.now()
    assignment.save()
    try:
        yield user
    finally:
        assignment.ends_at = None
        assignment.save()
        forget(user)

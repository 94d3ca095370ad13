"""What the demo's builders share: saying what they do, making way for a rebuild, and building
in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction


def say(stdout, message: str) -> None:
    """Write ``message`` as a line of ``stdout``, if there is one."""
    if stdout is not None:
        stdout.write(message + "\n")


def delete_counted(rows, *first) -> int:
    """Delete the querysets ``first`` (what points at ``rows``, or goes with them), then
    ``rows``; how many ``rows`` there were."""
    count = rows.count()
    for queryset in first:
        queryset.delete()
    rows.delete()
    return count


def make_way(stdout, exists: bool, reset: bool, what: str, delete: Callable[[], object]) -> bool:
    """Whether a builder goes on to build, in its transaction: demo ``what`` that ``exists``
    already are kept without ``reset`` (said so, and False), or deleted with it (said, with what
    ``delete()`` returns: how many)."""
    if exists:
        if not reset:
            say(stdout, f"Demo {what} already exist. Nothing changed.")
            return False
        say(stdout, f"Deleted {delete()} demo {what}.")
    return True


def build_once(stdout, reset: bool, what: str, existing, delete: Callable[[], object],
               build: Callable[[], str], *, needs, missing: str) -> None:
    """Build demo ``what`` with ``build()`` in one transaction, after making way for it
    (`make_way`: ``existing``, a queryset of them, is kept without ``reset``); then say what
    ``build()`` returns ("Built 3 board posts …") with the seconds it all took. While
    ``needs``, a queryset of what it builds on, is empty, only say ``missing``."""
    if not needs.exists():
        say(stdout, missing)
        return
    started = time.perf_counter()
    with transaction.atomic():
        if not make_way(stdout, existing.exists(), reset, what, delete):
            return
        built = build()
    say(stdout, f"{built} in {time.perf_counter() - started:.1f} s.")

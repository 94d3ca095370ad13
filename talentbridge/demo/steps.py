"""What the demo's builders share: saying what they do, and making way for a rebuild."""

from __future__ import annotations

from collections.abc import Callable


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

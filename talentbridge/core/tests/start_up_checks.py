"""Testing the system checks that name a mistyped setting at start-up."""

from __future__ import annotations

from collections.abc import Callable


def assert_named_at_start_up(settings, name: str, value: str, check: Callable, error_id: str,
                             *, quoted: str | None = None, then: str) -> None:
    """With setting ``name`` set to ``value``, ``check`` gives one error, ``error_id``, whose
    message quotes the mistyped part (``quoted``, by default the whole value); set to ``then``
    instead, it gives none."""
    setattr(settings, name, value)
    errors = check(None)
    assert [e.id for e in errors] == [error_id]
    assert f'"{value if quoted is None else quoted}"' in errors[0].msg
    setattr(settings, name, then)
    assert check(None) == []

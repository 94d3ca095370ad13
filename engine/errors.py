"""The error every engine raises for input it cannot use.

Standard library only, so that a light command (``tenure survival``) can import it and still
start quickly.
"""

from __future__ import annotations

__all__ = ["InputError"]


class InputError(ValueError):
    """The input is not valid. ``problems`` lists every problem found; the message is them one
    a line unless ``message`` is given."""

    def __init__(self, problems: list[str], message: str | None = None) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems) if message is None else message)

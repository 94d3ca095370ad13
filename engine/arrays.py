"""Small helpers for the engines' array-holding instances (matching, mentoring)."""

from __future__ import annotations

__all__ = ["length_of"]


def length_of(array: str, doc: str) -> property:
    """A read-only ``int`` attribute: the length of the instance's array named ``array``."""
    return property(lambda self: int(len(getattr(self, array))), doc=doc)

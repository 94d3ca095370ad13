"""What many apps' models share: abstract bases and the managers of person-level tables.

Abstract bases add no table and leave each model's migrations as they were: a model's own
``class Meta`` still says its ordering, constraints and names.
"""

from __future__ import annotations

from django.db import models
from django.utils.text import capfirst

from talentbridge.core.scoping import ScopedManager


def person_managers(person_path: str = "person", *, scoped: type[ScopedManager] = ScopedManager,
                    **options) -> tuple[models.Manager, ScopedManager]:
    """``unscoped, objects`` of a model holding rows about named people (core/scoping.py):
    ``unscoped`` reads every row, for the allowlisted modules only (``UNSCOPED_MODULES``);
    ``objects`` (a ``scoped`` manager, given ``person_path`` and ``options`` such as its
    ``rule``) reads only through ``visible_to``.

    ``unscoped`` is made first, so it is the model's default manager."""
    unscoped = models.Manager()
    objects = scoped(person_path, **options)
    return unscoped, objects


class Timestamped(models.Model):
    """A row that keeps when it was made and when it last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class NamedByNumber(models.Model):
    """A row whose text (``str()``) is its model's name and its number, "Goal 12": it holds
    nothing that may be shown wherever the row is named (a log, an error)."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{capfirst(self._meta.verbose_name)} {self.pk}"

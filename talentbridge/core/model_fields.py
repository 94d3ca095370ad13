"""Fields that many apps' models declare alike."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def one_way_link(to, on_delete, *, blank: bool = True, **options) -> models.ForeignKey:
    """An optional foreign key to ``to`` that ``to`` does not list back (``related_name="+"``),
    such as the place a row is scoped at or the record it was made from."""
    return models.ForeignKey(to, null=True, blank=blank, on_delete=on_delete,
                             related_name="+", **options)


def by_user(*, blank: bool = True, **options) -> models.ForeignKey:
    """The user who did something to a row (recorded, decided, supplied it): optional, and
    left empty, the row kept, when their account is deleted."""
    return one_way_link(settings.AUTH_USER_MODEL, models.SET_NULL, blank=blank, **options)


def person_link(related_name: str, *, field: type[models.ForeignKey] = models.ForeignKey,
                **options) -> models.ForeignKey:
    """The person (``people.Person``) a row is about, listed back on them as ``related_name``:
    deleting the person (erasure, the demo reset) deletes the row with them. ``field`` is
    ``models.OneToOneField`` for a row each person has at most one of."""
    return field("people.Person", on_delete=models.CASCADE, related_name=related_name, **options)

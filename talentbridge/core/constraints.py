"""Database constraints that several apps' models share."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

PLACES = ("organisation", "system", "region")


def scope_matches_level(places: tuple[str, ...] = PLACES, *, england: bool = True) -> Q:
    """A row scoped at a level names the place of that level and no other: its `scope_level` is
    one of ``places`` (each a foreign key of the row) with only that one set, or, with
    ``england``, "england" with none set."""
    condition = Q()
    for level in [*places, "england"] if england else places:
        condition |= Q(scope_level=level,
                       **{f"{place}__isnull": place != level for place in places})
    return condition


def unique(*fields: str, name: str, condition: Q | None = None) -> models.UniqueConstraint:
    """At most one row for each value of ``fields`` together (among the rows that meet
    ``condition``, if given); ``name`` says what it keeps, e.g. "one_rating_per_domain"."""
    return models.UniqueConstraint(fields=list(fields), condition=condition, name=name)

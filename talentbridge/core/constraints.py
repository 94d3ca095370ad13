"""Database constraints that several apps' models share."""

from __future__ import annotations

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

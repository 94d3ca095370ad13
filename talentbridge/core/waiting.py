"""What is waiting for a user: the items their home lists, each with how many and a link to
the page where the work is done.

Each app that gives a user work has a small ``waiting_for(user) -> list[WaitingItem]`` in its
own ``waiting.py``; it counts through the app's own policy and scoped querysets, and returns
nothing for work the user may not do. ``talentbridge.config.workspace`` gathers them (only the
top layer may import every app) and the home page shows them.

Background work (match runs, imports) is waiting when it finished since the user last opened
its list: :func:`mark_looked` records the look, :func:`last_looked` reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models import Window
from django.urls import reverse
from django.utils import timezone

from .models import LastLook

#: How far back finished work counts for someone who never opened its list.
NEVER_LOOKED_DAYS = 14


@dataclass(frozen=True)
class WaitingItem:
    """One kind of waiting work: "3 | Placements waiting for your approval", linked."""

    text: str
    count: int
    href: str


def waiting(count: int, one: str, many: str, href: str) -> list[WaitingItem]:
    """The item for ``count`` things (worded for one or many), or none when there are none."""
    if count <= 0:
        return []
    return [WaitingItem(one if count == 1 else many, count, href)]


def waiting_in(queryset, one: str, many: str, url_name: str, list_href: str = "",
               args: Callable[[Any], list] = lambda row: [row.pk]) -> list[WaitingItem]:
    """The item for an ordered queryset of waiting work: linked to ``list_href`` when there
    are several and a list of them exists, otherwise to the first one (the one waiting
    longest): the page ``url_name`` with ``args`` of that row."""
    # the first row and how many there are, in one query
    first = queryset.annotate(waiting_count=Window(Count("pk"))).first()
    if first is None:
        return []
    count = first.waiting_count
    href = list_href if count > 1 and list_href else reverse(url_name, args=args(first))
    return waiting(count, one, many, href)


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "pk", None)


def mark_looked(user, page: str) -> None:
    """Record that ``user`` opened the list ``page`` now (nothing for anonymous users)."""
    if _signed_in(user):
        LastLook.objects.update_or_create(user_id=user.pk, page=page,
                                          defaults={"looked_at": timezone.now()})


def last_looked(user, page: str) -> dt.datetime:
    """When ``user`` last opened ``page``; if never, :data:`NEVER_LOOKED_DAYS` days ago."""
    look = LastLook.objects.filter(user_id=user.pk, page=page).first()
    if look is not None:
        return look.looked_at
    return timezone.now() - dt.timedelta(days=NEVER_LOOKED_DAYS)

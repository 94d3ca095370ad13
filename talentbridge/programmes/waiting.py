"""Waiting for a user in development programmes: applications to score (panel members) and
to decide (programme managers, once a cohort's selection has begun), sessions held without
attendance recorded, and feedback to give at the end of a place."""

from __future__ import annotations

from django.urls import reverse

from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import waiting

from . import services

#: The waiting counts per cohort, each worded for one and for many ({} is the cohort).
_PER_COHORT = (
    ("score", "Application to score for {}", "Applications to score for {}"),
    ("decide", "Application to decide for {}", "Applications to decide for {}"),
    ("attendance", "Session of {} without attendance recorded",
     "Sessions of {} without attendance recorded"),
)


def _per_cohort(counts: dict, kind: str, one: str, many: str) -> list[WaitingItem]:
    """The items of one kind counted per cohort, each linked to its cohort's page."""
    items: list[WaitingItem] = []
    for cohort, n in counts[kind]:
        items += waiting(n, one.format(cohort), many.format(cohort),
                         reverse("programmes:cohort", args=[cohort.pk]))
    return items


def waiting_for(user) -> list[WaitingItem]:
    counts = services.waiting_counts(user)
    items: list[WaitingItem] = []
    for kind, one, many in _PER_COHORT:
        items += _per_cohort(counts, kind, one, many)
    for place, n in counts["feedback"]:
        items += waiting(n, f"Feedback to give on {place.cohort}",
                         f"Feedback to give on {place.cohort}",
                         reverse("programmes:feedback", args=[place.pk]))
    return items

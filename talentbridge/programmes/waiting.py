"""Waiting for a user in development programmes: applications to score (panel members) and
to decide (programme managers, once a cohort's selection has begun), sessions held without
attendance recorded, and feedback to give at the end of a place."""

from __future__ import annotations

from django.urls import reverse

from talentbridge.core.waiting import WaitingItem, waiting

from . import services


def waiting_for(user) -> list[WaitingItem]:
    counts = services.waiting_counts(user)
    items: list[WaitingItem] = []
    for cohort, n in counts["score"]:
        items += waiting(n, f"Application to score for {cohort}",
                         f"Applications to score for {cohort}",
                         reverse("programmes:cohort", args=[cohort.pk]))
    for cohort, n in counts["decide"]:
        items += waiting(n, f"Application to decide for {cohort}",
                         f"Applications to decide for {cohort}",
                         reverse("programmes:cohort", args=[cohort.pk]))
    for cohort, n in counts["attendance"]:
        items += waiting(n, f"Session of {cohort} without attendance recorded",
                         f"Sessions of {cohort} without attendance recorded",
                         reverse("programmes:cohort", args=[cohort.pk]))
    for place, n in counts["feedback"]:
        items += waiting(n, f"Feedback to give on {place.cohort}",
                         f"Feedback to give on {place.cohort}",
                         reverse("programmes:feedback", args=[place.pk]))
    return items

"""Mentoring services other apps may call (they never query the models themselves)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import MentoringRelationship


def current_relationships(mentee_id: int, on: dt.date | None = None
                          ) -> QuerySet[MentoringRelationship]:
    """The mentee's mentoring and coaching relationships that are running on ``on`` (today)."""
    day = on or timezone.localdate()
    return (MentoringRelationship.objects
            .filter(mentee_id=mentee_id, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .select_related("mentor"))


def has_current_mentor_or_coach(mentee_id: int, on: dt.date | None = None) -> bool:
    return current_relationships(mentee_id, on).exists()

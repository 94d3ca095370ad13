"""Waiting for a user in mentoring: open requests to match (programme managers, in their
scope), a new relationship's first meeting to arrange and end reviews to write (the pair)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from talentbridge.accounts.grants import grants_for
from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import waiting

from . import policy
from .models import EndReview
from .models import MentoringRelationship
from .models import MentoringRequest
from .models import RequestStatus


def _to_match(user) -> list[WaitingItem]:
    if not policy.is_programme_manager(user):
        return []
    count = MentoringRequest.unscoped.filter(
        policy.request_rows(user), status=RequestStatus.OPEN).count()
    return waiting(count, "Mentoring request to match", "Mentoring requests to match",
                   reverse("mentoring:manage"))


def _pair_work(user) -> list[WaitingItem]:
    me = grants_for(user).person_id
    if me is None:
        return []
    mine = MentoringRelationship.unscoped.filter(Q(mentor_id=me) | Q(mentee_id=me))
    first = mine.filter(ended_on__isnull=True, meetings__isnull=True).distinct().count()
    reviewed = EndReview.unscoped.filter(by_id=me).values("relationship_id")
    reviews = mine.filter(ended_on__isnull=False).exclude(pk__in=reviewed).count()
    home = reverse("mentoring:home")
    return (waiting(first, "New mentoring relationship: arrange the first meeting",
                    "New mentoring relationships: arrange the first meetings", home)
            + waiting(reviews, "Mentoring end review to write", "Mentoring end reviews to write",
                      home))


def waiting_for(user) -> list[WaitingItem]:
    return _to_match(user) + _pair_work(user)

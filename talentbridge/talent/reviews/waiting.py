"""Waiting for a user in talent reviews and pools: reviews they facilitate or take part in
that are not locked yet, nominations waiting for their decision in pools they manage, and
members of pools they own falling due for review."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from talentbridge.core.waiting import WaitingItem, waiting, waiting_in
from talentbridge.talent.models import (
    PoolMembership,
    PoolNomination,
    TalentPool,
    TalentReview,
)
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reminders import REMINDER_DAYS

from . import policy


def reviews(user) -> list[WaitingItem]:
    taking_part = (TalentReview.objects
                   .filter(Q(facilitator_id=user.pk) | Q(participants__id=user.pk))
                   .exclude(status=ReviewStatus.LOCKED).distinct().order_by("held_on", "pk"))
    return waiting_in(taking_part, "Talent review in progress that you take part in",
                      "Talent reviews in progress that you take part in", "talent:review",
                      reverse("talent:reviews"))


def nominations(user) -> list[WaitingItem]:
    """Pending nominations, of people this user may see, in pools they manage (rule 8)."""
    pending = PoolNomination.objects.visible_to(user).filter(status=NominationStatus.PENDING)
    pools = TalentPool.objects.select_related("system").filter(
        pk__in=pending.values("pool_id"))
    managed = [pool.pk for pool in pools if policy.manages_pool(user, pool)]
    count = pending.filter(pool_id__in=managed).count()
    href = (reverse("talent:pool", args=[managed[0]]) if len(managed) == 1
            else reverse("talent:pools"))
    return waiting(count, "Talent pool nomination to decide",
                   "Talent pool nominations to decide", href)


def memberships_due(user) -> list[WaitingItem]:
    due = (PoolMembership.objects.visible_to(user)
           .filter(pool__owner_id=user.pk, exited_on__isnull=True,
                   review_on__lte=timezone.localdate() + dt.timedelta(days=REMINDER_DAYS))
           .order_by("review_on", "pk"))
    return waiting_in(due, "Talent pool member due for review",
                      "Talent pool members due for review", "talent:pool",
                      args=lambda m: [m.pool_id])


def waiting_for(user) -> list[WaitingItem]:
    if not getattr(user, "pk", None):
        return []
    return [*reviews(user), *nominations(user), *memberships_due(user)]

"""Waiting for a user in talent reviews and pools: each review they facilitate or take part in
that is not locked yet, the nominations waiting for their decision in each pool they manage,
and the members of each pool they own falling due for review. One item per review or pool
(a user has few), linked to where on its page the work is done."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import waiting
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reminders import REMINDER_DAYS

from . import policy


def reviews(user) -> list[WaitingItem]:
    taking_part = (TalentReview.objects
                   .filter(Q(facilitator_id=user.pk) | Q(participants__id=user.pk))
                   .exclude(status=ReviewStatus.LOCKED).distinct().order_by("held_on", "pk"))
    return [WaitingItem(f"Talent review in progress: {review.name} "
                        f"({review.get_status_display().lower()})",
                        1, reverse("talent:review", args=[review.pk]))
            for review in taking_part]


def _pool_link(pool_id: int, part: str) -> str:
    return f"{reverse('talent:pool', args=[pool_id])}#{part}"


def nominations(user) -> list[WaitingItem]:
    """Pending nominations, of people this user may see, in pools they manage (rule 8)."""
    pending = PoolNomination.objects.visible_to(user).filter(status=NominationStatus.PENDING)
    counts = dict(pending.values_list("pool_id").annotate(n=Count("pk")))
    pools = list(TalentPool.objects.select_related("system").filter(pk__in=counts)
                 .order_by("name"))
    places = policy.pool_places(pools)
    return [item for pool in pools if policy.manages_pool(user, pool, places[pool.pk])
            for item in waiting(counts[pool.pk], f"Nomination to decide for {pool.name}",
                                f"Nominations to decide for {pool.name}",
                                _pool_link(pool.pk, "nominations"))]


def memberships_due(user) -> list[WaitingItem]:
    due = (PoolMembership.objects.visible_to(user)
           .filter(pool__owner_id=user.pk, exited_on__isnull=True,
                   review_on__lte=timezone.localdate() + dt.timedelta(days=REMINDER_DAYS))
           .values_list("pool_id", "pool__name").annotate(n=Count("pk")).order_by("pool__name"))
    return [item for pool_id, name, count in due
            for item in waiting(count, f"Member of {name} due for review",
                                f"Members of {name} due for review",
                                _pool_link(pool_id, "members"))]


def waiting_for(user) -> list[WaitingItem]:
    if not getattr(user, "pk", None):
        return []
    return [*reviews(user), *nominations(user), *memberships_due(user)]

"""Opening and closing holdings as board posts change holder (called by signals.py; no viewer:
the succession service that changed the post asked its policy first)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from talentbridge.succession.models import BoardPost

from .models import PostHolding


def close_holding(post: BoardPost, person_id: int, left_on: dt.date) -> None:
    """The post's open holding by ``person_id`` ends on ``left_on`` (never before it began)."""
    for holding in PostHolding.unscoped.filter(post=post, person_id=person_id,
                                               ended_on__isnull=True):
        holding.ended_on = max(left_on, holding.started_on)
        holding.save(update_fields=["ended_on", "updated_at"])


def open_holding(post: BoardPost) -> PostHolding:
    """A holding for the post's incumbent from the post's start date (today if none); any
    other open holding of the post closes that day."""
    started_on = post.started_on or timezone.localdate()
    for other in PostHolding.unscoped.filter(post=post, ended_on__isnull=True):
        other.ended_on = max(started_on, other.started_on)
        other.save(update_fields=["ended_on", "updated_at"])
    return PostHolding.unscoped.create(
        post=post, organisation_id=post.organisation_id, kind=post.kind,
        person_id=post.incumbent_id, started_on=started_on, interim=post.interim)


def sync_holding(post: BoardPost) -> None:
    """The incumbent's facts changed (start date, interim): their open holding follows."""
    holding = PostHolding.unscoped.filter(post=post, person_id=post.incumbent_id,
                                          ended_on__isnull=True).first()
    if holding is None:
        open_holding(post)
        return
    started_on = post.started_on or holding.started_on
    if (holding.started_on, holding.interim) != (started_on, post.interim):
        holding.started_on, holding.interim = started_on, post.interim
        holding.first_time = None  # worked out again from the new start
        holding.save(update_fields=["started_on", "interim", "first_time", "updated_at"])

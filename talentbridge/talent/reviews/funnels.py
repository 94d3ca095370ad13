"""The fairness funnel (engine.insights.funnel, the same code as development programmes) for
decisions the talent app already makes:

* a talent pool: nominated, approved, still a member a year after joining;
* a locked talent review: placed, in the top cells before calibration, in the top cells after.
  The top cells are the three nearest the top right of the grid (the highest column and row,
  and the two beside it), such as "Future leader", "High potential" and "High performer" on the
  nine-box.

Figures join in batches as they become final, so that one decision never changes a published
funnel on its own: a pool's decisions by the quarter they were made in (once it has ended), its
year-on memberships by the quarter the year ended in; a review's placements once, when it is
locked. Protected characteristics are read only as these aggregates.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone

from engine.insights.funnel import Entrant
from engine.insights.funnel import Funnel
from engine.insights.funnel import Stage
from engine.insights.funnel import publish
from talentbridge.people.fairness_funnel import CHARACTERISTICS
from talentbridge.people.fairness_funnel import audit_funnel_read
from talentbridge.people.fairness_funnel import groups_of
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.models.reviews import ReviewStatus

from . import policy

POOL_STAGES = [
    Stage("nominated", "Nominated"),
    Stage("approved", "Approved", of="nominated"),
    Stage("stayed", "Still a member a year after joining", of="approved"),
]
REVIEW_STAGES = [
    Stage("placed", "Placed"),
    Stage("top_before", "In the top cells before calibration", of="placed"),
    Stage("top_after", "In the top cells after calibration", of="placed"),
]


def quarter_end(day: dt.date) -> dt.date:
    month = 3 * ((day.month - 1) // 3) + 3
    return dt.date(day.year, month, calendar.monthrange(day.year, month)[1])


def pool_batches(pool, today: dt.date) -> list[list[Entrant]]:
    events: dict[dt.date, list[Entrant]] = {}
    decided = (PoolNomination.unscoped.filter(pool=pool, decided_at__isnull=False)
               .exclude(status=NominationStatus.WITHDRAWN)
               .values_list("decided_at", "status", *CHARACTERISTICS))
    for decided_at, status, e, s, d in decided:
        end = quarter_end(decided_at.date())
        if end < today:
            stages = {"nominated"} | ({"approved"} if status == NominationStatus.APPROVED
                                      else set())
            events.setdefault(end, []).append(Entrant(groups_of(e, s, d), frozenset(stages)))
    for joined, exited, e, s, d in PoolMembership.unscoped.filter(
            pool=pool, nomination__status=NominationStatus.APPROVED).values_list(
            "joined_on", "exited_on", *CHARACTERISTICS):
        year_on = joined + dt.timedelta(days=365)
        end = quarter_end(year_on)
        if end < today and (exited is None or exited > year_on):
            events.setdefault(end, []).append(Entrant(groups_of(e, s, d),
                                                      frozenset({"stayed"})))
    return [events[day] for day in sorted(events)]


def pool_funnel(user, pool, *, request=None, today: dt.date | None = None) -> Funnel:
    audit_funnel_read(user, pool, allowed=policy.can_view_composition(user, pool),
                      refusal="Only the pool's managers and analysts covering its scope may "
                              "see its funnel.", request=request)
    return publish(pool_batches(pool, today or timezone.localdate()), POOL_STAGES)


def top_cell(column: int, row: int, columns: int, rows: int) -> bool:
    return column + row >= (columns - 1) + (rows - 1) - 1


def review_batches(review) -> list[list[Entrant]]:
    if review.status != ReviewStatus.LOCKED:
        return []
    columns, rows = review.grid.columns, review.grid.rows
    batch = []
    for col, row, p_col, p_row, e, s, d in ReviewPlacement.unscoped.filter(
            review=review).values_list("cell__column", "cell__row", "proposed_cell__column",
                                       "proposed_cell__row", *CHARACTERISTICS):
        before = (p_col, p_row) if p_col is not None else (col, row)
        stages = {"placed"}
        if top_cell(*before, columns, rows):
            stages.add("top_before")
        if top_cell(col, row, columns, rows):
            stages.add("top_after")
        batch.append(Entrant(groups_of(e, s, d), frozenset(stages)))
    return [batch]


def review_funnel(user, review, *, request=None) -> Funnel:
    audit_funnel_read(user, review, allowed=policy.can_view_review(user, review),
                      refusal="Only those who may see the review may see its funnel.",
                      request=request)
    return publish(review_batches(review), REVIEW_STAGES)

"""Factories for the tenure tests: holdings and segments without the policy (tests of the policy
go through the services). `tenure_world()` is the succession world (carol holds RJ1's chief
executive post from 1 April 2022; her holding opened with the post) plus segments."""

from __future__ import annotations

import datetime as dt
import itertools

from talentbridge.people.tests.factories import make_person
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.tests.factories import succession_world
from talentbridge.tenure.models import OversightSegment
from talentbridge.tenure.models import PostHolding

_numbers = itertools.count(1)


def make_holding(org, person, started_on: dt.date, ended_on: dt.date | None = None,
                 kind: str = BoardPostKind.CHIEF_EXECUTIVE, **fields) -> PostHolding:
    holding = PostHolding(organisation=org, person=person, kind=kind, started_on=started_on,
                          ended_on=ended_on, **fields)
    holding.save()
    return holding


def make_segment(org, effective_from: dt.date, segment: int,
                 framework_year: str = "2025/26") -> OversightSegment:
    return OversightSegment.objects.create(organisation=org, effective_from=effective_from,
                                           segment=segment, framework_year=framework_year)


def tenure_world():
    w = succession_world()
    w.carol_holding = PostHolding.unscoped.get(post=w.ceo, ended_on__isnull=True)
    return w


def many_holdings(org, days: list[int], *, in_post: int = 0, start=dt.date(2015, 1, 5),
                  kind: str = BoardPostKind.CHIEF_EXECUTIVE, interim: bool = False,
                  first_time: bool = True) -> list[PostHolding]:
    """One left holding per entry of ``days`` (its length), then ``in_post`` still in post
    (started on ``start``), each by a new synthetic person at ``org``."""
    holdings = []
    lengths = [(d, True) for d in days] + [(None, False)] * in_post
    for length, left in lengths:
        person = make_person(org, given_name="Holder", family_name=f"H{next(_numbers)}")
        holdings.append(PostHolding.unscoped.create(
            organisation=org, person=person, kind=kind, started_on=start,
            ended_on=start + dt.timedelta(days=length) if left else None, interim=interim,
            first_time=first_time if kind == BoardPostKind.CHIEF_EXECUTIVE else False))
    return holdings

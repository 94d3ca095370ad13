"""Factories for the tenure tests: holdings and segments without the policy (tests of the policy
go through the services). `tenure_world()` is the succession world (carol holds RJ1's chief
executive post from 1 April 2022; her holding opened with the post) plus segments."""

from __future__ import annotations

import datetime as dt

from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.tests.factories import succession_world
from talentbridge.tenure.models import OversightSegment, PostHolding


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

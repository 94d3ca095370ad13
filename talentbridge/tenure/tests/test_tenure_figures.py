"""Tenure figures: Kaplan–Meier medians a reader can check by hand, censoring of those in
post, and the disclosure rules below England (1 to 7 as "*", others to the nearest 5, no median
or share from fewer than 8)."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.scopes import resolve
from talentbridge.tenure import figures
from talentbridge.tenure.tests.factories import make_segment
from talentbridge.tenure.tests.factories import many_holdings
from talentbridge.tenure.tests.factories import tenure_world

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def w():
    return tenure_world()


def _group(found, label):
    return next(g for g in found.groups if g.label == label)


def test_national_median_is_the_length_at_which_half_have_left(w):
    # carol (in post since 2022) plus ten who left after 100, 200, ... 1000 days: the
    # estimate falls to one half at the fifth exit when carol is still at risk: 5/11 left
    many_holdings(w.rj1, [100 * k for k in range(1, 11)])
    found = figures.survival(resolve("ENGLAND"), today=TODAY)
    everyone = _group(found, "Everyone")
    assert (everyone.holdings, everyone.exits, everyone.in_post) == (11, 10, 1)
    # S after k exits of 11 at risk = (11-k)/11 until 0.5: k=6 → 5/11 < 0.5, at 600 days
    assert round(everyone.median_years * figures.DAYS_PER_YEAR) == 600


def test_those_in_post_are_censored_not_counted_as_leaving(w):
    many_holdings(w.rj1, [300] * 4, in_post=8, start=dt.date(2024, 6, 1))
    found = figures.survival(resolve("ENGLAND"), today=TODAY)
    everyone = _group(found, "Everyone")
    # 4 of 13 left at 300 days; the rest were followed for 730 days or more
    assert everyone.median_years is None
    assert everyone.survival[0] == pytest.approx(9 / 13)


def test_below_england_small_groups_are_starred_and_have_no_median(w):
    many_holdings(w.rj1, [300] * 11)  # RJ1: 12 holdings
    many_holdings(w.rj2, [300] * 3)   # RJ2: 3 holdings
    found = figures.survival(resolve("QMJ"), grouping="all", today=TODAY)
    everyone = _group(found, "Everyone")
    assert everyone.holdings == 15 and everyone.median_years is not None
    rj2 = figures.survival(resolve("RJ2"), today=TODAY)
    only = _group(rj2, "Everyone")
    assert (only.holdings, only.exits, only.in_post) == ("*", "*", 0)
    assert only.median_years is None and only.survival == [None] * 5
    assert rj2.curves["Everyone"] == [None] * 11


def test_segment_groups_follow_the_latest_segment(w):
    make_segment(w.rj1, dt.date(2024, 4, 1), 2)
    make_segment(w.rj1, dt.date(2025, 4, 1), 4)
    many_holdings(w.rj1, [200] * 9)
    many_holdings(w.rj2, [2000] * 9)
    found = figures.survival(resolve("ENGLAND"), grouping="segment", today=TODAY)
    assert [g.label for g in found.groups] == ["Not segmented", "Segment 4"]
    assert _group(found, "Segment 4").median_years < _group(found, "Not segmented").median_years


def test_board_members_exclude_the_chief_executive(w):
    many_holdings(w.rj1, [500] * 3, kind=BoardPostKind.CHAIR)
    found = figures.survival(resolve("ENGLAND"), figures.BOARD_MEMBERS, today=TODAY)
    assert _group(found, "Everyone").holdings == 3


def test_turnover_is_exits_over_those_in_post_on_1_january(w):
    # ten in post on 1 January 2025, four of whom left in 2025; two interims appointed in 2025
    many_holdings(w.rj1, [400] * 4, start=dt.date(2024, 10, 1))
    many_holdings(w.rj1, [], in_post=5, start=dt.date(2024, 10, 1))
    many_holdings(w.rj2, [], in_post=2, start=dt.date(2025, 3, 1), interim=True)
    years = {y.year: y for y in figures.turnover(resolve("ENGLAND"), today=TODAY)}
    y2025 = years[2025]
    assert (y2025.in_post_at_start, y2025.exits) == (10, 4)  # with carol
    assert y2025.turnover == pytest.approx(0.4)
    assert (y2025.appointments, y2025.interim_appointments, y2025.interim_rate) == (2, 2, 1.0)
    below = {y.year: y for y in figures.turnover(resolve("QMJ"), today=TODAY)}[2025]
    assert (below.exits, below.turnover, below.interim_rate) == ("*", None, None)


def test_chief_executives_per_organisation_in_five_years(w):
    many_holdings(w.rj2, [300, 300], start=dt.date(2023, 1, 1))
    many_holdings(w.rx1, [300] * 3, start=dt.date(2023, 1, 1))
    many_holdings(w.rx1, [300], start=dt.date(2015, 1, 1))  # left before the five years
    counts = figures.chief_executives_per_organisation(resolve("ENGLAND"), today=TODAY)
    assert counts.since == dt.date(2021, 6, 1)
    assert dict(counts.bands) == {"1": 1, "2": 1, "3": 1, "4 or more": 0}
    assert counts.organisations == 3
    controlled = figures.chief_executives_per_organisation(resolve("Y56"), today=TODAY)
    assert dict(controlled.bands) == {"1": "*", "2": "*", "3": "*", "4 or more": 0}

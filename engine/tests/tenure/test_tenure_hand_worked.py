"""Kaplan–Meier on ten hand-made tenures, against figures worked out by hand.

Days in post (E = left post, an exit; C = still in post, censored):

    1 E | 2 E, 2 E | 3 C | 4 E, 4 C | 6 E | 7 C | 8 E, 8 E

Ties: two exits at day 2 and at day 8; an exit and a censoring at day 4 (the one still in post
counts as at risk at day 4). At each exit time, n at risk, d exits, S(t) = S(t-) (1 - d/n), and
Greenwood's sum V(t) = sum d / (n (n - d)):

    t  n  d  S(t)                    term d/(n(n-d))   V(t)
    1 10  1  9/10       = 0.9        1/90              1/90             = 0.011111
    2  9  2  0.9 * 7/9  = 0.7        2/63              3/70             = 0.042857
    4  6  1  0.7 * 5/6  = 7/12       1/30              8/105            = 0.076190
    6  4  1  7/12 * 3/4 = 7/16       1/12              67/420           = 0.159524
    8  2  2  0                       2/0: counted as 0 67/420

(n at day 4 is 10 - 1 - 2 - 1 censored at day 3 = 6; at day 6, 6 - 2 = 4; at day 8, 4 - 1 - 1
censored at day 7 = 2.) The median is the first time S <= 0.5: day 6.

The log(-log) interval: with a = z sqrt(V) / |ln S| and z = 1.959964, low = S ** exp(a) and
high = S ** exp(-a) (the same as exp(-exp(ln(-ln S) -/+ z sqrt(V) / ln S))). At day 2:
ln 0.7 = -0.356675, sqrt(3/70) = 0.207020, a = 1.137593, low = 0.7 ** 3.1192 = 0.328717 and
high = 0.7 ** 0.32061 = 0.891949. At day 6: ln(7/16) = -0.826679, sqrt(67/420) = 0.399404,
a = 0.946944, low = 0.118715, high = 0.725649. Where S = 0 (day 8 on) both bounds are 0;
before day 1 the estimate and both bounds are 1.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.tenure.survival import kaplan_meier
from engine.tenure.survival import survival_by_group

DAYS = np.array([1, 2, 2, 3, 4, 4, 6, 7, 8, 8])
EXITS = np.array([1, 1, 1, 0, 1, 0, 1, 0, 1, 1], dtype=bool)
Z = 1.959963984540054
HAND = {  # t: (S, V)
    1: (9 / 10, 1 / 90),
    2: (7 / 10, 3 / 70),
    4: (7 / 12, 8 / 105),
    6: (7 / 16, 67 / 420),
}


def _interval(s: float, v: float) -> tuple[float, float]:
    a = Z * math.sqrt(v) / abs(math.log(s))
    return s ** math.exp(a), s ** math.exp(-a)


def test_curve_steps_at_each_exit_time_with_ties_and_censoring() -> None:
    curve = kaplan_meier(DAYS, EXITS)
    assert (curve.n, curve.events) == (10, 7)
    assert curve.times.tolist() == [1, 2, 4, 6, 8]
    assert curve.at_risk.tolist() == [10, 9, 6, 4, 2]
    assert curve.observed.tolist() == [1, 2, 1, 1, 2]
    expected = [s for s, _ in HAND.values()] + [0.0]
    assert curve.survival == pytest.approx(expected, abs=1e-15)
    assert curve.variance == pytest.approx([v for _, v in HAND.values()] + [67 / 420], abs=1e-15)
    assert curve.median_days == 6


@pytest.mark.parametrize("day", sorted(HAND))
def test_interval_is_the_hand_worked_log_minus_log_interval(day: int) -> None:
    s, v = HAND[day]
    low, high = _interval(s, v)
    assert kaplan_meier(DAYS, EXITS).at(day) == pytest.approx((s, low, high), abs=1e-12)


def test_hand_rounded_figures_at_day_2_and_day_6() -> None:
    curve = kaplan_meier(DAYS, EXITS)
    assert curve.at(2) == pytest.approx((0.7, 0.328717, 0.891949), abs=1e-6)
    assert curve.at(6) == pytest.approx((0.4375, 0.118715, 0.725649), abs=1e-6)


def test_step_function_between_before_and_after_the_exits() -> None:
    curve = kaplan_meier(DAYS, EXITS)
    assert curve.at(0) == (1.0, 1.0, 1.0)
    assert curve.at(0.999) == (1.0, 1.0, 1.0)
    assert curve.at(3) == curve.at(2)  # a censoring does not move the curve
    assert curve.at(5.5) == curve.at(4)
    assert curve.at(8) == (0.0, 0.0, 0.0)
    assert curve.at(10_000) == (0.0, 0.0, 0.0)


def test_median_is_none_when_the_curve_never_reaches_one_half() -> None:
    curve = kaplan_meier(np.array([5, 10, 20, 30]), np.array([1, 0, 0, 0], dtype=bool))
    assert curve.at(30)[0] == pytest.approx(0.75)
    assert curve.median_days is None


def test_median_is_the_time_the_curve_reaches_exactly_one_half() -> None:
    curve = kaplan_meier(np.array([3, 9]), np.array([1, 1], dtype=bool))
    assert curve.at(3)[0] == 0.5
    assert curve.median_days == 3


def test_groups_each_get_their_own_curve_and_all_gets_everyone() -> None:
    groups = np.array(["RXA"] * 5 + ["RYB"] * 5, dtype=object)
    curves = survival_by_group(DAYS, EXITS, groups)
    assert list(curves) == ["RXA", "RYB", "ALL"]
    # RXA: 1 E, 2 E, 2 E, 3 C, 4 E -> 4/5, then 4/5 * 2/4 = 2/5 at day 2, then 0 at day 4
    assert curves["RXA"].survival == pytest.approx([0.8, 0.4, 0.0], abs=1e-15)
    assert curves["RXA"].median_days == 2
    # RYB: 4 C, 6 E, 7 C, 8 E, 8 E -> 3/4 at day 6, then 0 at day 8
    assert curves["RYB"].survival == pytest.approx([0.75, 0.0], abs=1e-15)
    assert curves["ALL"].survival == pytest.approx(kaplan_meier(DAYS, EXITS).survival)
    assert list(survival_by_group(DAYS, EXITS, None)) == ["ALL"]


def test_a_group_called_all_is_refused() -> None:
    with pytest.raises(ValueError, match='may not be called "ALL"'):
        survival_by_group(DAYS, EXITS, np.array(["ALL"] * 10))


@pytest.mark.parametrize(
    ("durations", "observed", "message"),
    [
        ([], [], "at least one tenure"),
        ([1, -2], [1, 1], "not negative"),
        ([1, float("nan")], [1, 1], "finite"),
        ([1, 2], [1], "same length"),
    ],
)
def test_impossible_durations_are_refused(durations, observed, message) -> None:
    with pytest.raises(ValueError, match=message):
        kaplan_meier(np.array(durations, dtype=float), np.array(observed, dtype=bool))

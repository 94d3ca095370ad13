"""The early-warning rules on plain facts: each fires, each does not, at the boundary dates."""

from __future__ import annotations

import datetime as dt

from engine.support import warnings as rules

D = dt.date


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert rules.add_months(D(2026, 1, 15), 3) == D(2026, 4, 15)
    assert rules.add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert rules.add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert rules.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def chief(started, supported=False):
    return rules.NewChiefExecutive(1, "Carol Chief", 9, "Guy's", started, supported)


def test_a_new_chief_executive_without_a_mentor_fires_exactly_three_months_on():
    [warning] = rules.no_mentor([chief(D(2026, 1, 15))], D(2026, 4, 15))
    assert warning.kind == rules.NO_MENTOR
    assert "started as chief executive of Guy's on 15 January 2026" in warning.explanation
    assert "since 15 April 2026" in warning.explanation


def test_not_the_day_before_three_months_nor_with_a_mentor_nor_after_the_first_year():
    assert rules.no_mentor([chief(D(2026, 1, 15))], D(2026, 4, 14)) == []
    assert rules.no_mentor([chief(D(2026, 1, 15), supported=True)], D(2026, 6, 1)) == []
    assert rules.no_mentor([chief(D(2025, 1, 15))], D(2026, 1, 15)) == []


SEGMENT_SINCE = D(2025, 10, 1)
STARTED = D(2024, 1, 1)


def segmented(segment, last=None):
    return rules.SegmentedChiefExecutive(1, "Carol Chief", 9, "Guy's", segment, SEGMENT_SINCE,
                                         STARTED, last)


def test_segment_four_or_five_without_a_check_in_for_three_months_fires():
    [warning] = rules.no_check_in([segmented(5, last=D(2026, 1, 10))], D(2026, 4, 10))
    assert "segment 5" in warning.explanation
    assert "the last check-in was on 10 January 2026" in warning.explanation
    [never] = rules.no_check_in([segmented(4)], D(2026, 1, 1))
    assert "no check-in since 1 October 2025" in never.explanation


def test_no_check_in_warning_does_not_fire_early_or_below_segment_four():
    assert rules.no_check_in([segmented(5, last=D(2026, 1, 10))], D(2026, 4, 9)) == []
    assert rules.no_check_in([segmented(3, last=D(2025, 1, 10))], D(2026, 4, 9)) == []
    assert rules.no_check_in([segmented(4)], D(2025, 12, 31)) == []


def holding(person, started, ended=None, reason="", org=9):
    return rules.Holding(person, f"Chief {person}", org, "Guy's", started, ended,
                         exit_reason=reason)


def test_three_chief_executives_in_five_years_fires_and_two_do_not():
    today = D(2026, 6, 1)
    three = [holding(1, D(2019, 1, 1), D(2021, 6, 1)), holding(2, D(2021, 6, 2), D(2024, 1, 1)),
             holding(3, D(2024, 1, 2))]
    [warning] = rules.turnover(three, today)
    assert "has had 3 chief executives since 1 June 2021" in warning.explanation
    assert rules.turnover(three[1:], today) == []
    # the first left the day before the five years began: not counted
    early = [holding(1, D(2019, 1, 1), D(2021, 5, 31)), *three[1:]]
    assert rules.turnover(early, today) == []


def report(person, day, pressure):
    return rules.PressureReport(person, "Carol Chief", 9, day, pressure)


def test_high_pressure_at_two_check_ins_in_a_row_fires_and_clears_with_a_lower_one():
    two = [report(1, D(2026, 1, 1), 4), report(1, D(2026, 3, 1), 5)]
    [warning] = rules.high_pressure(two)
    assert "pressure of 4 on 1 January 2026 and 5 on 1 March 2026" in warning.explanation
    assert rules.high_pressure([*two, report(1, D(2026, 5, 1), 3)]) == []
    assert rules.high_pressure([report(1, D(2026, 1, 1), 5), report(1, D(2026, 2, 1), 3)]) == []
    assert rules.high_pressure([report(1, D(2026, 1, 1), 5)]) == []


def test_leaving_by_mutual_agreement_within_two_years_fires_and_at_two_years_does_not():
    today = D(2026, 6, 1)
    early = holding(1, D(2024, 6, 1), D(2026, 5, 31), "mutual_agreement")
    [warning] = rules.forced_out([early], today)
    assert "by mutual agreement on 31 May 2026, 23 months after" in warning.explanation
    at_two_years = holding(1, D(2024, 5, 31), D(2026, 5, 31), "mutual_agreement")
    retired = holding(1, D(2025, 6, 1), D(2026, 5, 31), "retirement")
    assert rules.forced_out([at_two_years, retired], today) == []
    assert rules.forced_out_count([early, at_two_years, retired], D(2021, 6, 1), today) == 1

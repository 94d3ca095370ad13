"""Proposal rates by group: the hand-worked relative likelihood and disclosure control
(small numbers hidden, the rest rounded to 5, secondary suppression so nothing hidden can
be worked out by subtraction)."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from engine.insights.disclosure import control_count
from engine.matching.fairness import NOT_STATED
from engine.matching.fairness import fairness_report
from engine.matching.fairness import proposal_rates
from engine.tests.insights.test_insights_disclosure import attack


def cohort(counts: dict[str | None, tuple[int, int]]) -> tuple[list[str | None], list[bool]]:
    """Build labels/flags from {group: (people, proposed)}."""
    labels: list[str | None] = []
    flags: list[bool] = []
    for group, (people, proposed) in counts.items():
        labels += [group] * people
        flags += [True] * proposed + [False] * (people - proposed)
    return labels, flags


def test_hand_worked_relative_likelihood_and_confidence_interval() -> None:
    # Ethnic minority: 20 of 100 proposed (20%); White (reference): 60 of 200 (30%).
    # RR = 0.2 / 0.3 = 0.6667
    # SE(ln RR) = sqrt(1/20 - 1/100 + 1/60 - 1/200) = sqrt(0.0516667) = 0.227303
    # 95% CI = exp(ln 0.6667 ± 1.96 × 0.227303) = exp(-0.405465 ± 0.445514) = 0.4270 to 1.0409
    labels, flags = cohort({"White": (200, 60), "Ethnic minority": (100, 20)})
    white, minority = proposal_rates(labels, flags, reference="White")
    assert (white.group, white.is_reference, white.relative_likelihood, white.note) == (
        "White",
        True,
        None,
        "reference group",
    )
    assert (minority.candidates, minority.proposed, minority.not_proposed) == (100, 20, 80)
    assert minority.rate == pytest.approx(0.20)
    assert minority.relative_likelihood == pytest.approx(0.6667, abs=1e-4)
    assert minority.ci_low == pytest.approx(0.4270, abs=1e-4)
    assert minority.ci_high == pytest.approx(1.0409, abs=1e-4)
    assert minority.note is None


def test_counts_from_one_to_seven_are_starred_and_the_ratio_withheld() -> None:
    labels, flags = cohort({"Female": (300, 90), "Male": (40, 5), "Non-binary": (6, 0)})
    female, male, nonbinary = proposal_rates(labels, flags, reference="Female")
    # Male: 5 proposed is hidden, so 35 not proposed is hidden too (else 40 - 35 = 5). The
    # group size stays: group sizes and the run's totals are published whatever is hidden.
    assert (male.candidates, male.proposed, male.not_proposed, male.rate) == (40, "*", "*", None)
    assert (male.relative_likelihood, male.ci_low, male.note) == (None, None, "small numbers")
    # 6 people: the group size is starred; 0 proposed can be shown as 0.
    assert (nonbinary.candidates, nonbinary.proposed, nonbinary.rate) == ("*", 0, None)
    assert nonbinary.note == "small numbers"
    # Female's proposed count would give Male's 5 away from the total proposed (95):
    # hidden, and with it the not-proposed count.
    assert (female.candidates, female.proposed, female.not_proposed) == (300, "*", "*")
    assert female.rate is None


def test_other_counts_are_rounded_and_rates_come_from_the_rounded_counts() -> None:
    labels, flags = cohort({"White": (203, 62), "Ethnic minority": (98, 21)})
    white, minority = proposal_rates(labels, flags, reference="White")
    assert (white.candidates, white.proposed, white.not_proposed) == (205, 60, 140)
    assert (minority.candidates, minority.proposed, minority.not_proposed) == (100, 20, 75)
    assert minority.rate == pytest.approx(20 / 100)
    # the relative likelihood and its interval are worked out from the rounded counts
    assert minority.relative_likelihood == pytest.approx((20 / 100) / (60 / 205))
    se = (1 / 20 - 1 / 100 + 1 / 60 - 1 / 205) ** 0.5
    assert minority.ci_low == pytest.approx(minority.relative_likelihood * math.exp(-1.96 * se))


def test_the_ratio_says_nothing_the_rounded_counts_do_not() -> None:
    # From the exact counts, a ratio and its two bounds would fit only one set of counts;
    # cohorts whose counts round alike must get the same figures.
    first = proposal_rates(*cohort({"White": (203, 62), "Ethnic minority": (98, 21)}), "White")
    second = proposal_rates(*cohort({"White": (204, 62), "Ethnic minority": (99, 22)}), "White")
    assert [r.as_dict() for r in first] == [r.as_dict() for r in second]


def test_a_table_that_cannot_be_protected_is_withheld() -> None:
    # Four groups, each with someone proposed ("*" means at least 1), and at most 4 proposed
    # in all (10 considered less 10 not proposed, each within 2): every hidden proposed
    # count would be exactly 1, whatever else were hidden. So no group is shown.
    labels, flags = cohort({"A": (1, 1), "B": (1, 1), "C": (1, 1), "D": (9, 1)})
    assert proposal_rates(labels, flags, reference="A") == []
    # With more people in the big group the table can be protected and is shown.
    labels, flags = cohort({"A": (1, 1), "B": (1, 1), "C": (1, 1), "D": (40, 1)})
    assert [r.group for r in proposal_rates(labels, flags, reference="A")] == list("ABCD")


def test_missing_labels_become_not_stated_and_report_covers_each_grouping() -> None:
    labels, flags = cohort({"White": (20, 10), None: (10, 0)})
    report = fairness_report(
        flags,
        {"ethnic_group": labels, "sex": ["F"] * 15 + ["M"] * 15},
        {"ethnic_group": "White", "sex": "F"},
    )
    assert [r.group for r in report["ethnic_group"]] == ["White", NOT_STATED]
    assert [r.group for r in report["sex"]] == ["F", "M"]
    assert report["sex"][1].as_dict()["group"] == "M"
    with pytest.raises(ValueError):
        proposal_rates(["a"], [True, False], reference="a")


groups = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 60)).map(lambda t: (t[0] + t[1], t[0])),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups)
# Once found: groups of 1, 1, 1 and 9, one proposed in each. The table hid the 9's size, but
# the page shows the 12 considered (rounded to 10) and the 4 proposed ("*"); the attacker
# then pinned the first group's 1. Totals the page shows are now never hidden to protect
# cells, and a table that cannot be protected is withheld.
@example([(1, 1), (1, 1), (1, 1), (9, 1)])
@example([(17, 1), (17, 1), (17, 1)])
def test_an_attacker_cannot_work_out_a_small_count(sizes: list[tuple[int, int]]) -> None:
    counts = {f"G{i}": size for i, size in enumerate(sizes) if size[0]}
    if not counts:
        return
    labels, flags = cohort(counts)  # type: ignore[arg-type]
    rows = proposal_rates(labels, flags, reference="G0" if "G0" in counts else next(iter(counts)))
    if not rows:
        # Withheld: only the run's controlled totals are shown, so nothing per group leaks.
        return
    by_group = {r.group: r for r in rows}
    order = [g for g in sorted(counts, key=lambda g: (g != rows[0].group, g))]
    # What the run page shows: each group's proposed, not proposed and size, and the
    # totals over groups (the run's proposals and the people it considered).
    real = [[counts[g][1], counts[g][0] - counts[g][1], counts[g][0]] for g in order]
    real.append([sum(col) for col in zip(*real, strict=True)])
    shown: list[list[object]] = [
        [by_group[g].proposed, by_group[g].not_proposed, by_group[g].candidates] for g in order
    ]
    shown.append([control_count(v) for v in real[-1]])
    lo, hi = attack(shown)
    for i, row in enumerate(real):
        for j, n in enumerate(row):
            if 1 <= n <= 7:
                assert shown[i][j] == "*", "every count 1-7 is hidden"
            if shown[i][j] == "*":
                assert lo[i, j] <= n <= hi[i, j], "attacker bounds are sound"
                if 1 <= n <= 7:
                    assert lo[i, j] != hi[i, j], f"hidden {n} at {(i, j)} pinned down"
            else:
                assert shown[i][j] == control_count(n), "shown values are 0 or rounded"
    for r in rows:
        if r.rate is not None:
            assert "*" not in (r.candidates, r.proposed, r.not_proposed)


def test_a_run_with_no_candidates_has_an_empty_fairness_table() -> None:
    report = fairness_report([], {"sex": [], "ethnic_group": []},
                             {"sex": "Female", "ethnic_group": "White"})
    assert report == {"sex": [], "ethnic_group": []}

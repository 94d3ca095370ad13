"""Proposal rates by group: the hand-worked relative likelihood and small-number suppression."""

from __future__ import annotations

import pytest

from engine.matching.fairness import NOT_STATED, fairness_report, proposal_rates


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
    assert (male.candidates, male.proposed, male.not_proposed, male.rate) == (40, "*", "*", None)
    assert (male.relative_likelihood, male.ci_low, male.note) == (None, None, "small numbers")
    # 6 people: the group size itself is starred; 0 proposed can be shown as 0.
    assert (nonbinary.candidates, nonbinary.proposed, nonbinary.rate) == ("*", 0, None)
    assert nonbinary.note == "small numbers"
    assert female.candidates == 300


def test_not_proposed_count_under_eight_also_hides_the_rate() -> None:
    # 45 of 50 proposed: showing 45 and 50 would reveal that 5 were not.
    labels, flags = cohort({"Disabled": (50, 45), "Not disabled": (500, 200)})
    rows = {r.group: r for r in proposal_rates(labels, flags, reference="Not disabled")}
    disabled = rows["Disabled"]
    assert (disabled.proposed, disabled.not_proposed, disabled.rate) == ("*", "*", None)
    assert disabled.note == "small numbers"


def test_ratio_withheld_when_a_reference_cell_is_small() -> None:
    labels, flags = cohort({"White": (100, 7), "Ethnic minority": (100, 30)})
    rows = {r.group: r for r in proposal_rates(labels, flags, reference="White")}
    assert rows["Ethnic minority"].rate == pytest.approx(0.30)  # its own counts are fine
    assert rows["Ethnic minority"].relative_likelihood is None
    assert rows["Ethnic minority"].note == "small numbers"
    assert rows["White"].proposed == "*"


def test_eight_in_every_cell_is_enough_to_show_the_ratio() -> None:
    labels, flags = cohort({"White": (16, 8), "Ethnic minority": (16, 8)})
    rows = {r.group: r for r in proposal_rates(labels, flags, reference="White")}
    assert rows["Ethnic minority"].relative_likelihood == pytest.approx(1.0)


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

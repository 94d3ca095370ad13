"""The fairness funnel's figures, worked by hand."""

from __future__ import annotations

import pytest

from engine.insights.funnel import Entrant
from engine.insights.funnel import Stage
from engine.insights.funnel import publish

STAGES = [Stage("applied", "Applied"), Stage("selected", "Selected", of="applied")]


SEXES = ("female", "male")
DISABILITIES = ("not_disabled", "disabled", "unknown")


def people(n: int, ethnicity: str, stages: tuple[str, ...]) -> list[Entrant]:
    """``n`` people of one ethnic group, of mixed sex and disability."""
    return [Entrant({"ethnicity": ethnicity, "sex": SEXES[i % 2],
                     "disability": DISABILITIES[i % 3]}, frozenset(stages)) for i in range(n)]


def by_label(stage, dimension):
    return {g.label: g for g in stage.groups[dimension]}


def test_counts_rounded_shares_and_relative_likelihood_from_rounded_counts():
    # White: 40 applied, 20 selected. Ethnic minority: 30 applied (3 of them 33 -> 35), 9
    # selected. By hand: shown 40/20 and 35/10; rates 20/40 = 0.5 and 10/35 = 0.2857;
    # relative likelihood 0.5 / 0.2857 = 1.75.
    batch = (people(20, "white", ("applied", "selected")) + people(20, "white", ("applied",))
             + people(9, "minority", ("applied", "selected"))
             + people(24, "minority", ("applied",)))
    funnel = publish([batch], STAGES)
    applied, selected = funnel.stages
    assert applied.total == 75  # 73 -> 75
    white, minority = by_label(selected, "ethnicity")["White"], by_label(
        selected, "ethnicity")["Ethnic minority (BME)"]
    assert (white.count, minority.count) == (20, 10)
    assert by_label(applied, "ethnicity")["Ethnic minority (BME)"].count == 35
    assert white.rate == pytest.approx(0.5)
    assert minority.rate == pytest.approx(10 / 35)
    assert selected.likelihood["ethnicity"].ratio == pytest.approx(1.75)
    assert selected.likelihood["ethnicity"].flag is True  # outside 0.80-1.25
    assert applied.likelihood["ethnicity"] is None


def test_small_counts_hidden_and_no_likelihood_below_eight():
    batch = (people(30, "white", ("applied", "selected")) + people(10, "white", ("applied",))
             + people(5, "minority", ("applied", "selected"))
             + people(10, "minority", ("applied",)))
    funnel = publish([batch], STAGES)
    selected = funnel.stages[1]
    assert by_label(selected, "ethnicity")["Ethnic minority (BME)"].count == "*"
    assert selected.likelihood["ethnicity"].ratio is None
    assert selected.not_calculable("ethnicity")


def test_a_stage_holding_someone_the_stage_before_does_not_is_refused():
    with pytest.raises(ValueError, match="earlier stage"):
        publish([people(10, "white", ("selected",))], STAGES)


def test_unknown_step_is_refused():
    with pytest.raises(ValueError, match='unknown stage "nowhere"'):
        publish([], [Stage("a", "A", of="nowhere")])


def test_a_dimension_everyone_shares_is_withheld():
    # Everyone is White: a 0 for every other group beside the known total would tell each
    # applicant's ethnic group, so ethnicity is not shown at all; sex still is.
    funnel = publish([people(40, "white", ("applied",))], STAGES)
    assert funnel.withheld == {"ethnicity"}
    applied = funnel.stages[0]
    assert {g.count for g in applied.groups["ethnicity"]} == {None}
    assert by_label(applied, "sex")["Female"].count == 20

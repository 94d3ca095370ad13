"""The attacker, as tests, on twelve organisations of one each, for recruitment (WRES 2 and
WDES 2) and for progression: the linked control pins none of the ones; loosened to one count
(or table) at a time, the attacker recovers them."""

from __future__ import annotations

import pytest

from engine.insights import published_events as PE
from engine.insights import published_progression as PP

from . import test_insights_events_attacker as events
from . import test_insights_progression_attacker as progression
from .attacker import acute_trusts
from .attacker import loosened


def _applications(orgs: list[str]) -> list[tuple[str, str, str, bool]]:
    # In each of twelve organisations one disabled applicant was shortlisted (and 20 others).
    rows = [(o, "white", "Y", False) for o in orgs]
    rows += [(o, "white", "N", n < 3) for o in orgs for n in range(20)]
    return rows


def _stayers(orgs: list[str]) -> list[tuple[str, str, int, int, int, int]]:
    # In each of twelve organisations, one ethnic minority 8a leader stayed (and 20 White).
    return [(o, "8a", 2, 20, 0, 1) for o in orgs]


#: Per publication: its test module (``publish``, ``attack``), the rows of the twelve
#: organisations, its publication class, and where R00's one is shown and what the attacker
#: calls it.
PUBLICATIONS = {
    "recruitment": (events, _applications, PE.EventsPublication,
                    ("organisation:R00", "shortlisted", "Y"),
                    ("organisation:R00", "shortlisted:Y")),
    "progression": (progression, _stayers, PP.ProgressionPublication,
                    ("organisation:R00", "8a", "bottom_stayers"),
                    ("organisation:R00", "8a", "bottom_stayers")),
}


def _published(name: str):
    module, rows_of, _, _, _ = PUBLICATIONS[name]
    org_map = acute_trusts(12)
    return module.publish(rows_of(org_map["org_code"].to_list()), org_map, ("acute",))


@pytest.mark.parametrize("name", list(PUBLICATIONS))
def test_twelve_organisations_of_one_each_are_not_pinned(name: str) -> None:
    module, _, _, shown_at, _ = PUBLICATIONS[name]
    pub, hierarchy = _published(name)
    assert pub.shown(*shown_at) == "*"
    assert module.attack(pub, hierarchy) == {}


@pytest.mark.parametrize("name", list(PUBLICATIONS))
def test_loosened_to_one_count_or_table_at_a_time_the_attacker_recovers_counts(
    name: str,
) -> None:
    module, _, publication, _, key = PUBLICATIONS[name]
    pub, hierarchy = _published(name)
    loose = publication(pub.node_index, loosened(pub.publication))
    assert module.attack(loose, hierarchy).get(key) == 1

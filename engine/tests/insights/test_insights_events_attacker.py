"""The attacker, as tests, for recruitment (WRES 2 and WDES 2): no count below England can be
recovered from everything a user can request in their area.

Applications per organisation are generated (hypothesis) with small groups; an attacker with
exact integer search who knows that each stage's total is the sum of the ethnic groups and of
the disability groups, that nobody appointed is more than those shortlisted and that an area
is the sum of its organisations tries to pin each hidden or rounded count. It finds none; with
each area's counts controlled on their own, it does (twelve organisations of one each:
test_insights_one_each_attacker.py).
"""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from engine.insights import linked
from engine.insights import published as P
from engine.insights import published_events as PE

from .attacker import acute_trusts
from .attacker import attack_cells
from .attacker import below_england
from .attacker import hierarchy_of
from .test_insights_linked_attacker import KINDS
from .test_insights_linked_attacker import ORG_MAP

GROUP_CELLS = [c for c in PE.CELLS if c.split(":")[1] != "total"]


def applications(rows: list[tuple[str, str, str, bool]]) -> pl.DataFrame:
    """(org, ethnic group, disability, appointed) for shortlisted applicants."""
    return pl.DataFrame(
        [(o, g, d, True, a) for o, g, d, a in rows],
        schema=["org_code", "ethnic_group", "disability", "shortlisted", "appointed"],
        orient="row")


def publish(rows, org_map=ORG_MAP, kinds=KINDS, root=P.ENGLAND):
    hierarchy = hierarchy_of(org_map, kinds, root)
    return PE.publish(PE.org_counts(applications(rows), hierarchy.orgs), hierarchy), hierarchy


def attack(pub: PE.EventsPublication, hierarchy: P.Hierarchy) -> dict:
    m = cp_model.CpModel()
    # Unknowns: applicants per organisation, ethnic group, disability and outcome.
    y = {(o, g, d, a): m.NewIntVar(0, 10_000, "") for o in hierarchy.orgs
         for g in PE.GROUPS["ethnic_group"] for d in PE.GROUPS["disability"] for a in (0, 1)}

    def expr(orgs, cell):
        stage, group = cell.split(":")
        outcomes = (1,) if stage == "appointed" else (0, 1)
        return sum(v for (o, g, d, a), v in y.items() if o in orgs and a in outcomes
                   and group in ("total", g, d))

    cells = (((node, cell), pub.index(node, cell), expr(orgs, cell))
             for node, orgs in below_england(pub, hierarchy) for cell in PE.CELLS)
    return attack_cells(pub, m, cells)


rows_strategy = st.lists(st.tuples(
    st.sampled_from(ORG_MAP["org_code"].to_list()),
    st.sampled_from(("white", "white", "minority", "unknown")),
    st.sampled_from(("N", "N", "Y", "U")),
    st.booleans()), min_size=1, max_size=80)


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(rows_strategy, st.sampled_from((P.ENGLAND, "region:Y1")))
def test_no_recruitment_count_below_england_can_be_recovered(rows, root):
    pub, hierarchy = publish(rows, root=root)
    assert attack(pub, hierarchy) == {}


def attack_staff_events(pub: PE.EventsPublication, hierarchy: P.Hierarchy) -> dict:
    m = cp_model.CpModel()
    y = {(o, c): m.NewIntVar(0, 10_000, "") for o in hierarchy.orgs for c in PE.STAFF_CELLS}
    cells = (((node, cell), pub.index(node, cell), sum(y[o, cell] for o in orgs))
             for node, orgs in below_england(pub, hierarchy) for cell in PE.STAFF_CELLS)
    return attack_cells(pub, m, cells)


def test_staff_event_counts_of_one_each_are_not_pinned_and_are_when_loosened():
    hierarchy = hierarchy_of(acute_trusts(12), ("acute",))
    ratios = pl.DataFrame({"scope": hierarchy.orgs, "indicator": ["indicator_3"] * 12,
                           "top_events": [1] * 12, "bottom_events": [9] * 12})
    pub = PE.publish_staff_events(PE.staff_event_counts(ratios, hierarchy.orgs), hierarchy)
    assert pub.shown("organisation:R00", "indicator_3", "top_events") == "*"
    assert attack_staff_events(pub, hierarchy) == {}
    values = pub.publication.values
    loose = PE.EventsPublication(pub.node_index, linked.Publication(
        values, pub.publication.exact, ~pub.publication.exact & (values >= 1) & (values <= 7)),
        PE.STAFF_CELLS)
    assert attack_staff_events(loose, hierarchy).get(
        ("organisation:R00", "indicator_3:top_events")) == 1

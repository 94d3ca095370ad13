"""The attacker, as tests, for progression: no published count below England can be recovered.

Per organisation, starting level and group, how many people were in both snapshots and how
many of them were promoted are generated (hypothesis); everything a user whose widest area is
England, a region or a system can request is published; an attacker with exact integer search
(CP-SAT) who knows that nobody promoted is more than the people there, that "all" is the sum
of every starting level (board included) and that an area is the sum of its organisations
tries to pin each hidden or rounded count. It finds none; with each area controlled on its
own, it does (twelve organisations of one each: test_insights_one_each_attacker.py).
"""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from engine.insights import codes
from engine.insights import published as P
from engine.insights import published_progression as PP

from .attacker import attack_cells
from .attacker import below_england
from .attacker import hierarchy_of
from .test_insights_linked_attacker import KINDS
from .test_insights_linked_attacker import ORG_MAP

LEVELS = ("8a", "8c", codes.VSM, codes.BOARD)


def frame(rows: list[tuple[str, str, int, int, int, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["scope", "level_from", *PP.FIELDS], orient="row")


def publish(rows, org_map=ORG_MAP, kinds=KINDS, root=P.ENGLAND):
    hierarchy = hierarchy_of(org_map, kinds, root)
    return PP.publish(PP.org_counts(frame(rows), hierarchy.orgs), hierarchy), hierarchy


def attack(pub: PP.ProgressionPublication, hierarchy: P.Hierarchy) -> dict:
    m = cp_model.CpModel()
    base = [lv for lv in PP.LEVELS if lv != P.ALL]
    y = {(o, lv, f): m.NewIntVar(0, 10_000, "") for o in hierarchy.orgs for lv in base
         for f in PP.FIELDS}
    for o in hierarchy.orgs:
        for lv in base:
            for g in ("top", "bottom"):
                m.Add(y[o, lv, f"{g}_promoted"] <= y[o, lv, f"{g}_stayers"])

    def cells():
        for node, orgs in below_england(pub, hierarchy):
            for level in PP.LEVELS:
                levels = base if level == P.ALL else [level]
                for f in PP.FIELDS:
                    yield ((node, level, f), pub.index(node, level, f),
                           sum(y[o, lv, f] for o in orgs for lv in levels))

    return attack_cells(pub, m, cells())


@st.composite
def counts(draw):
    rows = []
    for org in ORG_MAP["org_code"].to_list():
        for level in LEVELS:
            if draw(st.booleans()):
                top, bottom = draw(st.integers(0, 30)), draw(st.integers(0, 12))
                rows.append((org, level, draw(st.integers(0, top)), top,
                             draw(st.integers(0, bottom)), bottom))
    return rows


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(counts(), st.sampled_from((P.ENGLAND, "region:Y1")))
def test_no_published_progression_count_below_england_can_be_recovered(rows, root):
    if not rows:
        return
    pub, hierarchy = publish(rows, root=root)
    assert attack(pub, hierarchy) == {}


def test_england_is_exact():
    rows = [("RA1", "8a", 3, 40, 1, 9), ("RC1", "9", 0, 12, 0, 2)]
    pub, _ = publish(rows)
    assert pub.shown(P.ENGLAND, "8a", "top_stayers") == 40
    assert pub.shown(P.ENGLAND, P.ALL, "bottom_stayers") == 11
    assert np.array_equal(pub.publication.values[pub.publication.exact],
                          [pub.publication.shown(i)
                           for i in np.flatnonzero(pub.publication.exact)])

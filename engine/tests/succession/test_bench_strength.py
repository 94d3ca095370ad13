"""Bench strength, risk and supply against demand on a small hand-made system, each figure
checked against the working written out here.

Today is 1 December 2026. Region Y56 has system QMJ (RA acute, RB mental health) and system
QMF (RC acute). Successors p10..p16; p10, p11, p12 and p15 are in a talent pool now.

    P1  RA  chief executive, substantive, leaves 2027-06-01 (retirement): high (<12 months)
        successors p10 now + emergency (same organisation), p11 1-2 (same system)
    P2  RA  chair, vacant, no successors: high (vacant)
    P3  RA  finance, interim: high (interim)
        successors p12 1-2 (elsewhere), p13 3+ (same organisation)
    P4  RB  chief executive, substantive, leaves 2028-06-01 (end of term): medium (<24 months)
        successors p11 now (same system), p14 1-2 (same organisation), p15 1-2 (elsewhere)
    P5  RC  chief executive, substantive, no expected vacancy: low
        successor p16 3+ + emergency (same organisation)
    P6  RC  finance, substantive, leaves 2030, no successors: high (overridden)
"""

from __future__ import annotations

import datetime as dt

import pytest

from engine.succession.bench import ELSEWHERE
from engine.succession.bench import NOW
from engine.succession.bench import ONE_TO_TWO
from engine.succession.bench import SAME_ORGANISATION
from engine.succession.bench import SAME_SYSTEM
from engine.succession.bench import THREE_PLUS
from engine.succession.bench import Post
from engine.succession.bench import SuccessorLine
from engine.succession.bench import bench_strength
from engine.succession.bench import bench_strength_by
from engine.succession.bench import risk_counts
from engine.succession.makeup import slate_makeup
from engine.succession.risk import add_months
from engine.succession.risk import derived_risk
from engine.succession.risk import vacancy_risk
from engine.succession.supply import controlled
from engine.succession.supply import supply_and_demand

TODAY = dt.date(2026, 12, 1)


def line(person_id, readiness, source, emergency=False):
    return SuccessorLine(person_id, readiness, emergency, source)


def system_posts() -> list[Post]:
    qmj = {"system": "QMJ", "region": "Y56"}
    qmf = {"system": "QMF", "region": "Y56"}
    return [
        Post(1, "chief_executive", "RA", "acute", **qmj, expected_vacancy=dt.date(2027, 6, 1),
             vacancy_reason="retirement",
             successors=(line(10, NOW, SAME_ORGANISATION, True),
                         line(11, ONE_TO_TWO, SAME_SYSTEM))),
        Post(2, "chair", "RA", "acute", **qmj, vacant=True),
        Post(3, "finance", "RA", "acute", **qmj, interim=True,
             successors=(line(12, ONE_TO_TWO, ELSEWHERE),
                         line(13, THREE_PLUS, SAME_ORGANISATION))),
        Post(4, "chief_executive", "RB", "mental_health", **qmj,
             expected_vacancy=dt.date(2028, 6, 1), vacancy_reason="end_of_term",
             successors=(line(11, NOW, SAME_SYSTEM), line(14, ONE_TO_TWO, SAME_ORGANISATION),
                         line(15, ONE_TO_TWO, ELSEWHERE))),
        Post(5, "chief_executive", "RC", "acute", **qmf,
             successors=(line(16, THREE_PLUS, SAME_ORGANISATION, True),)),
        Post(6, "finance", "RC", "acute", **qmf, expected_vacancy=dt.date(2030, 4, 1),
             risk_override="high"),
    ]


def test_the_region_s_bench_strength_equals_the_hand_worked_figures():
    figures = bench_strength(system_posts(), TODAY).as_dict()
    assert figures == {
        "posts": 6,
        "with_ready_now": 2,                    # P1 (p10), P4 (p11)
        "with_two_ready_within_two_years": 2,   # P1 (now + 1-2), P4 (now + 1-2 + 1-2); P3 has one
        "with_none": 2,                         # P2, P6
        "covered": 3,                           # P1, P4 ready now; P5 emergency cover
        "interim": 1,                           # P3
        "vacant": 1,                            # P2
        "successors_from_elsewhere_share": 0.5,  # 8 lines; p11 twice, p12, p15 elsewhere = 4
        "incumbents_within_two_years_of_vacancy": 2,  # P1 (Jun 2027), P4 (Jun 2028); P6 is 2030
        "incumbents_retiring_within_two_years": 1,    # P1
    }


def test_bench_strength_per_system_per_kind_of_post_and_per_kind_of_organisation():
    posts = system_posts()
    systems = bench_strength_by(posts, TODAY, key=lambda p: p.system)
    # QMJ: P1-P4, 7 lines of which 4 from other organisations; QMF: P5, P6, one line, its own
    assert (systems["QMJ"].posts, systems["QMJ"].with_ready_now, systems["QMJ"].with_none) == (
        4, 2, 1)
    assert systems["QMJ"].successors_from_elsewhere_share == pytest.approx(4 / 7)
    assert (systems["QMF"].posts, systems["QMF"].with_ready_now, systems["QMF"].covered,
            systems["QMF"].successors_from_elsewhere_share) == (2, 0, 1, 0.0)
    kinds = bench_strength_by(posts, TODAY, key=lambda p: p.kind)
    # chief executive: P1, P4, P5; 6 lines, 3 from elsewhere (p11, p11, p15)
    ceo = kinds["chief_executive"]
    assert (ceo.posts, ceo.with_ready_now, ceo.with_two_ready_within_two_years, ceo.with_none,
            ceo.covered, ceo.incumbents_within_two_years_of_vacancy) == (3, 2, 2, 0, 3, 2)
    assert ceo.successors_from_elsewhere_share == 0.5
    # finance: P3 (interim, p12 1-2 elsewhere, p13 3+), P6 (none)
    finance = kinds["finance"]
    assert (finance.posts, finance.with_ready_now, finance.with_none, finance.interim) == (
        2, 0, 1, 1)
    assert kinds["chair"].as_dict()["vacant"] == 1
    organisation_kinds = bench_strength_by(posts, TODAY, key=lambda p: p.organisation_kind)
    # acute: P1, P2, P3, P5, P6 (ready now only at P1); mental health: P4
    acute = organisation_kinds["acute"]
    assert (acute.posts, acute.with_ready_now) == (5, 1)
    assert (organisation_kinds["mental_health"].posts,
            organisation_kinds["mental_health"].with_ready_now) == (1, 1)


def test_vacancy_risk_follows_the_documented_rule_and_an_override_wins():
    assert risk_counts(system_posts(), TODAY) == {"high": 4, "medium": 1, "low": 1}
    assert derived_risk(vacant=False, interim=False, expected_vacancy=dt.date(2027, 12, 1),
                        today=TODAY) == "high"      # exactly 12 months away
    assert derived_risk(vacant=False, interim=False, expected_vacancy=dt.date(2027, 12, 2),
                        today=TODAY) == "medium"    # a day further
    assert derived_risk(vacant=False, interim=False, expected_vacancy=dt.date(2028, 12, 2),
                        today=TODAY) == "low"       # beyond 24 months
    assert derived_risk(vacant=False, interim=False, expected_vacancy=dt.date(2025, 1, 1),
                        today=TODAY) == "high"      # the date has passed
    assert vacancy_risk(vacant=True, interim=False, expected_vacancy=None, today=TODAY,
                        override="low") == "low"
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)


def test_supply_against_demand_by_kind_of_post_with_the_gap():
    rows = {r.kind: r for r in supply_and_demand(system_posts(), {10, 11, 12, 15}, TODAY,
                                                 kinds=["chief_executive", "chair", "finance",
                                                        "medical"])}
    ceo = rows["chief_executive"]
    # demand: P1 within 12 months, P4 in 12-24 months; supply: p10, p11, p15 (p14 not in a pool)
    assert (ceo.vacant_or_interim_now, ceo.within_12_months, ceo.in_12_to_24_months,
            ceo.expected_vacancies, ceo.ready_people, ceo.gap) == (0, 1, 1, 2, 3, 1)
    # chair: P2 vacant, nobody ready: gap -1; finance: P3 interim, p12 ready (p13 is 3+): gap 0
    assert (rows["chair"].expected_vacancies, rows["chair"].gap) == (1, -1)
    assert (rows["finance"].expected_vacancies, rows["finance"].ready_people,
            rows["finance"].gap) == (1, 1, 0)
    assert (rows["medical"].expected_vacancies, rows["medical"].gap) == (0, 0)
    # below England 3 ready people are hidden, and so is the gap that would reveal them
    assert controlled(ceo, national=False)["ready_people"] == "*"
    assert controlled(ceo, national=False)["gap"] == "*"
    assert controlled(ceo, national=True)["gap"] == 1


def test_slate_makeup_is_controlled_below_england_and_exact_for_england():
    populations = {
        "Successors": {"White": 20, "Black, Asian and minority ethnic": 9, "Not known": 3},
        "Incumbents": {"White": 10, "Black, Asian and minority ethnic": 2, "Not known": 0},
        "Workforce": {"White": 400, "Black, Asian and minority ethnic": 180, "Not known": 20},
    }
    groups = ["White", "Black, Asian and minority ethnic", "Not known"]
    england = {row.population: row for row in slate_makeup(populations, groups, national=True)}
    assert england["Successors"].counts == [20, 9, 3]
    assert england["Successors"].shares[1] == pytest.approx(9 / 32)
    local = {row.population: row for row in slate_makeup(populations, groups, national=False)}
    # 3 successors of unknown ethnicity are hidden; the 12 incumbents are too few to show
    assert local["Successors"].counts[2] == "*"
    assert not local["Incumbents"].shown
    assert local["Incumbents"].counts == ["*", "*", "*"]
    assert local["Incumbents"].shares == [None, None, None]
    shown = [c for row in local.values() for c in row.counts if isinstance(c, int)]
    assert all(c == 0 or (c >= 8 and c % 5 == 0) for c in shown)
    assert local["Workforce"].counts[0] == 400

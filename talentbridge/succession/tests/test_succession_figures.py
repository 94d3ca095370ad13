"""Bench strength read from the database counts every post and plan in the scope, and the
scope is named by an ODS code, a system code, a region code or ENGLAND."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.succession import figures
from talentbridge.succession import scopes
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.models import Readiness
from talentbridge.succession.tests.factories import make_post
from talentbridge.succession.tests.factories import make_successor
from talentbridge.succession.tests.factories import succession_world

pytestmark = pytest.mark.django_db


def test_bench_strength_counts_every_post_and_plan_in_the_scope():
    """RJ1: chief executive (carol; rita ready now from RJ2, otto 3+ from RJ2), chair vacant,
    finance interim with alice ready in 1-2 years. RX1: chief executive, no plan.
    QMJ (RJ1, RJ2): 3 posts, 1 with ready now, none with two ready within two years, 1 with
    none (the chair), 1 interim, 3 successor lines of which 2 from RJ2: share 2/3."""
    w = succession_world()
    make_successor(w.ceo, w.rita, Readiness.NOW)
    make_successor(w.ceo, w.otto, Readiness.THREE_OR_MORE_YEARS)
    make_post(w.rj1, BoardPostKind.CHAIR)
    finance = make_post(w.rj1, BoardPostKind.FINANCE, incumbent=w.bob_person, interim=True)
    make_successor(finance, w.alice_person, Readiness.ONE_TO_TWO_YEARS)
    make_post(w.rx1, BoardPostKind.CHIEF_EXECUTIVE, incumbent=w.charlie_person,
              expected_vacancy_on=dt.date.today() + dt.timedelta(days=200),
              vacancy_reason="retirement")
    total, by_kind = figures.bench_for(scopes.resolve("QMJ"))
    assert (total.posts, total.with_ready_now, total.with_two_ready_within_two_years,
            total.with_none, total.interim) == (3, 1, 0, 1, 1)
    assert total.successors_from_elsewhere_share == pytest.approx(2 / 3)
    assert by_kind["chair"].with_none == 1 and by_kind["medical"].posts == 0
    england, _ = figures.bench_for(scopes.resolve("england"))
    assert (england.posts, england.incumbents_within_two_years_of_vacancy,
            england.incumbents_retiring_within_two_years) == (4, 1, 1)
    assert figures.bench_for(scopes.resolve("RX1"))[0].with_none == 1
    assert figures.bench_for(scopes.resolve("Y56"))[0].posts == 4


def test_an_unknown_scope_is_refused_naming_the_value():
    succession_world()
    with pytest.raises(ValidationError) as refused:
        scopes.resolve("ZZZ9")
    assert refused.value.message_dict["scope"] == [
        '"ZZZ9" is not the ODS code of an organisation, integrated care system or region, '
        "nor ENGLAND"]


def test_slate_make_up_counts_each_successor_once_and_hides_small_groups_below_england():
    w = succession_world()
    ProtectedCharacteristics.objects.create(person=w.rita, ethnic_category="N", sex="2")
    finance = make_post(w.rj1, BoardPostKind.FINANCE, incumbent=w.bob_person)
    make_successor(w.ceo, w.rita)
    make_successor(finance, w.rita)  # rita twice: counted once
    make_successor(w.ceo, w.otto)    # recorded nothing: not known
    england = scopes.resolve("ENGLAND")
    sex = {r.population: r for r in figures.makeup_for(england, "Sex")}
    assert sex["Successors"].counts == [1, 0, 1]  # female, male, not known
    ethnic = {r.population: r for r in figures.makeup_for(england, "Ethnic group")}
    assert ethnic["Successors"].counts == [0, 1, 1]  # white, ethnic minority, not known
    assert ethnic["Board members now"].counts == [0, 0, 2]  # carol and bob recorded nothing
    assert ethnic["Workforce"].total == 6  # alice, bob, charlie, carol, rita, otto
    local = figures.makeup_for(scopes.resolve("RJ1"), "Sex")
    assert [row.shown for row in local] == [False, False, False]

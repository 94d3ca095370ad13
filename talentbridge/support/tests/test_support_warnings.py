"""Each early warning fires from the app's own records and clears when its cause is gone."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.support import services
from talentbridge.support import warnings
from talentbridge.support.models import OfferKind
from talentbridge.support.models import OfferStatus
from talentbridge.support.tests.factories import make_check_in
from talentbridge.support.tests.factories import make_offer
from talentbridge.support.tests.factories import support_world
from talentbridge.tenure.models import ExitReason
from talentbridge.tenure.tests.factories import make_holding
from talentbridge.tenure.tests.factories import make_segment

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def w():
    return support_world()


def kinds(user, today):
    return [(x.kind, x.person_id) for x in warnings.warnings_for(user, today=today)]


def start_carol(w, day):
    w.ceo.started_on = day
    w.ceo.save(update_fields=["started_on"])


def test_new_chief_executive_without_a_mentor_fires_at_three_months_and_clears(w):
    start_carol(w, D(2026, 1, 15))
    assert ("no_mentor", w.carol.pk) not in kinds(w.regional, D(2026, 4, 14))
    assert ("no_mentor", w.carol.pk) in kinds(w.regional, D(2026, 4, 15))
    make_offer(w.carol, OfferKind.PEER_NETWORK, D(2026, 4, 1), OfferStatus.TAKEN_UP,
               D(2026, 4, 2))
    assert ("no_mentor", w.carol.pk) in kinds(w.regional, D(2026, 4, 15))  # not a coach
    make_offer(w.carol, OfferKind.COACHING, D(2026, 4, 1), OfferStatus.TAKEN_UP, D(2026, 4, 3))
    assert ("no_mentor", w.carol.pk) not in kinds(w.regional, D(2026, 4, 15))


def test_a_mentoring_relationship_counts_as_a_mentor(w):
    start_carol(w, D(2026, 1, 15))
    MentoringRelationship.objects.create(mentor=w.alice_person, mentee=w.carol,
                                         started_on=D(2026, 2, 1))
    assert ("no_mentor", w.carol.pk) not in kinds(w.regional, D(2026, 4, 15))


def test_segment_five_without_a_check_in_fires_and_a_check_in_clears_it(w):
    make_segment(w.rj1, D(2025, 10, 1), 5)
    make_check_in(w.carol, D(2026, 1, 10), 3)
    assert ("no_check_in", w.carol.pk) not in kinds(w.regional, D(2026, 4, 9))
    assert ("no_check_in", w.carol.pk) in kinds(w.regional, D(2026, 4, 10))
    make_check_in(w.carol, D(2026, 4, 10), 3)
    assert ("no_check_in", w.carol.pk) not in kinds(w.regional, D(2026, 4, 10))


def test_segment_three_never_warns_of_check_ins(w):
    make_segment(w.rj1, D(2024, 10, 1), 3)
    assert not [k for k, _ in kinds(w.regional, D(2026, 4, 10)) if k == "no_check_in"]


@pytest.mark.parametrize("erased", [False, True], ids=["named", "erased"])
def test_three_chief_executives_in_five_years_fires_and_two_do_not(w, erased):
    """An erased chief executive's holding (no person any more) still counts."""
    today = D(2026, 6, 1)
    w.carol_holding.started_on = D(2024, 1, 2)
    w.carol_holding.save(update_fields=["started_on"])
    make_holding(w.rj1, None if erased else w.alice_person, D(2021, 6, 2), D(2024, 1, 1),
                 exit_reason=ExitReason.RETIREMENT)
    assert "turnover" not in [k for k, _ in kinds(w.regional, today)]
    make_holding(w.rj1, w.bob_person, D(2019, 1, 1), D(2021, 6, 1),
                 exit_reason=ExitReason.RETIREMENT)
    found = [x for x in warnings.warnings_for(w.regional, today=today) if x.kind == "turnover"]
    assert len(found) == 1 and "3 chief executives since 1 June 2021" in found[0].explanation


def test_a_chief_executive_forced_out_and_then_erased_is_counted_but_not_warned_about(w):
    today = D(2026, 6, 1)
    make_holding(w.rj2, w.rita, D(2024, 9, 1), D(2026, 3, 31),
                 exit_reason=ExitReason.MUTUAL_AGREEMENT)
    make_holding(w.rj2, None, D(2024, 10, 1), D(2026, 2, 28),
                 exit_reason=ExitReason.MUTUAL_AGREEMENT)
    assert [p for k, p in kinds(w.regional, today) if k == "forced_out"] == [w.rita.pk]
    _since, rows = warnings.forced_out_counts(w.national, today=today)
    assert rows[0].area == "England" and rows[0].shown == 2


def test_high_pressure_twice_in_a_row_fires_and_a_lower_report_clears_it(w):
    make_check_in(w.carol, D(2026, 1, 10), 4)
    assert ("high_pressure", w.carol.pk) not in kinds(w.regional, D(2026, 2, 1))
    make_check_in(w.carol, D(2026, 2, 10), 5)
    assert ("high_pressure", w.carol.pk) in kinds(w.regional, D(2026, 3, 1))
    make_check_in(w.carol, D(2026, 3, 10), 2)
    assert ("high_pressure", w.carol.pk) not in kinds(w.regional, D(2026, 3, 11))


def test_leaving_by_mutual_agreement_within_two_years_is_warned_and_counted(w):
    today = D(2026, 6, 1)
    make_holding(w.rj2, w.rita, D(2024, 9, 1), D(2026, 3, 31),
                 exit_reason=ExitReason.MUTUAL_AGREEMENT)
    make_holding(w.rj2, w.otto, D(2022, 9, 1), D(2025, 3, 31),
                 exit_reason=ExitReason.MUTUAL_AGREEMENT)  # after two and a half years
    assert [p for k, p in kinds(w.regional, today) if k == "forced_out"] == [w.rita.pk]
    since, rows = warnings.forced_out_counts(w.national, today=today)
    assert since == "1 June 2021"
    assert rows[0].area == "England" and rows[0].shown == 1  # England exact
    assert {r.area: r.shown for r in rows[1:]} == {"London": "*", "North West": 0}


def test_a_regional_lead_sees_only_their_regions_warnings_and_a_national_lead_all(w):
    for leader in (w.carol, w.nina):
        make_check_in(leader, D(2026, 1, 10), 5)
        make_check_in(leader, D(2026, 2, 10), 5)
    today = D(2026, 3, 1)
    assert [p for k, p in kinds(w.regional, today) if k == "high_pressure"] == [w.carol.pk]
    assert [p for k, p in kinds(w.other_regional, today) if k == "high_pressure"] == [w.nina.pk]
    assert sorted(p for k, p in kinds(w.national, today) if k == "high_pressure") == sorted(
        [w.carol.pk, w.nina.pk])


def test_due_check_ins_counts_leaders_without_one_for_three_months(w):
    assert services.due_check_ins(w.regional) == 1  # carol, never
    make_check_in(w.carol, dt.date.today(), 2)
    assert services.due_check_ins(w.regional) == 0

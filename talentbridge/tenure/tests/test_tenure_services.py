"""Holdings follow the succession app's posts; exits are recorded with a reason; the building
blocks the support app uses answer as documented; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import make_person
from talentbridge.succession import services as succession_services
from talentbridge.succession.models import BoardPostKind
from talentbridge.tenure import services
from talentbridge.tenure.models import ExitReason
from talentbridge.tenure.models import PostHolding
from talentbridge.tenure.tests.factories import make_holding
from talentbridge.tenure.tests.factories import make_segment
from talentbridge.tenure.tests.factories import tenure_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return tenure_world()


def test_a_post_created_with_a_holder_opens_their_holding(w):
    holding = w.carol_holding
    assert (holding.person, holding.organisation, holding.kind) == (
        w.carol, w.rj1, BoardPostKind.CHIEF_EXECUTIVE)
    assert holding.started_on == dt.date(2022, 4, 1) and holding.in_post
    assert holding.first_time is True


def test_appointing_a_new_holder_closes_the_old_holding_and_opens_the_new(w):
    succession_services.appoint_holder(w.bob, w.ceo, person_id=w.rita.pk,
                                       started_on=dt.date(2026, 3, 2), interim=True)
    carol = PostHolding.unscoped.get(pk=w.carol_holding.pk)
    assert carol.ended_on == dt.date(2026, 3, 2) and carol.exit_reason == ""
    rita = PostHolding.unscoped.get(post=w.ceo, ended_on__isnull=True)
    assert (rita.person, rita.started_on, rita.interim) == (w.rita, dt.date(2026, 3, 2), True)
    assert list(services.reasons_not_recorded(w.bob)) == [carol]
    assert list(services.reasons_not_recorded(w.charlie)) == []


def test_the_holder_leaving_closes_their_holding_on_that_day(w):
    succession_services.record_holder_left(w.bob, w.ceo, left_on=dt.date(2025, 12, 31))
    carol = PostHolding.unscoped.get(pk=w.carol_holding.pk)
    assert carol.ended_on == dt.date(2025, 12, 31)
    assert not PostHolding.unscoped.filter(post=w.ceo, ended_on__isnull=True).exists()


def test_recording_an_exit_of_a_holder_in_post_vacates_the_post_and_is_audited(w):
    services.record_exit(w.bob, w.carol_holding, ended_on=dt.date(2025, 11, 30),
                         reason=ExitReason.MUTUAL_AGREEMENT, interim_followed=True)
    carol = PostHolding.unscoped.get(pk=w.carol_holding.pk)
    assert (carol.ended_on, carol.exit_reason, carol.interim_followed) == (
        dt.date(2025, 11, 30), "mutual_agreement", True)
    w.ceo.refresh_from_db()
    assert w.ceo.incumbent is None
    event = AuditEvent.objects.filter(target_type="tenure.postholding",
                                      target_id=str(carol.pk)).get()
    assert event.detail["reason"] == "mutual_agreement"


def test_an_exit_before_the_start_is_refused_naming_both_dates_and_nothing_changes(w):
    with pytest.raises(ValidationError) as refused:
        services.record_exit(w.bob, w.carol_holding, ended_on=dt.date(2021, 1, 5),
                             reason=ExitReason.RETIREMENT, interim_followed=False)
    message = refused.value.message_dict["ended_on"][0]
    assert "2021-01-05" in message and "2022-04-01" in message
    carol = PostHolding.unscoped.get(pk=w.carol_holding.pk)
    assert carol.in_post and carol.exit_reason == ""
    w.ceo.refresh_from_db()
    assert w.ceo.incumbent == w.carol


def test_an_unknown_reason_is_refused_naming_it(w):
    with pytest.raises(ValidationError) as refused:
        services.record_exit(w.bob, w.carol_holding, ended_on=dt.date(2025, 1, 5),
                             reason="bored", interim_followed=None)
    assert '"bored"' in refused.value.message_dict["reason"][0]
    assert PostHolding.unscoped.get(pk=w.carol_holding.pk).in_post


def test_someone_who_may_not_change_the_holder_cannot_record_an_exit(w):
    with pytest.raises(PermissionDenied):
        services.record_exit(w.sybil, w.carol_holding, ended_on=dt.date(2025, 1, 5),
                             reason=ExitReason.RETIREMENT, interim_followed=None)
    assert PostHolding.unscoped.get(pk=w.carol_holding.pk).in_post


def test_segment_on_is_the_latest_segment_effective_that_day(w):
    make_segment(w.rj1, dt.date(2025, 4, 1), 3)
    make_segment(w.rj1, dt.date(2025, 7, 1), 4)
    assert services.segment_on(w.rj1.pk, dt.date(2025, 3, 31)) is None
    assert services.segment_on(w.rj1.pk, dt.date(2025, 6, 30)) == 3
    assert services.segment_on(w.rj1.pk, dt.date(2025, 7, 1)) == 4


def test_current_chief_executives_and_holdings_since_a_date(w):
    earlier = make_person(w.rj1, given_name="Eve", family_name="Earlier")
    old = make_holding(w.rj1, earlier, dt.date(2018, 1, 1), dt.date(2022, 3, 31))
    ancient = make_holding(w.rj1, earlier, dt.date(2010, 1, 1), dt.date(2017, 12, 31))
    assert list(services.current_chief_executives()) == [w.carol_holding]
    assert list(services.current_chief_executives([w.rj2.pk])) == []
    since = list(services.holdings_in([w.rj1.pk], dt.date(2020, 1, 1)))
    assert since == [old, w.carol_holding] and ancient not in since
    assert list(services.holdings_in([w.rj1.pk], dt.date(2020, 1, 1),
                                     kind=BoardPostKind.CHAIR)) == []


def test_a_second_chief_executive_post_is_not_first_time(w):
    later = make_holding(w.rj2, w.carol, dt.date(2027, 1, 1))
    assert later.first_time is False
    chair = make_holding(w.rj2, w.rita, dt.date(2020, 1, 1), kind=BoardPostKind.CHAIR)
    assert chair.first_time is False

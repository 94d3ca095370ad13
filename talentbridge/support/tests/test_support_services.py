"""Check-ins, offers and the compact through the services: what is saved, what is refused
(with a message naming the field and the value) and that a refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.notifications.models import Notification
from talentbridge.people.tests.factories import make_person
from talentbridge.support import compact
from talentbridge.support import services
from talentbridge.support.models import CheckIn
from talentbridge.support.models import Commitment
from talentbridge.support.models import OfferKind
from talentbridge.support.models import OfferStatus
from talentbridge.support.models import PulseAnswer
from talentbridge.support.models import PulseRound
from talentbridge.support.models import SupportOffer

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_a_regional_lead_records_a_check_in_and_it_is_audited(w):
    check_in = services.record_check_in(w.regional, w.carol, held_on=today(), pressure=4,
                                        support_wanted="Time to think", notes="Strain")
    assert CheckIn.objects.visible_to(w.carol_user).get().notes == "Strain"
    event = AuditEvent.objects.get(action=AuditAction.CREATE, target_id=str(check_in.pk))
    assert event.detail["person"] == w.carol.pk


def test_a_check_in_outside_the_leads_region_is_refused_naming_person_and_region(w):
    with pytest.raises(ValidationError) as refused:
        services.record_check_in(w.other_regional, w.carol, held_on=today(), pressure=3)
    message = refused.value.message_dict["leader"][0]
    assert "Carol Chief" in message and "London" in message and "North West" in message
    assert not CheckIn.unscoped.exists()


def test_a_check_in_dated_in_the_future_is_refused(w):
    tomorrow = today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.record_check_in(w.regional, w.carol, held_on=tomorrow, pressure=3)
    assert "is in the future" in refused.value.message_dict["held_on"][0]
    assert f"{tomorrow.day} {tomorrow:%B %Y}" in refused.value.message_dict["held_on"][0]
    assert not CheckIn.unscoped.exists()


def test_a_pressure_outside_the_scale_is_refused(w):
    with pytest.raises(ValidationError) as refused:
        services.record_check_in(w.regional, w.carol, held_on=today(), pressure=6)
    assert '"6"' in refused.value.message_dict["pressure"][0]
    assert not CheckIn.unscoped.exists()


def test_someone_who_is_no_regional_lead_may_not_record(w):
    with pytest.raises(PermissionDenied):
        services.record_check_in(w.bob, w.carol, held_on=today(), pressure=3)


def test_an_offer_notifies_the_leader_who_takes_it_up(w):
    offer = services.offer_support(w.regional, w.carol, kind=OfferKind.MENTOR,
                                   offered_on=today())
    note = Notification.objects.visible_to(w.carol_user).get()
    assert note.kind == "support_offer" and "a mentor" in note.subject
    services.answer_offer(w.carol_user, offer, status=OfferStatus.TAKEN_UP)
    offer.refresh_from_db()
    assert (offer.status, offer.answered_on) == (OfferStatus.TAKEN_UP, today())
    assert services.pending_offers_for(w.carol_user) == 0


def test_an_offer_answered_before_it_was_made_is_refused(w):
    with pytest.raises(ValidationError) as refused:
        services.offer_support(w.regional, w.carol, kind=OfferKind.COACHING,
                               offered_on=today(), status=OfferStatus.TAKEN_UP,
                               answered_on=today() - dt.timedelta(days=3))
    assert "before it was made" in refused.value.message_dict["answered_on"][0]
    assert not SupportOffer.unscoped.exists()


@pytest.fixture
def pulse(w):
    w.commitments = [Commitment.objects.create(
        title=title, owner="NHS England", measure="Leaders agree",
        due_on=dt.date(2027, 3, 31), region=region)
        for title, region in (("Time and space to lead", None), ("Air cover", None),
                              ("North West peer support", w.north_west))]
    return PulseRound.objects.create(name="Spring", opens_on=today() - dt.timedelta(days=1),
                                     closes_on=today() + dt.timedelta(days=10))


def test_a_leader_answers_the_commitments_of_england_and_their_region(w, pulse):
    asked = compact.asked_of(w.carol)
    assert [c.title for c in asked] == ["Time and space to lead", "Air cover"]
    compact.answer_pulse(w.carol_user, pulse, {asked[0].pk: 4, asked[1].pk: "2"})
    assert compact.my_answers(w.carol_user, pulse) == {asked[0].pk: 4, asked[1].pk: 2}
    assert compact.my_answers(w.nina_user, pulse) == {}
    with pytest.raises(ValidationError) as again:
        compact.answer_pulse(w.carol_user, pulse, {asked[0].pk: 4, asked[1].pk: 2})
    assert "already answered" in again.value.messages[0]


def test_an_answer_outside_the_scale_is_refused_and_nothing_is_saved(w, pulse):
    first, second = compact.asked_of(w.carol)
    with pytest.raises(ValidationError) as refused:
        compact.answer_pulse(w.carol_user, pulse, {first.pk: 4, second.pk: 7})
    message = refused.value.message_dict[f"commitment_{second.pk}"][0]
    assert '"Air cover"' in message and '"7" is not on the scale' in message
    assert not PulseAnswer.unscoped.exists()


def test_figures_need_eleven_responses_and_suppress_small_counts(w, pulse):
    first = w.commitments[0]
    make = [PulseAnswer(round=pulse, commitment=first, leader=p, agreement=a)
            for p, a in zip([w.carol, w.nina, w.alice_person, w.bob_person, w.charlie_person,
                             w.rita, w.otto], [5, 5, 5, 4, 4, 2, 1], strict=True)]
    PulseAnswer.objects.bulk_create(make)
    row = _row_of(compact.figures(w.analyst, pulse), first)
    assert not row.reported and row.responses == "" and row.agree_share is None
    more = [PulseAnswer(round=pulse, commitment=first, leader=p, agreement=4)
            for p in _leaders(w, 5)]
    PulseAnswer.objects.bulk_create(more)
    row = _row_of(compact.figures(w.analyst, pulse), first)
    assert row.reported and row.responses == 10  # 12 rounded to the nearest 5
    # 1, 1, 0, 7 and 3 answers: every count from 1 to 7 hidden
    assert row.by_answer == ("*", "*", 0, "*", "*")
    assert row.agree_share == 1.0  # 10 of 12, from the rounded counts (10 of 10)


def _row_of(rows, commitment):
    """The figures of one commitment (the databases order England-wide ones differently)."""
    return next(row for row in rows if row.commitment == commitment)


def _leaders(w, n):
    return [make_person(w.rj2) for _ in range(n)]


def test_regional_leads_manage_only_their_regions_commitments(w, pulse):
    with pytest.raises(PermissionDenied):
        compact.save_commitment(w.regional, None, {"title": "X", "owner": "NHS England",
                                                  "region": None, "measure": "m",
                                                  "due_on": today()})
    made = compact.save_commitment(w.regional, None, {
        "title": "London peer support", "owner": "NHS England London", "region": w.region,
        "measure": "m", "due_on": today()})
    assert made.region == w.region
    with pytest.raises(PermissionDenied):
        compact.save_commitment(w.regional, w.commitments[2], {"status": "on_track"})


def test_opening_a_round_tells_every_board_leader_and_refuses_an_overlap(w):
    pulse = compact.open_round(w.national, name="Autumn", opens_on=today(),
                               closes_on=today() + dt.timedelta(days=14))
    for leader in (w.carol_user, w.nina_user):
        [note] = Notification.objects.visible_to(leader)
        assert note.kind == "compact_pulse" and "Autumn" in note.subject
    assert not Notification.objects.visible_to(w.alice).exists()
    with pytest.raises(ValidationError) as refused:
        compact.open_round(w.national, name="Winter", opens_on=today() + dt.timedelta(days=7),
                           closes_on=today() + dt.timedelta(days=30))
    assert '"Autumn"' in refused.value.message_dict["opens_on"][0]
    assert list(PulseRound.objects.all()) == [pulse]
    with pytest.raises(PermissionDenied):
        compact.open_round(w.regional, name="Mine", opens_on=today(), closes_on=today())

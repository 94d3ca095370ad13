"""The support access matrix: one row per user, each column a rule of support/policy.py,
written apart from the policy code (scripts/check_policy_mutations.py loosens each rule in
turn and this file must fail)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from talentbridge.support import policy
from talentbridge.support.models import CheckIn
from talentbridge.support.models import Commitment
from talentbridge.support.models import OfferKind
from talentbridge.support.models import PulseAnswer
from talentbridge.support.models import PulseRound
from talentbridge.support.models import SupportOffer
from talentbridge.support.tests.factories import make_check_in
from talentbridge.support.tests.factories import make_offer
from talentbridge.support.tests.factories import support_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = support_world()
    w.check_in = make_check_in(w.carol, dt.date(2026, 1, 10), 4, notes="Board under strain")
    w.offer = make_offer(w.carol, OfferKind.COACHING, dt.date(2026, 1, 10))
    commitment = Commitment.objects.create(title="Time and space to lead", owner="NHS England",
                                           measure="Leaders agree", due_on=dt.date(2026, 12, 1))
    pulse = PulseRound.objects.create(name="Spring", opens_on=dt.date(2026, 1, 1),
                                      closes_on=dt.date(2026, 2, 1))
    w.answer = PulseAnswer.objects.create(round=pulse, commitment=commitment, leader=w.carol,
                                          agreement=2)
    return w


#: (user, reads carol's check-ins and offers, records them, reads her pulse answer)
SUPPORT_MATRIX = [
    ("carol_user", True, False, True),     # the leader herself
    ("regional", True, True, False),       # her regional lead (London)
    ("other_regional", False, False, False),  # the North West's regional lead
    ("national", False, False, False),     # national lead: warnings, never notes
    ("bob", False, False, False),          # RJ1's organisation talent lead
    ("sybil", False, False, False),        # system talent lead
    ("admin", False, False, False),        # administrators never read the notes
    ("analyst", False, False, False),
    ("orla", False, False, False),         # organisation administrator
    ("alice", False, False, False),        # a colleague at RJ1
    ("nina_user", False, False, False),    # another chief executive
]


@pytest.mark.parametrize(("who", "reads", "records", "answer"), SUPPORT_MATRIX)
def test_who_reads_and_records_a_leaders_check_ins_and_offers(w, who, reads, records, answer):
    user = getattr(w, who)
    assert policy.can_view_support(user, w.carol) is reads
    assert CheckIn.objects.visible_to(user).filter(pk=w.check_in.pk).exists() is reads
    assert SupportOffer.objects.visible_to(user).filter(pk=w.offer.pk).exists() is reads
    assert policy.can_answer_offer(user, w.offer) is reads
    assert policy.can_record_support(user, w.carol) is records
    assert PulseAnswer.objects.visible_to(user).filter(pk=w.answer.pk).exists() is answer


#: (user, warnings: "england" / region codes / none, manages London's commitments, England's,
#:  opens a pulse, answers a pulse, sees the compact's figures)
COMPACT_MATRIX = [
    ("carol_user", set(), False, False, False, True, True),
    ("nina_user", set(), False, False, False, True, True),
    ("regional", {"Y56"}, True, False, False, False, True),
    ("other_regional", {"Y62"}, False, False, False, False, True),
    ("national", "england", True, True, True, False, True),
    ("bob", set(), False, False, False, False, True),
    ("sybil", set(), False, False, False, False, True),
    ("analyst", set(), False, False, False, False, True),
    ("admin", set(), False, False, False, False, True),
    ("orla", set(), False, False, False, False, False),
    ("alice", set(), False, False, False, False, False),
]


@pytest.mark.parametrize(("who", "warned", "region", "england", "opens", "answers", "sees"),
                         COMPACT_MATRIX)
def test_warnings_and_the_compact(w, who, warned, region, england, opens, answers, sees):
    user = getattr(w, who)
    ids = policy.warning_region_ids(user)
    codes = {w.region.pk: "Y56", w.north_west.pk: "Y62"}
    assert ("england" if ids is None else {codes[i] for i in ids}) == warned
    assert policy.can_view_warnings(user) is bool(warned)
    assert policy.can_manage_commitment(user, w.region.pk) is region
    assert policy.can_manage_commitment(user, None) is england
    assert policy.can_manage_compact(user) is (region or england or warned == {"Y62"})
    assert policy.can_open_pulse(user) is opens
    assert policy.can_answer_pulse(user) is answers
    assert policy.can_view_compact(user) is sees


def test_a_signed_out_user_may_do_nothing(w):
    anonymous = AnonymousUser()
    assert not policy.can_view_support(anonymous, w.carol)
    assert not policy.can_record_support(anonymous, w.carol)
    assert policy.warning_region_ids(anonymous) == set()
    assert not policy.can_manage_commitment(anonymous, None)
    assert not policy.can_open_pulse(anonymous)
    assert not policy.can_answer_pulse(anonymous)
    assert not policy.can_view_compact(anonymous)
    assert not CheckIn.objects.visible_to(anonymous).exists()
    assert not PulseAnswer.objects.visible_to(anonymous).exists()


def test_a_lead_whose_role_ended_loses_the_region(w):
    w.regional.role_assignments.update(ends_at=timezone.now() - dt.timedelta(days=1))
    ended = type(w.regional).objects.get(pk=w.regional.pk)  # grants are worked out anew
    assert not policy.can_view_support(ended, w.carol)
    assert not policy.can_view_warnings(ended)

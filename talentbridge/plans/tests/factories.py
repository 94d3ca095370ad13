"""Worlds for the development plan tests: the conversations world (alice, a leader at RJ1
managed by mo; bob, RJ1's talent lead; sybil, the system's talent lead; charlie, a leader
elsewhere; an administrator and an analyst), with alice's self-assessment."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import all_ratings
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.conversations.tests.factories import record_values


def plan_world():
    w = conversation_world()
    w.today = timezone.localdate()
    return w


def assess(w, person_user, person, **ratings):
    """A self-assessment of `person` with the given answers (frequently elsewhere)."""
    assessment_round = assessment_services.open_round(
        person_user, person, closes_on=timezone.localdate() + dt.timedelta(days=20))
    assessment_services.submit_ratings(person_user, assessment_round, "self",
                                       all_ratings(**ratings))
    return assessment_round


def recorded_conversation(w):
    """A recorded career conversation of alice's, held by mo."""
    return conversation_services.start_conversation(w.mo, w.alice_person, record_values(w),
                                                    record_now=True)

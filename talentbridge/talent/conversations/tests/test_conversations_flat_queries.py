"""Every list of career conversations, assessments, readiness levels and talent search runs
as many queries with 100 rows as with 10 (`assert_flat`): a person's conversations and
assessments (their own page, a talent lead's page, the API), the readiness levels (the page
and the API), the invitations waiting for the line manager's approval (the assessment's page
and the API) and talent search (the page and the API)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import counting
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models.assessments import RaterKind
from talentbridge.talent.models.assessments import RoundStatus
from talentbridge.talent.models.conversations import ConversationStatus
from talentbridge.talent.models.conversations import domains_to_mask

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


w = pytest.fixture(conversation_world, name="w")


def add_conversations(w, person):
    """Recorded conversations, each held by a different manager, at a readiness level."""
    def add(n):
        levels = list(w.readiness.values())
        for i in range(n):
            number = next(_numbers)
            holder = make_user(f"holder{number}", first_name="Zed", last_name=f"Holder{number}")
            CareerConversation.objects.create(
                person=person, held_by=holder, status=ConversationStatus.RECORDED,
                held_on=dt.date(2020, 1, 1) + dt.timedelta(days=number),
                readiness=levels[i % len(levels)], aspiration_role="Chief Executive")
    return add


@adds_rows(_numbers)
def add_rounds(w, person, status=RoundStatus.CLOSED, *, number):
    """Rounds with the person's own answers: closed, or (``OPEN``) past their closing date
    but never closed, which has the page work out the person's strengths again."""
    opener = make_user(f"opener{number}")
    opened = dt.date(2020, 1, 1) + dt.timedelta(days=number)
    assessment_round = AssessmentRound.objects.create(
        person=person, opened_by=opener, opened_on=opened,
        closes_on=opened + dt.timedelta(days=30), status=status)
    Assessment.objects.create(round=assessment_round, rater_kind=RaterKind.SELF,
                              rater_user=person.user, submitted_at=timezone.now())


def add_levels(n):
    for _ in range(n):
        number = next(_numbers)
        ReadinessLevel.objects.create(code=f"zed_{number}", label=f"Zed level {number}",
                                      order=100 + number)


@adds_rows(_numbers)
def add_awaiting(w, assessment_round, number):
    """Invitations to addresses outside the NHS, each sent by a different colleague."""
    Assessment.objects.create(
        round=assessment_round, rater_kind=RaterKind.PEER,
        invited_email=f"zed{number}@example.com", awaiting_approval=True,
        invited_by=make_user(f"inviter{number}"))


@adds_rows(_numbers)
def add_talent(w, number):
    """People in trusts of their own, each with a talent profile."""
    org = make_org(f"T{number:04d}", w.system, name=f"TRUST NUMBER {number}")
    person = make_person(org, given_name="Zed", visibility="system")
    TalentProfile.objects.create(person=person, readiness=w.readiness["ready_now"],
                                 aspiration_role="Chief Executive",
                                 strength_mask=domains_to_mask([1, 2]),
                                 development_need_mask=domains_to_mask([4]))


def test_my_conversations_and_assessments(client, w):
    client.force_login(w.alice)
    assert_flat(client, "/talent/me/", add_conversations(w, w.alice_person),
                row_marker=counting("/talent/conversations/"))
    assert_flat(client, "/talent/me/", add_rounds(w, w.alice_person),
                row_marker=counting("/talent/assessments/"))


@pytest.mark.parametrize("path", ["/talent/people/{pk}/",
                                  "/api/v1/talent/people/{pk}/conversations"])
def test_a_persons_conversations(client, w, path):
    client.force_login(w.bob)
    assert_flat(client, path.format(pk=w.alice_person.pk), add_conversations(w, w.alice_person),
                row_marker=None if "api" in path else counting("/talent/conversations/"))


@pytest.mark.parametrize("status", [RoundStatus.CLOSED, RoundStatus.OPEN])
@pytest.mark.parametrize("path", ["/talent/people/{pk}/",
                                  "/api/v1/talent/people/{pk}/assessments"])
def test_a_persons_assessments(client, w, path, status):
    client.force_login(w.bob)
    assert_flat(client, path.format(pk=w.alice_person.pk),
                add_rounds(w, w.alice_person, status),
                row_marker=None if "api" in path else counting("/talent/assessments/"))


@pytest.mark.parametrize("path", ["/talent/readiness/", "/api/v1/talent/readiness-levels"])
def test_readiness_levels(client, w, path):
    client.force_login(w.admin)
    assert_flat(client, path, add_levels, row_marker=counting("Zed level"))


@pytest.mark.parametrize("path", ["/talent/assessments/{pk}/",
                                  "/api/v1/talent/assessments/{pk}/invitations/awaiting-approval"])
def test_invitations_waiting_for_approval(client, w, path):
    today = timezone.localdate()
    assessment_round = AssessmentRound.objects.create(
        person=w.alice_person, opened_by=w.mo, opened_on=today,
        closes_on=today + dt.timedelta(days=30))
    client.force_login(w.mo)
    assert_flat(client, path.format(pk=assessment_round.pk), add_awaiting(w, assessment_round),
                row_marker=counting("@example.com"))


@pytest.mark.parametrize("path", ["/talent/search/?aspiration=chief",
                                  "/api/v1/talent/search?aspiration=chief&limit=100"])
def test_talent_search(client, w, path):
    client.force_login(w.sybil)
    assert_flat(client, path, add_talent(w))

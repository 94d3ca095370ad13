"""The demo's career conversations, profiles and assessments: built on the base demo,
deterministic, idempotent, and showing what the demo users need to see."""

import io

import pytest
from django.contrib.auth import get_user_model

from talentbridge.demo import conversations as demo_conversations
from talentbridge.demo.generator import demo_people
from talentbridge.demo.tests.building import demo_fixture
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import ensure_readiness
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models.conversations import ConversationStatus

LEADERS = 1500


demo = demo_fixture(ensure_readiness, LEADERS, demo_conversations)


pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.get(username=username)


def test_profiles_for_everyone_and_conversations_for_about_two_in_five(demo):
    assert "Built 1500 talent profiles" in demo
    assert TalentProfile.unscoped.count() == LEADERS
    with_conversation = (CareerConversation.unscoped.filter(status=ConversationStatus.RECORDED)
                         .values("person").distinct().count())
    assert 0.35 * LEADERS <= with_conversation <= 0.45 * LEADERS
    assert TalentProfile.unscoped.filter(last_conversation_on__isnull=False).count() == (
        with_conversation)
    assert TalentProfile.unscoped.exclude(strength_mask=0).exists()


def test_the_leader_has_a_conversation_with_private_notes_held_by_the_manager(demo):
    leader, manager, lead = _user("leader"), _user("manager"), _user("org.lead")
    conversation = CareerConversation.unscoped.get(person__user=leader)
    assert conversation.held_by == manager and conversation.private_notes
    assert conversation_services.get_conversation(leader, conversation.pk).private_notes
    assert conversation_services.get_conversation(manager, conversation.pk).private_notes
    hidden = conversation_services.get_conversation(lead, conversation.pk)
    assert hidden.private_notes == "" and hidden.aspiration_role == "Deputy Chief Nurse"
    profile = TalentProfile.unscoped.get(person__user=leader)
    assert profile.readiness.code == "1_2_years" and profile.development_needs == [2, 4]
    assert CareerConversation.unscoped.filter(held_by=manager,
                                             status=ConversationStatus.PREPARING).exists()


def test_assessments_with_self_manager_and_at_least_three_raters(demo):
    rounds = AssessmentRound.unscoped.all()
    assert 250 <= rounds.count() <= 300
    for r in rounds[:50]:
        kinds = list(r.assessments.filter(submitted_at__isnull=False)
                     .values_list("rater_kind", flat=True))
        assert kinds.count("self") == 1 and kinds.count("line_manager") == 1
        assert len(kinds) >= 5
    leader = _user("leader")
    r = AssessmentRound.unscoped.get(person__user=leader)
    assert assessment_services.is_open(r)
    assert Assessment.unscoped.filter(round=r, submitted_at__isnull=True).count() == 2
    # the leader's round is open: nothing of the raters' answers shows yet
    summary = assessment_services.summary(leader, r)
    assert {d.others for d in summary} == {assessment_services.Others.AFTER_CLOSE}
    past = AssessmentRound.unscoped.filter(closes_on__lt=r.opened_on).first()
    assert not assessment_services.is_open(past)
    shown = assessment_services._summary(past)  # read as the services do for any viewer
    assert any(d.others == assessment_services.Others.SHOWN for d in shown)


def test_idempotent_and_rebuilt_on_reset(demo):
    counts = (CareerConversation.unscoped.count(), AssessmentRound.unscoped.count())
    out = io.StringIO()
    demo_conversations.build(2026, out)
    assert "already exist" in out.getvalue()
    demo_conversations.build(2026, out, reset=True)
    assert (CareerConversation.unscoped.count(), AssessmentRound.unscoped.count()) == counts
    assert TalentProfile.unscoped.filter(person__in=demo_people()).count() == LEADERS
    holders = get_user_model().objects.filter(username__startswith="demo.holder.")
    assert holders.exists() and not holders.filter(is_active=True).exists()
    assert not any(u.has_usable_password() for u in holders[:20])

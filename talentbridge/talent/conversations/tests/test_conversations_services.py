"""Career conversation services: preparing, recording, the talent profile kept from the latest
record, private notes seen only by the person and the holder, and bad input refused with a
message naming the field and the value, changing nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.services import PersonNotFound
from talentbridge.talent.conversations import services
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.conversations.tests.factories import record_values
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models.conversations import ConversationStatus


@pytest.fixture
def w(db):
    return conversation_world()


def test_a_line_manager_records_a_conversation_and_the_profile_follows(w):
    conversation = services.start_conversation(w.mo, w.alice_person, record_values(w),
                                               record_now=True)
    assert conversation.status == ConversationStatus.RECORDED
    profile = TalentProfile.unscoped.get(person=w.alice_person)
    assert profile.readiness.code == "1_2_years"
    assert profile.growth_category == "stretch" and profile.impact_level == "established"
    assert profile.aspiration_role == "Director of Nursing"
    # The conversation notes the mobility discussed; the profile's mobility stays the leader's.
    assert conversation.open_to_other_organisations and conversation.travel_reach == "region"
    assert not profile.open_to_other_organisations and profile.travel_reach == "organisation"
    assert profile.development_needs == [3, 4]
    assert profile.last_conversation_on == conversation.held_on
    assert AuditEvent.objects.filter(action=AuditAction.CREATE,
                                     target_type="talent.careerconversation").exists()


def test_recording_a_conversation_leaves_the_leader_s_own_mobility_choices_alone(w):
    from talentbridge.opportunities.services import save_preferences

    save_preferences(w.alice, {"open_to_other_organisations": False, "travel_reach": "national",
                               "open_to_relocation": True})
    services.start_conversation(w.mo, w.alice_person, record_values(w), record_now=True)
    profile = TalentProfile.unscoped.get(person=w.alice_person)
    assert profile.readiness.code == "1_2_years"  # the conversation's own findings still apply
    assert (profile.open_to_other_organisations, profile.travel_reach,
            profile.open_to_relocation) == (False, "national", True)


def test_preparation_then_reflection_then_record(w):
    conversation = services.start_conversation(
        w.mo, w.alice_person, {"manager_preparation": "Talk about the board observer role"})
    assert conversation.status == ConversationStatus.PREPARING
    assert not TalentProfile.unscoped.filter(person=w.alice_person).exists()
    services.update_conversation(w.alice, conversation,
                                 {"individual_reflection": "I want a stretch role"})
    with pytest.raises(PermissionDenied):
        services.update_conversation(w.alice, conversation, {"private_notes": "mine"})
    with pytest.raises(PermissionDenied):
        services.update_conversation(w.mo, conversation, {"individual_reflection": "hers"})
    services.update_conversation(w.mo, conversation, record_values(w), record_now=True)
    conversation.refresh_from_db()
    assert conversation.individual_reflection == "I want a stretch role"
    assert conversation.status == ConversationStatus.RECORDED
    assert TalentProfile.unscoped.get(person=w.alice_person).readiness.code == "1_2_years"


def test_the_latest_conversation_sets_the_profile(w):
    today = timezone.localdate()
    services.start_conversation(w.mo, w.alice_person, record_values(
        w, held_on=today - dt.timedelta(days=10), readiness="ready_now"), record_now=True)
    services.start_conversation(w.mo, w.alice_person, record_values(
        w, held_on=today - dt.timedelta(days=400), readiness="3_plus_years",
        next_review_on=today + dt.timedelta(days=5)), record_now=True)
    profile = TalentProfile.unscoped.get(person=w.alice_person)
    assert profile.readiness.code == "ready_now"
    assert profile.last_conversation_on == today - dt.timedelta(days=10)


def test_who_may_hold_a_conversation(w):
    values = record_values(w)
    services.start_conversation(w.bob, w.alice_person, values, record_now=True)  # talent lead
    for outsider in (w.alice, w.charlie, w.admin, w.sybil, w.analyst):
        with pytest.raises(PermissionDenied):
            services.start_conversation(outsider, w.alice_person, values, record_now=True)
    assert CareerConversation.unscoped.count() == 1


def test_private_notes_only_for_the_person_and_the_holder(w):
    conversation = services.start_conversation(w.mo, w.alice_person, record_values(w),
                                               record_now=True)
    notes = "Mentioned caring responsibilities; keep travel modest"
    for reader in (w.mo, w.alice):
        got = services.get_conversation(reader, conversation.pk)
        assert got.private_notes == notes and not got.private_notes_hidden
        assert services.conversations_for(reader, w.alice_person)[0].private_notes == notes
    for reader in (w.bob, w.admin):  # may see the record, never the notes
        got = services.get_conversation(reader, conversation.pk)
        assert got.private_notes == "" and got.private_notes_hidden
        assert got.aspiration_role == "Director of Nursing"
        assert services.conversations_for(reader, w.alice_person)[0].private_notes == ""
    for stranger in (w.charlie, w.sybil, w.analyst):  # alice chose "organisation"
        with pytest.raises(services.ConversationNotFound):
            services.get_conversation(stranger, conversation.pk)
        with pytest.raises(PersonNotFound):
            services.conversations_for(stranger, w.alice_person)


def test_a_talent_lead_editing_the_record_does_not_touch_private_notes(w):
    conversation = services.start_conversation(w.mo, w.alice_person, record_values(w),
                                               record_now=True)
    with pytest.raises(PermissionDenied):
        services.update_conversation(w.bob, conversation, {"aspiration_role": "CEO"})
    services.update_conversation(w.alice, services.get_conversation(w.alice, conversation.pk),
                                 {"individual_reflection": "Added after"})
    conversation.refresh_from_db()
    assert conversation.private_notes.startswith("Mentioned caring")


@pytest.mark.parametrize("field,value,message", [
    ("readiness", "soon", 'Readiness "soon" is not one of the readiness levels in use'),
    ("development_needs", [2, 7], 'Development needs: "7" is not an LCF domain'),
    ("development_needs", ["x"], 'Development needs: "x" is not an LCF domain'),
    ("next_review_on", dt.date(2020, 1, 1),
     "Next review date (1 January 2020) must be today or in the future"),
    ("held_on", dt.date(2999, 1, 1), "Date of the conversation (1 January 2999) must be today "
                                     "or in the past"),
    ("private_notes", "x" * 5001, "Private notes must be 5000 characters or fewer (it has "
                                  "5001)"),
    ("aspiration_role", "y" * 151, "Next role wanted must be 150 characters or fewer"),
    ("growth_category", "sideways", 'Growth "sideways" is not one of the options'),
    ("travel_reach", "moon", 'Travel reach "moon" is not one of the options'),
    ("mood", "happy", '"mood" is not part of a career conversation'),
])
def test_bad_input_names_the_field_and_value_and_changes_nothing(w, field, value, message):
    with pytest.raises(ValidationError) as error:
        services.start_conversation(w.mo, w.alice_person, record_values(w, **{field: value}),
                                    record_now=True)
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert not CareerConversation.unscoped.exists()
    assert not TalentProfile.unscoped.exists()


def test_bad_update_changes_nothing(w):
    conversation = services.start_conversation(w.mo, w.alice_person, record_values(w),
                                               record_now=True)
    with pytest.raises(ValidationError):
        services.update_conversation(w.mo, conversation, {"aspiration_role": "Chief executive",
                                                          "readiness": "nope"})
    conversation.refresh_from_db()
    assert conversation.aspiration_role == "Director of Nursing"
    assert TalentProfile.unscoped.get(person=w.alice_person).aspiration_role == (
        "Director of Nursing")


def test_recording_needs_the_record_complete(w):
    with pytest.raises(ValidationError) as error:
        services.start_conversation(w.mo, w.alice_person, {"manager_preparation": "x"},
                                    record_now=True)
    assert set(error.value.message_dict) == set(services.REQUIRED_TO_RECORD)


def test_an_inactive_readiness_level_is_refused(w):
    ReadinessLevel.objects.filter(code="not_seeking").update(is_active=False)
    with pytest.raises(ValidationError) as error:
        services.start_conversation(w.mo, w.alice_person,
                                    record_values(w, readiness="not_seeking"), record_now=True)
    assert 'Readiness "not_seeking"' in error.value.message_dict["readiness"][0]


def test_administrators_edit_readiness_levels(w):
    level = w.readiness["ready_now"]
    services.save_readiness_level(w.admin, level, {"label": "Ready for a move now",
                                                   "order": 1, "is_active": True})
    assert ReadinessLevel.objects.get(code="ready_now").label == "Ready for a move now"
    created = services.save_readiness_level(w.admin, None, {"code": "interim", "label":
                                                            "Ready for an interim role",
                                                            "order": 5, "is_active": True})
    assert created.pk
    with pytest.raises(ValidationError) as error:
        services.save_readiness_level(w.admin, None, {"code": "interim", "label": "Again",
                                                      "order": 6, "is_active": True})
    assert 'already a readiness level with code "interim"' in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.save_readiness_level(w.admin, level, {"code": "now"})
    for user in (w.bob, w.mo, w.alice):
        with pytest.raises(PermissionDenied):
            services.save_readiness_level(user, level, {"label": "Hacked"})

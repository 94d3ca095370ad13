"""Career conversation pages: a line manager prepares and records a conversation with plain
forms, the person adds their reflection and sees everything including the private notes, a
talent lead sees the record without the private notes, bad input shows the NHS error summary
naming the field and value and changes nothing, and administrators edit readiness levels."""

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.core.tests.test_core_layout import assert_csp_safe
from talentbridge.core.tests.test_core_layout import header_nonce
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.conversations.tests.factories import record_values
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models.conversations import ConversationStatus

NOTES = "Mentioned caring responsibilities; keep travel modest"


@pytest.fixture
def w(db):
    return conversation_world()


def _date(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month),
            f"{prefix}_year": str(day.year)}


def _form(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "action": "record",
        "manager_preparation": "Strong year; led the winter plan",
        **_date("held_on", today - dt.timedelta(days=1)),
        "impact_level": "established", "growth_category": "stretch",
        "aspiration": "To lead a directorate", "aspiration_role": "Director of Nursing",
        "readiness": "1_2_years", "open_to_other_organisations": "true",
        "travel_reach": "region", "development_needs": ["3", "4"],
        "development_plan": "Board observer placement",
        **_date("next_review_on", today + dt.timedelta(days=180)),
        "private_notes": NOTES,
    }
    data.update(overrides)
    return data


def test_a_line_manager_prepares_and_records_and_the_person_reflects(client, w):
    client.force_login(w.mo)
    page = client.get(f"/talent/people/{w.alice_person.pk}/")
    assert "Start a career conversation" in page_text(page)
    response = client.post(f"/talent/people/{w.alice_person.pk}/conversations/new/",
                           {"action": "prepare", "manager_preparation": "Talk about stretch"})
    conversation = CareerConversation.unscoped.get()
    assert response.status_code == 302
    assert response.url == f"/talent/conversations/{conversation.pk}/"
    assert conversation.status == ConversationStatus.PREPARING

    client.force_login(w.alice)
    response = client.post(f"/talent/conversations/{conversation.pk}/reflection/",
                           {"individual_reflection": "I want a board role\nIn three years"})
    assert response.status_code == 302

    client.force_login(w.mo)
    response = client.post(f"/talent/conversations/{conversation.pk}/record/", _form())
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.RECORDED
    assert conversation.development_needs == [3, 4]
    profile = TalentProfile.unscoped.get(person=w.alice_person)
    assert profile.readiness.code == "1_2_years" and profile.development_needs == [3, 4]

    page = client.get(f"/talent/conversations/{conversation.pk}/")
    assert_csp_safe(page.content.decode(), header_nonce(page))
    text = page_text(page)
    assert "I want a board role" in text and "In three years" in text and NOTES in text


def test_record_at_once_from_the_new_page(client, w):
    client.force_login(w.mo)
    response = client.post(f"/talent/people/{w.alice_person.pk}/conversations/new/", _form())
    assert response.status_code == 302
    assert CareerConversation.unscoped.get().status == ConversationStatus.RECORDED


def test_the_person_sees_private_notes_a_talent_lead_and_an_admin_do_not(client, w):
    conversation = conversation_services.start_conversation(
        w.mo, w.alice_person, record_values(w), record_now=True)
    for reader, sees_notes in ((w.alice, True), (w.mo, True), (w.bob, False),
                               (w.admin, False)):
        client.force_login(reader)
        page = client.get(f"/talent/conversations/{conversation.pk}/")
        assert page.status_code == 200
        text = page_text(page)
        assert "Director of Nursing" in text
        assert (NOTES in text) is sees_notes, reader
        assert (NOTES in page.content.decode()) is sees_notes
    client.force_login(w.charlie)
    assert client.get(f"/talent/conversations/{conversation.pk}/").status_code == 404
    assert client.get(f"/talent/people/{w.alice_person.pk}/").status_code == 404


def test_a_leader_sees_their_own_conversations_placements_and_pools(client, w):
    conversation_services.start_conversation(w.mo, w.alice_person, record_values(w),
                                             record_now=True)
    client.force_login(w.alice)
    page = client.get("/talent/me/")
    assert page.status_code == 200
    assert_csp_safe(page.content.decode(), header_nonce(page))
    text = page_text(page)
    assert "My talent and career conversations" in text
    assert "Mo Manager" in text and "Ready in 1 to 2 years" in text
    assert "Where I have been placed in talent reviews" in text
    assert "My talent pool nominations and memberships" in text
    assert "Start a career conversation" not in text  # not with herself
    assert client.get(f"/talent/people/{w.alice_person.pk}/").url == "/talent/me/"


@pytest.mark.parametrize("field,value,message", [
    ("readiness", "soon", '"soon" is not one of the options'),
    ("development_needs", ["3", "7"], '"7" is not one of the options'),
    ("next_review_on", dt.date(2020, 1, 1), "Next review date must be today or in the future"),
    ("private_notes", "x" * 5001, "Private notes must be 5000 characters or fewer"),
    ("impact_level", "", "Select impact"),
])
def test_bad_input_shows_the_error_and_changes_nothing(client, w, field, value, message):
    client.force_login(w.mo)
    data = _form(**(_date(field, value) if isinstance(value, dt.date) else {field: value}))
    response = client.post(f"/talent/people/{w.alice_person.pk}/conversations/new/", data)
    assert response.status_code == 400
    assert message in error_summary(response)
    assert page_text(response).startswith("Error:") or "Error:" in response.content.decode()
    assert not CareerConversation.unscoped.exists() and not TalentProfile.unscoped.exists()


def test_who_may_use_the_forms(client, w):
    conversation = conversation_services.start_conversation(
        w.mo, w.alice_person, record_values(w), record_now=True)
    client.force_login(w.bob)  # may see, may hold a new one, may not change mo's record
    assert client.get(f"/talent/conversations/{conversation.pk}/record/").status_code == 403
    assert client.get(f"/talent/conversations/{conversation.pk}/reflection/").status_code == 403
    assert client.get(
        f"/talent/people/{w.alice_person.pk}/conversations/new/").status_code == 200
    client.force_login(w.alice)
    assert client.get(
        f"/talent/people/{w.alice_person.pk}/conversations/new/").status_code == 403
    assert client.get(f"/talent/conversations/{conversation.pk}/record/").status_code == 403
    client.force_login(w.admin)
    assert client.get(
        f"/talent/people/{w.alice_person.pk}/conversations/new/").status_code == 403


def test_administrators_edit_readiness_levels(client, w):
    level = ReadinessLevel.objects.get(code="ready_now")
    client.force_login(w.admin)
    page = client.get("/talent/readiness/")
    assert "Ready now" in page_text(page)
    response = client.post(f"/talent/readiness/{level.pk}/",
                           {"label": "Ready for a move now", "order": "1", "is_active": "true"})
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.label == "Ready for a move now"
    response = client.post("/talent/readiness/new/", {"code": "ready_now", "label": "Dup",
                                                      "order": "9"})
    assert response.status_code == 400
    assert 'already a readiness level with code "ready_now"' in error_summary(response)
    response = client.post(f"/talent/readiness/{level.pk}/", {"label": "", "order": "x"})
    assert "Enter label" in error_summary(response)
    client.force_login(w.bob)
    assert client.get("/talent/readiness/").status_code == 403
    assert client.post(f"/talent/readiness/{level.pk}/", {"label": "Hacked", "order": "1"}
                       ).status_code == 403
    assert ReadinessLevel.objects.get(pk=level.pk).label == "Ready for a move now"


def test_the_talent_hub_links_to_what_each_user_can_use(client, w):
    client.force_login(w.alice)
    page = client.get("/talent/")
    assert_csp_safe(page.content.decode(), header_nonce(page))
    text = page_text(page)
    assert "My talent and career conversations" in text and "Talent reviews" in text
    assert "Talent search" not in text and "Readiness levels" not in text
    client.force_login(w.admin)
    text = page_text(client.get("/talent/"))
    assert "Talent search" in text and "Readiness levels" in text
    assert "My talent and career conversations" not in text  # no profile of their own

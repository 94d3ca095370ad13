"""Saving the preparation of a career conversation with nothing in it starts nothing."""

import pytest
from django.core.exceptions import ValidationError

from talentbridge.people.tests.factories import error_summary
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import CareerConversation


@pytest.fixture
def w(db):
    return conversation_world()


def test_save_preparation_only_on_an_empty_form_is_refused_and_creates_nothing(client, w):
    client.force_login(w.mo)
    # What a browser sends for the untouched form: the button and the default radio.
    response = client.post(f"/talent/people/{w.alice_person.pk}/conversations/new/",
                           {"action": "prepare", "travel_reach": "organisation",
                            "manager_preparation": "   "})
    assert response.status_code == 400
    summary = error_summary(response)
    assert "manager's preparation" in summary.lower() and "nothing was saved" in summary
    assert not CareerConversation.unscoped.exists()


def test_the_service_refuses_an_empty_preparation(w):
    with pytest.raises(ValidationError) as refused:
        conversation_services.start_conversation(w.mo, w.alice_person, {"private_notes": ""})
    assert "manager_preparation" in refused.value.message_dict
    assert not CareerConversation.unscoped.exists()


def test_private_notes_alone_are_a_preparation(w):
    conversation_services.start_conversation(w.mo, w.alice_person, {"private_notes": "Ask"})
    assert CareerConversation.unscoped.count() == 1

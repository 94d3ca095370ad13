"""The audit trail in words: kinds of record by name, and a list of them to filter by."""

import re

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.audit.services import record
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_text

SEARCH = "/audit/"


@pytest.fixture
def world(db):
    world = make_world()
    record(actor=world.bob, action=AuditAction.VIEW, target=world.alice_person, channel="web")
    AuditEvent.objects.create(actor=world.admin, action=AuditAction.UPDATE,
                              target_type="talent.talentreview", target_id="18",
                              target_label="Nursing leadership review 2026", channel="web")
    return world


def test_each_event_names_the_kind_of_record_in_words(client, world):
    client.force_login(world.admin)
    text = page_text(client.get(SEARCH))
    assert "Talent review 18" in text and "talent.talentreview" not in text
    assert f"Person {world.alice_person.pk}" in text and "people.person" not in text
    assert "Web page" in text


def test_the_kind_of_record_is_chosen_from_a_list_of_names(client, world):
    client.force_login(world.admin)
    page = client.get(SEARCH).content.decode()
    assert re.search(r'<select[^>]*name="target_type"', page)
    assert re.search(r'<option value="talent.talentreview"\s*>Talent review</option>', page)
    assert re.search(r'<option value="accounts.apitoken"\s*>API token</option>', page)
    assert "For example, people.person" not in page
    text = page_text(client.get(SEARCH, {"target_type": "talent.talentreview"}))
    assert "Nursing leadership review 2026" in text and "Alice Ashworth" not in text
    response = client.get(SEARCH, {"target_type": "castle"})
    assert '"castle" is not one of the options' in error_summary(response)

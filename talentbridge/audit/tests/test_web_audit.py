"""The administrators' read-only search of the audit trail."""

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.audit.services import record
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_as
from talentbridge.people.tests.factories import page_text

SEARCH = "/audit/"


@pytest.fixture
def world(db):
    world = make_world()
    record(actor=world.bob, action=AuditAction.VIEW, target=world.alice_person, channel="web")
    record(actor=world.admin, action=AuditAction.VIEW_CHARACTERISTICS,
           target=world.charlie_person, reason="Fixing an import", channel="web")
    return world


def test_an_administrator_sees_events(client, world):
    response, text = page_as(client, world.admin, SEARCH)
    assert "Alice Ashworth" in text and "Viewed protected characteristics" in text
    assert "Fixing an import" in text
    assert "<caption" in response.content.decode()
    # the table may scroll sideways (narrow screens, zoom): keyboard users can reach it
    assert ('class="nhsuk-table-container" tabindex="0" role="region" aria-label="Audit events"'
            in response.content.decode())


def test_it_filters_by_actor_action_and_target(client, world):
    client.force_login(world.admin)
    text = page_text(client.get(SEARCH, {"actor": "BOB"}))
    assert "Alice Ashworth" in text and "Fixing an import" not in text
    text = page_text(client.get(SEARCH, {"action": "view_characteristics"}))
    assert "Charlie Carter" in text and "Alice Ashworth" not in text
    text = page_text(client.get(SEARCH, {"target_type": "people.person",
                                         "target_id": str(world.alice_person.pk)}))
    assert "Alice Ashworth" in text and "Charlie Carter" not in text


def test_it_filters_by_date(client, world):
    client.force_login(world.admin)
    text = page_text(client.get(SEARCH, {"date_from_day": "1", "date_from_month": "1",
                                         "date_from_year": "2000", "date_to_day": "2",
                                         "date_to_month": "1", "date_to_year": "2000"}))
    assert "No events found" in text


def test_bad_dates_are_named(client, world):
    client.force_login(world.admin)
    response = client.get(SEARCH, {"date_from_day": "5", "date_from_month": "3",
                                   "date_from_year": "2026", "date_to_day": "1",
                                   "date_to_month": "3", "date_to_year": "2026"})
    assert "To (1 March 2026) must be on or after From (5 March 2026)" in error_summary(response)
    response = client.get(SEARCH, {"action": "destroy"})
    assert '"destroy" is not one of the options' in error_summary(response)


def test_searching_the_audit_trail_is_itself_recorded(client, world):
    client.force_login(world.admin)
    client.get(SEARCH, {"actor": "bob"})
    event = AuditEvent.objects.filter(action=AuditAction.SEARCH).first()
    assert event.target_type == "audit.auditevent" and event.detail == {"actor": [world.bob.pk]}


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_non_administrators_get_403(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(SEARCH).status_code == 403


def test_it_is_read_only(client, world):
    client.force_login(world.admin)
    assert client.post(SEARCH, {"action": "view"}).status_code == 405
    assert AuditEvent.objects.count() == 2


def test_it_needs_sign_in(client, world):
    assert client.get(SEARCH).status_code == 302


def test_searching_by_person_finds_every_page_that_named_them(client, world):
    from talentbridge.accounts.models import ApiToken
    from talentbridge.audit.services import record_read

    alice = world.alice_person.pk
    record_read(actor=world.bob, request=None, target_type="opportunities.placement",
                people=[alice, world.charlie_person.pk], what="proposals")
    record_read(actor=world.bob, request=None, people=[alice * 10 + 1, alice + 100],
                what="someone else")  # ids that only contain alice's digits
    record(actor=world.bob, action=AuditAction.VIEW, target_type="talent.assessmentround",
           target_id="7", detail={"person": alice})
    client.force_login(world.admin)
    text = page_text(client.get(SEARCH, {"person": str(alice)}))
    assert "3 events found" in text
    assert "(proposals, 2 people)" in text and "Assessment round 7" in text
    assert "someone else" not in text and "Fixing an import" not in text
    _, key = ApiToken.issue(world.admin, "tests")
    body = client.get("/api/v1/audit/events", {"person": alice},
                      HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert body["count"] == 3
    assert {e["target_type"] for e in body["items"]} == {
        "people.person", "opportunities.placement", "talent.assessmentround"}
    response = client.get(SEARCH, {"person": "Alice"})
    assert 'Person id must be a whole number, like 1234 (you entered "Alice")' in \
        error_summary(response)

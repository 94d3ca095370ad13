"""Who may see a profile is the leader's own choice: nobody else changes it, and an
administrator may only reset it to the most private choice, with a reason, audited and told."""

import json

import pytest
from django.core import mail

from talentbridge.accounts.models import ApiToken
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.codes import Visibility
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_text

API = "/api/v1"


@pytest.fixture
def world(db):
    built = make_world()
    built.alice_person.visibility = Visibility.NATIONAL
    built.alice_person.save()
    return built


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def visibility_of(person) -> str:
    return Person.unscoped.get(pk=person.pk).visibility


def updates() -> int:
    return AuditEvent.objects.filter(action=AuditAction.UPDATE).count()


# ---- the API ------------------------------------------------------------------------------


@pytest.mark.parametrize("editor", ["bob", "admin"])
def test_someone_else_who_sends_visibility_gets_403_naming_it_and_nothing_changes(
        client, world, editor):
    response = client.patch(f"{API}/people/{world.alice_person.pk}",
                            json.dumps({"job_title": "COO", "visibility": "organisation"}),
                            content_type="application/json", **bearer(getattr(world, editor)))
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "\"visibility\" is Alice Ashworth's own choice: only they can change it "
        "(nothing was changed)")
    person = Person.unscoped.get(pk=world.alice_person.pk)
    assert (person.visibility, person.job_title) == ("national", "Director of Operations")
    assert updates() == 0


def test_the_leader_changes_their_own_visibility_through_the_api(client, world):
    response = client.patch(f"{API}/people/{world.alice_person.pk}",
                            json.dumps({"visibility": "system"}),
                            content_type="application/json", **bearer(world.alice))
    assert response.status_code == 200
    assert response.json()["visibility"] == "system"
    assert visibility_of(world.alice_person) == "system"


def test_the_api_reset_needs_a_reason_and_is_audited_and_told(client, world):
    url = f"{API}/people/{world.alice_person.pk}/visibility-reset"
    response = client.post(url, json.dumps({"reason": "  "}), content_type="application/json",
                           **bearer(world.admin))
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "reason" and "Give a reason" in error["message"]
    assert visibility_of(world.alice_person) == "national" and not mail.outbox
    response = client.post(url, json.dumps({"reason": "Asked for it by phone"}),
                           content_type="application/json", **bearer(world.admin))
    assert response.status_code == 200
    assert response.json()["visibility"] == "organisation"
    event = AuditEvent.objects.get(detail__event="visibility_reset")
    assert (event.actor, event.reason, event.channel) == (world.admin, "Asked for it by phone",
                                                          "api")
    assert [m.to for m in mail.outbox] == [[world.alice_person.work_email]]


@pytest.mark.parametrize("who", ["bob", "alice"])
def test_nobody_but_an_administrator_resets_visibility(client, world, who):
    response = client.post(f"{API}/people/{world.alice_person.pk}/visibility-reset",
                           json.dumps({"reason": "Because"}), content_type="application/json",
                           **bearer(getattr(world, who)))
    assert response.status_code == 403
    assert visibility_of(world.alice_person) == "national" and not mail.outbox


# ---- the web: the administrator's support action ----------------------------------------


def test_the_administrator_resets_with_a_reason_audited_and_the_person_told(client, world):
    client.force_login(world.admin)
    page = client.get(f"/people/{world.alice_person.pk}/")
    assert "Reset who can see this profile" in page_text(page)
    response = client.post(f"/people/{world.alice_person.pk}/reset-visibility/",
                           {"reset-reason": "Alice asked the service desk"})
    assert response.status_code == 302
    assert visibility_of(world.alice_person) == "organisation"
    event = AuditEvent.objects.get(detail__event="visibility_reset")
    assert (event.actor, event.reason, event.channel) == (world.admin,
                                                          "Alice asked the service desk", "web")
    assert event.detail["from"] == "national" and event.detail["to"] == "organisation"
    [message] = mail.outbox
    assert message.to == [world.alice_person.work_email]
    assert "Alice asked the service desk" in message.body
    assert '"My organisation only"' in message.body


def test_the_reset_without_a_reason_is_refused_and_changes_nothing(client, world):
    client.force_login(world.admin)
    response = client.post(f"/people/{world.alice_person.pk}/reset-visibility/",
                           {"reset-reason": "   "})
    assert response.status_code == 200
    assert "Give a reason for resetting who can see this profile" in error_summary(response)
    assert visibility_of(world.alice_person) == "national"
    assert updates() == 0 and not mail.outbox


def test_a_talent_lead_cannot_reset_and_is_not_offered_it(client, world):
    client.force_login(world.bob)
    assert "Reset who can see" not in page_text(client.get(f"/people/{world.alice_person.pk}/"))
    response = client.post(f"/people/{world.alice_person.pk}/reset-visibility/",
                           {"reset-reason": "Because"})
    assert response.status_code == 403
    assert visibility_of(world.alice_person) == "national" and not mail.outbox

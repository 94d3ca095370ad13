"""Refused reads and writes of a signed-in user are recorded, once per request, on the web and
through the API; anonymous requests and addresses with no page are not."""

import json

import pytest

from talentbridge.accounts.models import ApiToken
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def world():
    return make_world()


def bearer(user) -> dict:
    _, key = ApiToken.issue(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def refusals():
    return AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED)


def test_a_hidden_persons_page_is_recorded_as_refused(client, world):
    client.force_login(world.charlie)
    response = client.get(f"/people/{world.alice_person.pk}/")
    assert response.status_code == 404
    event = refusals().get()
    assert event.actor == world.charlie
    assert (event.target_type, event.target_id) == ("people.person", str(world.alice_person.pk))
    assert event.target_label == f"/people/{world.alice_person.pk}/"
    assert event.request_id == response["X-Request-ID"]
    assert event.channel == "web"
    assert event.detail["status"] == 404 and event.detail["method"] == "GET"
    assert event.detail["view"] == "people:detail"
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, actor=world.charlie).exists()


def test_a_refused_change_is_recorded_with_the_reason_given(client, world):
    client.force_login(world.charlie)
    response = client.get("/audit/")
    assert response.status_code == 403
    event = refusals().get()
    assert event.actor == world.charlie and event.detail["status"] == 403
    assert event.detail["view"] == "audit:search"


def test_a_refused_api_read_names_the_person(client, world):
    response = client.get(f"{API}/people/{world.alice_person.pk}", **bearer(world.charlie))
    assert response.status_code == 404
    event = refusals().get()
    assert event.actor == world.charlie and event.channel == "api"
    assert (event.target_type, event.target_id) == ("people.person", str(world.alice_person.pk))
    assert event.request_id == response["X-Request-ID"]


def test_a_refused_api_write_is_recorded(client, world):
    response = client.patch(f"{API}/people/{world.alice_person.pk}",
                            data=json.dumps({"visibility": "national"}),
                            content_type="application/json", **bearer(world.bob))
    assert response.status_code == 403
    event = refusals().get()
    assert event.actor == world.bob and event.detail["method"] == "PATCH"
    assert event.detail["status"] == 403 and "visibility" in event.detail["message"]


def test_one_event_per_refused_request(client, world):
    client.force_login(world.charlie)
    for _ in range(3):
        client.get(f"/people/{world.alice_person.pk}/")
    assert refusals().count() == 3
    assert len(set(refusals().values_list("request_id", flat=True))) == 3


def test_allowed_reads_and_anonymous_or_unknown_addresses_are_not_refusals(client, world):
    client.force_login(world.bob)
    assert client.get(f"/people/{world.alice_person.pk}/").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    assert client.get(f"{API}/no-such-operation", **bearer(world.bob)).status_code == 404
    client.logout()
    assert client.get(f"{API}/people/{world.alice_person.pk}").status_code == 401
    assert client.get("/talent/rate/not-a-real-link/").status_code in (404, 410)
    assert not refusals().exists()

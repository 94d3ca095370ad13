"""The moves API: record (now and later), list, cancel; refused moves change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.people.models import Move
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.test_api_people import API
from talentbridge.people.tests.test_api_people import auth
from talentbridge.people.tests.test_api_people import post

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world():
    return make_world()


def url(world) -> str:
    return f"{API}/people/{world.alice_person.pk}/moves"


def test_a_talent_lead_records_a_move_that_happens_today(client, world):
    response = post(client, url(world), {"to_organisation": "rx1",
                                         "effective_on": TODAY.isoformat(),
                                         "job_title": "Chief Operating Officer"},
                    auth(world.bob))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["from_organisation"], body["to_organisation"], body["status"],
            body["job_title"]) == ("RJ1", "RX1", "applied", "Chief Operating Officer")
    assert Person.unscoped.get(pk=world.alice_person.pk).organisation == world.rx1
    # After the move bob (RJ1's lead) no longer sees alice, who chose "organisation".
    listing = client.get(url(world), **auth(world.bob))
    assert listing.status_code == 404


def test_a_future_move_is_listed_and_can_be_cancelled(client, world):
    day = (TODAY + dt.timedelta(days=20)).isoformat()
    response = post(client, url(world), {"to_organisation": "RX1", "effective_on": day},
                    auth(world.admin))
    move_id = response.json()["id"]
    assert response.json()["status"] == "pending"
    receiving = make_user("rx1lead", Role.ORGANISATION_TALENT_LEAD, world.rx1)
    listing = client.get(url(world), **auth(receiving))
    assert [m["to_organisation"] for m in listing.json()] == ["RX1"]
    cancelled = post(client, f"{url(world)}/{move_id}/cancel", {}, auth(receiving))
    assert cancelled.json()["status"] == "cancelled"
    assert Person.unscoped.get(pk=world.alice_person.pk).organisation == world.rj1


def test_a_bad_move_is_a_400_naming_the_value_and_changes_nothing(client, world):
    response = post(client, url(world), {"to_organisation": "RJ1",
                                         "effective_on": TODAY.isoformat()}, auth(world.admin))
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "to_organisation" and "already works at" in error["message"]
    response = post(client, url(world), {"to_organisation": "ZZZ",
                                         "effective_on": TODAY.isoformat()}, auth(world.admin))
    assert response.json()["errors"][0]["message"] == \
        'There is no organisation with ODS code "ZZZ"'
    assert not Move.unscoped.exists()


def test_people_who_may_not_record_a_move_are_refused(client, world):
    response = post(client, url(world), {"to_organisation": "RX1",
                                         "effective_on": TODAY.isoformat()},
                    auth(world.alice))
    assert response.status_code == 403
    response = post(client, url(world), {"to_organisation": "RX1",
                                         "effective_on": TODAY.isoformat()},
                    auth(world.charlie))
    assert response.status_code == 404
    assert not Move.unscoped.exists()

"""A person's start in the NHS: never before the NHS began (5 July 1948), never in the future,
refused with the field and value named whichever way it is set."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from talentbridge.accounts.models import ApiToken
from talentbridge.people import services
from talentbridge.people.models import NHS_FOUNDED
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db


def test_the_api_refuses_a_start_before_the_nhs_began_and_changes_nothing(client):
    world = make_world()
    _, key = ApiToken.issue(world.alice, "tests")
    response = client.patch(f"/api/v1/people/{world.alice_person.pk}",
                            data=json.dumps({"started_in_nhs": "1900-01-01"}),
                            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400, response.content
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "1 January 1900" in errors["started_in_nhs"]
    assert "5 July 1948" in errors["started_in_nhs"]
    assert Person.unscoped.get(pk=world.alice_person.pk).started_in_nhs is None


@pytest.mark.parametrize("day, words", [
    (dt.date(1948, 7, 4), "4 July 1948"),
    (dt.date.today() + dt.timedelta(days=1), "in the past"),
])
def test_the_service_refuses_a_start_outside_the_nhs_years(day, words):
    world = make_world()
    with pytest.raises(ValidationError) as refused:
        services.update_profile(world.alice, world.alice_person, {"started_in_nhs": day})
    assert words in " ".join(refused.value.message_dict["started_in_nhs"])
    assert Person.unscoped.get(pk=world.alice_person.pk).started_in_nhs is None


def test_the_day_the_nhs_began_is_accepted():
    world = make_world()
    services.update_profile(world.alice, world.alice_person, {"started_in_nhs": NHS_FOUNDED})
    assert Person.unscoped.get(pk=world.alice_person.pk).started_in_nhs == NHS_FOUNDED

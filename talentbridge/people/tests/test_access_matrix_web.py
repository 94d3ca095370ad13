"""The access matrix through the web pages: what each role sees and may change."""

import pytest
from django.test import Client

from .access_world import cases
from .matrix_faces import CHARACTERISTIC_TEXT
from .matrix_faces import assert_allowed
from .matrix_faces import assert_profile_shown
from .matrix_faces import matrix_case
from .matrix_faces import world  # noqa: F401

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role,relationship,visibility,action", list(cases()))
def test_web_matrix(world, role, relationship, visibility, action):  # noqa: F811
    client = _client(world.viewers[role])
    target, want, label = matrix_case(world, role, relationship, visibility, action)
    if action == "view_profile":
        assert_profile_shown(client.get(f"/people/{target.pk}/"), want, label)
    elif action == "edit_profile":
        assert_allowed(client.get(f"/people/{target.pk}/edit/"), want, label)
    elif action == "change_choices":
        # Whoever may not change the choice does not see it as a field on the edit page.
        response = client.get(f"/people/{target.pk}/edit/")
        assert ('name="visibility"' in response.content.decode()) is want, label
        assert response.status_code in (200, 403, 404), label
    elif action == "view_characteristics":
        response = client.post(f"/people/{target.pk}/characteristics/", {"reason": ""})
        assert CHARACTERISTIC_TEXT not in response.content.decode(), label
        assert response.status_code != 500, label
    else:
        response = client.get("/people/", {"name": target.family_name})
        assert response.status_code == 200, label
        # The search box echoes the name typed, so look for a link to the person in the results.
        assert (f'href="/people/{target.pk}/"' in response.content.decode()) is want, label


def test_only_an_administrator_with_a_reason_sees_characteristics_on_the_web(world):  # noqa: F811
    target = world.targets[("elsewhere", "organisation")]
    admin = _client(world.viewers["administrator"])
    response = admin.post(f"/people/{target.pk}/characteristics/",
                          {"reason": "Subject access request 42"})
    assert response.status_code == 200
    assert CHARACTERISTIC_TEXT in response.content.decode()
    for role in ("organisation_talent_lead", "national_lead", "line_manager", "analyst"):
        response = _client(world.viewers[role]).post(
            f"/people/{target.pk}/characteristics/", {"reason": "curious"})
        assert CHARACTERISTIC_TEXT not in response.content.decode(), role


def test_a_leader_sees_their_own_characteristics_on_the_web(world):  # noqa: F811
    leader = world.viewers["leader"]
    response = _client(leader).get("/people/me/characteristics/")
    assert response.status_code == 200
    assert CHARACTERISTIC_TEXT in response.content.decode()

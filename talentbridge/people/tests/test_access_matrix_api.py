"""The access matrix through the API, with each viewer's own bearer token."""

import pytest
from django.test import Client

from .access_world import cases
from .access_world import expected
from .matrix_faces import CHARACTERISTIC_TEXT
from .matrix_faces import assert_allowed
from .matrix_faces import assert_profile_shown
from .matrix_faces import matrix_case
from .matrix_faces import world  # noqa: F401

pytestmark = pytest.mark.django_db


def _client(world, role) -> Client:  # noqa: F811
    return Client(HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}")


@pytest.mark.parametrize("role,relationship,visibility,action", list(cases()))
def test_api_matrix(world, role, relationship, visibility, action):  # noqa: F811
    client = _client(world, role)
    target, want, label = matrix_case(world, role, relationship, visibility, action)
    if action == "view_profile":
        assert_profile_shown(client.get(f"/api/v1/people/{target.pk}"), want, label)
    elif action == "edit_profile":
        response = client.patch(f"/api/v1/people/{target.pk}", {"job_title": "Director"},
                                content_type="application/json")
        assert_allowed(response, want, label)
    elif action == "change_choices":
        before = target.visibility
        wider = "organisation" if before == "national" else "national"
        response = client.patch(f"/api/v1/people/{target.pk}", {"visibility": wider},
                                content_type="application/json")
        assert_allowed(response, want, label)
        target.refresh_from_db()
        assert (target.visibility == wider) is want, label
        if expected(role, relationship, visibility, "edit_profile") and not want:
            # May edit the profile, but not the person's own choice: told which field.
            assert response.status_code == 403, label
            assert '"visibility" is' in response.json()["detail"], label
    elif action == "view_characteristics":
        response = client.get(f"/api/v1/people/{target.pk}/characteristics")
        assert response.status_code in (403, 404), label
        assert CHARACTERISTIC_TEXT not in response.content.decode(), label
    else:
        response = client.get("/api/v1/people", {"name": target.family_name})
        assert response.status_code == 200, label
        assert (target.family_name in response.content.decode()) is want, label


def test_only_an_administrator_with_a_reason_gets_characteristics(world):  # noqa: F811
    target = world.targets[("elsewhere", "organisation")]
    url = f"/api/v1/people/{target.pk}/characteristics"
    assert _client(world, "administrator").get(url).status_code == 403
    response = _client(world, "administrator").get(url, {"reason": "Subject access request"})
    assert response.status_code == 200
    assert response.json()["ethnic_category"] == "N"
    for role in ("organisation_talent_lead", "national_lead", "line_manager", "analyst"):
        response = _client(world, role).get(url, {"reason": "curious"})
        assert response.status_code in (403, 404), role


def test_a_leader_gets_their_own_characteristics(world):  # noqa: F811
    response = _client(world, "leader").get("/api/v1/people/me/characteristics")
    assert response.status_code == 200
    assert response.json()["ethnic_category"] == "N"

"""The JSON API for people: authentication, errors, the access policy and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests import api_calls
from talentbridge.core.tests.api_calls import auth
from talentbridge.core.tests.api_calls import patch
from talentbridge.core.tests.api_calls import post
from talentbridge.core.tests.api_calls import put
from talentbridge.people.codes import Visibility
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.django_db

API = "/api/v1"
CHARACTERISTIC_KEYS = {"ethnic_category", "sex", "disability", "sexual_orientation", "religion",
                       "date_of_birth", "characteristics"}


def snapshot(person: Person) -> dict:
    return dict(Person.unscoped.filter(pk=person.pk).values().get())


def field_errors(response) -> dict:
    """The errors of a 422 by field, which also says what went wrong (``detail``)."""
    assert response.json()["detail"]
    return api_calls.field_errors(response)


# ---- authentication -----------------------------------------------------------------------


def test_no_token_is_401_json(client, world):
    response = client.get(f"{API}/people/{world.alice_person.pk}")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [
    "Bearer tb_00000000_notarealsecretnotarealsecret",
    "Bearer nonsense",
    "Bearer ",
    "Basic YWxpY2U6cGFzc3dvcmQ=",
    "Bearer tb_\x00",
])
def test_wrong_or_malformed_token_is_401_json(client, world, header):
    response = client.get(f"{API}/people/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_revoked_token_is_401(client, world):
    headers = auth(world.alice)
    assert client.get(f"{API}/people/me", **headers).status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    response = client.get(f"{API}/people/me", **headers)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_token_with_right_prefix_but_wrong_secret_is_401(client, world):
    token, key = ApiToken.issue(world.alice, "tests")
    forged = f"tb_{token.prefix}_{'x' * 43}"
    assert client.get(f"{API}/people/me", HTTP_AUTHORIZATION=f"Bearer {forged}").status_code == 401
    assert client.get(f"{API}/people/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_token_of_inactive_user_is_401(client, world):
    headers = auth(world.alice)
    world.alice.is_active = False
    world.alice.save()
    assert client.get(f"{API}/people/me", **headers).status_code == 401


def test_bad_token_is_refused_even_with_a_signed_in_session(client, world):
    client.force_login(world.alice)
    response = client.get(f"{API}/people/me",
                          HTTP_AUTHORIZATION="Bearer tb_deadbeef_wrongwrongwrongwrong")
    assert response.status_code == 401


def test_last_used_is_recorded_at_most_once_a_minute(client, world):
    token, key = ApiToken.issue(world.alice, "tests")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    client.get(f"{API}/people/me", **headers)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(f"{API}/people/me", **headers)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get(f"{API}/people/me", **headers)
    token.refresh_from_db()
    assert token.last_used_at > first - dt.timedelta(minutes=2)


def test_signed_in_session_may_read_but_not_write(client, world):
    client.force_login(world.alice)
    url = f"{API}/people/{world.alice_person.pk}"
    assert client.get(url).status_code == 200
    response = patch(client, url, {"job_title": "Chief Operating Officer"}, {})
    assert response.status_code == 401
    assert "bearer token" in response.json()["detail"]
    world.alice_person.refresh_from_db()
    assert world.alice_person.job_title == "Director of Operations"


# ---- the OpenAPI document -----------------------------------------------------------------


def test_openapi_document_lists_the_paths(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ["/api/v1/people", "/api/v1/people/me", "/api/v1/people/{id}",
                 "/api/v1/people/{id}/career", "/api/v1/people/{id}/characteristics",
                 "/api/v1/people/me/characteristics", "/api/v1/organisations",
                 "/api/v1/organisations/{ods_code}", "/api/v1/systems", "/api/v1/systems/{code}",
                 "/api/v1/regions", "/api/v1/tokens", "/api/v1/tokens/{prefix}", "/api/v1/me",
                 "/api/v1/audit/events"]:
        assert path in paths, path
    assert set(paths["/api/v1/people/{id}"]) == {"get", "patch"}
    assert set(paths["/api/v1/audit/events"]) == {"get"}


def test_no_schema_that_identifies_a_person_carries_protected_characteristics(client):
    """Only the characteristics endpoints return them; aggregate counts elsewhere are fine."""
    identifying = {"given_name", "family_name", "full_name", "work_email"}
    schemas = client.get(f"{API}/openapi.json").json()["components"]["schemas"]
    person_schemas = {name: set(schema.get("properties", {})) for name, schema in schemas.items()
                      if identifying & set(schema.get("properties", {}))}
    assert {"PersonSummary", "PersonDetail"} <= set(person_schemas)
    for name, properties in person_schemas.items():
        assert not CHARACTERISTIC_KEYS & properties, name
    characteristics_paths = [path for path in client.get(f"{API}/openapi.json").json()["paths"]
                             if path.startswith("/api/v1/people")
                             and path.endswith("characteristics")]
    assert len(characteristics_paths) == 2


def test_interactive_docs_are_off_and_unknown_paths_are_json_404(client):
    for url in (f"{API}/docs", f"{API}/no-such-thing"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["detail"]


def test_wrong_method_is_405_json(client, world):
    response = client.delete(f"{API}/people/{world.alice_person.pk}", **auth(world.admin))
    assert response.status_code == 405
    assert "DELETE" in response.json()["detail"]


# ---- reading profiles ---------------------------------------------------------------------


def test_leader_reads_own_profile_without_characteristics(client, world):
    ProtectedCharacteristics.objects.create(person=world.alice_person, sex="2")
    response = client.get(f"{API}/people/me", **auth(world.alice))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == world.alice_person.pk
    assert body["organisation"] == {"ods_code": "RJ1",
                                    "name": "Guy's and St Thomas' NHS Foundation Trust"}
    assert not CHARACTERISTIC_KEYS & set(body)
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, channel="api",
                                     target_id=str(world.alice_person.pk)).exists()


def test_person_outside_scope_is_404_like_a_missing_one(client, world):
    headers = auth(world.charlie)
    hidden = client.get(f"{API}/people/{world.alice_person.pk}", **headers)
    missing = client.get(f"{API}/people/987654", **headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    for sub in ("career", "characteristics"):
        assert client.get(f"{API}/people/{world.alice_person.pk}/{sub}",
                          **headers).status_code == 404


def test_user_without_profile_gets_404_for_me(client, world):
    response = client.get(f"{API}/people/me", **auth(world.admin))
    assert response.status_code == 404


def test_line_manager_shown_only_if_visible(client, world):
    manager = make_person(world.rx1, given_name="Mo", visibility=Visibility.ORGANISATION)
    world.alice_person.line_manager = manager
    world.alice_person.save()
    assert client.get(f"{API}/people/me", **auth(world.alice)).json()["line_manager"] is None
    body = client.get(f"{API}/people/{world.alice_person.pk}", **auth(world.admin)).json()
    assert body["line_manager"] == {"id": manager.pk, "full_name": manager.full_name}


@pytest.mark.parametrize("bad_id", ["abc", "-1", "0", "99999999999999999999999", "1.5"])
def test_garbage_ids_are_4xx(client, world, bad_id):
    response = client.get(f"{API}/people/{bad_id}", **auth(world.admin))
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


# ---- search -------------------------------------------------------------------------------


def test_search_returns_only_visible_people_paginated(client, world):
    for _ in range(3):
        make_person(world.rj1)
    make_person(world.rx1)  # in another system, organisation-only: bob cannot see
    response = client.get(f"{API}/people?organisation=rj1&limit=2", **auth(world.bob))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5 and body["limit"] == 2 and len(body["items"]) == 2
    assert not CHARACTERISTIC_KEYS & set(body["items"][0])
    everyone = client.get(f"{API}/people?limit=100", **auth(world.bob)).json()
    assert all(p["organisation"]["ods_code"] == "RJ1" for p in everyone["items"])
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_search_by_system_and_name(client, world):
    response = client.get(f"{API}/people?system=QMF&name=charl", **auth(world.admin))
    assert [p["id"] for p in response.json()["items"]] == [world.charlie_person.pk]


@pytest.mark.parametrize(("query", "field", "value"), [
    ("organisation=ZZZ9", "organisation", "ZZZ9"),
    ("system=QXX", "system", "QXX"),
])
def test_search_unknown_code_is_400_naming_it(client, world, query, field, value):
    response = client.get(f"{API}/people?{query}", **auth(world.admin))
    assert response.status_code == 400
    error = field_errors(response)[field]
    assert error["value"] == value and value in error["message"]


@pytest.mark.parametrize(("query", "field"), [
    ("pay_band=12z", "pay_band"), ("limit=101", "limit"), ("limit=0", "limit"),
    ("offset=-1", "offset"), ("staff_group=99", "staff_group"), ("limit=lots", "limit"),
])
def test_search_bad_parameters_are_422_naming_them(client, world, query, field):
    response = client.get(f"{API}/people?{query}", **auth(world.admin))
    assert response.status_code == 422
    error = field_errors(response)[field]
    assert error["value"] == query.split("=")[1]


# ---- editing profiles ---------------------------------------------------------------------


def test_leader_edits_own_profile_and_it_is_audited(client, world):
    response = patch(client, f"{API}/people/{world.alice_person.pk}",
                     {"job_title": "Chief Operating Officer", "pay_band": "9"}, auth(world.alice))
    assert response.status_code == 200, response.content
    assert response.json()["job_title"] == "Chief Operating Officer"
    world.alice_person.refresh_from_db()
    assert (world.alice_person.job_title, world.alice_person.pay_band) == (
        "Chief Operating Officer", "9")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.detail == {"fields": ["job_title", "pay_band"]} and event.channel == "api"


def test_organisation_talent_lead_edits_their_people(client, world):
    response = patch(client, f"{API}/people/{world.alice_person.pk}",
                     {"started_in_post": "2024-04-01"}, auth(world.bob))
    assert response.status_code == 200
    assert response.json()["started_in_post"] == "2024-04-01"


#: a bad value for a profile's field, which the error names as it was sent ...
BAD_EDITS = [
    ("pay_band", "12z"),
    ("pay_band", 12),
    ("given_name", ["Al"]),
    ("given_name", None),
    ("given_name", ""),
    ("visibility", "everyone"),
    ("started_in_post", "2024-02-30"),
    ("work_email", "a@b.nhs.uk"),
    ("organisation", "RX1"),
    ("sex", "2"),
    ("family_name", "Null\x00Byte"),
]
#: ... but an over-long one, which it names cut to 100 characters
OVER_LONG_EDITS = [
    ("given_name", "A" * 101, "A" * 100 + "…"),
    ("job_title", "x" * 151, "x" * 100 + "…"),
]


@pytest.mark.parametrize(("field", "sent", "named"),
                         [(field, value, value) for field, value in BAD_EDITS] + OVER_LONG_EDITS)
def test_bad_edit_is_422_naming_field_and_value_and_changes_nothing(
        client, world, field, sent, named):
    before = snapshot(world.alice_person)
    events = AuditEvent.objects.filter(action=AuditAction.UPDATE).count()
    response = patch(client, f"{API}/people/{world.alice_person.pk}",
                     {"job_title": "Changed", field: sent}, auth(world.alice))
    assert response.status_code == 422, response.content
    error = field_errors(response)[field]
    assert error["value"] == named
    assert error["message"]
    assert snapshot(world.alice_person) == before
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == events


def test_over_long_value_names_the_limit(client, world):
    response = patch(client, f"{API}/people/{world.alice_person.pk}",
                     {"family_name": "B" * 101}, auth(world.alice))
    assert "100" in field_errors(response)["family_name"]["message"]


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"', "null", ""])
def test_body_that_is_not_a_json_object_is_4xx(client, world, raw):
    before = snapshot(world.alice_person)
    response = client.patch(f"{API}/people/{world.alice_person.pk}", data=raw,
                            content_type="application/json", **auth(world.alice))
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
    assert snapshot(world.alice_person) == before


def test_editing_someone_you_may_only_view_is_403(client, world):
    manager_user = make_user("dina")
    manager = make_person(world.rj2, user=manager_user)
    world.alice_person.line_manager = manager
    world.alice_person.save()
    headers = auth(manager_user)
    assert client.get(f"{API}/people/{world.alice_person.pk}", **headers).status_code == 200
    before = snapshot(world.alice_person)
    response = patch(client, f"{API}/people/{world.alice_person.pk}", {"job_title": "X"}, headers)
    assert response.status_code == 403
    assert response.json()["detail"]
    assert snapshot(world.alice_person) == before


def test_editing_someone_hidden_is_404(client, world):
    response = patch(client, f"{API}/people/{world.alice_person.pk}", {"job_title": "X"},
                     auth(world.charlie))
    assert response.status_code == 404


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["given_name", "pay_band", "visibility", "started_in_post",
                                       "job_title", "staff_group"]) | st.text(max_size=10),
                      children, max_size=4),
    max_leaves=8,
))
def test_random_json_never_causes_a_server_error(client, world, body):
    response = patch(client, f"{API}/people/{world.alice_person.pk}", body, auth(world.alice))
    assert response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(params=st.dictionaries(
    st.sampled_from(["name", "organisation", "system", "pay_band", "staff_group", "limit",
                     "offset"]),
    st.text(max_size=30) | st.integers().map(str), max_size=4,
))
def test_random_search_parameters_never_cause_a_server_error(client, world, params):
    response = client.get(f"{API}/people", params, **auth(world.bob))
    assert response.status_code < 500, response.content


# ---- career history -----------------------------------------------------------------------


def test_career_history_read_and_add(client, world):
    url = f"{API}/people/{world.alice_person.pk}/career"
    response = post(client, url, {"organisation": "rx1", "role_title": "Deputy COO",
                                  "kind": "substantive", "started_on": "2019-04-01",
                                  "ended_on": "2023-03-31"}, auth(world.alice))
    assert response.status_code == 201, response.content
    assert response.json()["organisation"]["ods_code"] == "RX1"
    response = post(client, url, {"organisation_name": "Camden Council", "sector":
                                  "local_government", "role_title": "Director",
                                  "kind": "secondment", "started_on": "2015-01-01"},
                    auth(world.alice))
    assert response.status_code == 201
    entries = client.get(url, **auth(world.bob)).json()
    assert [e["employer_name"] for e in entries] == ["Barts Health NHS Trust", "Camden Council"]


@pytest.mark.parametrize(("body", "status", "field", "value"), [
    ({"organisation": "ZZZ99"}, 400, "organisation", "ZZZ99"),
    ({"kind": "permanent"}, 422, "kind", "permanent"),
    ({"ended_on": "2010-01-01"}, 400, "ended_on", "2010-01-01"),
    ({"organisation": None, "organisation_name": ""}, 400, "organisation_name", ""),
    ({"role_title": "r" * 151}, 422, "role_title", "r" * 100 + "…"),
    ({"colour": "blue"}, 422, "colour", "blue"),
])
def test_bad_career_entry_is_refused_and_nothing_is_saved(
        client, world, body, status, field, value):
    entry = {"organisation": "RX1", "role_title": "Deputy COO", "kind": "substantive",
             "started_on": "2019-04-01", **body}
    response = post(client, f"{API}/people/{world.alice_person.pk}/career", entry,
                    auth(world.alice))
    assert response.status_code == status, response.content
    assert field_errors(response)[field]["value"] == value
    assert not CareerHistoryEntry.unscoped.exists()


def test_adding_career_for_someone_you_may_only_view_is_403(client, world):
    manager_user = make_user("dina")
    world.alice_person.line_manager = make_person(world.rj2, user=manager_user)
    world.alice_person.save()
    response = post(client, f"{API}/people/{world.alice_person.pk}/career",
                    {"organisation_name": "X", "role_title": "Y", "kind": "acting",
                     "sector": "private", "started_on": "2020-01-01"}, auth(manager_user))
    assert response.status_code == 403
    assert not CareerHistoryEntry.unscoped.exists()


# ---- protected characteristics ------------------------------------------------------------


def test_leader_records_and_reads_own_characteristics(client, world):
    response = put(client, f"{API}/people/me/characteristics",
                   {"ethnic_category": "N", "sex": "2", "disability": "Z",
                    "date_of_birth": "1975-06-01"}, auth(world.alice))
    assert response.status_code == 200, response.content
    stored = ProtectedCharacteristics.unscoped.get(person=world.alice_person)
    assert (stored.ethnic_category, stored.sex, stored.disability, stored.religion) == (
        "N", "2", "Z", "not_stated")
    for url in (f"{API}/people/me/characteristics",
                f"{API}/people/{world.alice_person.pk}/characteristics"):
        response = client.get(url, **auth(world.alice))
        assert response.status_code == 200
        assert response.json()["ethnic_category"] == "N"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE_CHARACTERISTICS).count() == 1


#: a value each field refuses (a shoe size is no characteristic at all)
BAD_CHARACTERISTICS = {
    "ethnic_category": "Q",
    "sex": "F",
    "religion": "jedi",
    "date_of_birth": "2999-01-01",
    "shoe_size": "9",
}


@pytest.mark.parametrize(("field", "value"), BAD_CHARACTERISTICS.items())
def test_unknown_characteristic_code_is_refused_and_nothing_changes(client, world, field, value):
    ProtectedCharacteristics.objects.create(person=world.alice_person, sex="1")
    response = put(client, f"{API}/people/me/characteristics", {"sex": "2", field: value},
                   auth(world.alice))
    assert response.status_code == 422
    assert field_errors(response)[field]["value"] == value
    assert ProtectedCharacteristics.unscoped.get(person=world.alice_person).sex == "1"
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE_CHARACTERISTICS).exists()


def test_administrator_needs_a_reason_to_see_characteristics(client, world):
    url = f"{API}/people/{world.alice_person.pk}/characteristics"
    for query in ("", "?reason=", "?reason=%20%20"):
        response = client.get(url + query, **auth(world.admin))
        assert response.status_code == 403
        assert "reason" in response.json()["detail"]
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_CHARACTERISTICS).exists()


def test_administrator_with_a_reason_sees_them_and_the_reason_is_audited(client, world):
    reason = "Subject access request SAR-2026-114"
    response = client.get(f"{API}/people/{world.alice_person.pk}/characteristics",
                          {"reason": reason}, **auth(world.admin))
    assert response.status_code == 200
    assert response.json()["person_id"] == world.alice_person.pk
    event = AuditEvent.objects.get(action=AuditAction.VIEW_CHARACTERISTICS)
    assert (event.actor, event.reason, event.channel) == (world.admin, reason, "api")
    assert event.target_id == str(world.alice_person.pk)


@pytest.mark.parametrize("role", [Role.NATIONAL_LEAD, None])
def test_others_who_may_see_the_profile_may_not_see_characteristics(client, world, role):
    viewer = world.bob if role is None else make_user("nat", role=role)
    world.alice_person.visibility = Visibility.NATIONAL
    world.alice_person.save()
    url = f"{API}/people/{world.alice_person.pk}/characteristics"
    assert client.get(f"{API}/people/{world.alice_person.pk}", **auth(viewer)).status_code == 200
    response = client.get(url, {"reason": "curious"}, **auth(viewer))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_CHARACTERISTICS).exists()


def test_only_you_can_record_your_characteristics(client, world):
    response = put(client, f"{API}/people/me/characteristics", {"sex": "1"}, auth(world.admin))
    assert response.status_code == 404  # the administrator has no profile of their own
    assert not ProtectedCharacteristics.unscoped.exists()

"""The JSON API for NHS reference data: organisations, systems and regions."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests.api_calls import auth
from talentbridge.core.tests.api_calls import field_errors
from talentbridge.core.tests.api_calls import patch
from talentbridge.organisations.models import KindSource
from talentbridge.organisations.models import Organisation
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def world():
    world = make_world()
    world.north = make_region("Y63", "North East and Yorkshire")
    world.north_system = make_system("QHM", world.north, name="NHS North East and North Cumbria "
                                                              "Integrated Care Board")
    world.ambulance = make_org("RX9", world.north_system, name="NORTH EAST AMBULANCE SERVICE NHS "
                               "FOUNDATION TRUST", kind="ambulance")
    return world


def test_reference_data_needs_authentication(client, world):
    for url in ("/organisations", "/systems", "/regions", "/organisations/RJ1"):
        response = client.get(API + url)
        assert response.status_code == 401
        assert response.json()["detail"]


def test_list_organisations_with_filters(client, world):
    headers = auth(world.charlie)
    body = client.get(f"{API}/organisations", **headers).json()
    assert body["count"] == 4
    assert {o["ods_code"] for o in body["items"]} == {"RJ1", "RJ2", "RX1", "RX9"}
    by_region = client.get(f"{API}/organisations", {"region": "y63"}, **headers).json()
    assert [o["ods_code"] for o in by_region["items"]] == ["RX9"]
    assert by_region["items"][0]["system"]["code"] == "QHM"
    assert by_region["items"][0]["region"] == {"code": "Y63", "name": "North East and Yorkshire"}
    by_system = client.get(f"{API}/organisations", {"system": "QMJ"}, **headers).json()
    assert {o["ods_code"] for o in by_system["items"]} == {"RJ1", "RJ2"}
    by_kind = client.get(f"{API}/organisations", {"kind": "ambulance"}, **headers).json()
    assert [o["ods_code"] for o in by_kind["items"]] == ["RX9"]
    paged = client.get(f"{API}/organisations", {"limit": 1, "offset": 1}, **headers).json()
    assert paged["count"] == 4 and len(paged["items"]) == 1


def test_closed_organisations_only_on_request(client, world):
    make_org("RZZ", world.system, closed_on=dt.date(2020, 3, 31))
    headers = auth(world.charlie)
    codes = {o["ods_code"] for o in client.get(f"{API}/organisations", **headers).json()["items"]}
    assert "RZZ" not in codes
    everything = client.get(f"{API}/organisations", {"include_closed": "true"}, **headers).json()
    assert "RZZ" in {o["ods_code"] for o in everything["items"]}


@pytest.mark.parametrize(("query", "status", "field", "value"), [
    ({"region": "Y99"}, 400, "region", "Y99"),
    ({"system": "QZZ"}, 400, "system", "QZZ"),
    ({"kind": "hospital"}, 422, "kind", "hospital"),
    ({"limit": "500"}, 422, "limit", "500"),
])
def test_bad_filters_are_refused_naming_them(client, world, query, status, field, value):
    response = client.get(f"{API}/organisations", query, **auth(world.charlie))
    assert response.status_code == status
    assert field_errors(response)[field]["value"] == value


def test_organisation_detail_has_current_placement_and_history(client, world):
    merged = make_system("QYY", world.region, name="NHS Merged Integrated Care Board",
                         established_on=dt.date(2026, 4, 1))
    world.system.closed_on = dt.date(2026, 3, 31)
    world.system.merged_into = merged
    world.system.save()
    membership = world.rj1.memberships.get()
    membership.valid_to = dt.date(2026, 3, 31)
    membership.save()
    world.rj1.memberships.create(system=merged, region=world.region, valid_from=dt.date(2026, 4, 1))
    response = client.get(f"{API}/organisations/rj1", **auth(world.charlie))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "GUY'S AND ST THOMAS' NHS FOUNDATION TRUST"
    assert body["display_name"] == "Guy's and St Thomas' NHS Foundation Trust"
    assert [(m["system"]["code"], m["valid_from"], m["valid_to"]) for m in body["memberships"]] == [
        ("QMJ", "2022-07-01", "2026-03-31"), ("QYY", "2026-04-01", None)]
    today = dt.date.today()
    assert body["system"]["code"] == ("QYY" if today >= dt.date(2026, 4, 1) else "QMJ")


def test_unknown_organisation_is_404_json(client, world):
    response = client.get(f"{API}/organisations/ZZZ", **auth(world.charlie))
    assert response.status_code == 404
    assert "ZZZ" in response.json()["detail"]


def test_administrator_corrects_kind_and_it_is_audited(client, world):
    response = patch(client, f"{API}/organisations/RJ2", {"kind": "community"}, auth(world.admin))
    assert response.status_code == 200, response.content
    assert (response.json()["kind"], response.json()["kind_source"]) == (
        "community", "administrator")
    world.rj2.refresh_from_db()
    assert (world.rj2.kind, world.rj2.kind_source) == ("community", KindSource.ADMINISTRATOR)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, target_type="organisations."
                                   "organisation")
    assert event.detail["kind"] == {"from": "acute", "to": "community"}
    assert event.actor == world.admin and event.channel == "api"


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_only_an_administrator_changes_kind(client, world, who):
    response = patch(client, f"{API}/organisations/RJ2", {"kind": "community"},
                     auth(getattr(world, who)))
    assert response.status_code == 403
    assert Organisation.objects.get(ods_code="RJ2").kind == "acute"
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


@pytest.mark.parametrize(("body", "field", "value"), [
    ({"kind": "hospital"}, "kind", "hospital"),
    ({"kind": None}, "kind", None),
    ({"kind": "community", "name": "RENAMED"}, "name", "RENAMED"),
    ({}, "kind", None),
])
def test_bad_kind_change_is_refused_and_nothing_changes(client, world, body, field, value):
    response = patch(client, f"{API}/organisations/RJ2", body, auth(world.admin))
    assert response.status_code == 422
    assert field_errors(response)[field]["value"] == value
    rj2 = Organisation.objects.get(ods_code="RJ2")
    assert (rj2.kind, rj2.kind_source, rj2.name) == (
        "acute", KindSource.DERIVED, "LEWISHAM AND GREENWICH NHS TRUST")


def test_systems_and_regions(client, world):
    headers = auth(world.charlie)
    systems = client.get(f"{API}/systems", **headers).json()
    assert {s["code"] for s in systems} == {"QMJ", "QMF", "QHM"}
    north = client.get(f"{API}/systems", {"region": "Y63"}, **headers).json()
    assert [s["code"] for s in north] == ["QHM"]
    assert north[0]["region"]["code"] == "Y63"
    detail = client.get(f"{API}/systems/qmj", **headers).json()
    assert {o["ods_code"] for o in detail["organisations"]} == {"RJ1", "RJ2"}
    assert detail["short_name"] == "North Central London"
    assert client.get(f"{API}/systems/QZZ", **headers).status_code == 404
    regions = client.get(f"{API}/regions", **headers).json()
    assert [r["code"] for r in regions] == ["Y56", "Y63"]


def test_closed_systems_only_on_request(client, world):
    make_system("QOLD", world.region, closed_on=dt.date(2026, 3, 31),
                merged_into=world.system)
    headers = auth(world.charlie)
    assert "QOLD" not in {s["code"] for s in client.get(f"{API}/systems", **headers).json()}
    everything = client.get(f"{API}/systems", {"include_closed": "1"}, **headers).json()
    old = next(s for s in everything if s["code"] == "QOLD")
    assert old["merged_into"]["code"] == "QMJ"
    detail = client.get(f"{API}/systems/QMJ", **headers).json()
    assert [s["code"] for s in detail["merged_from"]] == ["QOLD"]


@pytest.mark.parametrize("path", ["/organisations/%00", "/organisations/" + "X" * 500,
                                  "/systems/%FF", "/organisations?region=%00"])
def test_garbage_is_never_a_server_error(client, world, path):
    response = client.get(API + path, **auth(world.charlie))
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]

"""Every organisations list runs as many queries with 100 rows as with 10 (`assert_flat`):
organisations (the page, the API and the picker), integrated care systems (the page and the
API), a system's organisations and leaders, an organisation's leaders, and the regions."""

from __future__ import annotations

import itertools

import pytest

from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import counting
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


w = pytest.fixture(make_world, name="w")


@adds_rows(_numbers)
def add_organisations(w, number):
    """Trusts in the world's system, each with a leader (so the system's page lists both)."""
    org = make_org(f"T{number:04d}", w.system, name=f"ZEDSHIRE TRUST {number}")
    make_person(org, given_name="Zed", visibility="system")


def _region_code(number: int) -> str:
    """A region's ODS code is three characters: Z and the number in base 36."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return f"Z{digits[number // 36 % 36]}{digits[number % 36]}"


@adds_rows(_numbers)
def add_systems(w, number):
    region = make_region(_region_code(number), name=f"Region {number}")
    make_system(f"Q{number:03d}", region, name=f"NHS Zedshire {number} Integrated Care Board")


def add_leaders(w, org):
    def add(n):
        for _ in range(n):
            make_person(org, given_name="Zed", visibility="organisation")
    return add


@pytest.mark.parametrize("path", ["/organisations/?name=Zedshire",
                                  "/api/v1/organisations?name=Zedshire&limit=100"])
def test_organisations(client, w, path):
    client.force_login(w.bob)
    assert_flat(client, path, add_organisations(w))


def test_the_organisation_picker(client, w):
    client.force_login(w.bob)
    assert_flat(client, "/organisations/suggestions/?q=Zedshire", add_organisations(w),
                row_marker=counting('"id"'))


@pytest.mark.parametrize("path", ["/organisations/systems/", "/api/v1/systems",
                                  "/api/v1/regions"])
def test_systems_and_regions(client, w, path):
    client.force_login(w.bob)
    assert_flat(client, path, add_systems(w), row_marker=counting("Zedshire")
                if "regions" not in path else counting('"code"'))


@pytest.mark.parametrize("path", ["/organisations/systems/QMJ/", "/api/v1/systems/QMJ"])
def test_a_systems_organisations(client, w, path):
    client.force_login(w.admin)
    assert_flat(client, path, add_organisations(w), row_marker=counting("Zedshire"))


def test_an_organisations_leaders(client, w):
    client.force_login(w.bob)
    assert_flat(client, "/organisations/RJ1/", add_leaders(w, w.rj1), row_marker=counting(">Zed "))

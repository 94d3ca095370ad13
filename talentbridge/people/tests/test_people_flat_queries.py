"""Every people list runs as many queries with 100 rows as with 10 (`assert_flat`): finding
people (the page, the API and the name picker), a career history (my profile, a person's page,
the API) and a person's moves (the API)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from talentbridge.core.tests.queries import assert_flat
from talentbridge.people.models import Move
from talentbridge.people.tests.factories import make_career_entry
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


w = pytest.fixture(make_world, name="w")


def _organisations(w, n: int):
    """``n`` new trusts in the world's system, so each row names an organisation of its own."""
    return [make_org(f"T{next(_numbers):04d}", w.system, name=f"TRUST NUMBER {next(_numbers)}")
            for _ in range(n)]


def add_people(w):
    def add(n):
        for org in _organisations(w, n):
            make_person(org, given_name="Zed", visibility="system")
    return add


def add_career(w, person):
    def add(n):
        for org in _organisations(w, n):
            make_career_entry(person, org)
    return add


def add_moves(w, person):
    def add(n):
        for org in _organisations(w, n):
            Move.unscoped.create(person=person, from_organisation=w.rj1, to_organisation=org,
                                 effective_on=dt.date(2020, 1, 1), job_title="Director",
                                 pay_band=person.pay_band, staff_group=person.staff_group,
                                 line_manager=w.bob_person, recorded_by=w.admin,
                                 applied_at=timezone.now())
    return add


def _suggestions(text: str) -> int:
    return text.count('"id"')


@pytest.mark.parametrize("path", ["/people/?name=Zed", "/api/v1/people?name=Zed&limit=100"])
def test_finding_people(client, w, path):
    client.force_login(w.admin)
    assert_flat(client, path, add_people(w))


def test_the_person_picker(client, w):
    client.force_login(w.admin)
    assert_flat(client, "/people/suggestions/?q=Zed", add_people(w), row_marker=_suggestions)


def test_my_career_history(client, w):
    client.force_login(w.alice)
    assert_flat(client, "/people/me/", add_career(w, w.alice_person),
                row_marker=lambda text: text.count("Deputy Director of Operations"))


@pytest.mark.parametrize("path", ["/people/{pk}/", "/api/v1/people/{pk}/career"])
def test_a_persons_career_history(client, w, path):
    client.force_login(w.admin)
    assert_flat(client, path.format(pk=w.alice_person.pk), add_career(w, w.alice_person),
                row_marker=lambda text: text.count("Deputy Director of Operations"))


def test_a_persons_moves(client, w):
    client.force_login(w.admin)
    assert_flat(client, f"/api/v1/people/{w.alice_person.pk}/moves",
                add_moves(w, w.alice_person))

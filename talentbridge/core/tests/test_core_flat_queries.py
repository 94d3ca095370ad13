"""`assert_flat` catches a list that looks something up once a row: the people search, with
its presenter made to fetch each person's organisation again (as it would without the
search's ``select_related``), fails, naming both counts of queries; unchanged, it passes."""

from __future__ import annotations

import re

import pytest

from talentbridge.core.tests.queries import assert_flat
from talentbridge.organisations.models import Organisation
from talentbridge.people import presenters
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db


def add_people(w):
    def add(n):
        for _ in range(n):
            make_person(w.rj1, given_name="Zed", visibility="system")
    return add


def test_a_lookup_per_row_fails_naming_the_counts(client, monkeypatch):
    w = make_world()
    person_rows = presenters.person_rows

    def rows_looking_up_each_organisation(people):
        people = list(people)
        for person in people:
            person.organisation = Organisation.objects.get(pk=person.organisation_id)
        return person_rows(people)

    monkeypatch.setattr(presenters, "person_rows", rows_looking_up_each_organisation)
    client.force_login(w.admin)
    with pytest.raises(AssertionError) as failure:
        assert_flat(client, "/people/?name=Zed", add_people(w))
    found = re.search(r"/people/\?name=Zed: (\d+) queries with 10 rows, (\d+) with 100",
                      str(failure.value))
    assert found, str(failure.value)
    few, many = int(found[1]), int(found[2])
    assert many - few == 40  # the page shows 50 people rather than 10: one lookup each


def test_the_same_page_unchanged_passes(client):
    w = make_world()
    client.force_login(w.admin)
    assert_flat(client, "/people/?name=Zed", add_people(w))

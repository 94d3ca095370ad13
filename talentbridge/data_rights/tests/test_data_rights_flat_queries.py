"""Every data rights list runs as many queries with 100 rows as with 10 (`assert_flat`): who
viewed my record (page, API), my correction requests (page, API) and the organisation
administrators' queue of them (page, API)."""

from __future__ import annotations

import itertools

import pytest

from talentbridge.audit.services import record_read
from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.data_rights import corrections
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world

from .world import add_staff

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
AREAS = ["name", "work_email", "job_title"]


@pytest.fixture
def w():
    w = make_world()
    add_staff(w)
    return w


@adds_rows(_numbers)
def add_views(w, number):
    """Reads of alice's record, each by a different colleague with a role."""
    viewer = make_user(f"viewer{number}", first_name="Zed", last_name=f"Viewer{number}")
    make_person(w.rj2, user=viewer, given_name="Zed")
    record_read(actor=viewer, request=None, people=[w.alice_person],
                target=w.alice_person, what="a profile")


def add_my_requests(w):
    def add(n):
        for i in range(n):
            corrections.request_correction(w.alice, area=AREAS[i % len(AREAS)],
                                           requested_correction=f"Zed correction {i}")
    return add


def add_queue(w):
    """Requests from RJ1's leaders, each their own."""
    def add(n):
        for i in range(n):
            number = next(_numbers)
            user = make_user(f"leader{number}")
            make_person(w.rj1, user=user)
            corrections.request_correction(user, area=AREAS[i % len(AREAS)],
                                           requested_correction=f"Zed correction {i}")
    return add


@pytest.mark.parametrize("path", ["/my-data/views/", "/api/v1/people/me/views?limit=100"])
def test_who_viewed_my_record(client, w, path):
    client.force_login(w.alice)
    assert_flat(client, path, add_views(w))


@pytest.mark.parametrize("path", ["/my-data/corrections/", "/api/v1/people/me/corrections"])
def test_my_correction_requests(client, w, path):
    client.force_login(w.alice)
    assert_flat(client, path, add_my_requests(w))


@pytest.mark.parametrize("path", ["/my-data/corrections/queue/", "/api/v1/corrections"])
def test_the_queue_of_requests(client, w, path):
    client.force_login(w.olga)
    assert_flat(client, path, add_queue(w))

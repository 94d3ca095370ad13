"""Every succession list runs as many queries with 100 rows as with 10: the chart, the system
map and their downloads, bench strength broken down by organisation, the successor chooser's
search results, and the posts in the API. Each row has an incumbent and a successor from
another organisation, so a lookup per post or per successor would show."""

from __future__ import annotations

import itertools

import pytest

from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import signed_in
from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.models import Readiness
from talentbridge.succession.tests.factories import make_post
from talentbridge.succession.tests.factories import make_successor
from talentbridge.succession.tests.factories import succession_world

pytestmark = pytest.mark.django_db

_codes = itertools.count(100)


w = pytest.fixture(succession_world, name="w")


def _posts_at(org, w):
    """``add_rows`` for ``org``: each post held by someone, with a successor from RJ2 who
    let the system see them, ready now and emergency cover."""
    def add(n):
        for _ in range(n):
            post = make_post(org, BoardPostKind.NON_EXECUTIVE,
                             incumbent=make_person(org, job_title="Director of Finance"))
            make_successor(post, make_person(w.rj2, visibility=Visibility.SYSTEM),
                           Readiness.NOW, emergency_cover=True, notes="Strong finance lead")
    return add


def _csv_lines(text: str) -> int:
    return len(text.strip().splitlines()) - 1


def _cards(text: str) -> int:
    return text.count('<section class="nhsuk-card" id="post-')


@pytest.mark.parametrize("path, marker", [
    ("/succession/organisations/RJ1/", _cards),
    ("/succession/organisations/RJ1/download.csv", _csv_lines),
    ("/succession/systems/QMJ/", None),
    ("/succession/systems/QMJ/download.csv", _csv_lines),
])
def test_charts_and_maps_stay_flat(client, w, path, marker):
    client.force_login(w.sybil)
    assert_flat(client, path, _posts_at(w.rj1, w), row_marker=marker)


def test_bench_strength_by_organisation_stays_flat(client, w):
    def add(n):
        for _ in range(n):
            org = make_org(f"R{next(_codes)}", w.system)
            _posts_at(org, w)(1)
    client.force_login(w.sybil)
    assert_flat(client, "/succession/bench-strength/?scope=QMJ", add)


def test_the_successor_chooser_stays_flat(client, w):
    def add(n):
        for _ in range(n):
            make_person(w.rj2, visibility=Visibility.SYSTEM, family_name="Findable")
    client.force_login(w.bob)
    assert_flat(client, f"/succession/posts/{w.ceo.pk}/successors/add/?q=Findable", add,
                row_marker=lambda text: text.count('name="person"'))


def test_the_posts_endpoint_stays_flat(client, w):
    path = "/api/v1/succession/posts?scope=QMJ&limit=100"
    assert_flat(signed_in(client, w.sybil, path), path, _posts_at(w.rj1, w))

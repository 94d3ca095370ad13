"""Every list of talent reviews and pools runs as many queries with 100 rows as with 10
(`assert_flat`): the reviews (page, API), a review's placements (the calibration page, the API
and both exports), placement histories (mine, a person's, the API), the pools (page, API), a
pool's members and nominations (page, API, both exports), my nominations and pools (page,
API) and the pickers of people and users."""

from __future__ import annotations

import itertools

import pytest

from talentbridge.accounts.models import Role
from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import counting
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place
from talentbridge.talent.reviews.tests.factories import review_world

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
CELLS = [(1, 1), (2, 2), (3, 3), (1, 3), (3, 1)]
READINESS = ["ready_now", "1_2_years", "3_plus_years"]


w = pytest.fixture(review_world, name="w")


def _csv_lines(text: str) -> int:
    return len(text.strip().splitlines()) - 1


def _zed(w):
    """A new leader at RJ1 (which bob leads talent for), line managed by mo."""
    return make_person(w.rj1, given_name="Zed", family_name=f"Zedson{next(_numbers)}",
                       line_manager=w.mo_person, visibility="system")


def make_pool(w, name="Aspiring directors"):
    return pool_services.create_pool(w.bob, name=name, purpose="Develop future directors",
                                     entry_criteria="Band 8c or above",
                                     scope_level="organisation", organisation=w.rj1)


@adds_rows(_numbers)
def add_reviews(w, number):
    facilitator = make_user(f"fac{number}", role=Role.ORGANISATION_TALENT_LEAD,
                            scope=w.rj1)
    make_review(w, name=f"Zed review {number}", facilitator=facilitator.username)


def add_placements(w, review):
    def add(n):
        for i in range(n):
            place(w, review, _zed(w), cell=CELLS[i % len(CELLS)],
                  readiness=READINESS[i % len(READINESS)])
    return add


def add_history(w, person):
    """Placements of ``person`` in one new review each."""
    def add(n):
        for i in range(n):
            review = make_review(w, name=f"Zed review {next(_numbers)}")
            place(w, review, person, cell=CELLS[i % len(CELLS)])
    return add


@adds_rows(_numbers)
def add_pools(w, number):
    make_pool(w, f"Zed pool {number}")


def add_members(w, pool):
    def add(n):
        for _ in range(n):
            PoolMembership.objects.create(pool=pool, person=_zed(w), joined_on="2026-01-01",
                                          review_on="2027-01-01")
    return add


@adds_rows(_numbers)
def add_nominations(w, pool, number):
    nominator = make_user(f"nominator{number}")
    PoolNomination.unscoped.create(pool=pool, person=_zed(w), route="talent_lead",
                                   nominated_by=nominator, statement="Ready")


@adds_rows(_numbers)
def add_my_nominations(w, person, number):
    """``person`` nominated to, and a member of, one new pool each."""
    pool = make_pool(w, f"Zed pool {number}")
    PoolNomination.unscoped.create(pool=pool, person=person, route="self",
                                   nominated_by=person.user, statement="Please")
    PoolMembership.objects.create(pool=pool, person=person, joined_on="2026-01-01",
                                  review_on="2027-01-01")


@adds_rows(_numbers)
def add_users(w, number):
    org = make_org(f"T{number:04d}", w.system, name=f"TRUST NUMBER {number}")
    make_person(w.rj1, user=make_user(f"zed{number}", first_name="Zed",
                                      last_name=f"Zedson{number}"))
    make_person(org, given_name="Other")


@pytest.mark.parametrize(("path", "add_rows", "shown"), [
    ("/talent/reviews/", add_reviews, "Zed review"),
    ("/api/v1/talent/reviews?limit=100", add_reviews, "Zed review"),
    ("/talent/pools/", add_pools, "Zed pool"),
    ("/api/v1/talent/pools?limit=100", add_pools, "Zed pool"),
])
def test_the_reviews_and_the_pools(client, w, path, add_rows, shown):
    client.force_login(w.bob)
    assert_flat(client, path, add_rows(w), row_marker=counting(shown))


@pytest.mark.parametrize(("make_list", "add_rows", "path"), [
    *[(make_review, add_placements, path) for path in [
        "/talent/reviews/{pk}/", "/api/v1/talent/reviews/{pk}", "/talent/reviews/{pk}/export.csv",
        "/api/v1/talent/reviews/{pk}/export?format=csv"]],
    *[(make_pool, add_members, path) for path in [
        "/talent/pools/{pk}/", "/api/v1/talent/pools/{pk}/members", "/talent/pools/{pk}/export.csv",
        "/api/v1/talent/pools/{pk}/export?format=csv"]],
])
def test_a_reviews_placements_and_a_pools_members(client, w, make_list, add_rows, path):
    """A review's placements and a pool's members: each row names a person (Zedson<n>)."""
    listed = make_list(w)
    client.force_login(w.bob)
    assert_flat(client, path.format(pk=listed.pk), add_rows(w, listed),
                row_marker=_csv_lines if "csv" in path else counting("Zedson"))


@pytest.mark.parametrize("path", ["/talent/placements/person/{pk}/",
                                  "/api/v1/talent/people/{pk}/placements"])
def test_a_persons_placement_history(client, w, path):
    client.force_login(w.bob)
    assert_flat(client, path.format(pk=w.alice_person.pk), add_history(w, w.alice_person),
                row_marker=counting("Zed review"))


def test_my_placement_history(client, w):
    client.force_login(w.alice)
    assert_flat(client, "/talent/placements/mine/", add_history(w, w.alice_person),
                row_marker=counting("Zed review"))


def test_a_pools_nominations(client, w):
    pool = make_pool(w)
    client.force_login(w.bob)
    assert_flat(client, f"/talent/pools/{pool.pk}/", add_nominations(w, pool),
                row_marker=counting("Zedson"))


@pytest.mark.parametrize("path", ["/talent/pools/mine/", "/api/v1/talent/nominations/mine"])
def test_my_nominations_and_pools(client, w, path):
    client.force_login(w.alice)
    assert_flat(client, path, add_my_nominations(w, w.alice_person),
                row_marker=counting('"route"' if "api" in path else "Zed pool"))


@pytest.mark.parametrize("path", ["/talent/reviews/{review}/place/people/?q=Zed",
                                  "/talent/pools/{pool}/nominate/people/?q=Zed"])
def test_the_people_pickers(client, w, path):
    review, pool = make_review(w), make_pool(w)
    client.force_login(w.bob)
    assert_flat(client, path.format(review=review.pk, pool=pool.pk),
                lambda n: [_zed(w) for _ in range(n)], row_marker=counting('"id"'))


def test_the_user_picker(client, w):
    client.force_login(w.bob)
    assert_flat(client, "/talent/reviews/users/?q=Zed", add_users(w), row_marker=counting('"id"'))

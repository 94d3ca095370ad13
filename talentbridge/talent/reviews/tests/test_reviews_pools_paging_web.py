"""The talent reviews and pools lists page: the reviews, the pools, a pool's members and its
pending nominations, and my nominations and pools. Each says "Showing 1 to N of Z", the next
page shows the rest, and someone the user may not see is neither listed nor counted."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.accounts.models import Role
from talentbridge.core.tests.paging import two_pages
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models.reviews import ReviewScope
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews import pool_views
from talentbridge.talent.reviews import services as review_services
from talentbridge.talent.reviews import views
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import review_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_a_page(monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(pool_views, "PAGE_SIZE", 2)


@pytest.fixture
def w(db):
    return review_world()


def make_pool(w, name, **fields):
    return pool_services.create_pool(w.bob, name=name, purpose="Develop future directors",
                                     entry_criteria="Band 8c or above",
                                     scope_level="organisation", organisation=w.rj1, **fields)


def test_the_reviews_list_pages_and_a_review_elsewhere_is_not_counted(client, w):
    for n in range(3):
        make_review(w, name=f"Review number {n}")
    elsewhere_lead = make_user("xlead", role=Role.ORGANISATION_TALENT_LEAD, scope=w.rx1)
    review_services.create_review(elsewhere_lead, name="Review elsewhere", grid=w.grid,
                                  scope_level=ReviewScope.ORGANISATION, organisation=w.rx1,
                                  held_on=dt.date(2026, 3, 1))
    client.force_login(w.bob)
    first, second = two_pages(client, "/talent/reviews/", 3, "reviews")
    assert "Review number" in second and "Review elsewhere" not in first + second


def test_the_pools_list_pages(client, w):
    for n in range(3):
        make_pool(w, f"Pool number {n}")
    client.force_login(w.alice)
    first, second = two_pages(client, "/talent/pools/", 3, "pools")
    assert "Pool number 0" in first and "Pool number 2" in second


def test_a_pools_members_and_nominations_page_without_people_the_manager_may_not_see(client, w):
    pool = make_pool(w, "Aspiring directors")
    for n in range(3):
        member = make_person(w.rj1, given_name=f"Member{n}")
        PoolMembership.objects.create(pool=pool, person=member, joined_on="2026-01-01",
                                      review_on="2027-01-01")
        nominee = make_person(w.rj1, given_name=f"Nominee{n}")
        PoolNomination.unscoped.create(pool=pool, person=nominee, route="talent_lead",
                                       nominated_by=w.bob, statement="Ready")
    PoolMembership.objects.create(pool=pool, person=w.charlie_person, joined_on="2026-01-01",
                                  review_on="2027-01-01")
    hidden = make_person(w.rx1, given_name="Hiddennominee")
    PoolNomination.unscoped.create(pool=pool, person=hidden, route="talent_lead",
                                   nominated_by=w.admin, statement="Ready")
    client.force_login(w.bob)
    path = f"/talent/pools/{pool.pk}/"
    first, second = two_pages(client, path, 3, "members", param="members_page")
    assert "Member0" in first and "Member2" in second and "Charlie" not in first + second
    first, second = two_pages(client, path, 3, "nominations", param="nominations_page")
    assert "Nominee2" in second and "Hiddennominee" not in first + second


def test_my_nominations_and_pools_page(client, w):
    for n in range(3):
        pool = make_pool(w, f"Pool number {n}")
        PoolNomination.unscoped.create(pool=pool, person=w.alice_person, route="self",
                                       nominated_by=w.alice, statement="Please")
        PoolMembership.objects.create(pool=pool, person=w.alice_person, joined_on="2026-01-01",
                                      review_on="2027-01-01")
    client.force_login(w.alice)
    two_pages(client, "/talent/pools/mine/", 3, "nominations", param="nominations_page")
    two_pages(client, "/talent/pools/mine/", 3, "pools", param="pools_page")

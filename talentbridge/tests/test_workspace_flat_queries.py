"""The home page's waiting work runs as many queries with 100 items as with 10
(`assert_flat`) where it lists one item per thing: each organisation with people to answer for
on its "Left or moved?" list, each talent review a user takes part in, and each pool with
nominations to decide."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import counting
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.staff_record.models import FeedAbsence
from talentbridge.staff_record.models import FeedImport
from talentbridge.staff_record.models import FeedStatus
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import review_world

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


w = pytest.fixture(review_world, name="w")


@adds_rows(_numbers)
def add_organisations_to_answer_for(w, oadmin, number):
    org = make_org(f"T{number:04d}", w.system, name=f"ZEDSHIRE TRUST {number}")
    RoleAssignment.objects.create(user=oadmin, role=Role.ORGANISATION_ADMINISTRATOR,
                                  scope_level=ScopeLevel.ORGANISATION, organisation=org)
    feed = FeedImport.objects.create(organisation=org, source_filename="leaders.csv",
                                     file_hash=str(number), status=FeedStatus.APPLIED,
                                     finished_at=timezone.now())
    FeedAbsence.objects.create(feed=feed, person=make_person(org))


@adds_rows(_numbers)
def add_reviews(w, number):
    make_review(w, name=f"Zed review {number}", facilitator=w.mo.username)


@adds_rows(_numbers)
def add_pools_with_nominations(w, owner, number):
    """Pools of RJ1 owned by another of its talent leads, each with a nomination waiting."""
    pool = pool_services.create_pool(
        owner, name=f"Zed pool {number}", purpose="Develop future directors",
        entry_criteria="Band 8c or above", scope_level="organisation", organisation=w.rj1)
    PoolNomination.unscoped.create(pool=pool, person=make_person(w.rj1), route="talent_lead",
                                   nominated_by=owner, statement="Ready")


def test_organisations_with_people_to_answer_for(client, w):
    oadmin = make_user("oadmin", role=Role.ORGANISATION_ADMINISTRATOR, scope=w.rj1)
    client.force_login(oadmin)
    assert_flat(client, "/", add_organisations_to_answer_for(w, oadmin),
                row_marker=counting("Left or moved?"))


def test_talent_reviews_i_take_part_in(client, w):
    client.force_login(w.mo)
    assert_flat(client, "/", add_reviews(w), row_marker=counting("Talent review in progress"))


def test_pools_with_nominations_to_decide(client, w):
    owner = make_user("tara", role=Role.ORGANISATION_TALENT_LEAD, scope=w.rj1)
    client.force_login(w.bob)
    assert_flat(client, "/", add_pools_with_nominations(w, owner),
                row_marker=counting("to decide for"))

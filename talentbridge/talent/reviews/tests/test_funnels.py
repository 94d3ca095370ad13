"""The talent pool and review funnels: the programmes' funnel engine over existing decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.people.tests.factories import PASSWORD
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models.pools import NominationRoute
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.reviews import funnels
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews.tests.factories import ensure_reference_data

pytestmark = pytest.mark.django_db


def test_top_cells_are_the_three_nearest_the_top_right():
    tops = {(c, r) for c in range(3) for r in range(3) if funnels.top_cell(c, r, 3, 3)}
    assert tops == {(2, 2), (1, 2), (2, 1)}


def test_a_pool_funnel_counts_only_quarters_that_have_ended(world):
    w = world
    pool = pool_services.create_pool(w.bob, name="Aspiring directors", purpose="p",
                                     entry_criteria="8c", scope_level="organisation",
                                     organisation=w.rj1)
    long_ago = timezone.now() - dt.timedelta(days=800)
    for i in range(20):
        person = make_person(w.rj1)
        nomination = PoolNomination.objects.create(
            pool=pool, person=person, route=NominationRoute.TALENT_LEAD, nominated_by=w.bob,
            statement="s", status=NominationStatus.APPROVED if i % 2 else
            NominationStatus.DECLINED, decided_at=long_ago)
        if i % 2:
            PoolMembership.objects.create(pool=pool, person=person, nomination=nomination,
                                          joined_on=long_ago.date(),
                                          review_on=long_ago.date())
    recent = make_person(w.rj1)
    PoolNomination.objects.create(pool=pool, person=recent, route=NominationRoute.TALENT_LEAD,
                                  nominated_by=w.bob, statement="s",
                                  status=NominationStatus.APPROVED, decided_at=timezone.now())
    figures = funnels.pool_funnel(w.bob, pool)
    nominated, approved, stayed = figures.stages
    assert (nominated.total, approved.total, stayed.total) == (20, 10, 10)
    client = Client()
    client.login(username="bob", password=PASSWORD)
    page = page_text(client.get(f"/talent/pools/{pool.pk}/funnel/"))
    # No one here has declared their characteristics: every dimension would give them away
    assert "Not shown: the figures for ethnic group could not be shown" in page
    outsider = make_user("out", role=Role.ORGANISATION_TALENT_LEAD, scope=w.rx1)
    client.force_login(outsider)
    assert client.get(f"/talent/pools/{pool.pk}/funnel/").status_code == 404


@pytest.fixture
def world():
    ensure_reference_data()
    return make_world()

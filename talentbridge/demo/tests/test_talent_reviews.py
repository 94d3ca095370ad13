"""The demo's talent reviews and pools: built on the base demo, deterministic, idempotent, and
showing what the demo users need to see."""

import io

import pytest

from talentbridge.demo import talent_reviews as demo_reviews
from talentbridge.demo.tests.building import demo_fixture
from talentbridge.talent.models import PlacementMove
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews.tests.factories import ensure_reference_data

demo = demo_fixture(ensure_reference_data, 1500, demo_reviews)


pytestmark = pytest.mark.django_db


def test_every_open_system_has_a_locked_calibrated_review(demo):
    locked = TalentReview.objects.filter(status=ReviewStatus.LOCKED)
    systems = {r.system_id or r.organisation.memberships.on().first().system_id for r in locked}
    assert len(systems) >= 20
    for review in locked:
        assert review.placements.count() >= 1
    assert PlacementMove.unscoped.exists()
    assert TalentReview.objects.filter(created_by__username="org.lead").count() == 2
    assert TalentReview.objects.filter(created_by__username="system.lead").exists()
    assert TalentReview.objects.filter(status=ReviewStatus.CALIBRATING).count() == 1


def test_pools_with_every_kind_of_nomination_and_leader_as_a_member(demo):
    names = set(TalentPool.objects.values_list("name", flat=True))
    assert "Aspiring chief executives — North West" in names
    assert {p.scope_level for p in TalentPool.objects.all()} == {
        "organisation", "system", "region", "england"}
    statuses = set(PoolNomination.unscoped.values_list("status", flat=True))
    assert {NominationStatus.PENDING, NominationStatus.APPROVED,
            NominationStatus.DECLINED} <= statuses
    assert PoolMembership.unscoped.filter(person__user__username="leader").exists()


def test_it_is_idempotent_deterministic_and_resets(demo):
    placements = sorted(ReviewPlacement.unscoped.values_list("person_id", "cell__label"))
    out = io.StringIO()
    demo_reviews.build(2026, out)
    assert "already exist" in out.getvalue()
    assert ReviewPlacement.unscoped.count() == len(placements)
    demo_reviews.build(2026, out, reset=True)
    assert sorted(ReviewPlacement.unscoped.values_list("person_id", "cell__label")) == placements

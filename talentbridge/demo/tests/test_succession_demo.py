"""The demo's board posts and succession plans: every board post of every demo organisation
has its incumbent, the plans have realistic gaps, and building is idempotent."""

import io

import pytest

from talentbridge.demo import succession as demo_succession
from talentbridge.demo import talent_reviews as demo_reviews
from talentbridge.demo.generator import demo_people
from talentbridge.demo.tests.building import demo_fixture
from talentbridge.succession import figures
from talentbridge.succession import scopes
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import Successor
from talentbridge.talent.reviews.tests.factories import ensure_reference_data

demo = demo_fixture(ensure_reference_data, 1500, demo_reviews, demo_succession)


pytestmark = pytest.mark.django_db


def test_every_board_post_of_every_organisation_has_its_incumbent(demo):
    organisations = set(demo_people().values_list("organisation_id", flat=True))
    assert "Built" in demo
    for kind in ("chief_executive", "chair", "finance", "medical", "non_executive"):
        with_kind = set(BoardPost.objects.filter(kind=kind).values_list("organisation_id",
                                                                         flat=True))
        assert with_kind == organisations, kind
    assert not BoardPost.objects.filter(incumbent__isnull=True).exists()
    assert BoardPost.objects.filter(kind="non_executive").count() == 5 * len(organisations)
    assert BoardPost.objects.filter(senior_independent_director=True).count() == len(
        organisations)


def test_plans_have_realistic_cover_gaps(demo):
    total, by_kind = figures.bench_for(scopes.resolve("ENGLAND"))
    executive = [b for kind, b in by_kind.items() if kind not in ("chair", "non_executive")]
    posts = sum(b.posts for b in executive)
    assert 0.1 < sum(b.with_ready_now for b in executive) / posts < 0.6
    assert 0.2 < sum(b.with_none for b in executive) / posts < 0.8  # many have no one named
    assert 0 < total.interim < total.posts * 0.1
    assert total.incumbents_retiring_within_two_years > 0
    assert 0 < total.successors_from_elsewhere_share < 0.7


def test_no_one_succeeds_to_their_own_post_and_building_again_changes_nothing(demo):
    for successor in Successor.unscoped.select_related("post")[:500]:
        assert successor.person_id != successor.post.incumbent_id
    lines = sorted(Successor.unscoped.values_list("post__organisation_id", "post__kind",
                                                  "person_id"))
    out = io.StringIO()
    demo_succession.build(2026, out)
    assert "already exist" in out.getvalue()
    assert sorted(Successor.unscoped.values_list("post__organisation_id", "post__kind",
                                                 "person_id")) == lines
    demo_succession.build(2026, out, reset=True)
    assert "Deleted" in out.getvalue()
    assert len(lines) == Successor.unscoped.count()

"""Demo opportunities: open ones across systems, interests, one finished match run; idempotent."""

from __future__ import annotations

import io

import pytest

from talentbridge.demo import opportunities as demo
from talentbridge.demo import talent as talent_demo
from talentbridge.demo.generator import build_demo
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.models import Interest
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Placement

pytestmark = pytest.mark.django_db


def test_demo_opportunities_are_built_once_and_rebuilt_the_same_on_reset():
    assert not demo.build(seed=1, stdout=io.StringIO()).created  # no demo people yet
    build_demo(seed=2026, leaders=1500)
    talent_demo.build(seed=7, stdout=io.StringIO())  # before this one, as demo.extras does
    out = io.StringIO()
    summary = demo.build(seed=7, stdout=out)
    assert summary.created and "finished match run" in out.getvalue()
    published = demo.demo_opportunities().filter(status=OpportunityStatus.PUBLISHED)
    assert published.values("system").distinct().count() >= 4
    assert published.filter(closes_on__gte=published.first().created_at.date()).exists()
    assert demo.demo_opportunities().filter(status=OpportunityStatus.SUBMITTED).exists()
    assert Interest.unscoped.count() == summary.interests > 20
    run = MatchRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.system.code == "QOP" and run.placements == summary.proposals > 0
    assert Placement.unscoped.count() == 1
    # mobility and development needs are the talent demo's profiles; nominations go only to
    # leaders whose profile says they are open to other organisations
    nominated = Interest.unscoped.filter(source="nominated")
    assert nominated.exists()
    assert not nominated.exclude(person__talent__open_to_other_organisations=True).exists()
    assert run.proposals.filter(person__talent__isnull=False).count() == run.placements

    again = demo.build(seed=7, stdout=io.StringIO())
    assert not again.created and "already exist" in again.message
    first = sorted(demo.demo_opportunities().values_list("title", "host__ods_code"))
    interests = sorted(Interest.unscoped.values_list("opportunity__title", "person_id",
                                                    "source", "preference_rank"))
    proposals = sorted(run.proposals.values_list("opportunity__title", "person_id", "score"))
    rebuilt = demo.build(seed=7, stdout=io.StringIO(), reset=True)
    assert rebuilt.created and rebuilt.interests == summary.interests
    assert sorted(Interest.unscoped.values_list("opportunity__title", "person_id", "source",
                                               "preference_rank")) == interests
    assert sorted(MatchRun.objects.get().proposals.values_list(
        "opportunity__title", "person_id", "score")) == proposals
    assert sorted(demo.demo_opportunities().values_list("title", "host__ods_code")) == first
    assert MatchRun.objects.count() == 1

    # the people demo can still be reset with opportunities in place
    build_demo(seed=2026, leaders=1500, reset=True)
    assert not Interest.unscoped.exists() and not Placement.unscoped.exists()

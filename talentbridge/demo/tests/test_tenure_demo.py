"""The demo's tenure: every board post's holdings back about ten years with the incumbent's
current holding, median chief executive tenure about three years and shorter where the
organisation is challenged, segments per quarter, building is idempotent, and nobody in it is
past the retention period (holdings older than it have no person, as the daily erasure leaves
them)."""

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from engine.tenure.survival import kaplan_meier
from talentbridge.data_rights import retention
from talentbridge.demo import succession as demo_succession
from talentbridge.demo import talent_reviews as demo_reviews
from talentbridge.demo import tenure as demo_tenure
from talentbridge.demo.tests.building import built_again
from talentbridge.demo.tests.building import demo_fixture
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import BoardPostKind
from talentbridge.talent.reviews.tests.factories import ensure_reference_data
from talentbridge.tenure.models import OversightSegment
from talentbridge.tenure.models import PostHolding

demo = demo_fixture(ensure_reference_data, 1500, demo_reviews, demo_succession, demo_tenure)


pytestmark = pytest.mark.django_db


def _median_years(holdings) -> float:
    today = timezone.localdate()
    days = np.array([((h.ended_on or today) - h.started_on).days for h in holdings])
    observed = np.array([h.ended_on is not None for h in holdings])
    return kaplan_meier(days, observed).median_days / 365.25


def test_every_post_has_its_incumbents_current_holding_and_ten_years_of_history(demo):
    assert "Built" in demo
    today = timezone.localdate()
    ten_years_ago = today.replace(year=today.year - 10)
    for post in BoardPost.objects.filter(incumbent__isnull=False):
        current = PostHolding.unscoped.get(post=post, ended_on__isnull=True)
        assert (current.person_id, current.started_on) == (post.incumbent_id,
                                                           post.started_on or
                                                           current.started_on)
        earliest = PostHolding.unscoped.filter(post=post).order_by("started_on").first()
        assert earliest.started_on <= ten_years_ago


def test_median_chief_executive_tenure_is_about_three_years_and_shorter_when_challenged(demo):
    chief_executives = list(PostHolding.unscoped.filter(kind=BoardPostKind.CHIEF_EXECUTIVE))
    overall = _median_years(chief_executives)
    print(f"median chief executive tenure {overall:.2f} years")
    assert 2.5 <= overall <= 3.5, overall
    by_segment = demo_tenure.organisations_by_segment()
    challenged = {o for s in (4, 5) for o in by_segment.get(s, [])}
    assert challenged
    worse = _median_years([h for h in chief_executives if h.organisation_id in challenged])
    print(f"in segment 4 or 5: {worse:.2f} years ({len(challenged)} organisations)")
    assert worse < 2.2 and worse < overall, worse


def test_exits_have_plausible_reasons_and_some_are_waiting(demo):
    left = PostHolding.unscoped.filter(ended_on__isnull=False)
    reasons = set(left.exclude(exit_reason="").values_list("exit_reason", flat=True))
    assert {"retirement", "another_nhs_role", "mutual_agreement", "end_of_term"} <= reasons
    assert left.filter(exit_reason="").exists()
    assert left.filter(interim_followed=True).exists()
    assert PostHolding.unscoped.filter(kind="chief_executive", first_time=True).exists()
    assert not left.filter(kind="non_executive", exit_reason="mutual_agreement").count() > \
        left.filter(kind="non_executive", exit_reason="end_of_term").count()


def test_segments_per_quarter_mostly_two_or_three(demo):
    segments = list(OversightSegment.objects.values_list("segment", "framework_year"))
    share = {s: sum(1 for x, _ in segments if x == s) / len(segments) for s in range(1, 6)}
    assert share[2] + share[3] > 0.6
    assert 0.03 < share[4] < 0.2
    assert all(year == "2025/26" for s, year in segments if s == 5)
    assert len({d.month for d in OversightSegment.objects.values_list(
        "effective_from", flat=True)}) == 4


def test_some_organisations_had_three_or_more_chief_executives_in_five_years(demo):
    today = timezone.localdate()
    since = today.replace(year=today.year - 5)
    counts = {}
    for org, person in PostHolding.unscoped.filter(kind="chief_executive").exclude(
            ended_on__lt=since).values_list("organisation_id", "person_id"):
        counts.setdefault(org, set()).add(person)
    assert any(len(people) >= 3 for people in counts.values())


def test_building_again_changes_nothing(demo):
    assert "Nothing changed" in built_again(demo_tenure, PostHolding.unscoped.count)


def test_a_new_demo_gives_the_daily_erasure_nobody_to_erase(demo):
    today = timezone.localdate()
    assert not retention.people_who_left(today).exists()
    kept_from = today - dt.timedelta(days=retention.days(retention.LEFT_NHS))
    # the history before it is still there, without names
    assert PostHolding.unscoped.filter(ended_on__lt=kept_from, person__isnull=True).exists()
    # within the period, past holders are people who have left the NHS
    recent = PostHolding.unscoped.filter(ended_on__gte=kept_from, person__left_nhs_on__isnull=False)
    assert recent.exists()

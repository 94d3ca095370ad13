"""The support demo: North West check-ins and offers, early warnings for the demo regional
lead, a compact whose figures show in both rounds; idempotent."""


import pytest
from django.contrib.auth import get_user_model

from talentbridge.demo import succession as demo_succession
from talentbridge.demo import support as demo_support
from talentbridge.demo import talent_reviews as demo_reviews
from talentbridge.demo.tests.building import built_again
from talentbridge.demo.tests.building import demo_fixture
from talentbridge.support import compact
from talentbridge.support import warnings
from talentbridge.support.models import CheckIn
from talentbridge.support.models import OfferStatus
from talentbridge.support.models import PulseRound
from talentbridge.support.models import SupportOffer
from talentbridge.talent.reviews.tests.factories import ensure_reference_data

demo = demo_fixture(ensure_reference_data, 600, demo_reviews, demo_succession, demo_support)


pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def test_the_regional_lead_has_warnings_and_leaders_with_check_ins_and_offers(demo):
    assert "check-ins" in demo
    regional = user("regional.lead")
    kinds = {w.kind for w in warnings.warnings_for(regional)}
    assert {"no_mentor", "high_pressure"} <= kinds
    assert CheckIn.unscoped.exists()
    statuses = set(SupportOffer.unscoped.values_list("status", flat=True))
    assert {OfferStatus.TAKEN_UP, OfferStatus.DECLINED} <= statuses


def test_both_pulse_rounds_have_figures_to_show(demo):
    analyst = user("analyst")
    rounds = list(PulseRound.objects.filter(name__in=demo_support.ROUND_NAMES))
    assert len(rounds) == 2
    for pulse in rounds:
        figures = compact.figures(analyst, pulse)
        assert len(figures) == 6
        assert all(f.reported for f in figures), pulse.name


def test_building_again_changes_nothing(demo):
    assert "Nothing changed" in built_again(demo_support, CheckIn.unscoped.count)

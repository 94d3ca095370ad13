"""The demo's development programmes: past cohorts with outcomes and moves up, an open cohort
with the demo leader's application for the demo programme manager to score, a funnel that
shows figures, and building twice changes nothing."""


import pytest
from django.contrib.auth import get_user_model

from talentbridge.demo import programmes as demo_programmes
from talentbridge.demo.tests.building import built_again
from talentbridge.demo.tests.building import demo_fixture
from talentbridge.programmes import funnel
from talentbridge.programmes import services
from talentbridge.programmes.models import Application
from talentbridge.programmes.models import Cohort
from talentbridge.programmes.models import CohortStatus
from talentbridge.programmes.models import Programme
from talentbridge.talent.reviews.tests.factories import ensure_reference_data

demo = demo_fixture(ensure_reference_data, 1500, demo_programmes)


pytestmark = pytest.mark.django_db


def test_the_first_cohort_of_first_time_chief_executives_was_nine(demo):
    assert "Built 2 demo programmes" in demo
    first = Cohort.objects.get(programme__name=demo_programmes.FIRST_TIME, name="Cohort 1")
    assert first.places == 9
    assert Application.unscoped.filter(cohort=first, decision="selected").count() == 9


def test_the_leader_has_applied_and_the_programme_manager_has_applications_to_score(demo):
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=("leader", "programme.manager"))}
    open_cohort = Cohort.objects.get(status=CohortStatus.OPEN)
    assert Application.unscoped.filter(cohort=open_cohort,
                                       person__user=users["leader"]).exists()
    waiting = services.waiting_counts(users["programme.manager"])
    assert waiting["score"] and waiting["score"][0][1] >= 10


def test_the_funnel_shows_figures_and_some_moved_up(demo):
    manager = get_user_model().objects.get(username="programme.manager")
    programme = Programme.objects.get(name=demo_programmes.ASPIRING)
    figures = funnel.programme_funnel(manager, programme)
    applied = figures.stages[0]
    assert isinstance(applied.total, int) and applied.total >= 40
    places = Application.unscoped.filter(cohort__programme=programme,
                                         outcome="completed").select_related("person")
    assert funnel.moved_up_ids(places)


def test_building_again_changes_nothing(demo):
    assert "Nothing changed" in built_again(demo_programmes, Application.unscoped.count, seed=1)

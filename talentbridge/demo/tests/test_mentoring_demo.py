"""The demo's mentoring: offers and requests in the North West and beyond, a past confirmed
run with pairs across systems, the demo leader's mentor in another system, requests waiting
for the demo programme manager; deterministic and idempotent."""


import pytest
from django.contrib.auth import get_user_model

from talentbridge.demo import mentoring as demo_mentoring
from talentbridge.demo.tests.building import built_again
from talentbridge.demo.tests.building import demo_fixture
from talentbridge.mentoring import services
from talentbridge.mentoring import waiting
from talentbridge.mentoring.models import Meeting
from talentbridge.mentoring.models import MentoringOffer
from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.mentoring.models import MentoringRequest
from talentbridge.organisations.scopes import placements_on

demo = demo_fixture(lambda: None, 600, demo_mentoring)


pytestmark = pytest.mark.django_db


def _user(name):
    return get_user_model().objects.get(username=name)


def test_the_demo_leader_has_a_mentor_in_another_system_with_meetings(demo):
    leader = _user("leader")
    [relationship] = services.current_relationships(leader.person.pk)
    placements = placements_on()
    assert (placements[relationship.mentor.organisation_id].system_id
            != placements[leader.person.organisation_id].system_id)
    assert Meeting.objects.visible_to(leader).filter(relationship=relationship).exists()


def test_the_programme_manager_has_requests_waiting_and_a_past_run(demo):
    pm = _user("programme.manager")
    [item] = [i for i in waiting.waiting_for(pm) if "to match" in i.text]
    assert item.count == MentoringRequest.objects.visible_to(pm).filter(status="open").count()
    assert item.count > 0
    pairs = list(services.relationships_in_scope(pm).filter(run__isnull=False))
    assert pairs
    placements = placements_on()
    assert any(placements[r.mentor.organisation_id].system_id
               != placements[r.mentee.organisation_id].system_id for r in pairs)
    assert MentoringOffer.objects.visible_to(pm).exists()


def test_building_again_changes_nothing(demo):
    built_again(demo_mentoring, lambda: (MentoringOffer.unscoped.count(),
                                         MentoringRelationship.unscoped.count()))


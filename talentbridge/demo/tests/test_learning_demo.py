"""The demo learning log: the demo leader's entries (one a learning review), a share with
their line manager, a share with a mentor only when one is running, ~30 lessons across every
LCF domain, and building again changes nothing."""


import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from talentbridge.demo import learning as demo_learning
from talentbridge.demo.tests.building import built_again
from talentbridge.demo.tests.building import demo_fixture
from talentbridge.learning.models import Entry
from talentbridge.learning.models import Lesson
from talentbridge.learning.models import Share
from talentbridge.talent.frameworks import LcfDomain
from talentbridge.talent.reviews.tests.factories import ensure_reference_data

pytestmark = pytest.mark.django_db


demo = demo_fixture(ensure_reference_data, 300, demo_learning)


def _client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_leader_has_a_private_log_and_the_library_has_lessons(demo):
    leader = get_user_model().objects.get(username="leader")
    entries = list(Entry.objects.visible_to(leader))
    assert len(entries) == 3
    assert {e.kind for e in entries} == {"reflection", "learning_review"}
    assert 25 <= Lesson.objects.count() <= 35
    assert set(Lesson.objects.values_list("lcf_domain", flat=True)) == set(LcfDomain.values)
    assert "no current mentor or coach" in demo  # the mentoring demo is not in this build
    assert not Share.unscoped.filter(route="mentor").exists()
    assert "A delayed discharge" in _client("leader").get("/learning/").content.decode()
    found = _client("manager").get("/learning/lessons/?q=hid+the+key+field").content.decode()
    assert "Ask what made it hard, not who" in found and "Rest is part of the rota" not in found


def test_the_manager_reads_only_what_the_leader_shared_with_them(demo):
    [share] = Share.unscoped.filter(route="line_manager").select_related("person__user")
    page = _client(share.person.user.username).get("/learning/shared-with-me/")
    assert "Feedback that landed badly" in page.content.decode()
    assert "A delayed discharge" not in page.content.decode()


def test_building_again_changes_nothing(demo):
    built_again(demo_learning, lambda: (Entry.unscoped.count(), Share.unscoped.count(),
                                        Lesson.objects.count()))

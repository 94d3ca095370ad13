"""An organisation administrator sees the basic profile (name, job, organisation, work e-mail,
account) of the people employed by their organisation, to invite them and administer their
accounts, and nothing of their talent data: not their profile page, conversations, reviews,
ratings or protected characteristics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.people.policy import Action
from talentbridge.people.policy import administered_people_filter
from talentbridge.people.policy import can
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import record_values
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place
from talentbridge.talent.reviews.tests.factories import review_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = review_world()
    w.olive = make_user("olive", role=Role.ORGANISATION_ADMINISTRATOR, scope=w.rj1)
    w.oscar = make_user("oscar", role=Role.ORGANISATION_ADMINISTRATOR, scope=w.rx1)
    conversation_services.start_conversation(w.bob, w.alice_person, record_values(w))
    assessment_services.open_round(w.bob, w.alice_person,
                                   closes_on=timezone.localdate() + dt.timedelta(days=14))
    place(w, make_review(w), w.alice_person)
    return w


def test_the_administered_people_are_those_employed_by_their_organisation(world):
    administered = set(Person.unscoped.filter(administered_people_filter(world.olive))
                       .values_list("pk", flat=True))
    assert world.alice_person.pk in administered
    assert world.charlie_person.pk not in administered
    assert can(world.olive, Action.ADMINISTER, world.alice_person)
    assert not can(world.olive, Action.ADMINISTER, world.charlie_person)
    assert not can(world.oscar, Action.ADMINISTER, world.alice_person)
    assert can(world.admin, Action.ADMINISTER, world.charlie_person)
    assert not can(world.bob, Action.ADMINISTER, world.alice_person)  # a talent lead
    assert not Person.unscoped.filter(administered_people_filter(world.bob)).exists()


def test_an_organisation_administrator_sees_no_talent_data_of_their_people(world):
    assert CareerConversation.objects.visible_to(world.bob).exists()  # the data is there
    assert not can(world.olive, Action.VIEW_PROFILE, world.alice_person)
    assert not can(world.olive, Action.EDIT_PROFILE, world.alice_person)
    assert not can(world.olive, Action.VIEW_CHARACTERISTICS, world.alice_person, reason="x")
    for model in (Person, CareerConversation, AssessmentRound, ReviewPlacement, TalentProfile,
                  ProtectedCharacteristics):
        assert not model.objects.visible_to(world.olive).exclude(
            **({"user": world.olive} if model is Person else {})).exists(), model.__name__


def test_on_the_web_they_get_the_account_page_but_not_the_profile_or_talent_pages(
        client, world):
    client.force_login(world.olive)
    alice = world.alice_person
    account = client.get(f"/people/{alice.pk}/account/")
    text = page_text(account)
    assert account.status_code == 200
    assert alice.full_name in text and alice.job_title in text
    assert alice.work_email in text
    assert "never their talent profile" in text
    assert f"/people/{alice.pk}/\"" not in account.content.decode()
    talent_pages = (f"/people/{alice.pk}/", f"/talent/people/{alice.pk}/",
                    f"/talent/placements/person/{alice.pk}/")
    for path in talent_pages:
        assert client.get(path).status_code == 404, path
    client.force_login(world.bob)  # her talent lead sees them: the pages are there
    assert all(client.get(path).status_code == 200 for path in talent_pages)
    client.force_login(world.olive)
    assert client.get(f"/people/{world.charlie_person.pk}/account/").status_code == 404
    assert "Ashworth" not in page_text(client.get("/people/?name=Ashworth"))


def test_the_api_hides_their_talent_data_too(client, world):
    client.force_login(world.olive)
    alice = world.alice_person.pk
    operations = (f"/api/v1/people/{alice}", f"/api/v1/talent/people/{alice}/conversations",
                  f"/api/v1/talent/people/{alice}/assessments",
                  f"/api/v1/talent/people/{alice}/placements")
    for path in operations:
        assert client.get(path).status_code == 404, path
    client.force_login(world.bob)
    assert all(client.get(path).status_code == 200 for path in operations)

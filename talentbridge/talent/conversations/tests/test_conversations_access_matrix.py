"""The conversations access matrix: every persona × relationship × visibility choice × action,
decided by `conversation_policy` and the services, and — for seeing a conversation and its
private notes — through the web page and the API too, against a table written out
independently of the policy code (docs/talent-conversations.md).

The world is the people matrix's (talentbridge/people/tests/access_world.py):

    region North West (Y62): system QAA {T01 (viewers' home), T02}, system QBB {T03}
    region London (Y56):     system QCC {T04}

plus an outsider (a leader at T04 with no role) and "self" (the person the records are
about). Every target has a recorded career conversation with private notes and an assessment
round. The line manager persona's targets are their direct reports, and they held those
reports' conversations; everyone else's conversations were held by a coach who is not a
persona.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import User
from talentbridge.people.models import Person
from talentbridge.people.tests.access_world import RELATIONSHIPS
from talentbridge.people.tests.access_world import ROLES
from talentbridge.people.tests.access_world import VISIBILITIES
from talentbridge.people.tests.access_world import _person
from talentbridge.people.tests.access_world import build_world
from talentbridge.people.tests.access_world import expected as people_expected
from talentbridge.people.tests.matrix_policy import own_record_test
from talentbridge.people.tests.matrix_policy import policy_and_services_test
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import policy
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import ensure_readiness
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models.conversations import ConversationStatus
from talentbridge.talent.search.services import search_talent

PERSONAS = (*ROLES, "outsider")
ACTIONS = ("view_conversation", "view_private_notes", "record_conversation",
           "open_assessment", "remind_raters", "view_assessment_summary",
           "see_individual_rater_answers", "search")
SEARCHERS = ("line_manager", "organisation_talent_lead", "system_talent_lead",
             "regional_lead", "national_lead", "administrator")


def expected(persona: str, relationship: str, visibility: str, action: str) -> bool:
    """The rules in plain words. Seeing records follows seeing the profile (the people
    policy's own independent table); private notes: only the person and whoever held the
    conversation (here the line manager, for their reports); holding a conversation: the direct
    line manager, or a talent lead of the person's employer; opening an assessment or
    reminding its raters: the person, their line manager, or a talent lead of their employer;
    individual rater answers: nobody;
    search: line managers, talent leads and administrators find whom they may see."""
    if persona == "outsider":
        return False
    sees = people_expected(persona, relationship, visibility, "view_profile")
    lead_of_employer = (persona == "organisation_talent_lead"
                        and relationship == "same_organisation")
    if action in ("view_conversation", "view_assessment_summary"):
        return sees
    if action == "view_private_notes":
        return persona == "line_manager"
    if action in ("record_conversation", "open_assessment", "remind_raters"):
        return persona == "line_manager" or lead_of_employer
    if action == "see_individual_rater_answers":
        return False
    if action == "search":
        return persona in SEARCHERS and sees
    raise AssertionError(action)


EXPECTED_FOR_SELF = {
    "view_conversation": True, "view_private_notes": True, "record_conversation": False,
    "open_assessment": True, "remind_raters": True, "view_assessment_summary": True,
    "see_individual_rater_answers": False, "search": False,
}


def _record(person: Person, holder: User) -> CareerConversation:
    today = timezone.localdate()
    return CareerConversation.objects.create(
        person=person, held_by=holder, held_on=today - dt.timedelta(days=3),
        status=ConversationStatus.RECORDED, impact_level="established",
        growth_category="depth", aspiration_role="Director",
        next_review_on=today + dt.timedelta(days=100),
        private_notes=f"PRIVATE-NOTE-{person.pk}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            ensure_readiness()
            built = build_world()
            outsider = User.objects.create_user("outsider", password="a-long-test-password")
            _person(built.organisations["elsewhere"], "organisation", user=outsider,
                    label="Outsider")
            built.viewers["outsider"] = outsider
            coach = User.objects.create_user("coach", password="a-long-test-password")
            manager = built.viewers["line_manager"]
            built.conversations = {}
            built.rounds = {}
            subjects = [*built.targets.values(), *built.reports.values(), built.self_person]
            for person in subjects:
                holder = manager if person.line_manager_id == manager.person.pk else coach
                built.conversations[person.pk] = _record(person, holder)
                built.rounds[person.pk] = AssessmentRound.objects.create(
                    person=person, opened_by=coach, opened_on=timezone.localdate(),
                    closes_on=timezone.localdate() + dt.timedelta(days=30))
            yield built
            transaction.set_rollback(True)


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # grants are cached per user object


def _decide(viewer: User, person: Person, action: str, world) -> bool:
    conversation = world.conversations[person.pk]
    assessment_round = world.rounds[person.pk]
    if action == "view_conversation":
        try:
            conversation_services.get_conversation(viewer, conversation.pk, audit=False)
        except conversation_services.ConversationNotFound:
            return False
        return policy.can_view_conversations(viewer, person)
    if action == "view_private_notes":
        try:
            got = conversation_services.get_conversation(viewer, conversation.pk, audit=False)
        except conversation_services.ConversationNotFound:
            return False
        shown = got.private_notes == conversation.private_notes
        assert shown is not got.private_notes_hidden
        assert shown is policy.can_see_private_notes(viewer, conversation) or not shown
        return shown
    if action == "record_conversation":
        return policy.can_hold_conversation(viewer, person)
    if action == "open_assessment":
        return policy.can_open_assessment(viewer, person)
    if action == "remind_raters":
        # allowed means refused for a reason other than permission (no one was invited)
        try:
            assessment_services.remind_raters(viewer, assessment_round)
        except PermissionDenied:
            return False
        except ValidationError as error:
            assert "No raters have been sent an invitation yet" in str(error)
            return True
        raise AssertionError("no one was invited, so no reminder can go")
    if action == "view_assessment_summary":
        try:
            assessment_services.summary(viewer, assessment_round)
        except assessment_services.RoundNotFound:
            assert not policy.can_view_assessment(viewer, person)
            return False
        return True
    if action == "see_individual_rater_answers":
        return policy.can_see_individual_rater_answers(viewer, assessment_round)
    if action == "search":
        return search_talent(viewer, {}, audit=False).filter(pk=person.pk).exists()
    raise AssertionError(action)


def _target(world, persona: str, relationship: str, visibility: str) -> Person:
    key = (relationship, visibility)
    return world.reports[key] if persona == "line_manager" else world.targets[key]


CASES = [(p, r, v) for p in PERSONAS for r in RELATIONSHIPS for v in VISIBILITIES]

test_policy_and_services = policy_and_services_test(CASES, ACTIONS, expected, _target, _decide,
                                                    _fresh)

test_self = own_record_test(ACTIONS, _decide, _fresh, EXPECTED_FOR_SELF)


@pytest.mark.django_db
@pytest.mark.parametrize("persona,relationship,visibility", CASES)
def test_web_and_api_faces(world, persona, relationship, visibility):
    """Seeing a conversation and its private notes, through the page and the API."""
    person = _target(world, persona, relationship, visibility)
    conversation = world.conversations[person.pk]
    sees = expected(persona, relationship, visibility, "view_conversation")
    notes = expected(persona, relationship, visibility, "view_private_notes")
    viewer = _fresh(world.viewers[persona])
    client = Client()
    client.force_login(viewer)
    page = client.get(f"/talent/conversations/{conversation.pk}/")
    assert page.status_code == (200 if sees else 404)
    assert (conversation.private_notes in page.content.decode()) is (sees and notes)
    _, key = ApiToken.issue(viewer, "matrix")
    api = Client().get(f"/api/v1/talent/conversations/{conversation.pk}",
                       HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == (200 if sees else 404)
    if sees:
        assert api.json()["private_notes"] == (conversation.private_notes if notes else None)
    listed = Client().get(f"/api/v1/talent/people/{person.pk}/conversations",
                          HTTP_AUTHORIZATION=f"Bearer {key}")
    assert listed.status_code == (200 if sees else 404)


@pytest.mark.django_db
def test_the_person_sees_their_own_notes_through_web_and_api(world):
    me = _fresh(world.viewers["leader"])
    conversation = world.conversations[world.self_person.pk]
    client = Client()
    client.force_login(me)
    assert conversation.private_notes in client.get(
        f"/talent/conversations/{conversation.pk}/").content.decode()
    _, key = ApiToken.issue(me, "matrix")
    assert Client().get(f"/api/v1/talent/conversations/{conversation.pk}",
                        HTTP_AUTHORIZATION=f"Bearer {key}").json()["private_notes"] == (
        conversation.private_notes)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_holds_a_career_conversation_with_themselves(world, persona):
    """Not even an organisation talent lead, who leads their own employer."""
    viewer = _fresh(world.viewers[persona])
    assert not policy.can_hold_conversation(viewer, viewer.person)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "line_manager"])
@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_only_the_direct_line_manager_acts_as_someone_s_line_manager(world, persona,
                                                                     relationship):
    """The line manager persona's reports have a manager; nobody else is that manager, so only
    a talent lead of their employer may hold their conversation, and nobody else rates them as
    their line manager."""
    viewer = _fresh(world.viewers[persona])
    report = world.reports[(relationship, "national")]
    lead_of_employer = (persona == "organisation_talent_lead"
                        and relationship == "same_organisation")
    assert policy.can_hold_conversation(viewer, report) is lead_of_employer
    assert not policy.can_rate_as_line_manager(viewer, world.rounds[report.pk])
    assert not policy.can_approve_raters(viewer, world.rounds[report.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_reflection_and_the_self_assessment_are_the_person_s_own(world, persona):
    viewer = _fresh(world.viewers[persona])
    for relationship in RELATIONSHIPS:
        person = _target(world, persona, relationship, "national")
        assert not policy.can_write_reflection(viewer, world.conversations[person.pk])
        assert not policy.can_rate_as_self(viewer, world.rounds[person.pk])
    me = _fresh(world.viewers["leader"])
    assert policy.can_write_reflection(me, world.conversations[world.self_person.pk])
    assert policy.can_rate_as_self(me, world.rounds[world.self_person.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_edit_readiness_levels(world, persona):
    viewer = _fresh(world.viewers[persona])
    assert policy.can_edit_readiness_levels(viewer) is (persona == "administrator")

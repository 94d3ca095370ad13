"""The mentoring access matrix: one table per kind of record, each row a user, written
independently of the policy (scripts/check_policy_mutations.py loosens each rule of
talentbridge/mentoring/policy.py and this file must then fail)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from talentbridge.mentoring import policy
from talentbridge.mentoring.models import DeclaredConflict
from talentbridge.mentoring.models import EndReview
from talentbridge.mentoring.models import Goal
from talentbridge.mentoring.models import GoalsMet
from talentbridge.mentoring.models import MatchingProposal
from talentbridge.mentoring.models import MatchingRun
from talentbridge.mentoring.models import Meeting
from talentbridge.mentoring.models import MentoringOffer
from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.mentoring.models import MentoringRequest
from talentbridge.mentoring.tests.factories import ask
from talentbridge.mentoring.tests.factories import mentoring_world
from talentbridge.mentoring.tests.factories import offer
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        w = mentoring_world()
        w.manager = make_user("manager")  # lena's line manager's manager sees nothing here
        w.manager_person = make_person(w.r0a, user=w.manager)
        w.mark_person.line_manager = w.manager_person
        w.mark_person.save()
        w.request = ask(w.lena_person)
        w.offer = offer(w.mo_person)
        w.conflict = DeclaredConflict.objects.create(person=w.lena_person, with_email="x@nhs.net")
        w.rel = MentoringRelationship.objects.create(
            mentor=w.mo_person, mentee=w.lena_person, started_on=dt.date(2026, 1, 5),
            ended_on=dt.date(2026, 6, 1))
        w.goal = Goal.objects.create(relationship=w.rel, text="A goal")
        w.meeting = Meeting.objects.create(relationship=w.rel, met_on=dt.date(2026, 2, 1),
                                           notes="Private")
        w.review = EndReview.objects.create(relationship=w.rel, by=w.lena_person,
                                            goals_met=GoalsMet.ALL, would_recommend=True)
        w.run = MatchingRun.objects.create(scope_code="Y62", scope_name="North West")
        w.proposal = MatchingProposal.objects.create(run=w.run, method="stable",
                                                     request=w.request, offer=w.offer, score=6)
        # a London pair: only London's programme manager (and the pair) see it
        w.london_rel = MentoringRelationship.objects.create(
            mentor=w.cara_person, mentee=make_person(w.rj1), started_on=dt.date(2026, 1, 5))
        yield w
        transaction.set_rollback(True)  # the world is rolled back with the module


def sees(model, user, row) -> bool:
    return model.objects.visible_to(user).filter(pk=row.pk).exists()


#: who → (lena's request, mo's offer, lena's declared conflict, the lena–mo relationship,
#: its goal, its meeting, its end review, the run's proposal, a London relationship)
MATRIX = {
    "lena":      "Y . Y Y Y Y Y . .",   # the mentee: her own and the pair's
    "mo":        ". Y . Y Y Y Y . .",   # the mentor: his offer and the pair's
    "mia":       ". . . . . . . . .",   # another leader
    "mark":      ". . . . . . . . .",   # lena's line manager
    "manager":   ". . . . . . . . .",   # two levels up
    "pm":        "Y Y . Y . Y Y Y .",   # North West programme manager: no goals, no conflicts
    "pm_qop":    "Y . . Y . Y Y Y .",   # Greater Manchester: lena's side only; not mo's offer
    "pm_london": ". . . . . . . . Y",   # London: London only
    "lead":      ". . . . . . . . .",   # talent lead: nothing of mentoring
    "admin":     ". . . . . . . . .",   # administrator: nothing of mentoring
}
MODELS = ["request", "offer", "conflict", "rel", "goal", "meeting", "review", "proposal",
          "london_rel"]
KINDS = [MentoringRequest, MentoringOffer, DeclaredConflict, MentoringRelationship, Goal,
         Meeting, EndReview, MatchingProposal, MentoringRelationship]


@pytest.mark.parametrize("who", list(MATRIX))
def test_who_sees_which_mentoring_rows(w, who):
    user = getattr(w, who)
    expected = [c == "Y" for c in MATRIX[who].split()]
    seen = [sees(kind, user, getattr(w, name)) for kind, name in zip(KINDS, MODELS, strict=True)]
    assert dict(zip(MODELS, seen, strict=True)) == dict(zip(MODELS, expected, strict=True))


#: who → (may see notes and record goals/meetings, matches the North West, matches QOP)
ACTIONS = {
    "lena": (True, False, False), "mo": (True, False, False), "mia": (False, False, False),
    "mark": (False, False, False), "pm": (False, True, True), "pm_qop": (False, False, True),
    "pm_london": (False, False, False), "lead": (False, False, False),
    "admin": (False, False, False),
}


@pytest.mark.parametrize("who", list(ACTIONS))
def test_who_records_and_who_matches(w, who):
    user = getattr(w, who)
    pair, north_west, qop = ACTIONS[who]
    assert policy.can_see_notes(user, w.rel) is pair
    assert policy.can_record(user, w.rel) is pair
    nw_ids = tuple(sorted({w.r0a.pk, w.rm3.pk, w.icb.pk, w.rbl.pk}))
    assert policy.can_match(user, nw_ids) is north_west
    assert policy.can_match(user, (w.r0a.pk, w.rm3.pk, w.icb.pk)) is qop


def test_an_england_programme_manager_matches_anywhere(w):
    from talentbridge.accounts.models import Role
    national = make_user("pm_england", role=Role.PROGRAMME_MANAGER)
    assert policy.can_match(national, None)
    assert sees(MentoringRelationship, national, w.london_rel)
    assert not sees(Goal, national, w.goal)


def test_signed_out_sees_nothing(w):
    from django.contrib.auth.models import AnonymousUser
    anonymous = AnonymousUser()
    for kind, name in zip(KINDS, MODELS, strict=True):
        assert not sees(kind, anonymous, getattr(w, name))


def test_only_an_england_programme_manager_matches_all_of_england(w):
    assert not policy.can_match(w.pm, None)
    assert not policy.can_match(w.pm_qop, None)


@pytest.mark.parametrize(("who", "uses"), [("lena", True), ("pm", True), ("lead", False),
                                           ("admin", False)])
def test_who_uses_mentoring(w, who, uses):
    """Leaders with a profile, and programme managers; a talent lead or administrator
    without a profile has nothing here."""
    assert policy.uses_mentoring(getattr(w, who)) is uses

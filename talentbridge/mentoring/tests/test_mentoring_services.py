"""Mentoring services: offers, requests, conflicts of interest, matching and confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.utils import timezone

from talentbridge.data_rights import export
from talentbridge.mentoring import matching
from talentbridge.mentoring import services
from talentbridge.mentoring.models import MatchingProposal
from talentbridge.mentoring.models import MentoringOffer
from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.mentoring.models import MentoringRequest
from talentbridge.mentoring.models import RequestStatus
from talentbridge.mentoring.tests.factories import CULTURE
from talentbridge.mentoring.tests.factories import GOVERNANCE
from talentbridge.mentoring.tests.factories import STRATEGY
from talentbridge.mentoring.tests.factories import ask
from talentbridge.mentoring.tests.factories import mentoring_world
from talentbridge.mentoring.tests.factories import offer
from talentbridge.mentoring.waiting import waiting_for
from talentbridge.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return mentoring_world()


def proposed(run, method):
    return {(p.request.person.given_name, p.offer.person.given_name)
            for p in MatchingProposal.unscoped.filter(run=run, method=method)
            .select_related("request__person", "offer__person")}


@pytest.mark.parametrize("capacity", [0, 11, "lots"])
def test_an_offer_over_capacity_is_refused_naming_the_value_and_nothing_is_saved(w, capacity):
    with pytest.raises(ValidationError) as error:
        services.save_offer(w.mo, as_mentor=True, as_coach=False, capacity=capacity,
                            lcf_domains=[STRATEGY])
    assert str(capacity) in error.value.message_dict["capacity"][0]
    assert not MentoringOffer.unscoped.exists()


def test_a_request_with_no_needs_is_refused_and_nothing_is_saved(w):
    with pytest.raises(ValidationError) as error:
        services.make_request(w.lena, kind="mentor", needs=[])
    assert "at least one" in error.value.message_dict["needs"][0]
    with pytest.raises(ValidationError) as error:
        services.make_request(w.lena, kind="mentor", needs=[9])
    assert '"9"' in error.value.message_dict["needs"][0]
    assert not MentoringRequest.unscoped.exists()


def test_someone_without_a_profile_cannot_offer(w):
    with pytest.raises(PermissionDenied):
        services.save_offer(w.pm, as_mentor=True, as_coach=False, capacity=1,
                            lcf_domains=[STRATEGY])


def test_matching_never_pairs_a_conflict_of_interest(w):
    """Lena asks for someone from outside: mia (same organisation), mark (her line manager),
    ivy (her system's ICB, the commissioner) and nat (a national body) are never proposed;
    mo, in another system, is."""
    ask(w.lena_person, wants_outside=True)
    for person in (w.mark_person, w.mia_person, w.ivy_person, w.nat_person, w.mo_person):
        offer(person, across_organisations=True)
    run = matching.run_matching(w.pm, "Y62")
    assert proposed(run, "stable") == {("Lena", "Mo")}
    assert proposed(run, "optimal") == {("Lena", "Mo")}
    assert run.summary["excluded_pairs"] >= 1  # mia: same organisation, she wants outside


def test_a_declared_conflict_is_never_paired(w):
    ask(w.lena_person)
    offer(w.mo_person)
    services.declare_conflict(w.lena, with_email=w.mo_person.work_email.upper())
    run = matching.run_matching(w.pm, "Y62")
    assert proposed(run, "stable") == set() and proposed(run, "optimal") == set()


def test_a_declared_conflict_with_an_organisation_leaves_its_people_out(w):
    ask(w.lena_person)
    offer(w.mo_person)
    offer(w.cara_person)  # in London: outside the North West's matching
    services.declare_conflict(w.mo, organisation_code="r0a")
    run = matching.run_matching(w.pm, "Y62")
    assert proposed(run, "stable") == set()


def test_nobody_declares_a_conflict_with_their_own_address(w):
    with pytest.raises(ValidationError) as error:
        services.declare_conflict(w.lena, with_email=w.lena_person.work_email)
    assert "your own address" in error.value.message_dict["with_email"][0]


def test_confirming_creates_relationships_marks_requests_and_tells_both(w):
    request = ask(w.lena_person)
    offer(w.mo_person)
    run = matching.run_matching(w.pm, "Y62")
    made = matching.confirm(w.pm, run, "optimal")
    assert [(r.mentor_id, r.mentee_id) for r in made] == [(w.mo_person.pk, w.lena_person.pk)]
    request.refresh_from_db()
    assert request.status == RequestStatus.MATCHED
    told = set(Notification.objects.visible_to(w.mo).values_list("recipient__username",
                                                                  flat=True))
    assert told == {"mo"}
    assert Notification.objects.visible_to(w.lena).filter(kind="mentoring").count() == 1
    assert services.has_current_mentor_or_coach(w.lena_person.pk)


def test_confirming_when_capacity_is_used_is_refused_and_nothing_changes(w):
    ask(w.lena_person)
    offer(w.mo_person, capacity=1)
    run = matching.run_matching(w.pm, "Y62")
    MentoringRelationship.objects.create(mentor=w.mo_person, mentee=w.olly_person,
                                         started_on=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        matching.confirm(w.pm, run, "stable")
    assert "capacity for 0 more" in " ".join(error.value.message_dict["method"])
    assert MentoringRelationship.unscoped.count() == 1
    assert MentoringRequest.unscoped.get().status == RequestStatus.OPEN


def test_capacity_counts_current_relationships_when_matching(w):
    ask(w.lena_person)
    offer(w.mo_person, capacity=1)
    MentoringRelationship.objects.create(mentor=w.mo_person, mentee=w.olly_person,
                                         started_on=timezone.localdate())
    run = matching.run_matching(w.pm, "Y62")
    assert proposed(run, "stable") == set() and proposed(run, "optimal") == set()


def test_the_methods_differ_and_the_run_says_how(w):
    """Worked by hand. Both acute trusts; nobody asks for outside. Lena needs strategy and
    culture, Olly strategy. Mo (strategy, culture, knows acute trusts) scores 3*2+2 = 8 with
    Lena and 3+2 = 5 with Olly; Mia (culture, knows acute trusts) 3+2 = 5 with Lena and is not
    admissible for Olly. Stable: Lena and Mo hold each other, Olly is left: 1 matched, 8.
    Highest total: Lena-Mia and Olly-Mo, 2 matched, 10; Lena and Mo block it."""
    ask(w.lena_person, needs=(STRATEGY, CULTURE), wants_outside=False)
    ask(w.olly_person, needs=(STRATEGY,), wants_outside=False)
    offer(w.mo_person, domains=(STRATEGY, CULTURE), organisation_kinds=["acute"])
    offer(w.mia_person, domains=(CULTURE,), organisation_kinds=["acute"])
    run = matching.run_matching(w.pm, "Y62")
    assert proposed(run, "stable") == {("Lena", "Mo")}
    assert proposed(run, "optimal") == {("Lena", "Mia"), ("Olly", "Mo")}
    assert run.summary["stable"] == {"matched": 1, "total": 8.0}
    assert run.summary["optimal"] == {"matched": 2, "total": 10.0}
    assert run.summary["pairs_that_differ"] == 3
    assert len(run.summary["blocking_pairs_of_optimal"]) == 1


def test_confirming_twice_is_refused(w):
    ask(w.lena_person)
    offer(w.mo_person)
    run = matching.run_matching(w.pm, "Y62")
    matching.confirm(w.pm, run, "stable")
    with pytest.raises(ValidationError) as error:
        matching.confirm(w.pm, run, "optimal")
    assert "already confirmed" in error.value.message_dict["method"][0]
    assert MentoringRelationship.unscoped.count() == 1


def test_a_programme_manager_of_london_cannot_match_the_north_west(w):
    ask(w.lena_person)
    offer(w.mo_person)
    with pytest.raises(PermissionDenied):
        matching.run_matching(w.pm_london, "Y62")
    with pytest.raises(ValidationError) as error:
        matching.run_matching(w.pm, "NOPE")
    assert '"NOPE"' in error.value.message_dict["scope"][0]


def test_a_coach_request_is_matched_only_with_coaching_offers(w):
    ask(w.olly_person, needs=(GOVERNANCE,), kind="coach")
    offer(w.mo_person, domains=(GOVERNANCE,), as_mentor=True, as_coach=False)
    offer(w.mia_person, domains=(GOVERNANCE,), as_mentor=False, as_coach=True)
    run = matching.run_matching(w.pm, "Y62")
    assert proposed(run, "optimal") == {("Olly", "Mia")}


def test_goals_meetings_and_the_end_review(w):
    rel = MentoringRelationship.objects.create(mentor=w.mo_person, mentee=w.lena_person,
                                               started_on=dt.date(2026, 1, 5))
    services.add_goal(w.lena, rel, text="Lead a system-wide change")
    with pytest.raises(ValidationError) as error:
        services.add_meeting(w.mo, rel, met_on=dt.date(2025, 12, 1))
    assert "1 December 2025 is not" in error.value.message_dict["met_on"][0]
    services.add_meeting(w.mo, rel, met_on=dt.date(2026, 2, 1), notes="Talked about boards")
    with pytest.raises(ValidationError):
        services.review(w.lena, rel, goals_met="all", would_recommend=True)
    services.end_relationship(w.lena, rel)
    services.review(w.lena, rel, goals_met="some", would_recommend=True, comments="Useful")
    shown = services.details(w.pm, rel)
    assert [m.notes for m in shown["meetings"]] == [""]
    assert [r.comments for r in shown["reviews"]] == [""]
    assert shown["goals"] == []
    mine = services.details(w.mo, rel)
    assert [m.notes for m in mine["meetings"]] == ["Talked about boards"]
    assert [r.comments for r in mine["reviews"]] == ["Useful"]
    with pytest.raises(PermissionDenied):
        services.add_goal(w.pm, rel, text="Not theirs")


def test_a_leaders_copy_of_their_data_holds_their_mentoring_and_only_notes_they_wrote(w):
    offer(w.lena_person, capacity=2)
    ask(w.lena_person)
    rel = MentoringRelationship.objects.create(mentor=w.mo_person, mentee=w.lena_person,
                                               started_on=dt.date(2026, 1, 5))
    services.add_goal(w.lena, rel, text="Chair a partnership")
    services.add_meeting(w.lena, rel, met_on=dt.date(2026, 2, 1), notes="Mine")
    services.add_meeting(w.mo, rel, met_on=dt.date(2026, 3, 1), notes="His")
    data = export.collect(w.lena, w.lena_person)
    assert data["mentoring offer"][0]["capacity"] == 2
    assert [r["status"] for r in data["mentoring requests"]] == ["Open"]
    assert data["mentoring relationships"][0]["mentor"] == w.mo_person.full_name
    assert [g["goal"] for g in data["mentoring goals"]] == ["Chair a partnership"]
    assert [m["my notes"] for m in data["mentoring meetings"]] == ["Mine", ""]


def test_waiting_work_for_the_programme_manager_and_the_pair(w):
    def items(user):
        return {i.text: (i.count, i.href) for i in waiting_for(user)}

    ask(w.lena_person)
    ask(w.olly_person)
    ask(w.cara_person)  # London: not the North West's
    assert items(w.pm) == {"Mentoring requests to match": (2, "/mentoring/matching/")}
    assert items(w.pm_qop) == {"Mentoring request to match": (1, "/mentoring/matching/")}
    rel = MentoringRelationship.objects.create(mentor=w.mo_person, mentee=w.lena_person,
                                               started_on=dt.date(2026, 1, 5))
    first = {"New mentoring relationship: arrange the first meeting": (1, "/mentoring/")}
    assert items(w.lena) == first and items(w.mo) == first
    services.add_meeting(w.mo, rel, met_on=dt.date(2026, 1, 9))
    assert items(w.lena) == {}
    services.end_relationship(w.mo, rel)
    review = {"Mentoring end review to write": (1, "/mentoring/")}
    assert items(w.lena) == review and items(w.mo) == review
    services.review(w.mo, rel, goals_met="all", would_recommend=True)
    assert items(w.mo) == {} and items(w.lena) == review
    assert items(w.lead) == {}

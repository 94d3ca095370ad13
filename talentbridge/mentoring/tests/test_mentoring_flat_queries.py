"""Every mentoring list runs as many queries with 100 rows as with 10: a leader's
relationships, requests and declared conflicts (pages and API), a programme manager's
requests, offers and relationships in scope (pages and API), a matching run's proposals (page
and API), and a relationship's goals and meetings (page and API). Rows name people at
organisations, so a lookup per row would show."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import flat_test
from talentbridge.core.tests.queries import signed_in
from talentbridge.mentoring import matching
from talentbridge.mentoring import services
from talentbridge.mentoring.models import MatchingProposal
from talentbridge.mentoring.models import MatchMethod
from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.mentoring.tests.factories import ask
from talentbridge.mentoring.tests.factories import mentoring_world
from talentbridge.mentoring.tests.factories import offer
from talentbridge.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


w = pytest.fixture(mentoring_world, name="w")


def _names(text: str) -> int:
    """People named on the page (the factories' people are all called Testperson<n>)."""
    return text.count("Testperson")


def _relationships(w):
    """``add_rows``: mo mentors more leaders of the North West (R0A and RBL by turns)."""
    def add(n):
        for i in range(n):
            mentee = make_person(w.r0a if i % 2 else w.rbl)
            MentoringRelationship.objects.create(mentor=w.mo_person, mentee=mentee,
                                                 started_on=dt.date(2026, 1, 1))
    return add


test_relationships_stay_flat = flat_test(_relationships, [
    ("mo", "/mentoring/", _names),
    ("mo", "/api/v1/mentoring/me/relationships", None),
    ("pm", "/mentoring/relationships/", _names),
    ("pm", "/api/v1/mentoring/relationships?limit=100", None),
])


def _requests_and_offers(w):
    """``add_rows``: leaders of the North West asking for a mentor, and as many offering."""
    def add(n):
        for i in range(n):
            ask(make_person(w.r0a if i % 2 else w.rbl))
            offer(make_person(w.rm3 if i % 2 else w.rbl))
    return add


@pytest.mark.parametrize("path, marker", [
    ("/mentoring/matching/?scope=Y62", _names),
    ("/api/v1/mentoring/requests?scope=Y62&limit=100", None),
    ("/api/v1/mentoring/offers?scope=Y62&limit=100", None),
])
def test_requests_and_offers_in_scope_stay_flat(client, w, path, marker):
    assert_flat(signed_in(client, w.pm, path), path, _requests_and_offers(w),
                row_marker=marker)


def _proposals(w, run):
    """``add_rows``: pairs both methods proposed in the run."""
    def add(n):
        for _ in range(n):
            request, offered = ask(make_person(w.r0a)), offer(make_person(w.rbl))
            for method in MatchMethod.values:
                MatchingProposal.objects.create(run=run, method=method, request=request,
                                                offer=offered, score=0.5)
    return add


@pytest.mark.parametrize("path, marker", [
    ("/mentoring/matching/runs/{run}/", _names),
    ("/api/v1/mentoring/runs/{run}", lambda text: text.count('"mentee_id"')),
])
def test_a_runs_proposals_stay_flat(client, w, path, marker):
    ask(w.lena_person)
    offer(w.mo_person)
    run = matching.run_matching(w.pm, "Y62")
    path = path.format(run=run.pk)
    assert_flat(signed_in(client, w.pm, path), path, _proposals(w, run), row_marker=marker)


@pytest.mark.parametrize("path, marker", [
    ("/mentoring/relationships/{rel}/", lambda text: text.count("Goal number")
     + text.count("Meeting number")),
    ("/api/v1/mentoring/relationships/{rel}", lambda text: text.count("Goal number")
     + text.count("Meeting number")),
])
def test_goals_and_meetings_stay_flat(client, w, path, marker):
    rel = MentoringRelationship.objects.create(mentor=w.mo_person, mentee=w.lena_person,
                                               started_on=dt.date(2026, 1, 1))

    def add(n):
        for _ in range(n):
            number = next(_numbers)
            services.add_goal(w.lena, rel, text=f"Goal number {number}")
            services.add_meeting(w.lena, rel, met_on=dt.date(2026, 2, 1),
                                 notes=f"Meeting number {number}")
    path = path.format(rel=rel.pk)
    assert_flat(signed_in(client, w.lena, path), path, add, row_marker=marker)


def test_a_leaders_requests_and_conflicts_stay_flat(client, w):
    def add(n):
        for _ in range(n):
            ask(w.lena_person)
            services.declare_conflict(w.lena, with_email=make_person(w.rbl).work_email,
                                      reason=f"Reason number {next(_numbers)}")
    for path, marker in [("/mentoring/", lambda text: text.count(", asked on ")),
                         ("/mentoring/conflicts/", lambda text: text.count("Reason number")),
                         ("/api/v1/mentoring/me/requests", None)]:
        assert_flat(signed_in(client, w.lena, path), path, add, row_marker=marker)

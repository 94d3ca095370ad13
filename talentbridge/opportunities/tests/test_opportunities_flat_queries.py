"""Every opportunities list runs as many queries with 100 rows as with 10 (`assert_flat`):
finding opportunities (page, API), drafts waiting for review, interest in an opportunity (page,
API), my interests and placements (page, API), placements involving my organisation, match
runs (page, API), a run's proposals, and the host organisation picker."""

from __future__ import annotations

import itertools

import pytest

from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import counting
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Placement
from talentbridge.opportunities.models import Proposal
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user

from .factories import make_interest
from .factories import make_opportunity
from .factories import make_opportunity_world

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


w = pytest.fixture(make_opportunity_world, name="w")


def _host(w):
    """A new trust in the world's system, with a talent lead who posts its opportunities."""
    number = next(_numbers)
    org = make_org(f"T{number:04d}", w.system, name=f"ZEDSHIRE TRUST {number}")
    return org, make_user(f"lead{number}")


def add_opportunities(w, status=OpportunityStatus.PUBLISHED, host=None):
    def add(n):
        for _ in range(n):
            org, lead = _host(w) if host is None else (host, w.host_lead)
            make_opportunity(org, posted_by=lead, status=status,
                             title=f"Zed secondment {next(_numbers)}")
    return add


def add_interests(w, opportunity):
    """Interest from people at RJ1 who let their system see them, each with a manager."""
    def add(n):
        for _ in range(n):
            person = make_person(w.rj1, given_name="Zed", visibility="system",
                                 line_manager=w.bob_person)
            make_interest(opportunity, person)
    return add


def add_my_interests(w, person):
    def add(n):
        for _ in range(n):
            org, lead = _host(w)
            make_interest(make_opportunity(org, posted_by=lead,
                                           title=f"Zed secondment {next(_numbers)}"), person)
    return add


def add_placements(w, person=None):
    """Placements, each in an opportunity of its own: of ``person``, or of a new person at
    RJ1 each."""
    def add(n):
        for _ in range(n):
            org, lead = _host(w)
            Placement.objects.create(
                opportunity=make_opportunity(org, posted_by=lead,
                                             title=f"Zed placement {next(_numbers)}"),
                person=person or make_person(w.rj1, given_name="Placed", visibility="system"),
                home_organisation=w.rj1, offered_by=lead)
    return add


@adds_rows(_numbers)
def add_runs(w, number):
    MatchRun.objects.create(scope=RunScope.SYSTEM, system=w.system,
                            created_by=make_user(f"runner{number}"))


def add_proposals(w, run):
    def add(n):
        for _ in range(n):
            org, lead = _host(w)
            Proposal.unscoped.create(
                run=run, score=10, merit=10, explanation="Proposed because of readiness",
                opportunity=make_opportunity(org, posted_by=lead,
                                             title=f"Zed secondment {next(_numbers)}"),
                person=make_person(w.rj1, given_name="Zed", visibility="system"))
    return add


@pytest.mark.parametrize("path", ["/opportunities/?words=Zed",
                                  "/api/v1/opportunities?words=Zed&limit=100"])
def test_finding_opportunities(client, w, path):
    client.force_login(w.alice)
    assert_flat(client, path, add_opportunities(w), row_marker=counting("Zed secondment"))


def test_drafts_waiting_for_review(client, w):
    client.force_login(w.host_lead)
    assert_flat(client, "/opportunities/",
                add_opportunities(w, OpportunityStatus.DRAFT, host=w.rj2),
                row_marker=counting("Zed secondment"))


@pytest.mark.parametrize("path", ["/opportunities/{pk}/", "/api/v1/opportunities/{pk}/interests"])
def test_interest_in_an_opportunity(client, w, path):
    client.force_login(w.system_lead)
    assert_flat(client, path.format(pk=w.opportunity.pk), add_interests(w, w.opportunity),
                row_marker=None if "api" in path else counting(">Zed "))


@pytest.mark.parametrize("path", ["/opportunities/mine/", "/api/v1/opportunities/me/interests"])
def test_my_interests(client, w, path):
    client.force_login(w.alice)
    assert_flat(client, path, add_my_interests(w, w.alice_person),
                row_marker=None if "api" in path else counting("Zed secondment"))


@pytest.mark.parametrize("path", ["/opportunities/mine/",
                                  "/api/v1/opportunities/me/placements"])
def test_my_placements(client, w, path):
    client.force_login(w.alice)
    assert_flat(client, path, add_placements(w, w.alice_person),
                row_marker=None if "api" in path else counting("Zed placement"))


def test_placements_involving_my_organisation(client, w):
    client.force_login(w.bob)
    assert_flat(client, "/opportunities/mine/", add_placements(w),
                row_marker=counting("Zed placement"))


@pytest.mark.parametrize("path", ["/opportunities/runs/", "/api/v1/opportunities/runs"])
def test_match_runs(client, w, path):
    client.force_login(w.system_lead)
    assert_flat(client, path, add_runs(w),
                row_marker=None if "api" in path else counting("Match run "))


def test_a_runs_proposals(client, w):
    run = MatchRun.objects.create(scope=RunScope.SYSTEM, system=w.system, created_by=w.admin,
                                  status=RunStatus.SUCCEEDED, placements=4)
    client.force_login(w.system_lead)
    assert_flat(client, f"/opportunities/runs/{run.pk}/", add_proposals(w, run),
                row_marker=counting("Zed secondment"))


def test_the_host_picker(client, w):
    client.force_login(w.admin)
    assert_flat(client, "/opportunities/hosts/?q=Zedshire", lambda n: [_host(w) for _ in range(n)],
                row_marker=counting('"id"'))

"""Every opportunities list pages: match runs, drafts waiting for review, my interests and
placements, placements involving my organisation and interest in an opportunity. Each says
"Showing 1 to N of Z", the next page shows the rest, and what the user may not see is neither
listed nor counted."""

from __future__ import annotations

import pytest

from talentbridge.core.tests.paging import two_pages
from talentbridge.core.tests.signing_in import client_for
from talentbridge.opportunities import views
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Placement
from talentbridge.opportunities.models import Proposal
from talentbridge.people.tests.factories import make_person

from .factories import make_interest
from .factories import make_opportunity
from .factories import make_opportunity_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_a_page(monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)


def test_match_runs_page_and_a_run_in_another_system_is_not_counted():
    w = make_opportunity_world()
    mine = [MatchRun.objects.create(scope=RunScope.SYSTEM, system=w.system, created_by=w.admin)
            for _ in range(3)]
    hidden = MatchRun.objects.create(scope=RunScope.SYSTEM, system=w.other_system,
                                     created_by=w.admin)
    first, second = two_pages(client_for(w.system_lead), "/opportunities/runs/", 3, "match runs")
    assert f"Match run {mine[2].pk}" in first and f"Match run {mine[0].pk}" not in first
    assert f"Match run {mine[0].pk}" in second
    assert f"Match run {hidden.pk} " not in first + second


def test_drafts_waiting_for_review_page_beyond_the_old_fifty():
    w = make_opportunity_world()
    for n in range(3):
        make_opportunity(w.rj2, title=f"Draft number {n}", status=OpportunityStatus.DRAFT)
    make_opportunity(w.rx1, title="Draft elsewhere", status=OpportunityStatus.DRAFT)
    first, second = two_pages(client_for(w.host_lead), "/opportunities/?words=&page=1", 3,
                              "opportunities", param="awaiting_page")
    assert "Draft number 0" in first and "Draft number 2" in second
    assert "Draft elsewhere" not in first + second


def test_placements_involving_my_organisation_page_and_hide_who_i_may_not_see():
    w = make_opportunity_world()
    people = [make_person(w.rj1, given_name=f"Placed{n}", visibility="system") for n in range(3)]
    for person in people:
        Placement.objects.create(opportunity=w.opportunity, person=person,
                                 home_organisation=w.rj1, offered_by=w.host_lead)
    first, second = two_pages(client_for(w.bob), "/opportunities/mine/", 3, "placements",
                              param="involving_page")
    assert "Placed0" in first + second and "Placed2" in first + second


def test_my_interests_and_placements_page():
    w = make_opportunity_world()
    for n in range(3):
        make_interest(make_opportunity(w.rj2, title=f"Secondment {n}"), w.alice_person)
        Placement.objects.create(opportunity=make_opportunity(w.rj2, title=f"Placement {n}"),
                                 person=w.alice_person, home_organisation=w.rj1,
                                 offered_by=w.host_lead)
    client = client_for(w.alice)
    first, second = two_pages(client, "/opportunities/mine/", 3, "interests",
                              param="interests_page")
    assert "Secondment 2" in first and "Secondment 0" in second
    two_pages(client, "/opportunities/mine/", 3, "offers and placements",
              param="placements_page")


def test_interest_in_an_opportunity_pages_and_counts_only_people_a_lead_may_see():
    w = make_opportunity_world()
    for n in range(3):
        make_interest(w.opportunity, make_person(w.rj1, given_name=f"Keen{n}",
                                                 visibility="system"))
    make_interest(w.opportunity, make_person(w.rj1, given_name="Hidden",
                                             visibility="organisation"))
    first, second = two_pages(client_for(w.system_lead), f"/opportunities/{w.opportunity.pk}/",
                              3, "people")
    assert "Hidden" not in first + second


def test_a_runs_proposals_say_how_many_and_page(monkeypatch):
    monkeypatch.setattr(views, "PROPOSALS_PAGE_SIZE", 2)
    w = make_opportunity_world()
    run = MatchRun.objects.create(scope=RunScope.SYSTEM, system=w.system, created_by=w.admin,
                                  status=RunStatus.SUCCEEDED, placements=4)
    for name, visibility in [("Seen0", "system"), ("Seen1", "system"), ("Seen2", "system"),
                             ("Unseen", "organisation")]:
        Proposal.unscoped.create(run=run, opportunity=w.opportunity, score=10, merit=10,
                                 person=make_person(w.rj1, given_name=name,
                                                    visibility=visibility),
                                 explanation="Proposed because of readiness")
    first, second = two_pages(client_for(w.system_lead), f"/opportunities/runs/{run.pk}/", 3,
                              "proposals")
    assert "Seen0" in first + second and "Unseen" not in first + second

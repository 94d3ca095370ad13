"""The opportunity pages: what each user sees and can do, bad input, and CSP safety."""

from __future__ import annotations

import pytest
from django.test import Client

from talentbridge.core.tests.confirming import assert_asks_first
from talentbridge.core.tests.signing_in import client_for
from talentbridge.core.tests.test_core_layout import assert_csp_safe
from talentbridge.core.tests.test_core_layout import header_nonce
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.codes import PlacementStatus
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.models import Interest
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Opportunity
from talentbridge.opportunities.models import Placement
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text

from .factories import future
from .factories import make_interest
from .factories import make_opportunity
from .factories import make_opportunity_world
from .factories import talent_profile

pytestmark = pytest.mark.django_db


def get_ok(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert_csp_safe(response.content.decode(), header_nonce(response))
    return response


def test_the_list_shows_what_a_leader_may_apply_for_and_hides_the_rest():
    w = make_opportunity_world()
    make_opportunity(w.rx1, title="Far away secondment")  # system reach, other system
    make_opportunity(w.rj2, title="Draft shadowing", status=OpportunityStatus.DRAFT)
    text = page_text(get_ok(client_for(w.alice), "/opportunities/"))
    assert "Deputy chief operating officer secondment" in text
    assert "Far away secondment" not in text
    assert "Draft shadowing" not in text
    text = page_text(get_ok(client_for(w.charlie), "/opportunities/"))
    assert "Far away secondment" in text and "Deputy chief" not in text


def test_filters_and_a_bad_filter_value_is_named():
    w = make_opportunity_world()
    make_opportunity(w.rj2, title="Board observer place", kind="board_observer")
    client = client_for(w.alice)
    text = page_text(get_ok(client, "/opportunities/?kind=board_observer"))
    assert "Board observer place" in text and "Deputy chief" not in text
    response = client.get("/opportunities/?kind=astronaut")
    assert '"astronaut" is not one of the options' in error_summary(response)


def test_an_outsider_cannot_see_a_draft_and_a_leader_cannot_post():
    w = make_opportunity_world()
    draft = make_opportunity(w.rj2, title="Draft", status=OpportunityStatus.DRAFT,
                             posted_by=w.host_lead)
    assert client_for(w.charlie).get(f"/opportunities/{draft.pk}/").status_code == 404
    assert client_for(w.alice).get(f"/opportunities/{draft.pk}/").status_code == 404
    assert client_for(w.alice).get("/opportunities/new/").status_code == 403
    assert Client().get("/opportunities/").status_code == 302


def test_a_talent_lead_posts_and_bad_input_names_the_field_and_the_value():
    w = make_opportunity_world()
    client = client_for(w.host_lead)
    get_ok(client, "/opportunities/new/")
    start, end, close = future(90), future(200), future(30)
    data = {
        "title": "Stretch project: discharge", "kind": "stretch_project",
        "summary": "Redesign discharge.", "host": "rj2", "time_percent": "20",
        "develops": ["1", "2"], "builds_towards": "", "band_min": "8a", "band_max": "8d",
        "seats": "2", "starts_on_day": start.day, "starts_on_month": start.month,
        "starts_on_year": start.year, "ends_on_day": end.day, "ends_on_month": end.month,
        "ends_on_year": end.year, "closes_on_day": close.day,
        "closes_on_month": close.month, "closes_on_year": close.year, "reach": "system",
    }
    bad = client.post("/opportunities/new/", {**data, "time_percent": "lots", "host": "ZZZ9"})
    summary = error_summary(bad)
    assert 'Share of working time (%) must be a whole number, like 3 ("lots" is not)' in summary
    assert 'No organisation you can choose for host organisation matches "ZZZ9"' in summary
    bad = client.post("/opportunities/new/", {**data, "band_min": "9", "band_max": "8a"})
    assert 'Highest band ("8a") must be the same as or above lowest band ("9")' in \
        error_summary(bad)
    not_mine = client.post("/opportunities/new/", {**data, "host": "RX1"})
    assert 'No organisation you can choose for host organisation matches "RX1"' in (
        error_summary(not_mine))
    not_mine = client.post("/opportunities/new/", {**data, "host_id": str(w.rx1.pk)})
    assert f'Choose host organisation from the list ("{w.rx1.pk}" is not one of the options)' \
        in error_summary(not_mine)
    assert not Opportunity.objects.filter(title=data["title"]).exists()
    response = client.post("/opportunities/new/", data)
    opportunity = Opportunity.objects.get(title=data["title"])
    assert response.status_code == 302 and opportunity.status == OpportunityStatus.DRAFT
    assert opportunity.develops == [1, 2] and opportunity.host == w.rj2
    client.post(f"/opportunities/{opportunity.pk}/submit/")
    client_for(w.system_lead).post(f"/opportunities/{opportunity.pk}/publish/")
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.PUBLISHED


def test_a_leader_expresses_interest_with_a_too_long_statement_then_a_good_one():
    w = make_opportunity_world()
    client = client_for(w.alice)
    path = f"/opportunities/{w.opportunity.pk}/interest/"
    get_ok(client, path)
    bad = client.post(path, {"statement": "x" * 1001, "preference_rank": "0"})
    summary = error_summary(bad)
    assert "Why you are interested must be 1000 characters or fewer" in summary
    assert "How high is it on your list? must be from 1 to 20 (you entered 0)" in summary
    assert not Interest.unscoped.exists()
    client.post(path, {"statement": "I ran winter planning.", "preference_rank": "1"})
    assert Interest.unscoped.get().preference_rank == 1
    text = page_text(get_ok(client, "/opportunities/mine/"))
    assert "Deputy chief operating officer secondment" in text
    client.post(f"/opportunities/{w.opportunity.pk}/withdraw/")
    assert Interest.unscoped.get().status == "withdrawn"


def test_talent_leads_see_interest_only_from_people_they_can_see():
    from talentbridge.people.tests.factories import make_person

    w = make_opportunity_world()
    make_interest(w.opportunity, w.alice_person)
    hidden = make_person(w.rj1, given_name="Hidden", visibility="organisation")
    make_interest(w.opportunity, hidden)
    text = page_text(get_ok(client_for(w.system_lead), f"/opportunities/{w.opportunity.pk}/"))
    assert "Alice Ashworth" in text and "Hidden" not in text
    assert "Interest so far 2 people" in text


def test_preferences_page_saves_and_names_an_unknown_ods_code():
    w = make_opportunity_world()
    client = client_for(w.alice)
    talent_profile(w.alice_person, readiness="1_2_years", aspiration_role="Chief Nurse",
                   development_need_mask=0b100)
    text = page_text(get_ok(client, "/opportunities/preferences/"))
    assert "Ready in 1 to 2 years" in text and "Chief Nurse" in text
    assert "Promoting equality and inclusion" in text
    data = {"open_to_other_organisations": "yes", "open_to_other_sectors": "no",
            "travel_reach": "region", "open_to_relocation": "no",
            "conflicts": [str(w.rj2.pk)], "conflicts_add": "nope"}
    bad = client.post("/opportunities/preferences/", data)
    assert 'No organisation you can choose for organisations where you have a conflict of ' \
           'interest matches "nope"' in error_summary(bad)
    assert not w.alice_person.conflicts_of_interest.exists()
    added = client.post("/opportunities/preferences/", {**data, "conflicts_add": "rx1",
                                                        "conflicts_adding": "1"})
    assert added.status_code == 200 and not w.alice_person.conflicts_of_interest.exists()
    assert f'name="conflicts" type="checkbox" value="{w.rx1.pk}" checked' in (
        added.content.decode())
    client.post("/opportunities/preferences/", {**data, "conflicts": [str(w.rx1.pk)],
                                                "conflicts_add": ""})
    w.alice_person.talent.refresh_from_db()
    assert w.alice_person.talent.travel_reach == "region"
    assert w.alice_person.talent.open_to_other_organisations
    assert w.alice_person.conflicts_of_interest.get().organisation == w.rx1


def test_the_whole_road_through_the_pages():
    w = make_opportunity_world()
    make_interest(w.opportunity, w.alice_person)
    lead = client_for(w.system_lead)
    get_ok(lead, "/opportunities/runs/new/")
    bad = lead.post("/opportunities/runs/new/", {"scope": "region:999",
                                                 "weight_ready_now": "-1"})
    summary = error_summary(bad)
    assert '"region:999" is not one of the options' in summary
    assert "must be from 0 to 1000 (you entered -1)" in summary
    assert not MatchRun.objects.exists()
    response = lead.post("/opportunities/runs/new/", {"scope": f"system:{w.system.pk}",
                                                      "positive_action_group": ""})
    run = MatchRun.objects.get()
    assert response.status_code == 302 and run.status == RunStatus.SUCCEEDED
    text = page_text(get_ok(lead, f"/opportunities/runs/{run.pk}/"))
    assert "Alice Ashworth" in text and "Proposed because" in text
    assert "Greedy (best pair first)" in text and "Proposal rate by ethnic group" in text
    assert lead.get(f"/opportunities/runs/{run.pk}/progress/").json()["progress"] == 100
    export = lead.get(f"/opportunities/runs/{run.pk}/instance.zip")
    assert export["Content-Type"] == "application/zip"
    assert client_for(w.charlie).get(f"/opportunities/runs/{run.pk}/").status_code == 404

    lead.post(f"/opportunities/proposals/{run.proposals.get().pk}/offer/")
    placement = Placement.unscoped.get()
    alice = client_for(w.alice)
    get_ok(alice, f"/opportunities/placements/{placement.pk}/")
    bad = alice.post(f"/opportunities/placements/{placement.pk}/respond/", {"answer": "maybe"})
    assert '"maybe" is not one of the options' in error_summary(bad)
    alice.post(f"/opportunities/placements/{placement.pk}/respond/", {"answer": "accept"})
    bob = client_for(w.bob)
    bad = bob.post(f"/opportunities/placements/{placement.pk}/home/",
                   {"home-decision": "refuse", "home-reason": ""})
    assert "Give a reason for not approving" in error_summary(bad)
    bob.post(f"/opportunities/placements/{placement.pk}/home/", {"home-decision": "approve"})
    client_for(w.host_lead).post(f"/opportunities/placements/{placement.pk}/host/",
                                 {"host-decision": "approve"})
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PLACED
    text = page_text(get_ok(alice, "/opportunities/mine/"))
    assert "Placement agreed" in text
    assert client_for(w.charlie).get(f"/opportunities/placements/{placement.pk}/") \
        .status_code == 404


def test_closing_an_opportunity_asks_first_and_only_the_confirmation_closes_it():
    w = make_opportunity_world()
    lead = client_for(w.host_lead)
    url = f"/opportunities/{w.opportunity.pk}/close/"
    assert f'href="{url}"' in get_ok(lead, f"/opportunities/{w.opportunity.pk}/").content.decode()
    assert_asks_first(lead, url, button="Close the opportunity",
                      back=f"/opportunities/{w.opportunity.pk}/",
                      question=f"close {w.opportunity.title}")
    assert Opportunity.objects.get(pk=w.opportunity.pk).status == OpportunityStatus.PUBLISHED
    assert client_for(w.alice).get(url).status_code in (403, 404)
    assert lead.get(f"/opportunities/{w.opportunity.pk}/publish/").status_code == 405
    lead.post(url)
    assert Opportunity.objects.get(pk=w.opportunity.pk).status == OpportunityStatus.CLOSED


def test_withdrawing_interest_asks_first_and_only_the_confirmation_withdraws_it():
    w = make_opportunity_world()
    make_interest(w.opportunity, w.alice_person)
    alice = client_for(w.alice)
    url = f"/opportunities/{w.opportunity.pk}/withdraw/"
    assert_asks_first(alice, url, button="Withdraw my interest",
                      back=f"/opportunities/{w.opportunity.pk}/",
                      question=f"withdraw your interest in {w.opportunity.title}",
                      can_undo="You can express interest again while the opportunity is open.")
    assert Interest.unscoped.get().status == "active"
    alice.post(url)
    assert Interest.unscoped.get().status == "withdrawn"

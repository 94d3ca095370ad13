"""The match-run page as a talent lead reads it: plain status, no empty cap, third person."""

from __future__ import annotations

import pytest
from django.test import Client

from engine.matching.scoring import in_third_person
from talentbridge.opportunities.models import MatchRun
from talentbridge.people.tests.factories import page_text

from .factories import make_interest
from .factories import make_opportunity_world

pytestmark = pytest.mark.django_db


def _lead_with_a_run(**form):
    w = make_opportunity_world()
    make_interest(w.opportunity, w.alice_person, rank=1)
    lead = Client()
    lead.force_login(w.system_lead)
    lead.post("/opportunities/runs/new/", {"scope": f"system:{w.system.pk}", **form})
    run = MatchRun.objects.get()
    return lead, run


def test_the_run_page_says_its_status_once_and_no_cap_in_words():
    lead, run = _lead_with_a_run()
    text = page_text(lead.get(f"/opportunities/runs/{run.pk}/"))
    assert "Release cap None" not in text and "No cap" in text
    assert "Finished: 1 proposals" not in text and "Finished: 1 proposal" in text
    assert "Finished (100%)" not in text


def test_the_run_page_speaks_of_the_leader_in_the_third_person():
    lead, run = _lead_with_a_run()
    text = page_text(lead.get(f"/opportunities/runs/{run.pk}/"))
    assert "Proposed because" in text
    assert "ranked it their 1st choice" in text
    assert "you ranked" not in text and " your " not in text.split("Proposals", 1)[1]


def test_the_run_page_names_no_command_line_tool():
    lead, run = _lead_with_a_run()
    text = page_text(lead.get(f"/opportunities/runs/{run.pk}/"))
    assert "talentbridge match" not in text


def test_the_positive_action_tie_break_can_be_left_off_and_set_back_off():
    w = make_opportunity_world()
    lead = Client()
    lead.force_login(w.system_lead)
    form = lead.get("/opportunities/runs/new/").content.decode()
    assert 'name="positive_action_group" type="radio" value="none"' in form \
        or 'value="none"' in form
    assert "No tie-break" in form
    # A refused form that had a group chosen shows the "No tie-break" choice to go back to.
    bad = lead.post("/opportunities/runs/new/", {"scope": "region:999",
                                                 "positive_action_group": "women"}).content
    assert b"No tie-break" in bad
    lead.post("/opportunities/runs/new/", {"scope": f"system:{w.system.pk}",
                                           "positive_action_group": "none"})
    run = MatchRun.objects.get()
    assert run.positive_action_group == ""
    text = page_text(lead.get(f"/opportunities/runs/{run.pk}/"))
    assert "Positive-action tie-break Off" in text


@pytest.mark.parametrize("second, third", [
    ("you ranked it your 2nd choice", "they ranked it their 2nd choice"),
    ("it gives you new experience: you have not worked at X", "it gives them new "
     "experience: they have not worked at X"),
    ("you said you are ready for a move now", "they said they are ready for a move now"),
    ("it is in your own region, within the travel you said you would consider",
     "it is in their own region, within the travel they said they would consider"),
])
def test_explanations_turn_into_the_third_person(second, third):
    assert in_third_person(f"Proposed because: {second}.") == f"Proposed because: {third}."

"""Match runs: hard rules, exact optimum, explanations, greedy comparison, fairness, failure."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.utils import timezone

from engine.matching import cli
from engine.matching.instance import read_instance
from engine.matching.solver import solve
from talentbridge.opportunities import services
from talentbridge.opportunities.codes import Aspiration
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.models import ConflictOfInterest
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Proposal
from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_person
from talentbridge.talent.frameworks import TravelReach

from .factories import make_interest
from .factories import make_opportunity
from .factories import make_opportunity_world
from .factories import talent_profile

pytestmark = pytest.mark.django_db


def run_for(w, **options) -> MatchRun:
    return services.start_run(w.system_lead, scope=RunScope.SYSTEM, system=w.system, **options)


def test_a_run_proposes_the_interested_leader_and_explains_why():
    w = make_opportunity_world()
    talent_profile(w.alice_person, readiness="ready_now", development_need_mask=0b000001,
                   travel_reach=TravelReach.WITHIN_SYSTEM)
    make_interest(w.opportunity, w.alice_person, rank=1)

    run = run_for(w)

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.progress == 100
    proposal = run.proposals.get()
    assert proposal.person == w.alice_person
    assert proposal.opportunity == w.opportunity
    # 10 per developed domain + 20 first choice + 20 ready now + new host 10 + 10 same system
    assert proposal.parts == {"development": 10, "aspiration": 0, "preference": 20,
                              "readiness": 20, "novelty": 10, "geography": 10}
    assert proposal.score == 70 == proposal.merit == run.merit_total
    assert "you ranked it your 1st choice" in proposal.explanation
    assert '"driving high quality and sustainable outcomes"' in proposal.explanation
    assert run.greedy_merit_total == 70 and run.greedy_placements == 1
    assert run.weights["preference_first"] == 20


def test_hard_rules_own_employer_band_reach_conflict_and_mobility():
    w = make_opportunity_world()
    own = make_person(w.rj2, visibility=Visibility.SYSTEM)           # works for the host
    junior = make_person(w.rj1, visibility=Visibility.SYSTEM, pay_band="7")
    elsewhere = make_person(w.rx1, visibility=Visibility.NATIONAL)   # outside a system reach
    conflicted = make_person(w.rj1, visibility=Visibility.SYSTEM)
    ConflictOfInterest.objects.create(person=conflicted, organisation=w.rj2)
    homebody = make_person(w.rj1, visibility=Visibility.SYSTEM)
    talent_profile(homebody, open_to_other_organisations=False,
                   travel_reach=TravelReach.NATIONAL)
    for person in (own, junior, elsewhere, conflicted):
        make_interest(w.opportunity, person)
    make_interest(w.opportunity, homebody, rank=None, source="nominated",
                  nominated_by=w.system_lead)
    hidden = make_person(w.rj1, visibility=Visibility.ORGANISATION)  # system lead cannot see
    make_interest(w.opportunity, hidden)

    run = run_for(w)

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert not run.proposals.exists()
    assert run.exclusions == {"own_employer": 1, "band": 1, "reach": 1, "mobility": 1,
                              "conflict_of_interest": 1, "no_seats_left": 0}
    assert run.candidates == 5  # the hidden person is never loaded


def test_seats_and_one_placement_per_person_and_the_optimum_beats_greedy():
    w = make_opportunity_world()
    # Two opportunities with one seat each; A wants both (scores 1st choice higher at X),
    # B wants only X. Greedy gives X to A and leaves B out; the optimum places both.
    x = w.opportunity
    y = make_opportunity(w.rj2, posted_by=w.host_lead, title="Board observer")
    a = make_person(w.rj1, visibility=Visibility.SYSTEM)
    b = make_person(w.rj1, visibility=Visibility.SYSTEM)
    make_interest(x, a, rank=1)
    make_interest(y, a, rank=2)
    make_interest(x, b, rank=3)

    run = run_for(w)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    placed = {(p.person_id, p.opportunity_id) for p in run.proposals.all()}
    assert placed == {(a.pk, y.pk), (b.pk, x.pk)}
    assert run.placements == 2 and run.greedy_placements == 1
    assert run.merit_total > run.greedy_merit_total


def test_release_cap_limits_leaders_released_by_one_organisation():
    w = make_opportunity_world()
    w.opportunity.seats = 3
    w.opportunity.save()
    for _ in range(3):
        make_interest(w.opportunity, make_person(w.rj1, visibility=Visibility.SYSTEM))
    run = run_for(w, release_cap=2)
    run.refresh_from_db()
    assert run.placements == 2


def test_travel_reach_is_honoured_for_nominations_unless_remote():
    w = make_opportunity_world()
    w.opportunity.reach = "national"
    w.opportunity.save()
    far = make_person(w.rx1, visibility=Visibility.NATIONAL)
    talent_profile(far, open_to_other_organisations=True, travel_reach=TravelReach.WITHIN_SYSTEM)
    make_interest(w.opportunity, far, rank=None, source="nominated", nominated_by=w.admin)
    run = services.start_run(w.admin, scope=RunScope.NATIONAL)
    run.refresh_from_db()
    assert run.exclusions["mobility"] == 1 and run.placements == 0
    w.opportunity.remote_possible = True
    w.opportunity.save()
    run = services.start_run(w.admin, scope=RunScope.NATIONAL)
    run.refresh_from_db()
    assert run.placements == 1


def test_the_exported_instance_solves_to_the_runs_merit_total(tmp_path):
    w = make_opportunity_world()
    for rank in (1, 2, 3):
        make_interest(w.opportunity, make_person(w.rj1, visibility=Visibility.SYSTEM), rank=rank)
    run = run_for(w)
    run.refresh_from_db()
    archive = services.export_instance(w.system_lead, run)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        z.extractall(tmp_path)
    instance = read_instance(tmp_path / f"match-run-{run.pk}")
    assert solve(instance).total_score == run.merit_total
    assert instance.n_pairs == run.pairs == 3


def test_talentbridge_match_solve_solves_an_export_of_a_tie_break_run_to_its_merit_total(
        tmp_path, capsys):
    """The export has no tie-break; solving it gives the run's merit total all the same."""
    from talentbridge.people.models import ProtectedCharacteristics

    w = make_opportunity_world()
    w.opportunity.seats = 2
    w.opportunity.save()
    for rank, sex in ((1, "1"), (1, "2"), (1, "2"), (2, "1")):
        person = make_person(w.rj1, visibility=Visibility.SYSTEM)
        ProtectedCharacteristics.objects.create(person=person, sex=sex)
        make_interest(w.opportunity, person, rank=rank)
    run = run_for(w, positive_action_group="women")
    run.refresh_from_db()
    with zipfile.ZipFile(io.BytesIO(services.export_instance(w.admin, run))) as z:
        z.extractall(tmp_path)
    code = cli.main(["solve", "--instance", str(tmp_path / f"match-run-{run.pk}"),
                     "--output", str(tmp_path / "solved")])
    assert code == 0
    summary = json.loads((tmp_path / "solved" / "summary.json").read_text())
    assert summary["total_score"] == run.merit_total == 2 * 30  # two first choices
    assert summary["assigned"] == run.placements == 2


def test_fairness_is_aggregate_and_suppressed():
    w = make_opportunity_world()
    for _ in range(3):
        make_interest(w.opportunity, make_person(w.rj1, visibility=Visibility.SYSTEM))
    run = run_for(w)
    run.refresh_from_db()
    table = run.fairness["ethnic_group"]
    assert table["reference"] == "White"
    for row in table["rows"]:
        assert row["candidates"] in ("*", 0) or row["candidates"] >= 8
        assert row["relative_likelihood"] is None
    assert "person" not in str(run.fairness)


def test_a_failed_run_leaves_no_proposals(monkeypatch):
    w = make_opportunity_world()
    make_interest(w.opportunity, w.alice_person)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("talentbridge.opportunities.matching.fairness_table", broken)
    run = run_for(w)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "disk full" in run.error
    assert not Proposal.unscoped.filter(run=run).exists()


def test_positive_action_only_breaks_ties_and_is_not_in_the_public_explanation():
    from talentbridge.people.models import ProtectedCharacteristics

    w = make_opportunity_world()
    white = make_person(w.rj1, visibility=Visibility.SYSTEM)
    minority = make_person(w.rj1, visibility=Visibility.SYSTEM)
    ProtectedCharacteristics.objects.create(person=white, ethnic_category="A")
    ProtectedCharacteristics.objects.create(person=minority, ethnic_category="N")
    make_interest(w.opportunity, white, rank=1)
    make_interest(w.opportunity, minority, rank=1)
    run = run_for(w, positive_action_group="ethnic_minority")
    run.refresh_from_db()
    proposal = run.proposals.get()
    assert proposal.person == minority and proposal.positive_action
    assert "positive action" not in proposal.explanation.lower()
    # with a real merit difference the tie-break cannot win
    make_interest(w.opportunity, make_person(w.rj1, visibility=Visibility.SYSTEM), rank=1)
    talent_profile(white, development_need_mask=1)
    run = run_for(w, positive_action_group="ethnic_minority")
    run.refresh_from_db()
    assert run.proposals.get().person == white


def test_matching_reads_the_talent_profile_kept_by_career_conversations():
    """Readiness, aspiration, development needs and mobility come from the talent profile
    (here written by recording a career conversation, and the mobility by the leader herself),
    the one source of truth."""
    from talentbridge.opportunities.services import save_preferences
    from talentbridge.talent.conversations import services as conversation_services

    w = make_opportunity_world()
    w.opportunity.builds_towards = Aspiration.EXECUTIVE_DIRECTOR
    w.opportunity.save()
    today = timezone.localdate()
    conversation_services.start_conversation(w.bob, w.alice_person, {  # RJ1's talent lead
        "held_on": today, "impact_level": "established", "growth_category": "stretch",
        "readiness": "1_2_years", "aspiration_role": "Chief Operating Officer",
        "development_needs": [1, 2], "open_to_other_organisations": True,
        "travel_reach": "region", "next_review_on": today + dt.timedelta(days=180)},
        record_now=True)
    save_preferences(w.alice_person.user, {"open_to_other_organisations": True,
                                           "travel_reach": "region"})
    make_interest(w.opportunity, w.alice_person, rank=None, source="nominated",
                  nominated_by=w.system_lead)

    run = run_for(w)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    proposal = run.proposals.get()
    assert proposal.parts == {"development": 20, "aspiration": 15, "preference": 0,
                              "readiness": 10, "novelty": 10, "geography": 10}
    assert "it builds towards your aspiration: executive director" in proposal.explanation


def test_without_a_talent_profile_its_defaults_apply():
    """No profile: not open to other organisations, travel within their own organisation, no
    readiness. A nomination is set aside; the leader's own interest still counts."""
    w = make_opportunity_world()
    nominated = make_person(w.rj1, visibility=Visibility.SYSTEM)
    make_interest(w.opportunity, nominated, rank=None, source="nominated",
                  nominated_by=w.system_lead)
    make_interest(w.opportunity, w.alice_person, rank=1)
    run = run_for(w)
    run.refresh_from_db()
    assert run.exclusions["mobility"] == 1
    proposal = run.proposals.get()
    assert proposal.person == w.alice_person
    assert proposal.parts["readiness"] == 0 and proposal.parts["geography"] == 0

"""A match run never hangs or half-finishes: a run whose worker died is marked failed with a
clear message, who may start a run at its scope can retry it, the solve runs outside any
transaction and a run given up on writes nothing. (The real killed worker is in
core/tests/test_work_worker.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from talentbridge.audit.models import AuditEvent
from talentbridge.core import work
from talentbridge.core.work import STOPPED_MESSAGE
from talentbridge.opportunities import matching
from talentbridge.opportunities import services
from talentbridge.opportunities import tasks
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Proposal
from talentbridge.opportunities.models import RunInstance
from talentbridge.people.tests.factories import page_text

from .factories import make_interest
from .factories import make_opportunity_world
from .test_api_opportunities import api_client
from .test_web_opportunities import client_for
from .test_web_opportunities import get_ok

BASE = "/api/v1/opportunities"


def _stalled_run(w, *, heartbeat_seconds_ago: float = 600, by=None) -> MatchRun:
    """A run a worker claimed and then stopped writing the heartbeat of (alice is
    interested in the opportunity, so a retry proposes her)."""
    if not w.alice_person.opportunity_interests.exists():
        make_interest(w.opportunity, w.alice_person, rank=1)
    now = timezone.now()
    return MatchRun.objects.create(
        scope=RunScope.SYSTEM, system=w.system, created_by=by or w.system_lead,
        weights=services.default_weights(), status=RunStatus.RUNNING, progress=40,
        progress_message="Scored 1 pairs", started_at=now - dt.timedelta(seconds=900),
        heartbeat_at=now - dt.timedelta(seconds=heartbeat_seconds_ago), work_token="dead")


@pytest.mark.django_db
def test_the_sweep_fails_only_runs_whose_heartbeat_stopped():
    w = make_opportunity_world()
    dead = _stalled_run(w)
    alive = _stalled_run(w, heartbeat_seconds_ago=10)
    finished = MatchRun.objects.create(scope=RunScope.NATIONAL, status=RunStatus.SUCCEEDED,
                                       created_by=w.admin)
    assert work.mark_stale_work_failed() == {"match run": [dead.pk]}
    dead.refresh_from_db()
    assert (dead.status, dead.error, dead.work_token) == (RunStatus.FAILED, STOPPED_MESSAGE, "")
    assert dead.finished_at is not None
    alive.refresh_from_db()
    finished.refresh_from_db()
    assert alive.status == RunStatus.RUNNING and finished.status == RunStatus.SUCCEEDED
    assert work.mark_stale_work_failed() == {}  # nothing more to do


@pytest.mark.django_db
def test_a_stalled_run_shows_as_failed_and_its_lead_retries_it_to_the_end():
    w = make_opportunity_world()
    run = _stalled_run(w)
    lead = client_for(w.system_lead)
    text = page_text(get_ok(lead, f"/opportunities/runs/{run.pk}/"))
    assert STOPPED_MESSAGE in text and "Retry this match run" in text
    response = lead.post(f"/opportunities/runs/{run.pk}/retry/")
    assert response.status_code == 302
    text = page_text(get_ok(lead, response.url))
    assert f"Match run {run.pk} is waiting to start again" in text
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.error == "" and run.work_token == ""
    assert list(run.proposals.values_list("person", flat=True)) == [w.alice_person.pk]
    assert "Retry this match run" not in text
    assert AuditEvent.objects.filter(action="update", target_id=str(run.pk),
                                     detail__retry=True).exists()


@pytest.mark.django_db
def test_only_a_failed_run_can_be_retried_and_the_message_names_its_status():
    w = make_opportunity_world()
    run = _stalled_run(w, heartbeat_seconds_ago=10)
    with pytest.raises(ValidationError) as error:
        services.retry_run(w.system_lead, run)
    assert error.value.message_dict["run"] == [
        f'Only a failed run can be retried; match run {run.pk} is "Running"']
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.work_token == "dead"  # nothing changed


@pytest.mark.django_db
def test_retrying_needs_the_right_to_start_a_run_at_its_scope():
    w = make_opportunity_world()
    # bob created it (so he may see it) but may not run a match for the whole system
    run = _stalled_run(w, by=w.bob)
    work.mark_stale_work_failed()
    bob = client_for(w.bob)
    assert "Retry this match run" not in page_text(get_ok(bob, f"/opportunities/runs/{run.pk}/"))
    assert bob.post(f"/opportunities/runs/{run.pk}/retry/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.retry_run(w.bob, run)
    assert client_for(w.charlie).post(f"/opportunities/runs/{run.pk}/retry/").status_code == 404
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and not run.proposals.exists()


@pytest.mark.django_db
def test_the_api_retries_a_failed_run_and_refuses_a_finished_one():
    w = make_opportunity_world()
    run = _stalled_run(w)
    lead = api_client(w.system_lead)
    seen = lead.get(f"{BASE}/runs/{run.pk}").json()
    assert (seen["status"], seen["error"]) == ("failed", STOPPED_MESSAGE)
    assert api_client(w.charlie).post(f"{BASE}/runs/{run.pk}/retry").status_code == 404
    response = lead.post(f"{BASE}/runs/{run.pk}/retry")
    assert response.status_code == 202
    assert lead.get(f"{BASE}/runs/{run.pk}").json()["status"] == "succeeded"
    again = lead.post(f"{BASE}/runs/{run.pk}/retry")
    assert again.status_code == 400
    assert "Only a failed run can be retried" in again.json()["errors"][0]["message"]


@pytest.mark.django_db
def test_a_run_given_up_on_while_it_ran_writes_nothing():
    w = make_opportunity_world()
    make_interest(w.opportunity, w.alice_person, rank=1)
    run = MatchRun.objects.create(scope=RunScope.SYSTEM, system=w.system,
                                  created_by=w.system_lead, weights=services.default_weights())
    token = work.claim(MatchRun, run.pk, waiting=RunStatus.QUEUED, running=RunStatus.RUNNING)
    assert work.mark_stale_work_failed(older_than=0) == {"match run": [run.pk]}
    assert matching.execute(MatchRun.objects.get(pk=run.pk), token=token) is None
    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, STOPPED_MESSAGE)
    assert not Proposal.unscoped.exists() and not RunInstance.objects.exists()
    # and its task, started again, leaves the failed run alone
    assert tasks.execute_run(run.pk)["status"].startswith("skipped")


@pytest.mark.django_db(transaction=True)
def test_progress_is_written_as_it_goes_and_the_solve_holds_no_transaction(monkeypatch):
    w = make_opportunity_world()
    make_interest(w.opportunity, w.alice_person, rank=1)
    run = MatchRun.objects.create(scope=RunScope.SYSTEM, system=w.system,
                                  created_by=w.system_lead, weights=services.default_weights())
    seen = {}
    solve = matching.solve

    def watched(instance):
        seen["in_transaction"] = connection.in_atomic_block
        seen["stored"] = MatchRun.objects.values_list("status", "progress_message").get(
            pk=run.pk)
        return solve(instance)

    monkeypatch.setattr(matching, "solve", watched)
    assert tasks.execute_run(run.pk)["status"] == RunStatus.SUCCEEDED
    assert seen == {"in_transaction": False,
                    "stored": (RunStatus.RUNNING, "Solving exactly: 1 pairs")}
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.proposals.count() == 1

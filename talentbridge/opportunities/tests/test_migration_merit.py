"""Migration 0003 leaves nothing derived from a protected characteristic in old match runs: the
scaled objective goes (merit totals stay), proposal scores become merit and stored instance
zips are rewritten with merit scores."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from talentbridge.people.tests.factories import make_person

from .factories import make_opportunity_world
from .test_migration_preferences import migrate

BEFORE, AFTER = "0002_preferences_move_to_talent_profile", "0003_merit_only_totals_and_exports"


def old_archive(run_id: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(f"match-run-{run_id}/candidates.csv",
                   "candidate_id,employer\n11,1\n12,1\n13,1\n")
        z.writestr(f"match-run-{run_id}/opportunities.csv", "opportunity_id,host,seats\n5,2,2\n")
        # 3 candidates: score = merit × 4 + 1 if in the group
        z.writestr(f"match-run-{run_id}/pairs.csv",
                   "candidate_id,opportunity_id,score\n11,5,121\n12,5,120\n13,5,81\n")
        z.writestr(f"match-run-{run_id}/README.txt", "equals the run's objective")
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
def test_old_runs_keep_merit_only():
    w = make_opportunity_world()
    person = make_person(w.rj1)
    try:
        apps = migrate(BEFORE)
        MatchRun = apps.get_model("opportunities", "MatchRun")
        Proposal = apps.get_model("opportunities", "Proposal")
        RunInstance = apps.get_model("opportunities", "RunInstance")
        run = MatchRun.objects.create(scope="national", status="succeeded", candidates=3,
                                      positive_action_group="women", objective=241,
                                      merit_total=60, greedy_objective=240, placements=2)
        plain = MatchRun.objects.create(scope="national", status="succeeded", candidates=3,
                                        objective=50, merit_total=50, greedy_objective=45)
        Proposal.objects.create(run=run, opportunity_id=w.opportunity.pk, person_id=person.pk,
                                score=121, merit=30, explanation="")
        RunInstance.objects.create(run=run, archive=old_archive(run.pk))

        apps = migrate(AFTER)
        MatchRun = apps.get_model("opportunities", "MatchRun")
        run = MatchRun.objects.get(pk=run.pk)
        assert (run.merit_total, run.greedy_merit_total) == (60, 60)
        assert MatchRun.objects.get(pk=plain.pk).greedy_merit_total == 45
        assert not hasattr(run, "objective")
        assert apps.get_model("opportunities", "Proposal").objects.get().score == 30
        stored = apps.get_model("opportunities", "RunInstance").objects.get()
        with zipfile.ZipFile(io.BytesIO(bytes(stored.archive))) as z:
            pairs = z.read(f"match-run-{run.pk}/pairs.csv").decode()
            readme = z.read(f"match-run-{run.pk}/README.txt").decode()
            assert z.read(f"match-run-{run.pk}/candidates.csv").decode().count("\n") == 4
        assert pairs == "candidate_id,opportunity_id,score\n11,5,30\n12,5,30\n13,5,20\n"
        assert "Scores are merit points only" in readme
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes())

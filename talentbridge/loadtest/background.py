"""Queue the load test's background work: a workforce snapshot import and a national match run,
through the same services the pages use, for the task workers to run while people use the
pages. ``python -m talentbridge.loadtest.background`` under the load test's settings.

The snapshot is the newest demo snapshot's staff written out again as an upload (shuffled, so
its file is new) and dated a few days later. ``cleanup`` deletes the snapshots an earlier load
test imported; the load test runs it once before the service starts, so that the newest
snapshot (whose figures the pages show, and the warm-up computes) changes during a run only
when that run's import finishes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys

import django

django.setup()

# Django is set up just above: these need the app registry.
import polars as pl  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from talentbridge.insights import scopes  # noqa: E402
from talentbridge.insights import services  # noqa: E402
from talentbridge.insights import storage  # noqa: E402
from talentbridge.insights.models import ImportStatus  # noqa: E402
from talentbridge.insights.models import WorkforceSnapshot  # noqa: E402
from talentbridge.opportunities import services as opportunities  # noqa: E402
from talentbridge.opportunities.models import MatchRun  # noqa: E402

PREFIX = "loadtest-"
COLUMNS = ["person_id", "org_code", "band", "staff_group", "ethnic_category", "sex",
           "disability", "date_of_birth", "fte", "start_date", "board"]


def _upload(snapshot: WorkforceSnapshot, seed: int) -> bytes:
    frame = (pl.read_parquet(storage.absolute(snapshot.parquet_path))
             .select(COLUMNS)
             .with_columns(pl.col("board").replace_strict({True: "Y", False: "N"}),
                           pl.exclude("board", "date_of_birth", "start_date")
                           .cast(pl.String))
             .sample(fraction=0.99, shuffle=True, seed=seed))  # new rows, not only a new file
    buffer = io.BytesIO()
    frame.write_csv(buffer, date_format="%Y-%m-%d")
    return buffer.getvalue()


def cleanup() -> dict:
    admin = get_user_model().objects.get(username="admin")
    deleted = 0
    for earlier in WorkforceSnapshot.objects.filter(source_filename__startswith=PREFIX):
        with transaction.atomic():
            services.delete_import(admin, earlier)
        deleted += 1
    return {"deleted": deleted}


def queue(seed: int) -> dict:
    user_model = get_user_model()
    newest = (WorkforceSnapshot.objects.filter(status=ImportStatus.READY, scope_key="england")
              .order_by("-as_of").first())
    if newest is None:
        raise SystemExit("No ready England snapshot to import again: build the demo first.")
    as_of = newest.as_of + dt.timedelta(days=1 + seed % 20)
    snapshot, _ = services.start_snapshot_import(
        None, _upload(newest, seed), filename=f"{PREFIX}{as_of.isoformat()}.csv", as_of=as_of,
        scope=scopes.ENGLAND)
    run = opportunities.start_run(user_model.objects.get(username="national.lead"),
                                  scope="national")
    return {"snapshot": snapshot.pk, "match_run": run.pk}


def report(ids: dict) -> dict:
    """Where the queued work got to, for the load test's report."""
    snapshot = WorkforceSnapshot.objects.get(pk=ids["snapshot"])
    run = MatchRun.objects.get(pk=ids["match_run"])
    return {"snapshot import": f"{snapshot.status} ({snapshot.message or 'no message'})"[:120],
            "match run": f"{run.status}" + (f" ({run.error})"[:100] if run.error else "")}


if __name__ == "__main__":
    if sys.argv[1] == "cleanup":
        print(json.dumps(cleanup()))
    elif sys.argv[1] == "queue":
        print(json.dumps(queue(int(sys.argv[2]))))
    else:
        print(json.dumps(report(json.loads(sys.argv[2]))))

"""Steps of the worker tests (test_work_worker.py), each run in its own process against a
scratch SQLite file with the database task backend:

    python -m talentbridge.core.tests.work_scenario setup   # schema, a small NHS, a queued
                                                            # match run and snapshot import
    python -m talentbridge.core.tests.work_scenario retry   # retry both, as their users

Synthetic data only.
"""

from __future__ import annotations

import json
import sys


def _setup() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from talentbridge.insights import services as insights
    from talentbridge.opportunities import services as opportunities
    from talentbridge.opportunities.codes import RunScope
    from talentbridge.opportunities.tests.factories import make_interest
    from talentbridge.opportunities.tests.factories import make_opportunity_world

    w = make_opportunity_world()
    make_interest(w.opportunity, w.alice_person, rank=1)
    run = opportunities.start_run(w.system_lead, scope=RunScope.SYSTEM, system=w.system)
    header = ("person_id,org_code,band,staff_group,ethnic_category,sex,disability,"
              "date_of_birth,fte,start_date,board")
    data = (f"{header}\nP1,RJ1,8a,08,A,F,N,1980-01-01,1.0,2010-01-01,N\n"
            f"P2,RJ1,Band 8B,08,H,M,N,1975-05-15,0.8,2005-01-01,N\n").encode()
    import datetime as dt

    snapshot, _ = insights.start_snapshot_import(
        w.admin, data, filename="staff.csv", as_of=dt.date(2026, 10, 1),
        scope="organisation:RJ1")
    return {"run": run.pk, "snapshot": snapshot.pk}


def _retry() -> dict:
    from talentbridge.accounts.models import User
    from talentbridge.insights import services as insights
    from talentbridge.insights.models import WorkforceSnapshot
    from talentbridge.opportunities import services as opportunities
    from talentbridge.opportunities.models import MatchRun

    run = MatchRun.objects.get()
    run = opportunities.retry_run(User.objects.get(username="sam"), run)
    snapshot = insights.retry_import(User.objects.get(username="admin"),
                                     WorkforceSnapshot.objects.get())
    return {"run": run.status, "snapshot": snapshot.status}


def main(step: str) -> None:
    import django

    django.setup()
    print(json.dumps({"setup": _setup, "retry": _retry}[step]()))


if __name__ == "__main__":
    main(sys.argv[1])

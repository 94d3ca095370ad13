"""Factories for the programmes tests.

`programme_world()` builds on the people factories' world (alice and bob at RJ1, RJ2 in the
same system QMJ, charlie at RX1 in system QMF, all in one region; an administrator) and adds:

    programme   "Aspiring chief executives", run for the system QMJ, with two criteria
    cohort      its "Cohort 5", open for applications, 2 places, panel: pat
    pm          programme manager for QMJ (runs it)
    pm_elsewhere programme manager for RX1 (does not)
    pm_region   programme manager for the region (runs it); pm_other_region for North West
                and pm_other_system for QMF (do not)
    pat         a panel member (no role)
    analyst     analyst for the region; other_analyst for RX1
"""

from __future__ import annotations

import datetime as dt

from talentbridge.accounts.models import Role
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world
from talentbridge.programmes.models import Cohort
from talentbridge.programmes.models import Criterion
from talentbridge.programmes.models import Programme
from talentbridge.programmes.models import ProgrammeScope


def make_programme(name: str = "Aspiring chief executives", **fields) -> Programme:
    values = {"scope_level": ProgrammeScope.ENGLAND, "eligibility": "Executive directors",
              **fields}
    programme = Programme.objects.create(name=name, **values)
    Criterion.objects.create(programme=programme, name="Leading for equality", position=1)
    Criterion.objects.create(programme=programme, name="Setting direction", position=2)
    return programme


def make_cohort(programme: Programme, name: str = "Cohort 5", **fields) -> Cohort:
    values = {"starts_on": dt.date(2027, 1, 10), "ends_on": dt.date(2027, 12, 10),
              "places": 2, **fields}
    return Cohort.objects.create(programme=programme, name=name, **values)


def programme_world():
    w = make_world()
    w.programme = make_programme(scope_level=ProgrammeScope.SYSTEM, system=w.system)
    w.cohort = make_cohort(w.programme)
    w.pm = make_user("pm", role=Role.PROGRAMME_MANAGER, scope=w.system)
    w.pm_elsewhere = make_user("pm2", role=Role.PROGRAMME_MANAGER, scope=w.rx1)
    w.pm_region = make_user("pm3", role=Role.PROGRAMME_MANAGER, scope=w.region)
    w.pm_other_region = make_user("pm4", role=Role.PROGRAMME_MANAGER,
                                  scope=make_region("Y62", "North West"))
    w.pm_other_system = make_user("pm5", role=Role.PROGRAMME_MANAGER, scope=w.other_system)
    w.pat = make_user("pat")
    w.cohort.panel.add(w.pat)
    w.analyst = make_user("ana", role=Role.ANALYST, scope=w.region)
    w.other_analyst = make_user("ana2", role=Role.ANALYST, scope=w.rx1)
    return w

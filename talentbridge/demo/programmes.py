"""The demo's development programmes: "First-time chief executives" (England; the first
cohort was nine) and "Aspiring chief executives" (North West), with past cohorts that were
scored, decided, attended and completed (some of whose participants moved up within two
years: they have the career history entries that show it), and one North West cohort open for
applications, to which the demo leader has applied, with applications for the demo programme
manager to score. Synthetic and deterministic (a seeded random.Random); idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import organisation_ids_in_region
from talentbridge.people.codes import CareerRoleKind
from talentbridge.people.codes import Sector
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.programmes.funnel import SENIORITY
from talentbridge.programmes.models import Application
from talentbridge.programmes.models import Attendance
from talentbridge.programmes.models import AttendanceStatus
from talentbridge.programmes.models import Cohort
from talentbridge.programmes.models import CohortStatus
from talentbridge.programmes.models import Criterion
from talentbridge.programmes.models import Decision
from talentbridge.programmes.models import Feedback
from talentbridge.programmes.models import Outcome
from talentbridge.programmes.models import Programme
from talentbridge.programmes.models import ProgrammeScope
from talentbridge.programmes.models import Route
from talentbridge.programmes.models import Score
from talentbridge.programmes.models import Session

from .generator import demo_people
from .steps import delete_counted
from .steps import make_way
from .steps import say

FIRST_TIME = "First-time chief executives"
ASPIRING = "Aspiring chief executives"
CRITERIA = ("Leading for equality", "Setting direction", "Working with partners")
#: Roles a participant moved up into (the demo's own titles, so a rebuild can remove them).
MOVE_TITLES = ("Chief Executive (appointed after the programme)",
               "Deputy Chief Executive (appointed after the programme)")


def delete() -> int:
    programmes = Programme.objects.filter(name__in=(FIRST_TIME, ASPIRING))
    return delete_counted(programmes, CareerHistoryEntry.unscoped.filter(
        role_title__in=MOVE_TITLES, person__in=demo_people()))


def build(seed: int, stdout=None, reset: bool = False) -> None:
    if not demo_people().exists():
        say(stdout, "Programmes: no demo people yet, so nothing to build.")
        return
    with transaction.atomic():
        exists = Programme.objects.filter(name__in=(FIRST_TIME, ASPIRING)).exists()
        if not make_way(stdout, exists, reset, "programmes", delete):
            return
        rng = random.Random(f"programmes-{seed}")
        users = {u.username: u for u in get_user_model().objects.filter(
            username__in=("leader", "programme.manager"))}
        senior = list(demo_people().filter(pay_band__in=SENIORITY[2:])
                      .select_related("user").order_by("pk"))
        north_west = Region.objects.filter(code="Y62").first()
        in_region = set(organisation_ids_in_region(north_west.pk)) if north_west else set()
        first = _programme(FIRST_TIME, ProgrammeScope.ENGLAND, None,
                           "Chief executives in their first provider chief executive post")
        aspiring = _programme(ASPIRING, ProgrammeScope.REGION, north_west,
                              "Executive directors in the North West, with an LCF "
                              "self-assessment")
        made = _past_cohorts(rng, first, senior, users, [9, 10, 12, 12])
        regional = [p for p in senior if p.organisation_id in in_region] or senior
        made += _past_cohorts(rng, aspiring, regional, users, [15, 15, 16])
        made += _open_cohort(rng, aspiring, regional, users)
    say(stdout, f"Built 2 demo programmes with {made} applications.")


def _programme(name, level, region, eligibility) -> Programme:
    programme = Programme.objects.create(
        name=name, scope_level=level, region=region, eligibility=eligibility,
        description=f"{name}: a development programme run in cohorts.")
    for position, criterion in enumerate(CRITERIA, 1):
        Criterion.objects.create(programme=programme, name=criterion, position=position)
    return programme


def _past_cohorts(rng, programme, people, users, places: list[int]) -> int:
    made = 0
    criteria = list(programme.criteria.all())
    manager = users.get("programme.manager")
    for number, size in enumerate(places, 1):
        starts = dt.date(2016 + 2 * number, 4, 1)
        cohort = Cohort.objects.create(programme=programme, name=f"Cohort {number}",
                                       starts_on=starts, ends_on=starts.replace(month=12),
                                       places=size, status=CohortStatus.FINISHED)
        if manager is not None:
            cohort.panel.add(manager)
        applicants = rng.sample(people, min(len(people), size * 3))
        sessions = [Session.objects.create(cohort=cohort, title=title,
                                           held_on=starts + dt.timedelta(days=45 * i))
                    for i, title in enumerate(("Leading the system", "Board simulation",
                                               "Finance for chief executives"), 1)]
        for rank, person in enumerate(applicants):
            made += 1
            _past_application(rng, cohort, person, rank < size, criteria, manager, sessions)
    return made


def _past_application(rng, cohort, person, selected, criteria, manager, sessions) -> None:
    moves_up = selected and rng.random() < 0.35 and person.pay_band in SENIORITY[1:]
    band = (SENIORITY[SENIORITY.index(person.pay_band) - 1] if moves_up else person.pay_band)
    completed = selected and rng.random() < 0.9
    application = Application.objects.create(
        cohort=cohort, person=person, statement="Why I am applying, against the LCF domains.",
        route=rng.choice([Route.APPLIED, Route.APPLIED, Route.NOMINATED]),
        band_at_application=band,
        decision=Decision.SELECTED if selected else rng.choice(
            [Decision.NOT_SELECTED, Decision.NOT_SELECTED, Decision.RESERVE]),
        outcome=(Outcome.COMPLETED if completed else Outcome.WITHDRAWN) if selected else "",
        outcome_on=cohort.ends_on if selected else None)
    if manager is not None:
        for criterion in criteria:
            Score.objects.create(application=application, criterion=criterion,
                                 scored_by=manager, score=rng.randint(2, 5))
    if not selected:
        return
    for session in sessions:
        Attendance.objects.create(session=session, place=application, status=rng.choice(
            [AttendanceStatus.ATTENDED] * 5 + [AttendanceStatus.APOLOGIES,
                                               AttendanceStatus.ABSENT]))
    if completed and rng.random() < 0.7:
        Feedback.objects.create(place=application, rating=rng.randint(3, 5),
                                comments=rng.choice(["", "The board simulation helped most.",
                                                     "More time with system leaders."]))
    if completed and moves_up:
        CareerHistoryEntry.objects.create(
            person=person, organisation_id=person.organisation_id, sector=Sector.NHS,
            role_title=rng.choice(MOVE_TITLES), kind=CareerRoleKind.SUBSTANTIVE,
            started_on=cohort.ends_on + dt.timedelta(days=rng.randint(60, 600)))


def _open_cohort(rng, programme, people, users) -> int:
    cohort = Cohort.objects.create(programme=programme, name="Cohort 4",
                                   starts_on=dt.date(2027, 4, 1), ends_on=dt.date(2027, 12, 1),
                                   places=15, status=CohortStatus.OPEN)
    manager = users.get("programme.manager")
    if manager is not None:
        cohort.panel.add(manager)
    leader = users.get("leader")
    applicants = [p for p in rng.sample(people, min(len(people), 12))
                  if leader is None or p.user_id != leader.pk]
    leader_person = getattr(leader, "person", None) if leader is not None else None
    if leader_person is not None:
        applicants.append(leader_person)
    for person in applicants:
        Application.objects.create(cohort=cohort, person=person,
                                   statement="Why I am applying, against the LCF domains.",
                                   band_at_application=person.pay_band)
    return len(applicants)

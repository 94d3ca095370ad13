"""A programme's fairness funnel: applied or nominated, scored, selected, completed, moved up
within two years, by ethnic group, sex and disability, through `engine.insights.funnel`.

Figures join in batches, when something about a whole cohort became final: its applications
when its selection closed (the cohort left "Open for applications"), its completions when it
finished, its moves up two years after it ended. So one application added, or one person
completing, never changes a published funnel on its own, and the engine controls every funnel
published since as one linked publication.

A move up: a completed place whose person has a career history entry (substantive, interim or
acting) starting within two years after completion, and whose pay band now is more senior than
when they applied. Seniority: 8a, 8b, 8c, 8d, 9, then very senior manager (VSM); consultants
and other medical grades are not ranked (they never count as moving up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from engine.insights.funnel import Entrant
from engine.insights.funnel import Funnel
from engine.insights.funnel import Stage
from engine.insights.funnel import publish
from talentbridge.people.codes import CareerRoleKind
from talentbridge.people.fairness_funnel import CHARACTERISTICS
from talentbridge.people.fairness_funnel import audit_funnel_read
from talentbridge.people.fairness_funnel import groups_of
from talentbridge.people.models import CareerHistoryEntry

from . import policy
from .models import Application
from .models import CohortStatus
from .models import Decision
from .models import Outcome
from .models import Programme
from .models import Score

SENIORITY = ("8a", "8b", "8c", "8d", "9", "vsm")
MOVE_KINDS = (CareerRoleKind.SUBSTANTIVE, CareerRoleKind.INTERIM, CareerRoleKind.ACTING)
TWO_YEARS = dt.timedelta(days=730)

STAGES = [
    Stage("applied", "Applied or nominated"),
    Stage("scored", "Scored by the panel", of="applied"),
    Stage("selected", "Selected", of="scored"),
    Stage("completed", "Completed", of="selected"),
    Stage("moved_up", "Moved up within two years", of="completed"),
]


def more_senior(band_now: str, band_then: str) -> bool:
    return (band_now in SENIORITY and band_then in SENIORITY
            and SENIORITY.index(band_now) > SENIORITY.index(band_then))


def moved_up_ids(places: Iterable[Application]) -> set[int]:
    """The places (completed) whose person moved up within two years of completing."""
    places = [p for p in places if p.outcome == Outcome.COMPLETED and p.outcome_on]
    people = {p.person_id for p in places}
    entries: dict[int, list[dt.date]] = {}
    for person_id, started in CareerHistoryEntry.unscoped.filter(
            person_id__in=people, kind__in=MOVE_KINDS).values_list("person_id", "started_on"):
        entries.setdefault(person_id, []).append(started)
    return {p.pk for p in places
            if more_senior(p.person.pay_band, p.band_at_application)
            and any(p.outcome_on < day <= p.outcome_on + TWO_YEARS
                    for day in entries.get(p.person_id, []))}


def batches_of(programme: Programme, today: dt.date) -> list[list[Entrant]]:
    """The programme's batches in the order they became final (see the module docstring)."""
    rows = list(Application.unscoped.filter(cohort__programme=programme)
                .exclude(cohort__status=CohortStatus.OPEN)
                .select_related("cohort", "person")
                .values_list("pk", "cohort_id", "cohort__starts_on", "cohort__ends_on",
                             "cohort__status", "decision", "outcome", *CHARACTERISTICS))
    scored = set(Score.unscoped.filter(application__cohort__programme=programme)
                 .values_list("application_id", flat=True))
    places = Application.unscoped.filter(cohort__programme=programme,
                                         outcome=Outcome.COMPLETED).select_related("person")
    moved = moved_up_ids(places)
    events: dict[tuple[dt.date, int, int], list[Entrant]] = {}
    for pk, cohort, starts, ends, status, decision, outcome, e, s, d in rows:
        groups = groups_of(e, s, d)
        first = {"applied"} | ({"scored"} if pk in scored else set())
        if decision == Decision.SELECTED:
            first.add("selected")
        events.setdefault((starts, cohort, 0), []).append(Entrant(groups, frozenset(first)))
        if status == CohortStatus.FINISHED and outcome == Outcome.COMPLETED:
            events.setdefault((ends, cohort, 1), []).append(
                Entrant(groups, frozenset({"completed"})))
            if pk in moved and ends + TWO_YEARS <= today:
                events.setdefault((ends + TWO_YEARS, cohort, 2), []).append(
                    Entrant(groups, frozenset({"moved_up"})))
    return [events[key] for key in sorted(events)]


def programme_funnel(user, programme: Programme, *, request=None,
                     today: dt.date | None = None) -> Funnel:
    """The programme's funnel for whoever may read it (policy rule 6)."""
    audit_funnel_read(user, programme, allowed=policy.can_view_funnel(user, programme),
                      refusal="Only the programme's managers, and analysts and talent leads "
                              "whose scope holds it, may see its funnel.", request=request)
    return publish(batches_of(programme, today or timezone.localdate()), STAGES)

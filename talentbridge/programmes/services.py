"""Development programmes: set-up, applications and nominations, panel scores, decisions,
sessions and attendance, completion and feedback (docs/programmes.md).

Shared by the web pages, the API, the data export and the demo. Each function asks
`programmes.policy`, checks its input (a ValidationError naming the field and the value, with
nothing written) and is audited. Applications are read with `Application.unscoped` only after
the policy decided (programme managers see applicants the people policy would not show them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import mean

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from engine.insights.disclosure import MIN_FOR_RATE
from engine.insights.disclosure import control_count
from talentbridge.accounts.grants import grants_for
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.notifications.services import notify
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import Person

from . import policy
from .models import SCORE_MAX
from .models import SCORE_MIN
from .models import Application
from .models import Attendance
from .models import AttendanceStatus
from .models import Cohort
from .models import CohortStatus
from .models import Decision
from .models import Feedback
from .models import Outcome
from .models import Programme
from .models import Route
from .models import Score
from .models import Session

STATEMENT_MAX = Application._meta.get_field("statement").max_length
NOTIFY_KIND = "approval"


@dataclass(frozen=True)
class PlaceSummary:
    """One of a person's cohort places (for development plans and the person's own pages)."""

    application_id: int
    programme_id: int
    programme: str
    cohort_id: int
    cohort: str
    starts_on: dt.date
    ends_on: dt.date
    outcome: str  # "On the programme", "Completed" or "Withdrawn"


def programmes_of(person_id: int) -> list[PlaceSummary]:
    """The person's cohort places (selected applications), newest first. The caller has
    already decided it may see the person (the person themselves, or through their plan)."""
    places = (Application.unscoped.filter(person_id=person_id, decision=Decision.SELECTED)
              .select_related("cohort__programme").order_by("-cohort__starts_on", "pk"))
    return [PlaceSummary(a.pk, a.cohort.programme_id, a.cohort.programme.name, a.cohort_id,
                         a.cohort.name, a.cohort.starts_on, a.cohort.ends_on,
                         a.get_outcome_display()) for a in places]


# ---- reading -----------------------------------------------------------------------------


def managed_programmes(user) -> list[Programme]:
    """The programmes this user runs (rule 1)."""
    return [p for p in Programme.objects.select_related("organisation", "system", "region")
            if policy.manages(user, p)]


def get_programme(user, pk: int, *, for_funnel: bool = False) -> Programme:
    programme = Programme.objects.filter(pk=pk).first()
    allowed = programme is not None and (
        policy.can_view_funnel(user, programme) if for_funnel else policy.manages(user, programme))
    if not allowed:
        raise Http404("No such programme")
    return programme


def get_cohort(user, pk: int) -> Cohort:
    """A cohort its programme's managers or its panel may open."""
    cohort = Cohort.objects.select_related("programme").filter(pk=pk).first()
    if cohort is None or not (policy.manages(user, cohort.programme)
                              or policy.on_panel(user, cohort)):
        raise Http404("No such cohort")
    return cohort


def open_cohorts(user) -> list[Cohort]:
    """Cohorts open for applications that this leader may apply to (rule 4)."""
    cohorts = (Cohort.objects.filter(status=CohortStatus.OPEN)
               .select_related("programme__system"))
    placements = placements_on()  # once for every cohort
    return [c for c in cohorts if policy.can_apply(user, c, placements)]


def my_applications(user, *, request=None) -> list[Application]:
    grants = grants_for(user)
    if grants.person_id is None:
        return []
    rows = list(Application.objects.visible_to(user).filter(person_id=grants.person_id)
                .select_related("cohort__programme").order_by("-submitted_at"))
    record_read(actor=user, request=request, people=[grants.person_id],
                what="my programme applications")
    return rows


def get_application(user, pk: int) -> Application:
    application = (Application.unscoped.select_related("cohort__programme", "person")
                   .filter(pk=pk).first())
    if application is None or not policy.can_view_application(user, application):
        raise Http404("No such application")
    return application


@dataclass(frozen=True)
class ApplicationRow:
    application: Application
    name: str
    my_scores: dict[int, int]  # criterion id -> this viewer's score
    total: int | None  # the panel's total and mean (managers and panel members)
    mean: float | None
    scorers: int


def applications_of(user, cohort: Cohort, *, request=None) -> list[ApplicationRow]:
    """A cohort's applications for its managers and panel, with the panel's totals."""
    if not (policy.manages(user, cohort.programme) or policy.on_panel(user, cohort)):
        raise PermissionDenied("Only the programme's managers and the cohort's panel may see "
                               "its applications.")
    grants = grants_for(user)
    rows = []
    applications = (Application.unscoped.filter(cohort=cohort).select_related("person")
                    .exclude(person_id=grants.person_id or 0))
    scores = Score.unscoped.filter(application__cohort=cohort)
    by_application: dict[int, list[Score]] = {}
    for s in scores:
        by_application.setdefault(s.application_id, []).append(s)
    for a in applications:
        own = by_application.get(a.pk, [])
        values = [s.score for s in own]
        mine = {s.criterion_id: s.score for s in own if s.scored_by_id == grants.user_id}
        rows.append(ApplicationRow(a, a.person.full_name, mine,
                                   sum(values) if values else None,
                                   round(mean(values), 2) if values else None,
                                   len({s.scored_by_id for s in own})))
    record_read(actor=user, request=request, target=cohort, what="applications",
                people=[r.application.person_id for r in rows])
    return rows


# ---- writing -----------------------------------------------------------------------------


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _notify_person(person: Person, subject: str, body: str, link: str) -> None:
    if person.user_id is not None:
        notify(kind=NOTIFY_KIND, subject=subject, body=body, to_user=person.user, link=link)


def _check_statement(statement: str) -> str:
    text = (statement or "").strip()
    if not text:
        raise ValidationError({"statement": "Enter a statement"})
    if len(text) > STATEMENT_MAX:
        raise ValidationError({"statement": f"The statement must be {STATEMENT_MAX} characters "
                                            f"or fewer (it has {len(text)})"})
    return text


def _check_not_twice(cohort: Cohort, person: Person) -> None:
    if Application.unscoped.filter(cohort=cohort, person=person).exists():
        raise ValidationError({"cohort": f"{person.full_name} has already applied to "
                                         f"{cohort} (applying twice is not allowed)"})


def apply(user, cohort: Cohort, *, statement: str, request=None) -> Application:
    """A leader applies to an open cohort (rule 4)."""
    _require(policy.can_apply(user, cohort), "You may not apply to this cohort.")
    person = Person.objects.visible_to(user).get(pk=grants_for(user).person_id)
    text = _check_statement(statement)
    with transaction.atomic():
        _check_not_twice(cohort, person)
        application = Application.objects.create(cohort=cohort, person=person, statement=text,
                                                 band_at_application=person.pay_band)
        record(actor=user, action=AuditAction.CREATE, target=application, request=request,
               detail={"person": person.pk, "cohort": cohort.pk, "route": Route.APPLIED})
    notify(kind=NOTIFY_KIND, subject=f"Application received: {cohort}",
           body=f"We have your application to {cohort}.", to_user=user,
           link="/programmes/mine/")
    return application


def nominate(user, cohort: Cohort, *, person_id, statement: str, request=None) -> Application:
    """A talent lead or line manager nominates someone they may see (rule 5)."""
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    if person is None:
        raise ValidationError({"person": f'"{person_id}" is not a person you may nominate'})
    _require(policy.can_nominate(user, cohort, person),
             "You may not nominate this person to this cohort.")
    text = _check_statement(statement)
    with transaction.atomic():
        _check_not_twice(cohort, person)
        application = Application.objects.create(
            cohort=cohort, person=person, statement=text, route=Route.NOMINATED,
            nominated_by=user, band_at_application=person.pay_band)
        record(actor=user, action=AuditAction.CREATE, target=application, request=request,
               detail={"person": person.pk, "cohort": cohort.pk, "route": Route.NOMINATED})
    _notify_person(person, f"You have been nominated for {cohort}",
                   f"You have been nominated for {cohort}.", "/programmes/mine/")
    return application


def score(user, application: Application, scores: dict[int, int], *,
          request=None) -> list[Score]:
    """A panel member's scores (1 to 5) against the programme's criteria; all or nothing."""
    _require(policy.can_score(user, application), "Only the cohort's panel may score it.")
    criteria = {c.pk: c for c in application.cohort.programme.criteria.all()}
    problems = {}
    for criterion_id, value in scores.items():
        if criterion_id not in criteria:
            problems[f"criterion_{criterion_id}"] = (
                f'"{criterion_id}" is not a criterion of this programme')
        elif not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
            problems[f"criterion_{criterion_id}"] = (
                f"Score for {criteria[criterion_id].name} must be from {SCORE_MIN} to "
                f"{SCORE_MAX} (it was {value})")
    if problems:
        raise ValidationError(problems)
    saved = []
    with transaction.atomic():
        for criterion_id, value in scores.items():
            row, _ = Score.unscoped.update_or_create(
                application=application, criterion_id=criterion_id, scored_by=user,
                defaults={"score": value})
            saved.append(row)
        record(actor=user, action=AuditAction.UPDATE, target=application, request=request,
               detail={"person": application.person_id, "scores": {
                   str(k): v for k, v in scores.items()}})
    return saved


def decide(user, application: Application, *, decision: str, request=None) -> Application:
    """Selected, reserve or not selected; selected only while the cohort has places."""
    _require(policy.can_decide(user, application), "Only the programme's managers decide.")
    if decision not in (Decision.SELECTED, Decision.RESERVE, Decision.NOT_SELECTED):
        raise ValidationError({"decision": f'"{decision}" is not a decision (selected, '
                                           "reserve or not selected)"})
    cohort = application.cohort
    with transaction.atomic():
        Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
        if decision == Decision.SELECTED and application.decision != Decision.SELECTED:
            taken = Application.unscoped.filter(cohort=cohort,
                                                decision=Decision.SELECTED).count()
            if taken >= cohort.places:
                raise ValidationError({"decision": (
                    f"{cohort} has {cohort.places} places and all {taken} are taken: "
                    "selecting one more would put the cohort over its places")})
        if application.outcome and decision != Decision.SELECTED:
            raise ValidationError({"decision": (
                f'"{decision}": this place has already been '
                f"{application.get_outcome_display().lower()}, so the decision stays "
                "selected")})
        previous = application.decision
        application.decision = decision
        application.decided_at = timezone.now()
        application.save(update_fields=["decision", "decided_at"])
        record(actor=user, action=AuditAction.UPDATE, target=application, request=request,
               detail={"person": application.person_id, "decision": [previous, decision]})
    label = application.get_decision_display()
    _notify_person(application.person, f"Decision on your application to {cohort}: {label}",
                   f"The decision on your application to {cohort} is: {label}."
                   + (" You have a place on the cohort." if decision == Decision.SELECTED
                      else ""), "/programmes/mine/")
    return application


def add_session(user, cohort: Cohort, *, title: str, held_on: dt.date,
                request=None) -> Session:
    _require(policy.manages(user, cohort.programme), "Only the programme's managers.")
    if not (title or "").strip():
        raise ValidationError({"title": "Enter the session's title"})
    session = Session.objects.create(cohort=cohort, title=title.strip(), held_on=held_on)
    record(actor=user, action=AuditAction.CREATE, target=session, request=request)
    return session


def record_attendance(user, session: Session, marks: dict[int, str], *,
                      request=None) -> int:
    """Attendance for places on the session's cohort; all or nothing."""
    _require(policy.manages(user, session.cohort.programme), "Only the programme's managers.")
    places = set(Application.unscoped.filter(cohort=session.cohort, decision=Decision.SELECTED)
                 .values_list("pk", flat=True))
    problems = {}
    for place_id, status in marks.items():
        if place_id not in places:
            problems[f"place_{place_id}"] = (f'"{place_id}" is not a place on {session.cohort}: '
                                             "attendance is only for the cohort's members")
        elif status not in AttendanceStatus.values:
            problems[f"place_{place_id}"] = (f'"{status}" is not attended, apologies or absent')
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        for place_id, status in marks.items():
            Attendance.unscoped.update_or_create(session=session, place_id=place_id,
                                                 defaults={"status": status})
        record(actor=user, action=AuditAction.UPDATE, target=session, request=request,
               detail={"people": sorted(Application.unscoped.filter(pk__in=marks)
                                        .values_list("person_id", flat=True)),
                       "attendance": {str(k): v for k, v in marks.items()}})
    return len(marks)


def set_outcome(user, place: Application, *, outcome: str, on: dt.date,
                request=None) -> Application:
    """Completed or withdrawn, on a date."""
    _require(policy.manages(user, place.cohort.programme), "Only the programme's managers.")
    if place.decision != Decision.SELECTED:
        raise ValidationError({"outcome": "Only a place on the cohort can be completed or "
                                          "withdrawn"})
    if outcome not in (Outcome.COMPLETED, Outcome.WITHDRAWN):
        raise ValidationError({"outcome": f'"{outcome}" is not completed or withdrawn'})
    place.outcome, place.outcome_on = outcome, on
    place.save(update_fields=["outcome", "outcome_on"])
    record(actor=user, action=AuditAction.UPDATE, target=place, request=request,
           detail={"person": place.person_id, "outcome": outcome})
    if outcome == Outcome.COMPLETED:
        _notify_person(place.person, f"Your feedback on {place.cohort}",
                       f"You have completed {place.cohort}. Please give your feedback.",
                       "/programmes/mine/")
    return place


def give_feedback(user, place: Application, *, rating, comments: str = "",
                  request=None) -> Feedback:
    _require(policy.can_give_feedback(user, place), "You may not give feedback on this place.")
    if not isinstance(rating, int) or not SCORE_MIN <= rating <= SCORE_MAX:
        raise ValidationError({"rating": f"Rating must be from {SCORE_MIN} to {SCORE_MAX} "
                                         f"(it was {rating})"})
    feedback = Feedback.objects.create(place=place, rating=rating,
                                       comments=(comments or "").strip())
    record(actor=user, action=AuditAction.CREATE, target=feedback, request=request,
           detail={"person": place.person_id})
    return feedback


@dataclass(frozen=True)
class FeedbackSummary:
    responses: int | str
    mean_rating: float | None  # only from MIN_FOR_RATE responses
    comments: list[str]  # anonymous, in alphabetical order, only from MIN_FOR_RATE responses


def feedback_summary(user, cohort: Cohort, *, request=None) -> FeedbackSummary:
    _require(policy.manages(user, cohort.programme), "Only the programme's managers.")
    rows = list(Feedback.unscoped.filter(place__cohort=cohort).values_list("rating", "comments"))
    record(actor=user, action=AuditAction.VIEW, target=cohort, request=request,
           detail={"what": "feedback summary"})
    if len(rows) < MIN_FOR_RATE:
        return FeedbackSummary(control_count(len(rows)), None, [])
    return FeedbackSummary(control_count(len(rows)), round(mean(r for r, _ in rows), 1),
                           sorted(c for _, c in rows if c))


def places_of(user, cohort: Cohort, *, request=None) -> list[Application]:
    """The cohort's places (selected applications) with their attendance, for its managers."""
    _require(policy.manages(user, cohort.programme), "Only the programme's managers.")
    places = list(Application.unscoped.filter(cohort=cohort, decision=Decision.SELECTED)
                  .select_related("person"))
    record_read(actor=user, request=request, target=cohort, what="places",
                people=[p.person_id for p in places])
    return places


def attendance_marks(session: Session) -> dict[int, str]:
    return dict(Attendance.unscoped.filter(session=session).values_list("place_id", "status"))


def get_session(user, pk: int) -> Session:
    session = Session.objects.select_related("cohort__programme").filter(pk=pk).first()
    if session is None or not policy.manages(user, session.cohort.programme):
        raise Http404("No such session")
    return session


def set_cohort_status(user, cohort: Cohort, status: str, *, request=None) -> Cohort:
    _require(policy.manages(user, cohort.programme), "Only the programme's managers.")
    if status not in CohortStatus.values:
        raise ValidationError({"status": f'"{status}" is not a cohort status'})
    previous, cohort.status = cohort.status, status
    cohort.save(update_fields=["status"])
    record(actor=user, action=AuditAction.UPDATE, target=cohort, request=request,
           detail={"status": [previous, status]})
    return cohort


def my_programme_data(user, person: Person) -> list[dict]:
    """The person's applications, places, attendance and the feedback they gave, for their
    copy of their data (never the panel's individual scores)."""
    if grants_for(user).person_id != person.pk:
        raise PermissionDenied("Only the person themselves.")
    rows = []
    applications = (Application.objects.visible_to(user).filter(person=person)
                    .select_related("cohort__programme").order_by("submitted_at"))
    for a in applications:
        attendance = (Attendance.objects.visible_to(user).filter(place=a)
                      .select_related("session").order_by("session__held_on"))
        feedback = Feedback.objects.visible_to(user).filter(place=a).first()
        rows.append({
            "programme": a.cohort.programme.name, "cohort": a.cohort.name,
            "route": a.get_route_display(), "statement": a.statement,
            "submitted": a.submitted_at.isoformat(), "decision": a.get_decision_display(),
            "place": a.get_outcome_display() if a.is_place else "",
            "completed or withdrew on": a.outcome_on.isoformat() if a.outcome_on else "",
            "attendance": [{"session": m.session.title, "held on": m.session.held_on.isoformat(),
                            "status": m.get_status_display()} for m in attendance],
            "feedback I gave": ({"rating": feedback.rating, "comments": feedback.comments}
                                if feedback else None),
        })
    return rows


def waiting_counts(user) -> dict[str, list[tuple[object, int]]]:
    """Work waiting for this user: applications to score (panel) and to decide (managers),
    sessions held without attendance recorded (managers), feedback to give (participants)."""
    grants = grants_for(user)
    out: dict[str, list[tuple[object, int]]] = {"score": [], "decide": [], "attendance": [],
                                                "feedback": []}
    if grants.user_id is None:
        return out
    selecting = (CohortStatus.OPEN, CohortStatus.SELECTION)
    for cohort in Cohort.objects.filter(panel=grants.user_id, status__in=selecting):
        n = (Application.unscoped.filter(cohort=cohort).exclude(person_id=grants.person_id or 0)
             .exclude(scores__scored_by=grants.user_id).count())
        if n:
            out["score"].append((cohort, n))
    if policy.is_programme_manager(user):
        today = timezone.localdate()
        for cohort in Cohort.objects.select_related("programme").exclude(
                status=CohortStatus.FINISHED):
            if not policy.manages(user, cohort.programme):
                continue
            pending = Application.unscoped.filter(cohort=cohort, decision=Decision.PENDING)
            if cohort.status == CohortStatus.SELECTION and pending.exists():
                out["decide"].append((cohort, pending.count()))
            unrecorded = cohort.sessions.filter(held_on__lte=today, attendance__isnull=True)
            if unrecorded.exists():
                out["attendance"].append((cohort, unrecorded.distinct().count()))
    if grants.person_id is not None:
        for place in (Application.objects.visible_to(user)
                      .filter(person_id=grants.person_id, decision=Decision.SELECTED)
                      .select_related("cohort")):
            if policy.can_give_feedback(user, place):
                out["feedback"].append((place, 1))
    return out

"""Programmes pages: a programme manager's programmes, cohorts, applications with panel scores
and decisions, sessions and attendance, outcomes, the fairness funnel and its download; a
leader's programmes (open cohorts, their applications and places). Thin views over the
services, which ask the policy and audit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from engine.insights import funnel_tables as presenters
from talentbridge.audit.services import record_read
from talentbridge.core.paging import paginate
from talentbridge.core.views import carry_out
from talentbridge.core.views import download
from talentbridge.core.views import form_status
from talentbridge.core.views import refuse_unless
from talentbridge.core.views import save_form

from . import exports
from . import policy
from . import services
from . import setup
from .forms import ApplyForm
from .forms import AttendanceForm
from .forms import DecisionForm
from .forms import FeedbackForm
from .forms import OutcomeForm
from .forms import ScoreForm
from .forms import SessionForm
from .funnel import programme_funnel
from .models import Cohort
from .models import CohortStatus

PER_PAGE = 25


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The programmes a programme manager runs."""
    if not policy.is_programme_manager(request.user):
        return redirect("programmes:mine")
    paged = paginate(request, services.managed_programmes(request.user), PER_PAGE,
                     "programme", "programmes")
    return render(request, "programmes/home.jinja", {"paged": paged})


@login_required
@require_GET
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.get_programme(request.user, pk)
    return render(request, "programmes/programme.jinja", {
        "programme": item, "cohorts": list(item.cohorts.all()),
        "criteria": list(item.criteria.all())})


@login_required
@require_GET
def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.get_cohort(request.user, pk)
    manages = policy.manages(request.user, item.programme)
    rows = services.applications_of(request.user, item, request=request)
    paged = paginate(request, rows, PER_PAGE, "application", "applications")
    return render(request, "programmes/cohort.jinja", {
        "cohort": item, "paged": paged, "manages": manages,
        "criteria": list(item.programme.criteria.all()),
        "places": services.places_of(request.user, item) if manages else [],
        "sessions": list(item.sessions.all()) if manages else [],
        "feedback": services.feedback_summary(request.user, item) if manages else None,
        "statuses": CohortStatus.choices,
        "panel": list(item.panel.all()) if manages else [],
    })


@login_required
@require_POST
def cohort_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.get_cohort(request.user, pk)
    carry_out(request, lambda: services.set_cohort_status(
        request.user, item, request.POST.get("status", ""), request=request),
        lambda c: f"{c} is now: {c.get_status_display()}")
    return redirect("programmes:cohort", pk=item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, pk: int) -> HttpResponse:
    """One application: the statement, the viewer's scores (panel), the decision (managers)."""
    item = services.get_application(request.user, pk)
    user = request.user
    criteria = list(item.cohort.programme.criteria.all())
    mine = {s.criterion_id: s.score for s in item.scores.filter(scored_by=user)}
    score_form = ScoreForm(request.POST if request.method == "POST" else None,
                           criteria=criteria, initial_scores=mine)
    if policy.can_score(user, item) and save_form(
            request, score_form, lambda data: services.score(
                user, item, score_form.scores(), request=request),
            "Your scores have been saved"):
        return redirect("programmes:application", pk=item.pk)
    record_read(actor=user, request=request, target=item, people=[item.person_id],
                what="application")
    return render(request, "programmes/application.jinja", {
        "application": item, "score_form": score_form,
        "can_score": policy.can_score(user, item), "can_decide": policy.can_decide(user, item),
        "decision_form": DecisionForm(initial={"decision": item.decision}),
        "is_applicant": policy.is_applicant(user, item),
    }, status=form_status(score_form))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.get_application(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                carry_out(request, lambda m=message: _refuse(m), "")
        return redirect("programmes:application", pk=item.pk)
    if carry_out(request, lambda: services.decide(
            request.user, item, decision=form.cleaned_data["decision"], request=request),
            lambda a: f"{a.person.full_name}: {a.get_decision_display()}"):
        return redirect("programmes:cohort", pk=item.cohort_id)
    return redirect("programmes:application", pk=item.pk)


def _refuse(message: str):
    raise ValidationError(message)


def _form_page(request: HttpRequest, form, change, success, done: str, template: str,
               context: dict, fields: dict[str, str] | None = None) -> HttpResponse:
    """Make the change a posted form asks for (see save_form) and go on to the URL ``done``,
    or show ``template`` with the context and the form (400 with its errors)."""
    if save_form(request, form, change, success, fields=fields):
        return redirect(done)
    return render(request, template, {**context, "form": form}, status=form_status(form))


def managed_cohort(request: HttpRequest, pk: int, refusal: str) -> Cohort:
    """A cohort the user may see, refused (``refusal``) unless they manage its programme."""
    cohort = services.get_cohort(request.user, pk)
    refuse_unless(policy.manages(request.user, cohort.programme), refusal)
    return cohort


@login_required
@require_http_methods(["GET", "POST"])
def add_session(request: HttpRequest, pk: int) -> HttpResponse:
    item = managed_cohort(request, pk, "Only the programme's managers add sessions.")
    form = SessionForm(request.POST if request.method == "POST" else None)
    return _form_page(request, form, lambda data: services.add_session(
        request.user, item, title=data["title"], held_on=data["held_on"], request=request),
        lambda s: f"{s.title} has been added", reverse("programmes:cohort", kwargs={"pk": item.pk}),
        "programmes/session_form.jinja", {"cohort": item})


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = services.get_session(request.user, pk)
    places = services.places_of(request.user, session.cohort, request=request)
    form = AttendanceForm(request.POST if request.method == "POST" else None, places=places,
                          marks=services.attendance_marks(session))
    return _form_page(request, form, lambda data: services.record_attendance(
        request.user, session, form.marks(), request=request),
        f"Attendance at {session.title} has been saved",
        reverse("programmes:cohort", kwargs={"pk": session.cohort_id}),
        "programmes/attendance.jinja", {"session": session})


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    place = services.get_application(request.user, pk)
    refuse_unless(policy.manages(request.user, place.cohort.programme),
                  "Only the programme's managers record outcomes.")
    form = OutcomeForm(request.POST if request.method == "POST" else None)
    if save_form(request, form, lambda data: services.set_outcome(
            request.user, place, outcome=data["outcome"], on=data["on"], request=request),
            lambda p: f"{p.person.full_name}: {p.get_outcome_display()}"):
        return redirect("programmes:cohort", pk=place.cohort_id)
    record_read(actor=request.user, request=request, target=place, people=[place.person_id],
                what="place")
    return render(request, "programmes/outcome.jinja", {"place": place, "form": form},
                  status=form_status(form))


@login_required
@require_GET
def funnel(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.get_programme(request.user, pk, for_funnel=True)
    figures = programme_funnel(request.user, item, request=request)
    return render(request, "programmes/funnel.jinja", {
        "programme": item, "tables": presenters.funnel_tables(figures)})


@login_required
@require_GET
def funnel_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    item = services.get_programme(request.user, pk, for_funnel=True)
    figures = programme_funnel(request.user, item, request=request)
    try:
        file = exports.funnel_export(request.user, item, figures, fmt, request=request)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    return download(file.content, file.content_type, file.filename)


# ---- the leader's side -------------------------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """A leader's programmes: open cohorts to apply to, their applications and places."""
    applications = services.my_applications(request.user, request=request)
    return render(request, "programmes/mine.jinja", {
        "open_cohorts": services.open_cohorts(request.user),
        "nominate_cohorts": setup.nominating_cohorts(request.user),
        "applications": applications,
        "feedback_due": [a for a in applications if policy.can_give_feedback(request.user, a)],
    })


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    item = Cohort.objects.select_related("programme").filter(pk=pk).first()
    refuse_unless(item is not None and policy.can_apply(request.user, item),
                  "This cohort is not open to your applications.")
    form = ApplyForm(request.POST if request.method == "POST" else None)
    return _form_page(request, form, lambda data: services.apply(
        request.user, item, statement=data["statement"], request=request),
        f"Your application to {item} has been sent", reverse("programmes:mine"),
        "programmes/apply.jinja", {"cohort": item}, fields={"cohort": "statement"})


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    place = services.get_application(request.user, pk)
    refuse_unless(policy.can_give_feedback(request.user, place),
                  "You may not give feedback on this place.")
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    return _form_page(request, form, lambda data: services.give_feedback(
        request.user, place, rating=data["rating"], comments=data["comments"],
        request=request), "Thank you: your feedback has been sent", reverse("programmes:mine"),
        "programmes/feedback.jinja", {"place": place})

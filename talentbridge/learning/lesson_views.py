"""The library of anonymised lessons: reading and searching, writing one with a preview and
publishing it, reporting one that may identify someone, and administrators removing it."""

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

from talentbridge.core.confirm import Confirmation
from talentbridge.core.confirm_views import confirmed_action
from talentbridge.core.forms import add_service_errors
from talentbridge.core.paging import paginate
from talentbridge.core.views import carry_out
from talentbridge.core.views import form_status
from talentbridge.core.views import save_form

from . import lessons
from . import policy
from . import presenters
from .forms import LessonForm
from .forms import LessonSearchForm
from .forms import ReportForm

PER_PAGE = 20


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    form = LessonSearchForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    try:
        found = lessons.lessons(request.user, query=data.get("q", ""),
                                lcf_domain=data.get("lcf_domain"))
    except ValidationError as error:
        add_service_errors(form, error)
        found = lessons.lessons(request.user)
    page = paginate(request, found, PER_PAGE, "lesson", "lessons")
    return render(request, "learning/lessons.jinja", {
        "form": form, "page": page, "rows": [presenters.lesson_row(x) for x in page],
        "publishes": policy.can_publish_lesson(request.user),
        "removes": policy.can_remove_lesson(request.user)},
        status=form_status(form) if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    """Write a lesson; "Preview" shows it as others will, with the warning; "Publish" puts it
    in the library, with nothing that links it to its author."""
    user = request.user
    lessons.check_author(user)
    form = LessonForm(request.POST if request.method == "POST" else None)
    draft = None
    if form.is_bound and form.is_valid():
        try:
            draft = lessons.check_draft(user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if draft is not None and "publish" in request.POST:
        carry_out(request, lambda: lessons.publish(user, draft),
                  "Your lesson has been published. Nothing in it links it to you.")
        return redirect("learning:lessons")
    return render(request, "learning/write_lesson.jinja", {
        "form": form, "draft": draft,
        "preview": presenters.lesson_row(lessons.preview_of(draft)) if draft else None,
    }, status=form_status(form))


@login_required
@require_GET
def lesson(request: HttpRequest, lesson_id) -> HttpResponse:
    found = lessons.get_lesson(request.user, lesson_id)
    return render(request, "learning/lesson.jinja", {
        "lesson": presenters.lesson_row(found),
        "reports": policy.can_report_lesson(request.user),
        "removes": policy.can_remove_lesson(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, lesson_id) -> HttpResponse:
    found = lessons.get_lesson(request.user, lesson_id)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if save_form(request, form, lambda data: lessons.report(
            request.user, found, reason=data["reason"], request=request),
            "Thank you: an administrator will look at the lesson and remove it if it "
            "identifies someone"):
        return redirect("learning:lesson", lesson_id=found.pk)
    return render(request, "learning/report.jinja", {
        "lesson": presenters.lesson_row(found), "form": form}, status=form_status(form))


@login_required
@require_GET
def reported(request: HttpRequest) -> HttpResponse:
    page = paginate(request, lessons.reported(request.user), PER_PAGE, "lesson", "lessons")
    return render(request, "learning/reported.jinja", {
        "page": page,
        "rows": [{**presenters.lesson_row(x), "reasons": [r.reason for r in x.reports.all()]}
                 for x in page]})


def _confirm_remove(request: HttpRequest, lesson_id) -> Confirmation:
    found = lessons.get_lesson(request.user, lesson_id)
    lessons.check_remover(request.user)
    return Confirmation(
        question="remove this lesson from the library", button="Remove the lesson",
        back_href=reverse("learning:lesson", args=[found.pk]), caption=found.title,
        details=["Remove a lesson only when it could identify someone. Nobody can tell who "
                 "wrote it, so its author is not told."])


@confirmed_action(_confirm_remove)
def remove(request: HttpRequest, lesson_id) -> HttpResponse:
    found = lessons.get_lesson(request.user, lesson_id)
    carry_out(request, lambda: lessons.remove(request.user, found, request=request),
              "The lesson has been removed from the library")
    return redirect("learning:lessons-reported")

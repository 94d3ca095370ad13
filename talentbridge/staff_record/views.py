"""Staff record pages for organisation administrators: their organisations' feeds and imports,
uploading a feed, an import's progress and outcome, and the "Left or moved?" list. Thin over
``services``; who may is ``policy``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from talentbridge.core.paging import paginate
from talentbridge.core.views import found_or_404
from talentbridge.core.views import open_work_list

from . import feed as feed_module
from . import forms
from . import policy
from . import services
from .models import Answer
from .models import FeedStatus

STATUS_TAGS = {
    FeedStatus.QUEUED: "nhsuk-tag--grey", FeedStatus.RUNNING: "nhsuk-tag--blue",
    FeedStatus.APPLIED: "nhsuk-tag--green", FeedStatus.REJECTED: "nhsuk-tag--red",
    FeedStatus.FAILED: "nhsuk-tag--orange",
}

#: Rows a page on the staff record's lists.
PAGE_SIZE = 25

#: Rejected rows a page on an import's page.
REJECTED_PAGE_SIZE = 100

RECORDED = {Answer.LEFT: "left the NHS", Answer.MOVED: "moved to another NHS organisation",
            Answer.STILL_HERE: "still here"}


def _require_user(request) -> None:
    if not policy.uses_staff_record(request.user):
        raise PermissionDenied(policy.REFUSED)


def _tag(feed) -> dict:
    return {"text": feed.get_status_display(), "classes": STATUS_TAGS.get(feed.status, "")}


def _organisation(request, ods_code: str):
    try:
        organisation = services.organisation_for(ods_code)
    except ValidationError:
        raise Http404("No such organisation") from None
    policy.require_manage(request.user, organisation.pk)
    return organisation


def _feed(request, pk: int):
    """The import, if the user manages its organisation; 404 otherwise (it looks absent)."""
    _require_user(request)
    return found_or_404(services.get_import(request.user, pk), "No such import")


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    _require_user(request)
    open_work_list(request, "staff_record:home")
    organisations = paginate(request, services.managed_organisations(request.user), PAGE_SIZE,
                             "organisation", "organisations", param="organisations_page")
    feeds = paginate(request, services.imports_for(request.user), PAGE_SIZE, "import",
                     "imports", param="imports_page")
    latest_and_missing = services.latest_and_missing(request.user, organisations)
    return render(request, "staff_record/home.jinja", {
        "title": "Staff record", "organisations": organisations, "feeds": feeds,
        "organisation_rows": [
            {"organisation": organisation, "latest": latest_and_missing[organisation.pk][0],
             "missing": latest_and_missing[organisation.pk][1]}
            for organisation in organisations],
        "feed_rows": [(f, _tag(f)) for f in feeds]})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    _require_user(request)
    organisations = list(services.managed_organisations(request.user))
    initial = {"organisation": request.GET.get("organisation", "")}
    bound = request.method == "POST"
    form = forms.FeedUploadForm(request.POST if bound else None,
                                request.FILES if bound else None,
                                organisations=organisations, initial=initial)
    if bound and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            organisation = services.organisation_for(form.cleaned_data["organisation"])
            feed = services.start_feed_import(request.user, upload_file,
                                              organisation=organisation,
                                              filename=upload_file.name, request=request)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("staff_record:import", feed.pk)
    return render(request, "staff_record/upload.jinja", {
        "title": "Upload a leaders' feed", "form": form,
        "columns": [(feed_module.header(name), [*others], name in feed_module.OPTIONAL)
                    for name, (_, others) in feed_module.COLUMNS.items()]})


@login_required
@require_http_methods(["GET"])
def example(request: HttpRequest) -> HttpResponse:
    """An example leaders' feed (invented rows) showing the columns and formats."""
    _require_user(request)
    response = HttpResponse(feed_module.example_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="example-leaders-feed.csv"'
    return response


@never_cache
@login_required
@require_http_methods(["GET"])
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feed = _feed(request, pk)
    rows = feed.errors or []
    return render(request, "staff_record/import.jinja", {
        "title": "Leaders' feed import", "feed": feed, "tag": _tag(feed),
        "rows": paginate(request, rows, REJECTED_PAGE_SIZE, "rejected row", "rejected rows"),
        "summary_items": [{"text": r["reason"] if not r["row"] else
                           f'Row {r["row"]}, {r["column"]} "{r["value"]}": {r["reason"]}',
                           "href": "#rejected-rows"} for r in rows[:20]],
        "can_retry": services.can_retry(request.user, feed),
        "summary": feed.summary or {},
    })


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    feed = _feed(request, pk)
    try:
        services.retry_import(request.user, feed, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{feed.source_filename} is waiting to be imported again")
    return redirect("staff_record:import", feed.pk)


@never_cache
@login_required
@require_http_methods(["GET"])
def missing(request: HttpRequest, ods_code: str) -> HttpResponse:
    organisation = _organisation(request, ods_code)
    absences = paginate(request, services.missing_people(request.user, organisation), PAGE_SIZE)
    services.record_read_of_missing(request.user, organisation, list(absences), request)
    return render(request, "staff_record/missing.jinja", {
        "title": "Left or moved?", "organisation": organisation, "absences": absences,
        "latest": services.latest_applied(organisation), "moved": Answer.MOVED})


def _absence(request, organisation, person_id: int):
    absence = next((a for a in services.missing_people(request.user, organisation)
                    if a.person_id == person_id), None)
    return found_or_404(absence, "This person is not on the list")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, ods_code: str, person_id: int) -> HttpResponse:
    organisation = _organisation(request, ods_code)
    absence = _absence(request, organisation, person_id)
    form = forms.MissingAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.answer_missing(request.user, organisation, person_id, answer=d["answer"],
                                    left_on=d.get("left_on"), request=request)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Recorded for {absence.person.full_name}: "
                                      f"{RECORDED[d['answer']]}")
            return redirect(reverse("staff_record:missing", args=[organisation.ods_code]))
    services.record_read_of_missing(request.user, organisation, [absence], request)
    return render(request, "staff_record/answer.jinja", {
        "title": f"What happened to {absence.person.full_name}?", "form": form,
        "organisation": organisation, "absence": absence})

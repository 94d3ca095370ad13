"""The data rights pages: /my-data/ (download my data), who has looked at my record, my
correction requests, and the administrators' queue of them. Thin over the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from talentbridge.core.forms import add_service_errors
from talentbridge.core.forms import nhs_date
from talentbridge.core.paging import page_links
from talentbridge.core.paging import paginate
from talentbridge.core.paging import results_text
from talentbridge.core.views import found_or_404
from talentbridge.people.services import my_person

from . import corrections
from . import export
from . import policy
from . import presenters
from . import viewers
from .forms import CorrectionRequestForm
from .forms import ResolveForm

PAGE_SIZE = 50


def _me(request: HttpRequest):
    return found_or_404(my_person(request.user), "You have no profile in TalentBridge")


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "data_rights/home.jinja", {
        "person": my_person(request.user),
        "handles_corrections": policy.can_use_queue(request.user),
    })


@login_required
@require_http_methods(["GET"])
def download(request: HttpRequest) -> HttpResponse:
    _me(request)
    content = export.build_zip(request.user, request=request)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.FILENAME}"'
    return response


@login_required
@require_http_methods(["GET"])
def views(request: HttpRequest) -> HttpResponse:
    person = _me(request)
    page = Paginator(viewers.views_of(request.user, person, request=request), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "data_rights/views.jinja", {
        "rows": presenters.view_table_rows(viewers.view_rows(page)),
        "show_names": viewers.show_names(),
        "results_text": results_text(page, "look", "looks"),
        "pagination": page_links(page, {}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def my_corrections(request: HttpRequest) -> HttpResponse:
    _me(request)
    form = CorrectionRequestForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            correction = corrections.request_correction(request.user, **form.cleaned_data,
                                                        request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your request has been sent. It will be dealt with by "
                                      f"{nhs_date(correction.due_on)}.")
            return redirect("data_rights:corrections")
    requests = paginate(request, corrections.my_corrections(request.user, request=request),
                        PAGE_SIZE, "request", "requests")
    return render(request, "data_rights/corrections.jinja", {
        "form": form, "requests": requests, "rows": presenters.correction_rows(requests),
    })


@login_required
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    resolved = request.GET.get("show") == "resolved"
    try:
        items = corrections.queue(request.user, resolved=resolved, request=request)
    except PermissionDenied:
        raise Http404("No such page") from None
    requests = paginate(request, items, PAGE_SIZE, "request", "requests")
    return render(request, "data_rights/queue.jinja", {
        "requests": requests,
        "rows": presenters.correction_rows(requests, with_person=True),
        "resolved": resolved,
    })


@login_required
@require_http_methods(["GET", "POST"])
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    item = corrections.get_correction(request.user, pk, request=request)
    may_handle = corrections.may_handle(request.user, item) and not item.is_resolved
    form = ResolveForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        if not may_handle:
            raise PermissionDenied("You may not deal with this request.")
        if form.is_valid():
            try:
                corrections.resolve(request.user, item, **form.cleaned_data, request=request)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The request has been updated")
                return redirect("data_rights:queue")
    return render(request, "data_rights/correction.jinja", {
        "item": item, "summary": presenters.correction_summary(item),
        "area": corrections.area_text(item),
        "may_handle": may_handle, "form": form,
    })

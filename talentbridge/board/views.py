"""The board pages: FPPT records (list, start a year, a record, a check, the self-attestation,
the sign-off), submission summaries, delegates, the checklist, and Board Member References.
Thin over `fppt` and `references`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from talentbridge.core.paging import page_links
from talentbridge.core.paging import results_text
from talentbridge.core.views import carry_out
from talentbridge.core.views import download
from talentbridge.core.views import form_status
from talentbridge.core.views import save_form
from talentbridge.organisations.models import Organisation

from . import exports
from . import fppt
from . import policy
from . import presenters
from . import references
from .forms import AttestationForm
from .forms import CheckForm
from .forms import DelegateForm
from .forms import ItemForm
from .forms import ReferenceForm
from .forms import RequestForm
from .forms import SignOffForm
from .forms import StartYearForm
from .models import BoardDelegate
from .models import FpptItem

PAGE_SIZE = 25


def _posted(request: HttpRequest, form_class, unless: str = "", **kwargs):
    """The form, bound to the POST unless the POST is a button named ``unless``."""
    bound = request.method == "POST" and not (unless and request.POST.get(unless))
    return form_class(request.POST if bound else None, **kwargs)


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year") or fppt.fppt_year())
    except ValueError:
        return fppt.fppt_year()


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    standing = fppt.standing_of(request.user)
    return render(request, "board/home.jinja", {
        "organisations": fppt.kept_organisations(request.user),
        "may_request": policy.can_request_reference(request.user, standing),
        "is_administrator": policy.can_configure_items(request.user),
        "mine": presenters.my_rows(fppt.my_records(request.user)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def records(request: HttpRequest) -> HttpResponse:
    organisations = fppt.kept_organisations(request.user)
    if not organisations:
        raise Http404("No such page")
    chosen = next((o for o in organisations if str(o.pk) == request.GET.get("organisation")),
                  organisations[0])
    year = _year(request)
    form = _posted(request, StartYearForm, initial={"year": year})
    if save_form(request, form, lambda data: fppt.start_year(
            request.user, chosen, **data, request=request),
            lambda made: f"{len(made)} FPPT records started"):
        return redirect(f"{request.path}?organisation={chosen.pk}&year={form.cleaned_data['year']}")
    found = fppt.records(request.user, organisation_id=chosen.pk, year=year, request=request)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "board/records.jinja", {
        "organisations": organisations, "chosen": chosen, "year": year, "form": form,
        "rows": presenters.record_rows(page),
        "results_text": results_text(page, "record", "records"),
        "pagination": page_links(page, {"organisation": chosen.pk, "year": year}),
    }, status=form_status(form))


@login_required
@require_http_methods(["GET"])
def records_export(request: HttpRequest, fmt: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=request.GET.get("organisation") or 0)
    made = exports.export_records(request.user, organisation, _year(request), fmt,
                                  request=request)
    return download(made.content, made.content_type, made.filename)


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: int) -> HttpResponse:
    item = fppt.get_record(request.user, pk, request=request)
    checks = fppt.checks_of(request.user, item)
    if not checks and item.person_id == policy.grants_for(request.user).person_id:
        return redirect("board:attest", pk=item.pk)
    may_sign_off = fppt.may_sign_off(request.user, item) and not item.is_signed_off
    form = _posted(request, SignOffForm)
    if form.is_bound and save_form(request, form, lambda data: fppt.sign_off(
            request.user, item, **data, request=request), "The FPPT assessment is signed off"):
        return redirect("board:record", pk=item.pk)
    return render(request, "board/record.jinja", {
        "item": item, "summary": presenters.record_summary(item),
        "checks": presenters.check_rows(checks, may_edit=fppt.may_keep(request.user, item)
                                        and not item.is_signed_off),
        "may_sign_off": may_sign_off or form.is_bound, "form": form,
        "signer": "senior independent director" if item.member_is_chair else "chair",
    }, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, pk: int) -> HttpResponse:
    found = fppt.get_check(request.user, pk, request=request)
    item = found.record
    form = _posted(request, CheckForm, initial={
        "date_completed": found.date_completed, "outcome": found.outcome,
        "evidence_ref": found.evidence_ref})
    if save_form(request, form, lambda data: fppt.record_check(
            request.user, found, **data, request=request), f"{found.item.name}: recorded"):
        return redirect("board:record", pk=item.pk)
    return render(request, "board/check.jinja", {"item": item, "check": found, "form": form},
                  status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def attest(request: HttpRequest, pk: int) -> HttpResponse:
    item = fppt.get_record(request.user, pk, request=request)
    if not policy.can_attest(request.user, item.person_id):
        raise Http404("No such page")
    form = _posted(request, AttestationForm)
    if save_form(request, form, lambda data: fppt.attest(request.user, item, **data,
                                                          request=request),
                 "Your self-attestation has been recorded"):
        return redirect("board:attest", pk=item.pk)
    return render(request, "board/attest.jinja", {"item": item, "form": form},
                  status=form_status(form))


@login_required
@require_http_methods(["GET"])
def submissions(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = fppt.submission_organisations(request.user, year=year)
    if not rows and not policy.uses_board(request.user, fppt.standing_of(request.user)):
        raise Http404("No such page")
    return render(request, "board/submissions.jinja", {"rows": rows, "year": year})


@login_required
@require_http_methods(["GET"])
def submission(request: HttpRequest, ods_code: str, year: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, ods_code=ods_code.upper())
    counts, members = fppt.submission(request.user, organisation, year=year, request=request)
    return render(request, "board/submission.jinja", {
        "counts": counts, "year": year, "organisation": organisation,
        "members": presenters.submission_rows(members) if members is not None else None})


@login_required
@require_http_methods(["GET"])
def submission_export(request: HttpRequest, ods_code: str, year: int, fmt: str
                      ) -> HttpResponse:
    organisation = get_object_or_404(Organisation, ods_code=ods_code.upper())
    made = exports.export_submission(request.user, organisation, year, fmt, request=request)
    return download(made.content, made.content_type, made.filename)


@login_required
@require_http_methods(["GET", "POST"])
def delegates(request: HttpRequest, ods_code: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, ods_code=ods_code.upper())
    try:
        named = fppt.delegates_of(request.user, organisation)
    except PermissionDenied:
        raise Http404("No such page") from None
    form = _posted(request, DelegateForm, unless="remove")
    remove = request.POST.get("remove")
    if remove and carry_out(request, lambda: fppt.remove_delegate(
            request.user, get_object_or_404(BoardDelegate, pk=remove if remove.isdigit() else 0,
                                            organisation=organisation), request=request),
            "The delegate has been removed"):
        return redirect("board:delegates", ods_code=organisation.ods_code)
    if not remove and save_form(request, form, lambda data: fppt.name_delegate(
            request.user, organisation, **data, request=request), "The delegate has been named"):
        return redirect("board:delegates", ods_code=organisation.ods_code)
    return render(request, "board/delegates.jinja", {
        "organisation": organisation, "named": named, "form": form,
        "may_name": policy.can_name_delegates(request.user, fppt.standing_of(request.user),
                                              organisation.pk)}, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def items(request: HttpRequest) -> HttpResponse:
    if not policy.can_configure_items(request.user):
        raise Http404("No such page")
    form = _posted(request, ItemForm, unless="toggle")
    toggle = request.POST.get("toggle")
    if toggle and carry_out(request, lambda: fppt.toggle_item(request.user, toggle),
                            "The checklist has been changed"):
        return redirect("board:items")
    if not toggle and save_form(request, form, lambda data: fppt.add_item(
            request.user, **data), "The item has been added to the checklist"):
        return redirect("board:items")
    return render(request, "board/items.jinja", {"items": FpptItem.objects.all(), "form": form},
                  status=form_status(form))


@login_required
@require_http_methods(["GET"])
def reference_list(request: HttpRequest) -> HttpResponse:
    standing = fppt.standing_of(request.user)
    if not standing.reads and not standing.leads:
        raise Http404("No such page")
    page = Paginator(references.held(request.user, request=request), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "board/references.jinja", {
        "rows": presenters.reference_rows(page),
        "results_text": results_text(page, "reference", "references"),
        "pagination": page_links(page, {}),
        "incoming": presenters.request_rows(references.incoming(request.user)),
        "outgoing": presenters.request_rows(references.outgoing(request.user)),
        "may_request": policy.can_request_reference(request.user, standing),
    })


@login_required
@require_http_methods(["GET", "POST"])
def reference_request(request: HttpRequest) -> HttpResponse:
    standing = fppt.standing_of(request.user)
    if not policy.can_request_reference(request.user, standing):
        raise Http404("No such page")
    organisations = Organisation.objects.filter(pk__in=standing.leads).order_by("name")
    form = _posted(request, RequestForm, organisations=organisations)
    if save_form(request, form, lambda data: references.request_reference(
            request.user, **data, request=request),
            "Your request has been sent to the organisation that holds the reference"):
        return redirect("board:references")
    return render(request, "board/request.jinja", {"form": form}, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def reference(request: HttpRequest, pk: int) -> HttpResponse:
    item = references.get_reference(request.user, pk, request=request)
    may_keep = references.may_keep(request.user, item)
    form = _posted(request, ReferenceForm, unless="supply", initial={
        name: getattr(item, name) for name in references.SECTIONS})
    supply = request.POST.get("supply")
    if supply and may_keep and carry_out(request, lambda: references.supply(
            request.user, references.get_request(request.user, supply), request=request),
            "The reference has been supplied"):
        return redirect("board:reference", pk=item.pk)
    if not supply and may_keep and save_form(request, form, lambda data: references.complete(
            request.user, item, **data, request=request), "The reference has been saved"):
        return redirect("board:reference", pk=item.pk)
    return render(request, "board/reference.jinja", {
        "item": item, "sections": presenters.reference_sections(item),
        "may_edit": may_keep and item.status != "completed", "form": form,
        "requests": presenters.request_rows(
            references.incoming(request.user).filter(reference=item)) if may_keep else [],
    }, status=form_status(form))

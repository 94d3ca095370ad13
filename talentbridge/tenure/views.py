"""Tenure pages: survival in post, turnover and interim rates, chief executives per
organisation, tenure against oversight segment, an organisation's holdings and segments,
recording an exit, the reasons not recorded, importing segments, and downloads. Thin views over
the services and figures, which ask the policy and audit."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods

from talentbridge.core.paging import paginate
from talentbridge.core.views import download
from talentbridge.core.views import form_status
from talentbridge.core.views import only_for
from talentbridge.core.views import save_form
from talentbridge.organisations.models import Organisation
from talentbridge.succession import scopes

from . import charts
from . import exports
from . import figures
from . import policy
from . import presenters
from . import segments
from . import services
from .forms import ExitForm
from .forms import FiguresForm
from .forms import SegmentImportForm
from .scopes import default_scope_code

PER_PAGE = 25


def _require_figures(user) -> None:
    if not policy.can_view_figures(user):
        raise PermissionDenied("Only talent leads, analysts and administrators see tenure "
                               "figures.")


def _chosen(request) -> tuple[FiguresForm, scopes.Scope | None]:
    """The figures form and the scope it names, or the form with the reason it cannot be
    shown (an unknown code, or a scope the user does not hold)."""
    data = request.GET.copy()
    data.setdefault("scope", default_scope_code(request.user))
    form = FiguresForm(data)
    form.is_valid()
    try:
        scope = scopes.resolve(data.get("scope", ""))
    except ValidationError as error:
        form.add_error("scope", error.message_dict["scope"][0])
        return form, None
    if not policy.can_view_figures_for(request.user, scope):
        form.add_error("scope", f"You may not see the tenure figures of {scope.name} "
                                f'("{scope.code}"): choose a scope you lead or analyse')
        return form, None
    return form, scope


def _choice(form: FiguresForm, name: str, default: str) -> str:
    value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else ""
    return value or default


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Survival in post: Kaplan–Meier curves by group, with the table beside."""
    _require_figures(request.user)
    form, scope = _chosen(request)
    context = {"form": form, "scope": scope, "headings": presenters.SURVIVAL_HEADINGS,
               "can_import": policy.can_import_segments(request.user),
               "waiting": services.reasons_not_recorded(request.user).count()}
    if scope is None:
        return render(request, "tenure/home.jinja", context, status=400)
    population = _choice(form, "population", figures.CHIEF_EXECUTIVES)
    grouping = _choice(form, "group", "all")
    found = figures.survival(scope, population, grouping)
    title = (f"{figures.POPULATIONS[population]} still in post, by "
             f"{figures.GROUPINGS[grouping].lower()}, {scope.name}")
    return render(request, "tenure/home.jinja", {
        **context, "population": figures.POPULATIONS[population],
        "grouping": figures.GROUPINGS[grouping], "title": title,
        "chart": charts.survival_chart(found.curves, title),
        "rows": [presenters.group_row(g) for g in found.groups],
        "query": request.GET.urlencode(),
    })


def _figures_page(request: HttpRequest, template: str,
                  figures_for: Callable[[FiguresForm, scopes.Scope], dict]) -> HttpResponse:
    """A figures page for the scope the query names: ``template`` with the form, the scope and
    ``figures_for(form, scope)``; with the form alone (400) when that scope cannot be shown."""
    _require_figures(request.user)
    form, scope = _chosen(request)
    if scope is None:
        return render(request, template, {"form": form, "scope": None}, status=400)
    return render(request, template, {
        "form": form, "scope": scope, **figures_for(form, scope),
        "query": request.GET.urlencode()})


@login_required
@require_GET
def turnover(request: HttpRequest) -> HttpResponse:
    """Turnover and interim rates per year, and chief executives per organisation."""
    return _figures_page(request, "tenure/turnover.jinja", _turnover_figures)


def _turnover_figures(form: FiguresForm, scope: scopes.Scope) -> dict:
    """The turnover page's figures for the population the form names."""
    population = _choice(form, "population", figures.CHIEF_EXECUTIVES)
    return {"population": figures.POPULATIONS[population],
            "years": figures.turnover(scope, population),
            "counts": figures.chief_executives_per_organisation(scope),
            "share": presenters.share}


@login_required
@require_GET
def against_segment(request: HttpRequest) -> HttpResponse:
    """Median chief executive tenure by the organisation's oversight segment."""
    return _figures_page(request, "tenure/segments.jinja", _segment_figures)


def _segment_figures(form: FiguresForm, scope: scopes.Scope) -> dict:
    """The segments page's median tenures, as a chart and a table."""
    found = figures.survival(scope, figures.CHIEF_EXECUTIVES, "segment")
    title = f"Median chief executive tenure by oversight segment, {scope.name}"
    return {"title": title,
            "chart": charts.median_bars([(g.label, g.median_years) for g in found.groups],
                                        title),
            "rows": [presenters.group_row(g) for g in found.groups],
            "headings": presenters.SURVIVAL_HEADINGS}


@login_required
@require_GET
@only_for(policy.can_view_segments, "Only talent leads, analysts and administrators see tenure.")
def organisation(request: HttpRequest, ods: str) -> HttpResponse:
    """An organisation's oversight segments over time and, for those who may see its
    succession plans, who held its board posts."""
    user = request.user
    organisation = get_object_or_404(Organisation, ods_code__iexact=ods)
    sees = policy.can_view_holdings(user, organisation.pk)
    holdings = paginate(request, services.holdings_of(user, organisation) if sees else [],
                        PER_PAGE, "holding", "holdings")
    services.audit_holdings_read(user, organisation, holdings, request)
    records = policy.can_record_exit(user, organisation.pk)
    return render(request, "tenure/organisation.jinja", {
        "organisation": organisation, "sees_holdings": sees, "holdings": holdings,
        "rows": [presenters.holding_row(h, records) for h in holdings],
        "segments": paginate(request, segments.history(user, organisation), PER_PAGE,
                             "segment", "segments", param="segments_page"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def record_exit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    holding = services.get_holding(user, pk)
    if not policy.can_record_exit(user, holding.organisation_id):
        raise PermissionDenied("Only the organisation's talent leads and administrators record "
                               "why a board member left.")
    initial = {"ended_on": holding.ended_on, "reason": holding.exit_reason,
               "interim_followed": {True: "yes", False: "no"}.get(holding.interim_followed,
                                                                    "")}
    form = ExitForm(request.POST if request.method == "POST" else None, initial=initial)
    name = presenters.person_name(holding)
    if save_form(request, form, lambda data: services.record_exit(
            user, holding, ended_on=data["ended_on"], reason=data["reason"],
            interim_followed=ExitForm.interim_value(data["interim_followed"]),
            request=request), f"Why {name} left has been recorded"):
        return redirect("tenure:organisation", holding.organisation.ods_code)
    services.audit_holdings_read(user, holding.organisation, [holding], request)
    return render(request, "tenure/exit.jinja", {
        "holding": holding, "form": form, "name": name,
        "kind": presenters.KIND_LABELS.get(holding.kind, holding.kind)},
        status=form_status(form))


@login_required
@require_GET
@only_for(policy.can_view_figures, "Only talent leads and administrators record exits.")
def reasons(request: HttpRequest) -> HttpResponse:
    """Holders who left without a reason recorded, in the organisations where the user records
    exits."""
    user = request.user
    page = paginate(request, services.reasons_not_recorded(user), PER_PAGE, "holder",
                    "holders")
    return render(request, "tenure/reasons.jinja", {
        "page": page, "rows": [presenters.holding_row(h, True) for h in page]})


@login_required
@require_http_methods(["GET", "POST"])
@only_for(policy.can_import_segments, "Only administrators import oversight segments.")
def import_segments(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = SegmentImportForm(request.POST or None, request.FILES or None)
    rejected = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"].read().decode("utf-8", errors="replace")
        result = segments.import_segments(user, text, request=request)
        if not result.rejected:
            messages.success(request, f"{result.saved} oversight segments have been saved "
                                      f"({result.created} new)")
            return redirect("tenure:import")
        rejected = result.rejected
        form.add_error("file", f"{len(rejected)} rows were rejected, so nothing was saved")
    return render(request, "tenure/import.jinja", {"form": form, "rejected": rejected},
                  status=400 if form.is_bound and form.errors else 200)


def _export_scope(request) -> scopes.Scope:
    _require_figures(request.user)
    form, scope = _chosen(request)
    if scope is None:
        raise PermissionDenied(" ".join(e for errors in form.errors.values() for e in errors))
    return scope


@login_required
@require_GET
def export_figures(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS or what not in exports.FIGURES:
        raise Http404(f"There is no {what} {fmt} download.")
    scope = _export_scope(request)
    population = request.GET.get("population") or figures.CHIEF_EXECUTIVES
    grouping = request.GET.get("group") or ("segment" if what == "segments" else "all")
    if population not in figures.POPULATIONS or grouping not in figures.GROUPINGS:
        raise Http404("There is no such download.")
    name, content_type, content = exports.export_figures(
        request.user, scope, what, fmt, population=population, grouping=grouping,
        request=request)
    return download(content, content_type, name)


@login_required
@require_GET
def export_holdings(request: HttpRequest, ods: str, fmt: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, ods_code__iexact=ods)
    if fmt not in exports.FORMATS:
        raise Http404(f"There is no {fmt} download.")
    holdings = services.holdings_of(request.user, organisation)
    services.audit_holdings_read(request.user, organisation, holdings, request)
    name, content_type, content = exports.export_holdings(
        request.user, organisation, holdings, fmt, request=request)
    return download(content, content_type, name)

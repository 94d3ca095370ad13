"""Insights pages: pipeline, WRES and WDES, progression, projection, exports and imports.

Every figure comes from `talentbridge.insights.figures`, already disclosure-controlled below
England level; which areas a user may choose comes from `talentbridge.insights.policy` (the
form only offers those, and the view checks again). Imports go through
`talentbridge.insights.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from engine.insights import export as engine_export
from talentbridge.accounts.services import is_administrator
from talentbridge.core import work
from talentbridge.core.confirm import Confirmation
from talentbridge.core.confirm_views import confirmed_action
from talentbridge.core.paging import page_links
from talentbridge.core.paging import paginate
from talentbridge.core.views import carry_out
from talentbridge.core.views import download
from talentbridge.core.views import open_work_list

from . import figures
from . import forms
from . import policy
from . import presenters
from . import services
from . import uploads
from .models import EventFile
from .models import ImportStatus
from .models import WorkforceSnapshot

PAGE_SIZE = 50
#: Snapshots and event files a page on the imports page.
IMPORTS_PAGE_SIZE = 50
EXPORT_NOTE = ("TalentBridge insights. Figures below England level are disclosure-controlled: "
               "counts of 1 to 7 are shown as * and other counts are rounded to the nearest 5; "
               "percentages come from rounded counts and are not shown when fewer than 8 people "
               "are behind them. No figure identifies a person.")


def _require_insights(request: HttpRequest) -> None:
    if not policy.can_use(request.user):
        raise PermissionDenied("Insights are for talent leads, analysts and administrators.")


def _snapshots() -> list[WorkforceSnapshot]:
    return list(WorkforceSnapshot.objects.ready().order_by("-as_of"))


def _navigation(request: HttpRequest) -> list[dict]:
    items = [("Pipeline", "insights:dashboard"), ("WRES and WDES", "insights:wres"),
             ("Progression", "insights:progression"), ("Projection", "insights:projection"),
             ("Snapshots and imports", "insights:imports")]
    return [{"text": text, "href": reverse(name), "current": request.path == reverse(name)}
            for text, name in items]


# --------------------------------------------------------------------------------------
# Figures pages
# --------------------------------------------------------------------------------------


def _compute_pipeline(form) -> figures.Figures:
    d = form.cleaned_data
    universe = services.universe_covered(form.user, d["scope_obj"], d["snapshot_obj"].as_of,
                                         d["snapshot_obj"], d.get("previous_obj"))
    return figures.pipeline_figures(d["snapshot_obj"], d["scope_obj"],
                                    d.get("dimension") or "ethnicity", d.get("previous_obj"),
                                    universe)


def _earlier(form):
    """The two snapshots of a progression or projection; the form has checked that the earlier
    one covers the area, is earlier and is one the user may see the area on."""
    d = form.cleaned_data
    if d.get("earlier_obj") is None:
        raise figures.NoData("Progression and projection need an earlier snapshot covering "
                             f"{d['scope_obj'].label} than the one chosen: choose a later "
                             "snapshot, or import another year's.")
    return d["earlier_obj"], d["snapshot_obj"]


def _compute_wres(form) -> figures.Figures:
    d = form.cleaned_data
    universe = services.universe_covered(form.user, d["scope_obj"], d["snapshot_obj"].as_of,
                                         d["snapshot_obj"])
    return figures.wres_figures(d["snapshot_obj"], d["scope_obj"], universe)


def _compute_progression(form) -> figures.Figures:
    earlier, later = _earlier(form)
    scope = form.cleaned_data["scope_obj"]
    universe = services.universe_covered(form.user, scope, earlier.as_of, earlier, later)
    return figures.progression_figures(earlier, later, scope,
                                       form.cleaned_data.get("dimension") or "ethnicity",
                                       universe)


def _compute_projection(form) -> figures.Figures:
    earlier, later = _earlier(form)
    scope = form.cleaned_data["scope_obj"]
    universe = services.universe_covered(form.user, scope, later.as_of, later)
    return figures.projection_figures(earlier, later, scope, form.scenario(), universe)


PAGES = {
    "pipeline": (forms.PipelineForm, _compute_pipeline, "insights/dashboard.jinja",
                 "Pipeline"),
    "wres": (forms.FiguresForm, _compute_wres, "insights/wres.jinja", "WRES and WDES"),
    "progression": (forms.ProgressionForm, _compute_progression, "insights/progression.jinja",
                    "Progression"),
    "projection": (forms.ProjectionForm, _compute_projection, "insights/projection.jinja",
                   "Projection"),
}


def _export_query(form) -> dict:
    return {k: v for k, v in form.data.items() if k in form.fields and v not in ("", None)}


def _figures_page(request: HttpRequest, page: str) -> HttpResponse:
    _require_insights(request)
    form_class, compute, template, title = PAGES[page]
    snapshots = _snapshots()
    context = {"title": title, "subnav_items": _navigation(request),
               "can_import": policy.can_import(request.user)}
    if not snapshots:
        return render(request, "insights/no_snapshots.jinja", context)
    form = form_class(request.GET, user=request.user, snapshots=snapshots)
    context.update({"form": form, "scope": None, "no_data": "", "tables": {}, "charts": [],
                    "notes": [], "summary": {}})
    if form.is_valid():
        context["scope"] = form.cleaned_data["scope_obj"]
        context["snapshot"] = form.cleaned_data["snapshot_obj"]
        try:
            figs = compute(form)
        except figures.NoData as error:
            context["no_data"] = str(error)
        else:
            context.update(presenters.figures_context(figs, _export_query(form), page))
    return render(request, template, context)


def _figures_view(page: str, name: str):
    """The view of one figures page of `PAGES`."""
    def view(request: HttpRequest) -> HttpResponse:
        return _figures_page(request, page)
    view.__name__ = view.__qualname__ = name
    return login_required(require_http_methods(["GET"])(view))


dashboard = _figures_view("pipeline", "dashboard")
wres = _figures_view("wres", "wres")
progression = _figures_view("progression", "progression")
projection = _figures_view("projection", "projection")


@login_required
@require_http_methods(["GET"])
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """A table of a figures page as CSV or XLSX, with the same controlled figures."""
    _require_insights(request)
    page = request.GET.get("page", "")
    if page not in PAGES or fmt not in ("csv", "xlsx"):
        raise Http404("No such export")
    form_class, compute, _template, _title = PAGES[page]
    snapshots = _snapshots()
    if not snapshots:
        raise Http404("No snapshots")
    form = form_class(request.GET, user=request.user, snapshots=snapshots)
    if not form.is_valid():
        if "scope" in form.errors:
            raise PermissionDenied("You do not have permission to export figures for that area.")
        raise Http404("No such export")
    scope, snapshot = form.cleaned_data["scope_obj"], form.cleaned_data["snapshot_obj"]
    policy.require(request.user, policy.Action.EXPORT, scope, snapshot.as_of)
    try:
        figs = compute(form)
        t = figs.table(table)
    except (figures.NoData, KeyError):
        raise Http404("No such table for this area") from None
    services.record_export(request.user, name=table, fmt=fmt, scope_key=scope.key,
                           snapshot_id=snapshot.pk, request=request)
    rows = t.export_rows()
    stem = f"insights-{table}-{scope.key.replace(':', '-')}-{snapshot.as_of.isoformat()}"
    if scope.kind:
        stem += f"-{scope.kind}"
    if fmt == "csv":
        return download(engine_export.to_csv_bytes(rows), "text/csv; charset=utf-8",
                        f"{stem}.{fmt}")
    return download(
        engine_export.to_xlsx_bytes(rows, sheet_name=table, note=f"{t.caption}. "
                                    f"{scope.label}, {snapshot.as_of:%d %B %Y}. {EXPORT_NOTE}"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"{stem}.{fmt}")


# --------------------------------------------------------------------------------------
# Imports
# --------------------------------------------------------------------------------------


def _visible_imports(request, model):
    qs = model.objects.select_related("uploaded_by")
    if is_administrator(request.user):
        return qs
    return qs.filter(status=ImportStatus.READY) | qs.filter(uploaded_by=request.user)


@login_required
@require_http_methods(["GET"])
def imports(request: HttpRequest) -> HttpResponse:
    _require_insights(request)
    open_work_list(request, "insights:imports")
    snapshots = paginate(request, _visible_imports(request, WorkforceSnapshot).order_by(
        "-as_of", "-created_at", "-pk"), IMPORTS_PAGE_SIZE, "snapshot", "snapshots",
        param="snapshots_page")
    events = paginate(request, _visible_imports(request, EventFile).order_by(
        "-period_end", "kind", "-pk"), IMPORTS_PAGE_SIZE, "event file", "event files",
        param="events_page")
    return render(request, "insights/imports.jinja", {
        "title": "Snapshots and imports", "subnav_items": _navigation(request),
        "snapshots": snapshots, "events": events,
        "snapshot_rows": [(s, presenters.status_tag(s)) for s in snapshots],
        "event_rows": [(e, presenters.status_tag(e)) for e in events],
        "can_import": policy.can_import(request.user),
        "is_admin": is_administrator(request.user),
    })


def _submitted(request) -> tuple:
    """The form's data and files; bound (even if empty) when an upload was stopped."""
    if request.method == "POST" and (request.POST or request.FILES or uploads.refused(request)):
        return request.POST, request.FILES
    return None, None


def _refuse_oversized(request, form) -> bool:
    """Show why an upload was stopped while it arrived (see :mod:`.uploads`) on its field."""
    message = uploads.refused(request)
    if message is None:
        return False
    form.is_valid()
    form.errors["file"] = form.error_class([message])
    return True


def _start(request, form, start) -> HttpResponse | None:
    upload = form.cleaned_data["file"]
    try:
        record, created = start(upload)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
    if not created:
        messages.info(request, f"This file was imported already ({record.source_filename}); "
                               "nothing changed.")
    return redirect(record_url(record))


def record_url(record) -> str:
    name = "insights:snapshot" if isinstance(record, WorkforceSnapshot) else "insights:events"
    return reverse(name, args=[record.pk])


def _import_view(name: str, form_class, start, template: str, context: dict):
    """An import page: the form, and on a valid upload ``start(request, upload, data)``."""
    def view(request: HttpRequest) -> HttpResponse:
        if not policy.can_import(request.user):
            raise PermissionDenied("Only administrators and analysts can import workforce data.")
        form = form_class(*_submitted(request), user=request.user)
        if not _refuse_oversized(request, form) and form.is_bound and form.is_valid():
            response = _start(request, form,
                              lambda upload: start(request, upload, form.cleaned_data))
            if response is not None:
                return response
        return render(request, template, {"form": form, "subnav_items": _navigation(request),
                                          **context})
    view.__name__ = view.__qualname__ = name
    return never_cache(login_required(require_http_methods(["GET", "POST"])(view)))


def _start_snapshot(request, upload, d):
    return services.start_snapshot_import(
        request.user, upload, filename=upload.name, as_of=d["as_of"], scope=d["scope"],
        mapping=d.get("mapping") or None, request=request)


def _start_events(request, upload, d):
    return services.start_events_import(
        request.user, upload, filename=upload.name, kind=d["kind"],
        period_start=d["period_start"], period_end=d["period_end"], scope=d["scope"],
        mapping=d.get("mapping") or None, request=request)


import_snapshot = _import_view(
    "import_snapshot", forms.SnapshotImportForm, _start_snapshot, "insights/import_snapshot.jinja",
    {"title": "Import a workforce snapshot", "fields": services.SNAPSHOT_FIELDS})
import_events = _import_view(
    "import_events", forms.EventsImportForm, _start_events, "insights/import_events.jinja",
    {"title": "Import recruitment, disciplinary or training events",
     "event_fields": forms.EVENT_FIELDS})


def _record_or_404(request, model, pk):
    _require_insights(request)
    record = get_object_or_404(model.objects.select_related("uploaded_by"), pk=pk)
    if not services.can_see_import(request.user, record):
        if record.status == ImportStatus.READY:
            return record, False
        raise Http404("No such import")
    return record, True


def _import_status(request, model, pk, kind_label: str) -> HttpResponse:
    record, full = _record_or_404(request, model, pk)
    if not record.is_finished:
        work.sweep_quietly()  # an import whose worker died shows as failed, to retry
        record.refresh_from_db()
    rejected = services.all_rejections(record) if full else []
    paginator = Paginator(rejected, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "insights/import_status.jinja", {
        "title": kind_label, "subnav_items": _navigation(request), "record": record,
        "is_snapshot": isinstance(record, WorkforceSnapshot),
        "tag": presenters.status_tag(record), "full": full,
        "scope_label": (area.label if (area := services.record_scope(record)) is not None
                        else record.scope_key),
        "rows": presenters.rejection_rows(list(page.object_list)),
        "summary_items": presenters.error_summary_items(rejected, len(rejected)),
        "page": page, "pagination": page_links(page, {}),
        "total_rejected": record.error_count,
        "is_admin": is_administrator(request.user),
        "can_retry": (record.status == ImportStatus.FAILED and bool(record.upload_path)
                      and services.can_retry_import(request.user, record)),
        "retry_href": reverse("insights:snapshot-retry" if isinstance(record, WorkforceSnapshot)
                              else "insights:events-retry", args=[record.pk]),
        "errors_href": reverse("insights:snapshot-errors" if isinstance(record, WorkforceSnapshot)
                               else "insights:events-errors", args=[record.pk]),
        "delete_href": reverse("insights:snapshot-delete" if isinstance(record, WorkforceSnapshot)
                               else "insights:events-delete", args=[record.pk]),
    })


def _errors_csv(request, model, pk) -> HttpResponse:
    record, full = _record_or_404(request, model, pk)
    if not full:
        raise Http404("No such import")
    rows = [{"line": r["line"], "field": r["field"], "value": r["value"], "reason": r["reason"]}
            for r in services.all_rejections(record)]
    return download(engine_export.to_csv_bytes(rows or [{"line": "", "field": "", "value": "",
                                                          "reason": ""}]),
                    "text/csv; charset=utf-8", f"rejected-rows-{pk}.csv")


def _import_to_delete(request, model, pk):
    if not is_administrator(request.user):
        raise PermissionDenied("Only an administrator can delete imported data.")
    return get_object_or_404(model, pk=pk)


def _confirm_delete(model):
    """The confirmation page before deleting an import of ``model``."""
    def describe(request, pk) -> Confirmation:
        record = _import_to_delete(request, model, pk)
        return Confirmation(
            question=f"delete the import of {record.source_filename}",
            button="Delete the import", caption=str(record),
            back_href=record_url(record),
            details=["Its rows, and every figure worked out from them, go from every page, "
                     "chart and export."],
            cannot_undo="This cannot be undone: the file would have to be imported again.")
    return describe


def _delete(request, model, pk) -> HttpResponse:
    record = _import_to_delete(request, model, pk)
    label = str(record)
    services.delete_import(request.user, record, request=request)
    messages.success(request, f"Deleted: {label}")
    return redirect("insights:imports")


def _retry(request, model, pk) -> HttpResponse:
    record, _ = _record_or_404(request, model, pk)
    carry_out(request, lambda: services.retry_import(request.user, record, request=request),
              f"{record.source_filename} is waiting to be imported again", one_banner=True)
    return redirect(record_url(record))


def _record_view(name: str, decorators: tuple, handler, model, *args):
    """The view of one import, a snapshot or an events file (``model``), by ``handler``."""
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return handler(request, model, pk, *args)
    view.__name__ = view.__qualname__ = name
    for decorator in reversed(decorators):
        view = decorator(view)
    return view


_SHOW = (never_cache, login_required, require_http_methods(["GET"]))
_GET = (login_required, require_http_methods(["GET"]))
_POST = (login_required, require_POST)

snapshot_status = _record_view("snapshot_status", _SHOW, _import_status, WorkforceSnapshot,
                               "Workforce snapshot import")
events_status = _record_view("events_status", _SHOW, _import_status, EventFile, "Events import")
snapshot_errors = _record_view("snapshot_errors", _GET, _errors_csv, WorkforceSnapshot)
events_errors = _record_view("events_errors", _GET, _errors_csv, EventFile)
snapshot_retry = _record_view("snapshot_retry", _POST, _retry, WorkforceSnapshot)
events_retry = _record_view("events_retry", _POST, _retry, EventFile)
snapshot_delete = _record_view("snapshot_delete", (
    confirmed_action(_confirm_delete(WorkforceSnapshot)),), _delete, WorkforceSnapshot)
events_delete = _record_view("events_delete", (
    confirmed_action(_confirm_delete(EventFile)),), _delete, EventFile)

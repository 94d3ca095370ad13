"""/api/v1/insights: the same disclosure-controlled figures as the pages, keyed by scope.

Figures are JSON documents keyed by scope (``ENGLAND``, or the region / system / organisation
ODS code, with ``/<kind>`` when narrowed to a kind of organisation) and then by level or
indicator, as the engine's command line writes them. Counts below England level are ``"*"``
(1-7) or rounded to the nearest 5; ``null`` means not shown or not calculable. Nothing here ever
returns a person's protected characteristics.

Imports are POSTed as multipart form data with a bearer token; they run in the background and
the response says where to follow them. Every rejected row is listed with its line number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from talentbridge.config.api_common import ERRORS, Id, Limit, Offset, invalid, remember_input, text

from . import figures, policy, services
from . import scopes as scope_module
from .models import EventFile, WorkforceSnapshot

router = Router()

ScopeKey = text(max_length=40)
Kind = Literal["", "acute", "mental_health", "community", "ambulance", "icb"]


class ScopeOut(Schema):
    key: str
    json_key: str
    level: str
    code: str
    name: str


class SnapshotOut(Schema):
    id: int
    as_of: dt.date
    source_filename: str
    status: str
    progress: int
    rows: int
    organisations: int
    content_hash: str
    created_at: dt.datetime
    message: str
    error_count: int
    url: str


class RejectedRow(Schema):
    line: int
    field: str
    value: str
    message: str


class ImportOut(SnapshotOut):
    rejected_rows: list[RejectedRow] = []
    rejected_limit: int
    rejected_offset: int


class EventFileOut(Schema):
    id: int
    kind: str
    period_start: dt.date
    period_end: dt.date
    source_filename: str
    status: str
    progress: int
    rows: int
    content_hash: str
    message: str
    error_count: int
    url: str
    rejected_rows: list[RejectedRow] = []


class FiguresQuery(Schema):
    scope: ScopeKey = Field("england", description="england, region:Y62, system:QOP or "
                                                   "organisation:R0A")
    kind: Kind = Field("", description="Narrow the scope to one kind of organisation.")
    snapshot: Id | None = Field(None, description="Snapshot id (default: the latest).")


class PipelineQuery(FiguresQuery):
    dimension: Literal["ethnicity", "ethnic_category", "sex", "disability"] = "ethnicity"
    previous: Id | None = Field(None, description="Snapshot to compare with (default: the one "
                                                  "before).")


class ProgressionQuery(FiguresQuery):
    earlier: Id | None = Field(None, description="The earlier snapshot (default: the one "
                                                 "before).")
    dimension: Literal["ethnicity", "disability", "sex"] = "ethnicity"


class ProjectionQuery(FiguresQuery):
    earlier: Id | None = None
    years: int = Field(10, ge=1, le=15)
    equalise_promotion: Literal["", "white", "overall"] = ""
    minority_recruitment_pct: float | None = Field(None, ge=0, le=100)
    programme_per_year: int = Field(0, ge=0, le=10_000)
    programme_level: Literal["8a", "8b", "8c", "8d", "9", "VSM"] = "8c"


class FiguresOut(Schema):
    snapshot: SnapshotOut
    scope: ScopeOut
    disclosure_controlled: bool
    figures: dict[str, Any]
    notes: list[str] = []


def _scope_out(s: scope_module.Scope) -> dict:
    return {"key": s.key, "json_key": s.json_key, "level": s.level, "code": s.code,
            "name": s.label}


def _snapshot_out(s: WorkforceSnapshot) -> dict:
    return {"id": s.pk, "as_of": s.as_of, "source_filename": s.source_filename,
            "status": s.status, "progress": s.progress, "rows": s.rows,
            "organisations": s.organisations, "content_hash": s.content_hash,
            "created_at": s.created_at, "message": s.message, "error_count": s.error_count,
            "url": f"/api/v1/insights/snapshots/{s.pk}"}


def _rejected(record, limit: int, offset: int) -> list[dict]:
    rows = services.all_rejections(record)[offset:offset + limit]
    return [{"line": r["line"], "field": r["field"], "value": str(r["value"]),
             "message": r["reason"]} for r in rows]


def _require_insights(user) -> None:
    if not policy.can_use(user):
        raise PermissionDenied("Insights are for talent leads, analysts and administrators.")


def _snapshot(request, pk: int | None, field: str = "snapshot") -> WorkforceSnapshot:
    qs = WorkforceSnapshot.objects.ready()
    snap = qs.filter(pk=pk).first() if pk is not None else qs.order_by("-as_of").first()
    if snap is None:
        if pk is None:
            raise Http404("No workforce snapshot has been imported yet.")
        raise invalid(field, f"There is no imported snapshot with id {pk}", pk, request=request)
    return snap


def _scope(request, q: FiguresQuery, day: dt.date) -> scope_module.Scope:
    try:
        scope = scope_module.parse(q.scope, q.kind)
    except scope_module.UnknownScope as error:
        raise invalid("scope", str(error), q.scope, request=request) from None
    policy.require(request.auth, policy.Action.VIEW, scope, day)
    return scope


def _figures(request, q: FiguresQuery, compute) -> dict:
    _require_insights(request.auth)
    snapshot = _snapshot(request, q.snapshot)
    scope = _scope(request, q, snapshot.as_of)
    try:
        figs = compute(snapshot, scope)
    except figures.NoData as error:
        raise Http404(str(error)) from None
    return {"snapshot": _snapshot_out(snapshot), "scope": _scope_out(scope),
            "disclosure_controlled": not scope.is_national, "figures": figs.document,
            "notes": figs.notes}


def _earlier(request, later: WorkforceSnapshot, pk: int | None) -> WorkforceSnapshot:
    earlier = _snapshot(request, pk, "earlier") if pk is not None else \
        figures.previous_snapshot(later)
    if earlier is None or earlier.as_of >= later.as_of:
        raise invalid("earlier", "Needs an earlier snapshot than the one chosen", pk,
                      request=request)
    return earlier


@router.get("/scopes", response={200: list[ScopeOut], **ERRORS},
            summary="Areas you may see figures for")
def list_scopes(request, snapshot: Id | None = None):
    _require_insights(request.auth)
    day = _snapshot(request, snapshot).as_of if WorkforceSnapshot.objects.ready().exists() \
        else dt.date.today()
    return [_scope_out(s) for s in policy.visible_scopes(request.auth, day)]


@router.get("/snapshots", response={200: list[SnapshotOut], **ERRORS},
            summary="Imported workforce snapshots")
def list_snapshots(request):
    _require_insights(request.auth)
    return [_snapshot_out(s) for s in WorkforceSnapshot.objects.ready().order_by("-as_of")]


@router.get("/snapshots/{id}", response={200: ImportOut, **ERRORS},
            summary="A snapshot import: status, progress and rejected rows")
def get_snapshot(request, id: Id, limit: Limit = 100, offset: Offset = 0):
    _require_insights(request.auth)
    snap = WorkforceSnapshot.objects.filter(pk=id).first()
    if snap is None or (not services.can_see_import(request.auth, snap)
                        and snap.status != "ready"):
        raise Http404("No such snapshot.")
    full = services.can_see_import(request.auth, snap)
    return {**_snapshot_out(snap), "rejected_rows": _rejected(snap, limit, offset) if full
            else [], "rejected_limit": limit, "rejected_offset": offset}


@router.post("/snapshots", response={202: ImportOut, 200: ImportOut, **ERRORS},
             summary="Import a workforce snapshot (CSV or XLSX)")
def post_snapshot(request, file: File[UploadedFile], as_of: Form[dt.date],
                  mapping: Form[str] = ""):
    """Multipart form: ``file``, ``as_of`` (YYYY-MM-DD) and optional ``mapping`` (JSON of our
    field names to your headers). 202: queued (or already finished; see ``status``); 200: this
    exact file was imported already and nothing changed. Follow ``url`` for progress and every
    rejected row."""
    remember_input(request, {"as_of": str(as_of), "mapping": mapping,
                                          "file": file.name})
    snap, created = services.start_snapshot_import(
        request.auth, file, filename=file.name or "", as_of=as_of, mapping=mapping or None,
        request=request)
    snap.refresh_from_db()
    body = {**_snapshot_out(snap), "rejected_rows": _rejected(snap, 100, 0),
            "rejected_limit": 100, "rejected_offset": 0}
    return Status(202 if created else 200, body)


def _event_out(e: EventFile, rejected: bool = True) -> dict:
    return {"id": e.pk, "kind": e.kind, "period_start": e.period_start,
            "period_end": e.period_end, "source_filename": e.source_filename,
            "status": e.status, "progress": e.progress, "rows": e.rows,
            "content_hash": e.content_hash, "message": e.message, "error_count": e.error_count,
            "url": f"/api/v1/insights/events/{e.pk}",
            "rejected_rows": _rejected(e, 100, 0) if rejected else []}


@router.post("/events", response={202: EventFileOut, 200: EventFileOut, **ERRORS},
             summary="Import a recruitment, disciplinary or training events file")
def post_events(request, file: File[UploadedFile],
                kind: Form[Literal["recruitment", "disciplinary", "training"]],
                period_start: Form[dt.date], period_end: Form[dt.date],
                mapping: Form[str] = ""):
    remember_input(request, {"kind": kind, "period_start": str(period_start),
                                          "period_end": str(period_end), "file": file.name})
    event_file, created = services.start_events_import(
        request.auth, file, filename=file.name or "", kind=kind, period_start=period_start,
        period_end=period_end, mapping=mapping or None, request=request)
    event_file.refresh_from_db()
    return Status(202 if created else 200, _event_out(event_file))


@router.get("/events/{id}", response={200: EventFileOut, **ERRORS},
            summary="An events import: status and rejected rows")
def get_events(request, id: Id):
    _require_insights(request.auth)
    e = EventFile.objects.filter(pk=id).first()
    if e is None or (not services.can_see_import(request.auth, e) and e.status != "ready"):
        raise Http404("No such events file.")
    return _event_out(e, rejected=services.can_see_import(request.auth, e))


@router.get("/pipeline", response={200: FiguresOut, **ERRORS},
            summary="Pipeline representation at each level, 8a to board")
def get_pipeline(request, q: Query[PipelineQuery]):
    def compute(snapshot, scope):
        previous = (_snapshot(request, q.previous, "previous") if q.previous
                    else figures.previous_snapshot(snapshot))
        if previous is not None and previous.pk == snapshot.pk:
            previous = None
        return figures.pipeline_figures(snapshot, scope, q.dimension, previous)

    return _figures(request, q, compute)


@router.get("/wres", response={200: FiguresOut, **ERRORS},
            summary="WRES indicators 1-4 and 9, WDES metrics 1-3")
def get_wres(request, q: Query[FiguresQuery]):
    return _figures(request, q, figures.wres_figures)


@router.get("/progression", response={200: FiguresOut, **ERRORS},
            summary="Promotion between two snapshots, by group")
def get_progression(request, q: Query[ProgressionQuery]):
    def compute(later, scope):
        earlier = _earlier(request, later, q.earlier)
        policy.require(request.auth, policy.Action.VIEW, scope, earlier.as_of)
        return figures.progression_figures(earlier, later, scope, q.dimension)

    return _figures(request, q, compute)


@router.get("/projection", response={200: FiguresOut, **ERRORS},
            summary="Markov projection of the pipeline, with a scenario")
def get_projection(request, q: Query[ProjectionQuery]):
    def compute(later, scope):
        earlier = _earlier(request, later, q.earlier)
        policy.require(request.auth, policy.Action.VIEW, scope, earlier.as_of)
        params = figures.ScenarioInput(
            years=q.years, equalise_promotion=q.equalise_promotion,
            minority_recruitment_pct=q.minority_recruitment_pct,
            programme_per_year=q.programme_per_year, programme_level=q.programme_level)
        return figures.projection_figures(earlier, later, scope, params)

    return _figures(request, q, compute)

"""/api/v1/insights: the same disclosure-controlled figures as the pages, keyed by scope.

Figures are JSON documents keyed by scope (``ENGLAND``, or the region / system / organisation
ODS code, with ``/<kind>`` when narrowed to a kind of organisation) and then by level or
indicator, as the engine's command line writes them. Counts below England level are ``"*"``
(1-7) or rounded to the nearest 5; ``null`` means not shown or not calculable. Nothing here ever
returns a person's protected characteristics.

Figures for a scope come only from a snapshot that covers all of it (one imported for that
scope or a wider one containing it); without ``snapshot`` the latest such snapshot is used. A
snapshot to compare with (``previous``, ``earlier``) must also cover the scope, be earlier than
the chosen one, and be one on whose date you may see the scope; otherwise 400 naming the field.

Imports are POSTed as multipart form data with a bearer token and the ``scope`` the file is for;
they run in the background and the response says where to follow them. Every rejected row is
listed with its line number; a file without rows for every NHS trust in its scope is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field
from ninja import File
from ninja import Form
from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status
from ninja.files import UploadedFile

from talentbridge.core import api as api_common
from talentbridge.core import work
from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import Limit
from talentbridge.core.api import Offset
from talentbridge.core.api import invalid
from talentbridge.core.api import remember_input
from talentbridge.core.api import text

from . import figures
from . import policy
from . import scopes as scope_module
from . import services
from .codes import EventKind
from .models import EventFile
from .models import WorkforceSnapshot

router = Router()

ScopeKey = text(max_length=40)
Kind = Literal["", "acute", "mental_health", "community", "ambulance", "icb"]


class ScopeOut(Schema):
    key: str
    json_key: str
    level: str
    code: str
    name: str


class AreaOut(Schema):
    key: str
    level: str
    code: str
    name: str
    organisations: list[str]
    kinds: dict[str, list[str]]


class AreasOut(Schema):
    as_of: dt.date
    snapshot: int | None
    areas: list[AreaOut]


class SnapshotOut(Schema):
    id: int
    as_of: dt.date
    scope: str
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
    scope: str
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
    snapshot: Id | None = Field(None, description="Snapshot id: one that covers the scope "
                                                  "(default: the latest that does).")


class PipelineQuery(FiguresQuery):
    dimension: Literal["ethnicity", "ethnic_category", "sex", "disability"] = "ethnicity"
    previous: Id | None = Field(None, description="Earlier snapshot to compare with, covering "
                                                  "the scope (default: the latest before the "
                                                  "chosen one that you may see).")


class ProgressionQuery(FiguresQuery):
    earlier: Id | None = Field(None, description="The earlier snapshot, covering the scope "
                                                 "(default: the latest before the chosen one "
                                                 "that you may see).")
    dimension: Literal["ethnicity", "disability", "sex"] = "ethnicity"


class ProjectionQuery(FiguresQuery):
    earlier: Id | None = Field(None, description="The earlier snapshot, covering the scope "
                                                 "(default: the latest before the chosen one "
                                                 "that you may see).")
    years: int = Field(10, ge=1, le=15)
    equalise_promotion: Literal["", "white", "overall"] = ""
    minority_recruitment_pct: float | None = Field(None, ge=0, le=100)
    programme_per_year: int = Field(0, ge=0, le=10_000)
    programme_level: Literal["8a", "8b", "8c", "8d", "9", "VSM"] = "8c"


class FiguresOut(Schema):
    snapshot: SnapshotOut
    scope: ScopeOut
    disclosure_controlled: bool = Field(description=(
        "True below England: counts of 1 to 7 are \"*\", others rounded to the nearest 5, "
        "and a few more are \"*\" where, with everything else you may request in your area, "
        "they could be worked out; every rate and ratio is worked out from the counts as "
        "shown. See docs/disclosure.md."))
    figures: dict[str, Any]
    notes: list[str] = []


def _scope_out(s: scope_module.Scope) -> dict:
    return {"key": s.key, "json_key": s.json_key, "level": s.level, "code": s.code,
            "name": s.label}


def _snapshot_out(s: WorkforceSnapshot) -> dict:
    return {"id": s.pk, "as_of": s.as_of, "scope": s.scope_key,
            "source_filename": s.source_filename,
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


def _ready(request, pk: int, field: str) -> WorkforceSnapshot:
    snap = WorkforceSnapshot.objects.ready().filter(pk=pk).first()
    if snap is None:
        raise invalid(field, f"There is no imported snapshot with id {pk}", pk, request=request)
    return snap


def _snapshot(request, pk: int | None, scope: scope_module.Scope) -> WorkforceSnapshot:
    """The chosen snapshot (it must cover ``scope``), or the latest that covers it."""
    if pk is None:
        snap = services.default_snapshot(scope)
        if snap is None:
            raise Http404(f"No imported snapshot covers {scope.label} yet.")
        return snap
    snap = _ready(request, pk, "snapshot")
    if not services.covers(snap, scope):
        raise invalid("snapshot", f"The snapshot with id {pk} (as of {snap.as_of.isoformat()}) "
                                  f"does not cover {scope.label}", pk, request=request)
    return snap


def _compared(request, scope, later: WorkforceSnapshot, pk: int | None, field: str
              ) -> WorkforceSnapshot | None:
    """The snapshot to compare ``later`` with (see services.check_comparison), or None."""
    if pk is None:
        return services.earlier_snapshot(request.auth, scope, later)
    try:
        return services.check_comparison(request.auth, scope, later, _ready(request, pk, field),
                                         field=field, label=field)
    except ValidationError as error:
        raise invalid(field, error.message_dict[field][0], pk, request=request) from None


def _scope(request, q: FiguresQuery) -> scope_module.Scope:
    try:
        return scope_module.parse(q.scope, q.kind)
    except scope_module.UnknownScope as error:
        raise invalid("scope", str(error), q.scope, request=request) from None


def _figures(request, q: FiguresQuery, compute) -> dict:
    _require_insights(request.auth)
    scope = _scope(request, q)
    snapshot = _snapshot(request, q.snapshot, scope)
    policy.require(request.auth, policy.Action.VIEW, scope, snapshot.as_of)
    try:
        figs = compute(snapshot, scope)
    except figures.NoData as error:
        raise Http404(str(error)) from None
    return {"snapshot": _snapshot_out(snapshot), "scope": _scope_out(scope),
            "disclosure_controlled": not scope.is_national, "figures": figs.document,
            "notes": figs.notes}


def _figures_since(request, q: ProgressionQuery, compute) -> dict:
    """`_figures` of the chosen (later) snapshot against the earlier one ``q.earlier``:
    ``compute(earlier, later, scope)``; 400 when there is no earlier snapshot for the scope."""
    def compute_from_earlier(later: WorkforceSnapshot, scope):
        earlier = _compared(request, scope, later, q.earlier, "earlier")
        if earlier is None:
            raise invalid("earlier", f"Needs an earlier snapshot covering {scope.label} than "
                                     "the one chosen", q.earlier, request=request)
        return compute(earlier, later, scope)

    return _figures(request, q, compute_from_earlier)


@router.get("/scopes", response={200: list[ScopeOut], **ERRORS},
            summary="Areas you may see figures for")
def list_scopes(request, snapshot: Id | None = None):
    _require_insights(request.auth)
    latest = WorkforceSnapshot.objects.ready().order_by("-as_of").first()
    day = (_ready(request, snapshot, "snapshot") if snapshot is not None else latest)
    return [_scope_out(s) for s in policy.visible_scopes(
        request.auth, day.as_of if day is not None else dt.date.today())]


@router.get("/areas", response={200: AreasOut, **ERRORS},
            summary="The organisations in each area you may see, on a snapshot's date")
def list_areas(request, snapshot: Id | None = None):
    """For every area you may see on the snapshot's date (default: the latest snapshot's),
    the ODS codes of its organisations on that date, in all and for each kind of
    organisation: the membership that snapshot's figures are worked out from. Reference
    data about organisations, not people."""
    _require_insights(request.auth)
    record = (_ready(request, snapshot, "snapshot") if snapshot is not None
              else WorkforceSnapshot.objects.ready().order_by("-as_of").first())
    day = record.as_of if record is not None else dt.date.today()
    geo = scope_module.Geography(day)
    placed = sorted(geo.organisation_ids())
    areas = []
    for s in policy.visible_scopes(request.auth, day):
        codes = geo.org_codes(s)
        inside = placed if codes is None else sorted(codes)
        kinds = {}
        if s.level != scope_module.ORGANISATION:
            kinds = {kind: sorted(geo.org_codes(s.with_kind(kind)) or ())
                     for kind in scope_module.KINDS}
        areas.append({"key": s.key, "level": s.level, "code": s.code, "name": s.label,
                      "organisations": inside, "kinds": kinds})
    return {"as_of": day, "snapshot": record.pk if record is not None else None,
            "areas": areas}


@router.get("/snapshots", response={200: list[SnapshotOut], **ERRORS},
            summary="Imported workforce snapshots")
def list_snapshots(request, scope: ScopeKey = "", kind: Kind = ""):
    """Every ready snapshot, latest first; with ``scope`` (and ``kind``) only those that cover
    it, the first being the one its figures open on."""
    _require_insights(request.auth)
    if not scope:
        return [_snapshot_out(s) for s in WorkforceSnapshot.objects.ready().order_by("-as_of")]
    try:
        area = scope_module.parse(scope, kind)
    except scope_module.UnknownScope as error:
        raise invalid("scope", str(error), scope, request=request) from None
    return [_snapshot_out(s) for s in services.snapshots_covering(area)]


@router.get("/snapshots/{id}", response={200: ImportOut, **ERRORS},
            summary="A snapshot import: status, progress and rejected rows")
def get_snapshot(request, id: Id, limit: Limit = 100, offset: Offset = 0):
    _require_insights(request.auth)
    snap = WorkforceSnapshot.objects.filter(pk=id).first()
    if snap is None or (not services.can_see_import(request.auth, snap)
                        and snap.status != "ready"):
        raise Http404("No such snapshot.")
    if not snap.is_finished:
        work.sweep_quietly()  # an import whose worker died shows as failed, to retry
        snap.refresh_from_db()
    full = services.can_see_import(request.auth, snap)
    return {**_snapshot_out(snap), "rejected_rows": _rejected(snap, limit, offset) if full
            else [], "rejected_limit": limit, "rejected_offset": offset}


@router.post("/snapshots", response={202: ImportOut, 200: ImportOut, **ERRORS,
                                     **api_common.TOO_LARGE},
             summary="Import a workforce snapshot (CSV or XLSX)")
def post_snapshot(request, file: File[UploadedFile], as_of: Form[dt.date],
                  scope: Form[str] = "", mapping: Form[str] = ""):
    """Multipart form: ``file``, ``as_of`` (YYYY-MM-DD), ``scope`` (the area the file is for:
    england, region:Y62, system:QOP or organisation:R0A; within your own; England if left out,
    for those who may import everywhere) and optional ``mapping`` (JSON of our field names to
    your headers). The file must have rows for every NHS trust in the scope on ``as_of``,
    and only for organisations in it. 202: queued (or already finished; see ``status``); 200:
    this exact file was imported already and nothing changed. Follow ``url`` for progress and
    every rejected row."""
    remember_input(request, {"as_of": str(as_of), "scope": scope, "mapping": mapping,
                             "file": file.name})
    snap, created = services.start_snapshot_import(
        request.auth, file, filename=file.name or "", as_of=as_of, scope=scope or None,
        mapping=mapping or None, request=request)
    snap.refresh_from_db()
    body = {**_snapshot_out(snap), "rejected_rows": _rejected(snap, 100, 0),
            "rejected_limit": 100, "rejected_offset": 0}
    return Status(202 if created else 200, body)


def _event_out(e: EventFile, rejected: bool = True) -> dict:
    return {"id": e.pk, "kind": e.kind, "scope": e.scope_key, "period_start": e.period_start,
            "period_end": e.period_end, "source_filename": e.source_filename,
            "status": e.status, "progress": e.progress, "rows": e.rows,
            "content_hash": e.content_hash, "message": e.message, "error_count": e.error_count,
            "url": f"/api/v1/insights/events/{e.pk}",
            "rejected_rows": _rejected(e, 100, 0) if rejected else []}


@router.post("/events", response={202: EventFileOut, 200: EventFileOut, **ERRORS,
                                  **api_common.TOO_LARGE},
             summary="Import a recruitment, disciplinary or training events file")
def post_events(request, file: File[UploadedFile],
                kind: Form[Literal[tuple(EventKind.values)]],
                period_start: Form[dt.date], period_end: Form[dt.date],
                scope: Form[str] = "", mapping: Form[str] = ""):
    """Multipart form: ``file``, ``kind``, ``period_start``, ``period_end``, ``scope`` (as for
    a snapshot: the file must have rows for every NHS trust in it on ``period_end``) and
    optional ``mapping``."""
    remember_input(request, {"kind": kind, "period_start": str(period_start),
                             "period_end": str(period_end), "scope": scope,
                             "file": file.name})
    event_file, created = services.start_events_import(
        request.auth, file, filename=file.name or "", kind=kind, period_start=period_start,
        period_end=period_end, scope=scope or None, mapping=mapping or None, request=request)
    event_file.refresh_from_db()
    return Status(202 if created else 200, _event_out(event_file))


@router.get("/events/{id}", response={200: EventFileOut, **ERRORS},
            summary="An events import: status and rejected rows")
def get_events(request, id: Id):
    _require_insights(request.auth)
    e = EventFile.objects.filter(pk=id).first()
    if e is None or (not services.can_see_import(request.auth, e) and e.status != "ready"):
        raise Http404("No such events file.")
    if not e.is_finished:
        work.sweep_quietly()
        e.refresh_from_db()
    return _event_out(e, rejected=services.can_see_import(request.auth, e))


def _retry_record(request, model, id: int, missing: str):
    _require_insights(request.auth)
    record_ = model.objects.filter(pk=id).first()
    if record_ is None or not services.can_see_import(request.auth, record_):
        raise Http404(missing)
    return services.retry_import(request.auth, record_, request=request)


@router.post("/snapshots/{id}/retry", response={202: ImportOut, **ERRORS},
             summary="Retry a failed snapshot import")
def retry_snapshot(request, id: Id):
    """Queues a failed import again from its kept file (for example after its worker
    stopped); for its uploader or an administrator who may import for its area. 400 when it
    has not failed or its file was not kept."""
    snap = _retry_record(request, WorkforceSnapshot, id, "No such snapshot.")
    return Status(202, {**_snapshot_out(snap), "rejected_rows": [], "rejected_limit": 100,
                        "rejected_offset": 0})


@router.post("/events/{id}/retry", response={202: EventFileOut, **ERRORS},
             summary="Retry a failed events import")
def retry_events(request, id: Id):
    """As for a snapshot: queues a failed events import again from its kept file."""
    return Status(202, _event_out(_retry_record(request, EventFile, id,
                                                "No such events file.")))


@router.get("/pipeline", response={200: FiguresOut, **ERRORS},
            summary="Pipeline representation at each level, 8a to board")
def get_pipeline(request, q: Query[PipelineQuery]):
    def compute(snapshot, scope):
        previous = _compared(request, scope, snapshot, q.previous, "previous")
        universe = services.universe_covered(request.auth, scope, snapshot.as_of, snapshot,
                                             previous)
        return figures.pipeline_figures(snapshot, scope, q.dimension, previous, universe)

    return _figures(request, q, compute)


@router.get("/wres", response={200: FiguresOut, **ERRORS},
            summary="WRES indicators 1-4 and 9, WDES metrics 1-3")
def get_wres(request, q: Query[FiguresQuery]):
    def compute(snapshot, scope):
        universe = services.universe_covered(request.auth, scope, snapshot.as_of, snapshot)
        return figures.wres_figures(snapshot, scope, universe)

    return _figures(request, q, compute)


@router.get("/progression", response={200: FiguresOut, **ERRORS},
            summary="Promotion between two snapshots, by group")
def get_progression(request, q: Query[ProgressionQuery]):
    def compute(earlier, later, scope):
        universe = services.universe_covered(request.auth, scope, earlier.as_of, earlier,
                                             later)
        return figures.progression_figures(earlier, later, scope, q.dimension, universe)

    return _figures_since(request, q, compute)


@router.get("/projection", response={200: FiguresOut, **ERRORS},
            summary="Markov projection of the pipeline, with a scenario")
def get_projection(request, q: Query[ProjectionQuery]):
    def compute(earlier, later, scope):
        params = figures.ScenarioInput(
            years=q.years, equalise_promotion=q.equalise_promotion,
            minority_recruitment_pct=q.minority_recruitment_pct,
            programme_per_year=q.programme_per_year, programme_level=q.programme_level)
        universe = services.universe_covered(request.auth, scope, later.as_of, later)
        return figures.projection_figures(earlier, later, scope, params, universe)

    return _figures_since(request, q, compute)

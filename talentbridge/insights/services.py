"""Importing workforce snapshots and event files: the one place that writes insights data.

The web page, the API and the `import_workforce` command all call `start_snapshot_import` /
`start_events_import`, which check the user, keep the upload and queue a background task; the
task (`run_snapshot_import` / `run_events_import`) validates the whole file with the engine,
and either writes the validated rows as Parquet and marks the import ready, or records every
rejected row and keeps nothing. Re-importing the same file (same bytes) gives back the import
already made; the same data in another file (another row order, CSV instead of XLSX) is
recognised by its content hash and changes nothing.

Every file declares its scope (England, a region, a system or an organisation). Only someone
who may import for the whole of that scope may import it; a row for an organisation outside it
is rejected; and a file that has no rows for an NHS trust in that scope on its date is refused
whole. Figures for a scope come only from ready imports whose declared scope contains it:
:func:`snapshots_covering`, :func:`default_snapshot`, :func:`earlier_snapshot` and
:func:`check_comparison` are the one place that decides which snapshots a page may use.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import os
import time
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone

from engine.insights import snapshot as engine_snapshot
from talentbridge.accounts.services import is_administrator
from talentbridge.accounts.services import require_administrator
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.core import work
from talentbridge.core.uploaded_files import spreadsheet_suffix
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import notify
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationKind
from talentbridge.organisations.scopes import placements_on

from . import policy
from . import scopes
from . import storage
from . import uploads
from .models import EventFile
from .models import EventKind
from .models import ImportStatus
from .models import WorkforceSnapshot

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 1024 * 1024 * 1024  # 1 GiB: a whole-England ESR export is ~150 MB as CSV
MAX_STORED_ERRORS = 10_000
EARLIEST = dt.date(2000, 1, 1)
#: Rejected values in these fields are not stored or shown: they may be a person's protected
#: characteristic (a whole row, a date of birth, an ethnic group written in words).
PROTECTED_FIELDS = frozenset({"ethnic_category", "sex", "disability", "date_of_birth",
                              engine_snapshot.ROW})
REDACTED = "(not shown: may be a protected characteristic)"
SNAPSHOT_FIELDS = (*engine_snapshot.SNAPSHOT_COLUMNS, *engine_snapshot.SNAPSHOT_OPTIONAL)
#: The organisations that employ the staff in a snapshot or event file: a file for an area
#: must have rows for every one of these in it (ICBs, national bodies and partners need not).
EMPLOYER_KINDS = frozenset({OrganisationKind.ACUTE, OrganisationKind.MENTAL_HEALTH,
                            OrganisationKind.COMMUNITY, OrganisationKind.AMBULANCE})
COVERAGE_RULE = "a file must have rows for every NHS trust in the area it is for"
#: How many missing organisations the import's message names (every one is in its errors).
MESSAGE_NAMES = 25


# --------------------------------------------------------------------------------------
# Scopes: what a file is for, and which snapshots cover an area
# --------------------------------------------------------------------------------------


def import_scope(actor, value, day: dt.date) -> scopes.Scope:
    """The scope a file declares, checked: it names an area (not a kind of organisation), and
    ``actor`` may import for the whole of it on ``day``. Without a value, England for the
    command line and for whoever may import everywhere; everyone else must choose."""
    value = (value or "").strip() if not isinstance(value, scopes.Scope) else value
    if not value:
        if actor is None or policy.grants_for(actor).imports_everywhere:
            return scopes.ENGLAND_SCOPE
        raise ValidationError({"scope": "Select the area the file is for"})
    if isinstance(value, scopes.Scope):
        scope = value
    else:
        try:
            scope = scopes.parse(value)
        except scopes.UnknownScope as error:
            raise ValidationError({"scope": f"{error}"}) from None
    if scope.kind:
        raise ValidationError({"scope": "A file is for a whole area, not one kind of "
                                        "organisation in it"})
    if actor is not None and not policy.can(actor, policy.Action.IMPORT, scope, day):
        raise ValidationError({"scope": f'You may not import for "{scope.key}" '
                                        f"({scope.label}): choose an area within your own"})
    return scope


def required_organisations(scope: scopes.Scope, day: dt.date) -> dict[str, str]:
    """ODS code -> name of every organisation a file for ``scope`` on ``day`` must have rows
    for: the NHS trusts open on that day and, by the effective-dated memberships, in the area
    (an organisation's own file needs just that organisation)."""
    if scope.level == scopes.ORGANISATION:
        org = Organisation.objects.get(pk=scope.pk)
        return {org.ods_code: org.display_name}
    placements = placements_on(day)
    wanted = [pk for pk, p in placements.items() if scope.level == scopes.ENGLAND
              or (scope.level == scopes.REGION and p.region_id == scope.pk)
              or (scope.level == scopes.SYSTEM and p.system_id == scope.pk)]
    orgs = Organisation.objects.open_on(day).filter(pk__in=wanted, kind__in=EMPLOYER_KINDS,
                                                    is_nhs=True)
    return {o.ods_code: o.display_name for o in orgs.order_by("ods_code")}


def record_scope(record_) -> scopes.Scope | None:
    """The scope an import declares (None if its area no longer exists)."""
    try:
        return scopes.parse(record_.scope_key)
    except scopes.UnknownScope:
        return None


def covers(record_, scope: scopes.Scope, geo: scopes.Geography | None = None) -> bool:
    """Does ``record_`` (a snapshot or event file) cover all of ``scope`` on its date? Only if
    its declared scope contains ``scope``: an England file covers everything; an organisation's
    file covers only that organisation."""
    if record_.scope_key == scopes.ENGLAND:
        return True
    if scope.level == scopes.ENGLAND:
        return False
    base = scopes.Scope(scope.level, scope.code, scope.name, scope.pk)
    if base.key == record_.scope_key:
        return True
    declared = record_scope(record_)
    if declared is None:
        return False
    geo = geo or scopes.Geography(getattr(record_, "as_of", None) or record_.period_end)
    inner, outer = geo.org_codes(base), geo.org_codes(declared)
    return bool(inner) and outer is not None and inner <= outer


def universe_covered(user, scope: scopes.Scope, day: dt.date, *records) -> scopes.Scope:
    """`policy.universe` on ``day`` among the areas that every given snapshot or event file
    covers (None stands for one not chosen)."""
    return policy.universe(user, scope, day, covered=lambda area: all(
        covers(r, area) for r in records if r is not None))


def snapshots_covering(scope: scopes.Scope, among=None) -> list[WorkforceSnapshot]:
    """Ready snapshots that cover ``scope``, latest first (``among``: only these)."""
    candidates = (list(among) if among is not None
                  else WorkforceSnapshot.objects.ready().order_by("-as_of", "-created_at"))
    geographies: dict[dt.date, scopes.Geography] = {}
    out = []
    for snap in candidates:
        if snap.status != ImportStatus.READY:
            continue
        geo = geographies.setdefault(snap.as_of, scopes.Geography(snap.as_of))
        if covers(snap, scope, geo):
            out.append(snap)
    return sorted(out, key=lambda s: (s.as_of, s.created_at), reverse=True)


def default_snapshot(scope: scopes.Scope) -> WorkforceSnapshot | None:
    """The snapshot figures for ``scope`` open on: the latest ready one that covers it."""
    covering = snapshots_covering(scope)
    return covering[0] if covering else None


def earlier_snapshot(user, scope: scopes.Scope, snapshot: WorkforceSnapshot,
                     among=None) -> WorkforceSnapshot | None:
    """The default "compare with": the latest snapshot before ``snapshot`` that covers
    ``scope`` and on whose date ``user`` may see ``scope``."""
    for earlier in snapshots_covering(scope, among):
        if earlier.as_of < snapshot.as_of and policy.can(user, policy.Action.VIEW, scope,
                                                         earlier.as_of):
            return earlier
    return None


def check_comparison(user, scope: scopes.Scope, snapshot: WorkforceSnapshot,
                     other: WorkforceSnapshot, *, field: str, label: str) -> WorkforceSnapshot:
    """``other`` as the snapshot to compare ``snapshot`` with, or a ValidationError on
    ``field``: it must be ready, cover ``scope``, be earlier, and ``user`` must be allowed to
    see ``scope`` on its date."""
    date = f"{other.as_of.day} {other.as_of:%B %Y}"
    if other.status != ImportStatus.READY or not covers(other, scope):
        raise ValidationError({field: f"{label}: the snapshot as of {date} (id {other.pk}) "
                                      f"does not cover {scope.label}"})
    if other.as_of >= snapshot.as_of:
        raise ValidationError({field: f"{label} must be earlier than {snapshot.as_of.day} "
                                      f"{snapshot.as_of:%B %Y}: the snapshot as of {date} "
                                      f"(id {other.pk}) is not"})
    if not policy.can(user, policy.Action.VIEW, scope, other.as_of):
        raise ValidationError({field: f"{label}: you may not see figures for {scope.label} "
                                      f"as of {date} (id {other.pk})"})
    return other


def event_files_for(snapshot: WorkforceSnapshot, scope: scopes.Scope) -> dict[str, EventFile]:
    """For each kind, the ready event file covering ``scope`` whose period ends closest to the
    snapshot's date, within a year before it and a month after."""
    out = {}
    for kind in EventKind.values:
        candidates = [e for e in EventFile.objects.ready().filter(
            kind=kind, period_end__gte=snapshot.as_of - dt.timedelta(days=366),
            period_end__lte=snapshot.as_of + dt.timedelta(days=31)) if covers(e, scope)]
        best = min(candidates, key=lambda e: (abs((e.period_end - snapshot.as_of).days),
                                              -e.pk), default=None)
        if best is not None:
            out[kind] = best
    return out


# --------------------------------------------------------------------------------------
# Input checks shared by the page, the API and the command
# --------------------------------------------------------------------------------------


def parse_mapping(text: str | Mapping | None, fields: tuple[str, ...]) -> dict[str, str]:
    """A column mapping ``{"our_field": "Their header"}`` from JSON text (or a dict)."""
    if text is None or text == "" or text == {}:
        return {}
    if isinstance(text, str):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationError({"mapping": f"Column mapping is not valid JSON ({error.msg} "
                                              f"at character {error.pos + 1})"}) from None
    else:
        value = dict(text)
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()):
        raise ValidationError({"mapping": 'Column mapping must be a JSON object of field names '
                                          'to column headers, like {"person_id": "Employee '
                                          'Number"}'})
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise ValidationError({"mapping": f"Column mapping names unknown fields: "
                                          f"{', '.join(unknown)}. Fields are: "
                                          f"{', '.join(fields)}"})
    return {k: v.strip() for k, v in value.items()}


def _check_file(filename: str, size: int | None) -> str:
    return spreadsheet_suffix(filename, size, MAX_UPLOAD_BYTES,
                              uploads.limit_message(MAX_UPLOAD_BYTES))


def _check_day(field: str, label: str, day: dt.date | None) -> dt.date:
    if day is None:
        raise ValidationError({field: f"Enter the {label}"})
    if day > timezone.localdate():
        raise ValidationError({field: f"The {label} must be today or in the past"})
    if day < EARLIEST:
        raise ValidationError({field: f"The {label} must be on or after 1 January 2000"})
    return day


def _require_importer(actor) -> None:
    if actor is not None and not policy.can_import(actor):
        raise PermissionDenied("Only administrators and analysts can import workforce data.")


def _size(upload) -> int | None:
    if isinstance(upload, bytes):
        return len(upload)
    return getattr(upload, "size", None)


# --------------------------------------------------------------------------------------
# Starting an import
# --------------------------------------------------------------------------------------


def start_snapshot_import(actor, upload, *, filename: str, as_of: dt.date,
                          scope: str | scopes.Scope | None = None,
                          mapping: str | Mapping | None = None, request=None,
                          run: Callable[[int], object] | None = None,
                          ) -> tuple[WorkforceSnapshot, bool]:
    """Keep the upload and queue its import. Returns (snapshot, created); created is False
    when this exact file was imported (or is being imported) already.

    ``actor`` None means the command line (an operator with the server: every organisation).
    ``scope`` is the area the file is for (see :func:`import_scope`).
    """
    _require_importer(actor)
    suffix = _check_file(filename, _size(upload))
    as_of = _check_day("as_of", "snapshot date", as_of)
    area = import_scope(actor, scope, as_of)
    columns = parse_mapping(mapping, SNAPSHOT_FIELDS)
    relative, file_hash, size = storage.save_upload(upload, suffix)
    if size == 0:
        storage.remove(relative)
        raise ValidationError({"file": "The selected file is empty"})
    same = (WorkforceSnapshot.objects.filter(file_hash=file_hash)
            .filter(status__in=[ImportStatus.READY, ImportStatus.QUEUED, ImportStatus.RUNNING])
            .first())
    if same is not None:
        storage.remove(relative)
        return same, False
    taken = WorkforceSnapshot.objects.ready().filter(as_of=as_of, scope_key=area.key).first()
    if taken is not None:
        storage.remove(relative)
        raise ValidationError({"as_of": f"A snapshot for {area.label} as of {as_of:%-d %B %Y} "
                                        f"is already imported ({taken.source_filename}). "
                                        "Delete it first to replace it"})
    snapshot = WorkforceSnapshot.objects.create(
        as_of=as_of, scope_key=area.key, source_filename=Path(filename).name[:255],
        file_hash=file_hash,
        column_mapping=columns, uploaded_by=actor if actor is not None else None,
        upload_path=relative,
    )
    record(actor=actor, action=AuditAction.CREATE, target=snapshot, request=request,
           channel="" if request is not None else "cli",
           detail={"file": snapshot.source_filename, "as_of": as_of.isoformat(),
                   "scope": area.key, "bytes": size, "file_hash": file_hash})
    _enqueue("snapshot", snapshot.pk, run)
    snapshot.refresh_from_db()
    return snapshot, True


def start_events_import(actor, upload, *, filename: str, kind: str, period_start: dt.date,
                        period_end: dt.date, scope: str | scopes.Scope | None = None,
                        mapping: str | Mapping | None = None,
                        request=None, run: Callable[[int], object] | None = None,
                        ) -> tuple[EventFile, bool]:
    """Like :func:`start_snapshot_import`, for a recruitment, disciplinary or training file."""
    _require_importer(actor)
    if kind not in EventKind.values:
        raise ValidationError({"kind": "Select the kind of events in the file"})
    suffix = _check_file(filename, _size(upload))
    period_start = _check_day("period_start", "start of the period", period_start)
    period_end = _check_day("period_end", "end of the period", period_end)
    if period_end < period_start:
        raise ValidationError({"period_end": "The end of the period must be on or after its "
                                             "start"})
    if (period_end - period_start).days > 2 * 366:
        raise ValidationError({"period_end": "The period must be 2 years or shorter"})
    area = import_scope(actor, scope, period_end)
    columns = parse_mapping(mapping, engine_snapshot.EVENT_COLUMNS[kind])
    relative, file_hash, size = storage.save_upload(upload, suffix)
    if size == 0:
        storage.remove(relative)
        raise ValidationError({"file": "The selected file is empty"})
    same = (EventFile.objects.filter(file_hash=file_hash, kind=kind)
            .filter(status__in=[ImportStatus.READY, ImportStatus.QUEUED, ImportStatus.RUNNING])
            .first())
    if same is not None:
        storage.remove(relative)
        return same, False
    taken = EventFile.objects.ready().filter(kind=kind, period_start=period_start,
                                             period_end=period_end, scope_key=area.key).first()
    if taken is not None:
        storage.remove(relative)
        raise ValidationError({"period_start": f"Events of this kind for {area.label} for this "
                                               "period are already imported "
                                               f"({taken.source_filename}). Delete them first "
                                               "to replace them"})
    event_file = EventFile.objects.create(
        kind=kind, scope_key=area.key, period_start=period_start, period_end=period_end,
        source_filename=Path(filename).name[:255], file_hash=file_hash, column_mapping=columns,
        uploaded_by=actor, upload_path=relative,
    )
    record(actor=actor, action=AuditAction.CREATE, target=event_file, request=request,
           channel="" if request is not None else "cli",
           detail={"file": event_file.source_filename, "kind": kind, "scope": area.key,
                   "bytes": size,
                   "period": [period_start.isoformat(), period_end.isoformat()]})
    _enqueue("events", event_file.pk, run)
    event_file.refresh_from_db()
    return event_file, True


def _enqueue(what: str, pk: int, run: Callable[[int], object] | None) -> None:
    if run is not None:  # the command line runs the import in the foreground
        run(pk)
        return
    # tasks.py imports this module (each task runs one of these services)
    from . import tasks

    (tasks.import_snapshot if what == "snapshot" else tasks.import_events).enqueue(pk)


# --------------------------------------------------------------------------------------
# Running an import (the background task)
# --------------------------------------------------------------------------------------


class _Progress:
    """Writes progress (5-90%) and the heartbeat to the record at most every half second."""

    def __init__(self, model, pk: int, listener: Callable[[int, int], None] | None = None,
                 token: str | None = None):
        self.model, self.pk, self.listener, self.token = model, pk, listener, token
        self.last = 0.0
        self.percent = 0

    def __call__(self, done: int, total: int) -> None:
        if self.listener is not None:
            self.listener(done, total)
        percent = 5 + int(85 * done / total) if total else 5
        now = time.monotonic()
        if percent > self.percent and (now - self.last > 0.5 or percent >= 90):
            self.percent, self.last = percent, now
            work.beat(self.model, self.pk, self.token, progress=percent)


@dataclass(frozen=True)
class _Codes:
    """Which organisations' rows a file may hold: every known ODS code, those in the file's
    declared area (None: all), and those the uploader may import (None: all)."""

    area: scopes.Scope
    every: frozenset[str]
    in_area: frozenset[str] | None
    importable: frozenset[str] | None

    @property
    def allowed(self) -> frozenset[str]:
        allowed = self.every
        for limit in (self.in_area, self.importable):
            if limit is not None:
                allowed = allowed & limit
        return allowed


def _day(record_) -> dt.date:
    return getattr(record_, "as_of", None) or record_.period_end


def _known_codes(record_) -> _Codes:
    area = record_scope(record_)
    if area is None:
        raise ValidationError({"scope": f'"{record_.scope_key}" is no longer an area'})
    every = frozenset(Organisation.objects.values_list("ods_code", flat=True))
    day = _day(record_)
    in_area = scopes.Geography(day).org_codes(area)
    user = record_.uploaded_by
    importable = None if user is None else policy.importable_org_codes(user, day)
    return _Codes(area, every, None if in_area is None else frozenset(in_area),
                  None if importable is None else frozenset(importable))


def _explain(rejection, codes: _Codes) -> dict:
    reason = rejection.reason
    if rejection.field == "org_code" and reason == "organisation code not in the known list":
        code = rejection.value.strip().upper()
        if code not in codes.every:
            reason = "no organisation has this ODS code"
        elif codes.in_area is not None and code not in codes.in_area:
            reason = f"organisation is outside the area the file is for, {codes.area.label}"
        else:
            reason = "organisation is outside the scope you may import for"
    value = REDACTED if rejection.field in PROTECTED_FIELDS else rejection.value
    return {"line": rejection.line, "field": rejection.field, "value": value, "reason": reason}


def _store_errors(record_, explained: list[dict]) -> None:
    record_.errors = explained[:MAX_STORED_ERRORS]
    record_.error_count = len(explained)
    if len(explained) > MAX_STORED_ERRORS:
        relative = storage.new_path("errors", ".csv")
        with open(storage.absolute(relative), "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=["line", "field", "value", "reason"])
            writer.writeheader()
            writer.writerows(explained)
        record_.errors_path = relative
    record_.status = ImportStatus.REJECTED


def _store_rejections(record_, rejections, codes: _Codes) -> None:
    explained = [_explain(r, codes) for r in rejections]
    for item in explained:
        if item["field"] == engine_snapshot.FILE:  # the engine saw only the stored copy's name
            item["value"] = record_.source_filename
    _store_errors(record_, explained)
    if len(explained) == 1 and explained[0]["field"] == engine_snapshot.FILE:
        record_.message = (f"Refused: {record_.source_filename}: {explained[0]['reason']}. "
                           "Nothing was imported.")[:500]
        return
    record_.message = (f"{len(explained)} problem(s) found; nothing was imported. Correct the "
                       "file and import it again.")


def _missing_organisations(record_, frame, area: scopes.Scope) -> dict[str, str]:
    """The organisations the file must cover (see :func:`required_organisations`) that it has
    no rows for."""

    present = set(frame.get_column("org_code").cast(pl.String).unique().to_list())
    return {code: name for code, name in required_organisations(area, _day(record_)).items()
            if code not in present}


def _refuse_incomplete(record_, missing: dict[str, str], area: scopes.Scope) -> None:
    """Refuse a file that leaves out organisations of its area: nothing is kept, and every
    missing organisation is listed (line 0: the file as a whole)."""
    day = _day(record_)
    reason = f"no rows for this organisation: {COVERAGE_RULE}"
    _store_errors(record_, [{"line": 0, "field": "org_code", "value": code,
                             "reason": f"{reason} ({name})"} for code, name in missing.items()])
    named = ", ".join(list(missing)[:MESSAGE_NAMES])
    more = f" and {len(missing) - MESSAGE_NAMES} more" if len(missing) > MESSAGE_NAMES else ""
    record_.message = (f"Refused: {COVERAGE_RULE}, and this file for {area.label} on "
                       f"{day.day} {day:%B %Y} has no rows for {named}{more}. Nothing was "
                       "imported.")[:500]


def _finish(record_, fields: list[str], token: str | None = None, *,
            keep_upload: bool = False) -> bool:
    """Write the finished import in one transaction, only while it is still this task's
    (``token``); False, writing nothing, when it is not (marked failed meanwhile)."""
    record_.finished_at = timezone.now()
    upload = record_.upload_path
    if not keep_upload:
        record_.upload_path = ""
    record_.heartbeat_at, record_.work_token = None, ""
    with transaction.atomic():
        if token is not None and not work.still_mine(
                type(record_), record_.pk, token, ImportStatus.RUNNING
        ).select_for_update().exists():
            record_.upload_path = upload
            return False
        record_.save(update_fields=[*fields, "finished_at", "upload_path", "status", "message",
                                    "heartbeat_at", "work_token"])
        _tell_uploader(record_)
    if not keep_upload:
        storage.remove(upload)
    return True


def _tell_uploader(record_) -> None:
    """The uploader hears how their import ended (after it commits): imported or already
    there, or rejected or failed, with a link to its page."""
    if record_.uploaded_by_id is None:
        return
    snapshot = isinstance(record_, WorkforceSnapshot)
    what = "workforce snapshot" if snapshot else "events file"
    ok = record_.status in (ImportStatus.READY, ImportStatus.DUPLICATE)
    notify(kind=Kind.IMPORT_FINISHED if ok else Kind.IMPORT_FAILED,
           subject=f"Your {what} import: {record_.get_status_display()}",
           body=f"{record_.message}",
           to_user=record_.uploaded_by,
           link=f"/insights/imports/{'snapshot' if snapshot else 'events'}/{record_.pk}/")


def _failed(record_, message: str, token: str | None = None):
    """Mark the import failed, keeping nothing from it but its upload (for a retry)."""
    record_.refresh_from_db()
    record_.status = ImportStatus.FAILED
    record_.message = message[:500]
    record_.parquet_path = ""
    _finish(record_, ["parquet_path"], token, keep_upload=True)
    record_.refresh_from_db()
    return record_


def _event_content_hash(frame) -> str:
    canonical = frame.with_columns(pl.col(pl.Enum).cast(pl.String)).sort(frame.columns)
    buf = io.BytesIO()
    canonical.write_csv(buf)
    return hashlib.sha256(buf.getvalue()).hexdigest()


@dataclass(frozen=True)
class _Stored:
    """What storing a validated file gave: its summary, and where its Parquet went ("" when
    it is written only if the data is new)."""

    content_hash: str
    rows: int
    per_org: dict[str, int]
    parquet: str = ""


@dataclass(frozen=True)
class _ImportKind:
    """How one kind of import (snapshot or event file) validates, stores and names itself."""

    model: type
    validate: Callable  # (record, path, known_org_codes, on_progress) -> engine ImportResult
    summarise: Callable  # (record, validated frame) -> _Stored (may write the Parquet)
    write: Callable  # (validated frame, path): write the Parquet when summarise did not
    same_data: Callable  # (record, content hash) -> queryset of ready imports of that data
    duplicate_message: Callable  # (the earlier import) -> str
    ready_message: Callable  # (record) -> str
    raced_message: str
    after_ready: Callable | None = None  # (record) -> None, before it is marked ready


def _write_atomically(write: Callable, frame):
    """``write(frame, path)`` to a new Parquet path, made visible only once complete.
    Returns (the stored relative path, what ``write`` returned)."""
    relative = storage.new_path("parquet", ".parquet")
    target = storage.absolute(relative)
    partial = target.with_suffix(".partial")
    result = write(frame, partial)
    os.replace(partial, target)
    return relative, result


def _run_import(kind: _ImportKind, pk: int, on_progress: Callable[[int, int], None] | None):
    """Validate the uploaded file and make the import ready, a duplicate, or rejected (every
    rejected row recorded, nothing kept). Idempotent: only a waiting import is run, and only
    the task that claimed it may finish it (``talentbridge.core.work``)."""
    model = kind.model
    token = work.claim(model, pk, waiting=ImportStatus.QUEUED, running=ImportStatus.RUNNING,
                       progress=1)
    record_ = model.objects.select_related("uploaded_by").get(pk=pk)
    if token is None:
        return record_
    with work.Heartbeat(model, pk, token):
        return _validate_and_store(kind, record_, token, on_progress)


def _given_up(record_, written: str = ""):
    """The import was marked failed while this task ran (its worker was thought dead): remove
    the file this task wrote (Parquet, or the rejected rows' CSV) and keep nothing."""
    storage.remove(written)
    record_.refresh_from_db()
    return record_


def _validate_and_store(kind: _ImportKind, record_, token: str,
                        on_progress: Callable[[int, int], None] | None):
    model, pk = kind.model, record_.pk
    parquet = ""
    try:
        codes = _known_codes(record_)
        result = kind.validate(record_, storage.absolute(record_.upload_path), codes.allowed,
                               _Progress(model, pk, on_progress, token))
        work.beat(model, pk, token)
        if not result.ok:
            _store_rejections(record_, result.rejections, codes)
            done = _finish(record_, ["errors", "error_count", "errors_path"], token)
            return record_ if done else _given_up(record_, record_.errors_path)
        missing = _missing_organisations(record_, result.frame, codes.area)
        if missing:
            _refuse_incomplete(record_, missing, codes.area)
            done = _finish(record_, ["errors", "error_count", "errors_path"], token)
            return record_ if done else _given_up(record_, record_.errors_path)
        stored = kind.summarise(record_, result.frame)
        parquet = stored.parquet
        summary = ["content_hash", "rows", "organisations", "per_organisation", "progress"]
        record_.content_hash = stored.content_hash
        record_.rows = stored.rows
        record_.organisations = len(stored.per_org)
        record_.per_organisation = stored.per_org
        record_.progress = 100
        duplicate = kind.same_data(record_, stored.content_hash).exclude(pk=pk).first()
        if duplicate is not None:
            storage.remove(parquet)
            record_.status = ImportStatus.DUPLICATE
            record_.duplicate_of = duplicate
            record_.message = kind.duplicate_message(duplicate)
            done = _finish(record_, [*summary, "duplicate_of"], token)
            return record_ if done else _given_up(record_)
        parquet = parquet or _write_atomically(kind.write, result.frame)[0]
        record_.parquet_path = parquet
        record_.status = ImportStatus.READY
        record_.message = kind.ready_message(record_)
        if kind.after_ready is not None:
            kind.after_ready(record_)
        work.beat(model, pk, token)
        if not _finish(record_, [*summary, "parquet_path"], token):
            return _given_up(record_, parquet)
        return record_
    except IntegrityError:
        storage.remove(parquet)
        return _failed(record_, kind.raced_message, token)
    except Exception as error:  # a failure must never leave the import running for ever
        logger.exception("Import of %s %s failed", model.__name__, pk)
        storage.remove(parquet)
        return _failed(record_, f"The import failed unexpectedly ({type(error).__name__}). "
                                "Nothing was imported. Retry it.", token)


def _snapshot_summary(snap: WorkforceSnapshot, frame) -> _Stored:
    # The snapshot's content hash comes with writing it, so it is written first (and
    # removed again if the same data was imported before).
    relative, summary = _write_atomically(engine_snapshot.write_parquet, frame)
    return _Stored(summary.content_hash, summary.rows, summary.per_org, relative)


def _precompute(snap: WorkforceSnapshot) -> None:
    # figures.py imports this module (it reads imports through these services)
    from .figures import precompute

    precompute(snap)  # the per-organisation counts every figure is summed from


def _snapshot_ready_message(snap: WorkforceSnapshot) -> str:
    plural = "organisation" if snap.organisations == 1 else "organisations"
    return f"{snap.rows} staff in {snap.organisations} {plural} imported."


SNAPSHOT_IMPORT = _ImportKind(
    model=WorkforceSnapshot,
    validate=lambda snap, path, known, progress: engine_snapshot.validate_snapshot(
        path, mapping=snap.column_mapping or None, known_org_codes=known,
        on_progress=progress, batch_rows=50_000),
    summarise=_snapshot_summary,
    write=engine_snapshot.write_parquet,
    same_data=lambda snap, content_hash: WorkforceSnapshot.objects.ready().filter(
        content_hash=content_hash, scope_key=snap.scope_key),
    duplicate_message=lambda earlier: (
        f"The same data was imported already as the snapshot as of "
        f"{earlier.as_of:%-d %B %Y}; nothing changed."),
    ready_message=_snapshot_ready_message,
    raced_message=("Another snapshot with the same date was imported meanwhile; delete it "
                   "first to replace it."),
    after_ready=_precompute,
)


def _events_summary(event_file: EventFile, frame) -> _Stored:
    per_org = dict(frame.group_by("org_code").len().sort("org_code").iter_rows())
    return _Stored(_event_content_hash(frame), frame.height, per_org)


EVENTS_IMPORT = _ImportKind(
    model=EventFile,
    validate=lambda event_file, path, known, progress: engine_snapshot.validate_events(
        path, event_file.kind, mapping=event_file.column_mapping or None,
        known_org_codes=known, on_progress=progress, batch_rows=50_000),
    summarise=_events_summary,
    write=engine_snapshot.write_events_parquet,
    same_data=lambda event_file, content_hash: EventFile.objects.ready().filter(
        kind=event_file.kind, content_hash=content_hash, scope_key=event_file.scope_key),
    duplicate_message=lambda earlier: "The same events were imported already; nothing changed.",
    ready_message=lambda event_file: f"{event_file.rows} rows imported.",
    raced_message=("Events of this kind for the same period were imported meanwhile; delete "
                   "them first to replace them."),
)


def run_snapshot_import(pk: int, on_progress: Callable[[int, int], None] | None = None
                        ) -> WorkforceSnapshot:
    """Validate the uploaded snapshot and make it ready, or reject it. Idempotent."""
    return _run_import(SNAPSHOT_IMPORT, pk, on_progress)


def run_events_import(pk: int, on_progress: Callable[[int, int], None] | None = None
                      ) -> EventFile:
    """Validate the uploaded event file and make it ready, or reject it. Idempotent."""
    return _run_import(EVENTS_IMPORT, pk, on_progress)


def can_retry_import(user, record_) -> bool:
    """Retrying a failed import is starting it again: whoever may see it (its uploader or an
    administrator), who may import, for its whole area, on its date."""
    return (policy.can_import(user) and can_see_import(user, record_)
            and (area := record_scope(record_)) is not None
            and policy.can(user, policy.Action.IMPORT, area, _day(record_)))


@transaction.atomic
def retry_import(actor, record_, *, request=None):
    """Queue a failed import again from its kept upload. Raises PermissionDenied (see
    :func:`can_retry_import`) or ValidationError naming why it cannot be retried."""
    if not can_retry_import(actor, record_):
        raise PermissionDenied("You cannot import for this area.")
    model = type(record_)
    record_ = model.objects.select_for_update().get(pk=record_.pk)
    if record_.status != ImportStatus.FAILED:
        raise ValidationError({"import": f'Only a failed import can be retried; '
                                         f'{record_.source_filename} is '
                                         f'"{record_.get_status_display()}"'})
    if not record_.upload_path or not storage.absolute(record_.upload_path).exists():
        raise ValidationError({"file": f"The file {record_.source_filename} was not kept; "
                                       "import it again"})
    model.objects.filter(pk=record_.pk).update(
        status=ImportStatus.QUEUED, progress=0, message="", finished_at=None, errors=[],
        error_count=0, errors_path="", parquet_path="", heartbeat_at=None, work_token="")
    record(actor=actor, action=AuditAction.UPDATE, target=record_, request=request,
           detail={"retry": True, "file": record_.source_filename})
    what = "snapshot" if model is WorkforceSnapshot else "events"
    _enqueue(what, record_.pk, None)  # the task row commits with the retry
    record_.refresh_from_db()
    return record_


# --------------------------------------------------------------------------------------
# Reading and deleting
# --------------------------------------------------------------------------------------


def all_rejections(record_) -> list[dict]:
    """Every rejected row (from the CSV kept for large files, else the stored list)."""
    if record_.errors_path:
        with open(storage.absolute(record_.errors_path), newline="", encoding="utf-8") as f:
            return [{**row, "line": int(row["line"])} for row in csv.DictReader(f)]
    return list(record_.errors)


def can_see_import(user, record_) -> bool:
    """An import's details (its rejected rows) are for whoever uploaded it and administrators."""
    grants = policy.grants_for(user)
    if grants.user_id is None:
        return False
    if record_.uploaded_by_id == grants.user_id:
        return True

    return is_administrator(user)


@transaction.atomic
def delete_import(actor, record_, *, request=None) -> None:
    """Delete a snapshot or event file and its stored data (administrators only)."""

    require_administrator(actor)
    record(actor=actor, action=AuditAction.DELETE, target=record_, request=request,
           detail={"file": record_.source_filename, "rows": record_.rows})
    paths = [record_.parquet_path, record_.errors_path, record_.upload_path]
    record_.delete()
    transaction.on_commit(lambda: [storage.remove(p) for p in paths])


def record_export(actor, *, name: str, fmt: str, scope_key: str, snapshot_id: int,
                  request=None) -> None:
    record(actor=actor, action=AuditAction.EXPORT, request=request,
           target_type="insights.table", target_id=name,
           target_label=f"{name} ({scope_key}) as {fmt}",
           detail={"table": name, "format": fmt, "scope": scope_key, "snapshot": snapshot_id})

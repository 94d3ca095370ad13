"""Leaders' feeds: the one place that starts, runs, retries and reads them, and answers the
"Left or moved?" list. The web pages and the API both call these.

:func:`start_feed_import` checks the user (``policy``) and the file (type, size), keeps the
upload and queues a background task; the task (:func:`run_feed_import`) claims the import
(``talentbridge.core.work``), reads and checks every row (``feed``), and either applies them
all in one transaction (``apply``) or records every rejected row and changes nothing. The
uploader is told either way (``notify``), and the people it created are invited once it has
committed. A failed run (its worker stopped, or an unexpected error) keeps its upload and can
be retried.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import MAX_PEOPLE_IDS
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.core import work
from talentbridge.core.uploaded_files import path_inside
from talentbridge.core.uploaded_files import spreadsheet_suffix
from talentbridge.core.uploaded_files import storage_root
from talentbridge.notifications.services import notify
from talentbridge.organisations.models import Organisation
from talentbridge.people.invitations import invite_people
from talentbridge.people.models import Person

from . import apply
from . import feed as feed_module
from . import policy
from .models import Answer
from .models import FeedAbsence
from .models import FeedImport
from .models import FeedStatus

logger = logging.getLogger(__name__)

MAX_FEED_BYTES = 20 * 1024 * 1024  # a leaders' feed is a few thousand rows at most
STORED_ERRORS = 5_000


# --------------------------------------------------------------------------------------
# Where uploads wait (settings.STAFF_RECORD_STORAGE_DIR, default VAR_DIR/staff-record)
# --------------------------------------------------------------------------------------


def storage_folder() -> Path:
    """Where feed files wait between upload and import (removed once applied or rejected; kept
    after a failure, for the retry)."""
    return _folder()


def _folder() -> Path:
    return storage_root("STAFF_RECORD_STORAGE_DIR", "staff-record")


def _stored(relative: str) -> Path:
    return path_inside(_folder(), relative, "staff record storage folder")


def _discard(relative: str) -> None:
    if relative:
        with contextlib.suppress(FileNotFoundError):
            _stored(relative).unlink()


def _read_upload(upload) -> bytes:
    if isinstance(upload, bytes):
        return upload
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read()


# --------------------------------------------------------------------------------------
# Starting, running and retrying an import
# --------------------------------------------------------------------------------------


def organisation_for(ods_code: str) -> Organisation:
    """The organisation with this ODS code, or a ValidationError naming the code."""
    code = (ods_code or "").strip().upper()
    organisation = Organisation.objects.filter(ods_code=code).first()
    if organisation is None:
        raise ValidationError({"organisation": f'No organisation has the ODS code "{code}"'})
    return organisation


def _check_file(filename: str, size: int | None) -> str:
    limit = (f"{MAX_FEED_BYTES // 1024**2} MB" if MAX_FEED_BYTES % 1024**2 == 0
             else f"{MAX_FEED_BYTES:,} bytes")
    suffix = spreadsheet_suffix(filename, size, MAX_FEED_BYTES,
                                f"The selected file must be smaller than {limit}")
    if size == 0:
        raise ValidationError({"file": "The selected file is empty"})
    return suffix


@transaction.atomic
def start_feed_import(actor, upload, *, organisation: Organisation, filename: str,
                      request=None) -> FeedImport:
    """Keep the upload and queue its import."""
    policy.require_manage(actor, organisation.pk)
    size = len(upload) if isinstance(upload, bytes) else getattr(upload, "size", None)
    suffix = _check_file(filename, size)
    data = _read_upload(upload)
    _check_file(filename, len(data))
    relative = f"uploads/{uuid.uuid4().hex}{suffix}"
    _stored(relative).parent.mkdir(parents=True, exist_ok=True)
    _stored(relative).write_bytes(data)
    feed = FeedImport.objects.create(
        organisation=organisation, source_filename=Path(filename).name[:255],
        file_hash=hashlib.sha256(data).hexdigest(), uploaded_by=actor, upload_path=relative)
    record(actor=actor, action=AuditAction.CREATE, target=feed, request=request,
           detail={"file": feed.source_filename, "organisation": organisation.ods_code,
                   "bytes": len(data)})
    _enqueue(feed.pk)
    return feed


def _enqueue(pk: int) -> None:
    # tasks.py imports this module (its task runs run_feed_import)
    from . import tasks

    tasks.import_feed.enqueue(pk)  # the task row commits with the import (database backend)


class _Progress:
    """Progress (40-95%) and the heartbeat, written every 50 rows and at the end."""

    def __init__(self, pk: int, token: str):
        self.pk, self.token = pk, token

    def __call__(self, done: int, total: int) -> None:
        if done % 50 == 0 or done == total:
            work.beat(FeedImport, self.pk, self.token, progress=40 + int(55 * done / total))


def run_feed_import(pk: int) -> FeedImport:
    """The background task: check the upload and apply it, or reject it. Idempotent: only a
    waiting import is run, and only the task that claimed it may finish it."""
    token = work.claim(FeedImport, pk, waiting=FeedStatus.QUEUED, running=FeedStatus.RUNNING,
                       progress=1)
    feed = FeedImport.objects.select_related("organisation", "uploaded_by").get(pk=pk)
    if token is None:
        return feed
    with work.Heartbeat(FeedImport, pk, token):
        try:
            return _check_and_apply(feed, token)
        except Exception as error:  # a failure must never leave the import running for ever
            logger.exception("Leaders' feed import %s failed", pk)
            return _fail(feed, token, f"The import failed unexpectedly "
                                      f"({type(error).__name__}). Nothing was changed. Retry it.")


def _check_and_apply(feed: FeedImport, token: str) -> FeedImport:
    data = _stored(feed.upload_path).read_bytes()
    try:
        _, rows = feed_module.read_feed(data, feed.source_filename)
    except feed_module.FeedRefused as refused:
        return _reject(feed, token, [feed_module.Rejection(
            0, "file", feed.source_filename, " ".join(refused.messages))])
    work.beat(FeedImport, feed.pk, token, progress=20)
    known = apply.known_for(feed.organisation, rows, timezone.localdate())
    clean, rejections = feed_module.check_rows(rows, known)
    if rejections:
        return _reject(feed, token, rejections, rows=len(rows))
    work.beat(FeedImport, feed.pk, token, progress=40)
    try:
        with transaction.atomic():
            if not _still_mine(feed, token):
                return _given_up(feed)
            outcome = apply.apply_rows(feed.uploaded_by, feed, clean,
                                       _Progress(feed.pk, token))
            _finish_applied(feed, outcome, len(clean))
    except apply.RowRefused as refused:
        return _reject(feed, token, [refused.rejection], rows=len(rows))
    _discard(feed.upload_path)
    FeedImport.objects.filter(pk=feed.pk).update(upload_path="")
    _invite(feed, outcome.created)
    feed.refresh_from_db()
    return feed


def _still_mine(feed: FeedImport, token: str) -> bool:
    return work.still_mine(FeedImport, feed.pk, token,
                           FeedStatus.RUNNING).select_for_update().exists()


def _given_up(feed: FeedImport) -> FeedImport:
    """Marked failed while this task ran (its worker was thought dead): keep nothing."""
    feed.refresh_from_db()
    return feed


def summary_text(counts: dict) -> str:
    if not any(counts.get(k) for k in ("created", "updated", "moved")):
        return (f"No changes: all {counts.get('unchanged', 0)} people in the feed were up to "
                f"date; {counts.get('missing', 0)} people of the organisation are not in it.")
    return (f"{counts['created']} created, {counts['updated']} updated, {counts['moved']} "
            f"moved here, {counts['unchanged']} unchanged; {counts['missing']} people of the "
            "organisation are not in the feed.")


def _finish_applied(feed: FeedImport, outcome: apply.Outcome, rows: int) -> None:
    counts = outcome.counts()
    feed.status, feed.summary, feed.rows, feed.progress = FeedStatus.APPLIED, counts, rows, 100
    feed.message = summary_text(counts)
    feed.finished_at, feed.heartbeat_at, feed.work_token = timezone.now(), None, ""
    feed.save(update_fields=["status", "summary", "rows", "progress", "message",
                             "finished_at", "heartbeat_at", "work_token"])
    ids = outcome.changed_ids()
    people = sorted({pk for group in ("created", "updated", "moved") for pk in ids[group]})
    record(actor=feed.uploaded_by, action=AuditAction.UPDATE, target=feed, channel="task",
           detail={"organisation": feed.organisation.ods_code, **counts,
                   **{f"{k}_ids": v[:MAX_PEOPLE_IDS] for k, v in ids.items()},
                   "people": people[:MAX_PEOPLE_IDS], "people_count": len(people)})
    _tell_uploader(feed, "import_finished", f"Leaders' feed applied: {feed.source_filename}",
                   f"The leaders' feed {feed.source_filename} for "
                   f"{feed.organisation.display_name} was applied. {feed.message}")


def _reject(feed: FeedImport, token: str, rejections: list, *, rows: int = 0) -> FeedImport:
    explained = [r.as_dict() for r in rejections]
    with transaction.atomic():
        if not _still_mine(feed, token):
            return _given_up(feed)
        feed.status, feed.rows, feed.progress = FeedStatus.REJECTED, rows, 100
        feed.errors, feed.error_count = explained[:STORED_ERRORS], len(explained)
        feed.message = (f"{len(explained)} problem(s) found; nothing was changed. Correct the "
                        "file and upload it again." if rejections[0].row else
                        f"Refused: {rejections[0].reason}. Nothing was changed.")[:500]
        feed.finished_at, feed.heartbeat_at, feed.work_token = timezone.now(), None, ""
        feed.upload_path, upload = "", feed.upload_path
        feed.save(update_fields=["status", "rows", "progress", "errors", "error_count",
                                 "message", "finished_at", "heartbeat_at", "work_token",
                                 "upload_path"])
        _tell_uploader(feed, "import_failed", f"Leaders' feed rejected: {feed.source_filename}",
                       f"The leaders' feed {feed.source_filename} for "
                       f"{feed.organisation.display_name} was not applied. {feed.message}")
    _discard(upload)
    return feed


def _fail(feed: FeedImport, token: str, message: str) -> FeedImport:
    """Mark the import failed, keeping its upload for a retry."""
    with transaction.atomic():
        if not _still_mine(feed, token):
            return _given_up(feed)
        FeedImport.objects.filter(pk=feed.pk).update(
            status=FeedStatus.FAILED, message=message[:500], finished_at=timezone.now(),
            heartbeat_at=None, work_token="")
        feed.refresh_from_db()
        _tell_uploader(feed, "import_failed", f"Leaders' feed failed: {feed.source_filename}",
                       f"The leaders' feed {feed.source_filename} for "
                       f"{feed.organisation.display_name} failed. {message}")
    return feed


def _tell_uploader(feed: FeedImport, kind: str, subject: str, body: str) -> None:
    if feed.uploaded_by is None or not feed.uploaded_by.email:
        return
    notify(kind=kind, subject=subject, body=body, to_user=feed.uploaded_by,
           link=reverse("staff_record:import", args=[feed.pk]))


def _invite(feed: FeedImport, people: list[Person]) -> None:
    """Invite the people an import created (after it committed): accounts are made for
    those without one, and each is sent an invitation. The import's summary and message say
    how many were invited, so the uploader knows the new leaders have been told."""
    if not people:
        return
    try:
        sent = len(invite_people(feed.uploaded_by, people))
        note = f"Invitations sent to {sent} new {'person' if sent == 1 else 'people'}."
    except Exception:  # the feed is applied; a failed invitation must not undo or hide that
        logger.exception("Could not invite the %s people a leaders' feed created", len(people))
        sent, note = 0, ("The invitations could not be sent: invite the new people from their "
                         "account pages.")
    feed.summary, feed.message = {**feed.summary, "invited": sent}, f"{feed.message} {note}"[:500]
    FeedImport.objects.filter(pk=feed.pk).update(summary=feed.summary, message=feed.message)


def can_retry(user, feed: FeedImport) -> bool:
    return (feed.status == FeedStatus.FAILED and bool(feed.upload_path)
            and policy.can_manage(user, feed.organisation_id))


@transaction.atomic
def retry_import(actor, feed: FeedImport, *, request=None) -> FeedImport:
    """Queue a failed import again from its kept upload."""
    policy.require_manage(actor, feed.organisation_id)
    feed = FeedImport.objects.select_for_update().get(pk=feed.pk)
    if feed.status != FeedStatus.FAILED:
        raise ValidationError({"import": f'Only a failed import can be retried; '
                                         f'{feed.source_filename} is '
                                         f'"{feed.get_status_display()}"'})
    if not feed.upload_path or not _stored(feed.upload_path).exists():
        raise ValidationError({"file": f"The file {feed.source_filename} was not kept; "
                                       "upload it again"})
    FeedImport.objects.filter(pk=feed.pk).update(
        status=FeedStatus.QUEUED, progress=0, message="", finished_at=None, errors=[],
        error_count=0, summary={}, heartbeat_at=None, work_token="")
    record(actor=actor, action=AuditAction.UPDATE, target=feed, request=request,
           detail={"retry": True, "file": feed.source_filename})
    _enqueue(feed.pk)
    return feed


# --------------------------------------------------------------------------------------
# Reading imports, and the "Left or moved?" list
# --------------------------------------------------------------------------------------


def imports_for(user, organisation_id: int | None = None):
    """The imports of the organisations ``user`` manages, latest first."""
    managed = policy.managed_organisation_ids(user)
    feeds = FeedImport.objects.select_related("organisation", "uploaded_by")
    if managed is not None:
        feeds = feeds.filter(organisation_id__in=managed)
    if organisation_id is not None:
        feeds = feeds.filter(organisation_id=organisation_id)
    return feeds


def get_import(user, pk: int) -> FeedImport | None:
    """The import, if ``user`` manages its organisation (None otherwise: it looks absent)."""
    feed = FeedImport.objects.select_related("organisation", "uploaded_by").filter(pk=pk).first()
    if feed is None or not policy.can_manage(user, feed.organisation_id):
        return None
    if not feed.is_finished:
        work.sweep_quietly()  # an import whose worker died shows as failed, to retry
        feed.refresh_from_db()
    return feed


def managed_organisations(user):
    managed = policy.managed_organisation_ids(user)
    organisations = Organisation.objects.order_by("name", "pk")
    return organisations if managed is None else organisations.filter(pk__in=managed)


def latest_applied(organisation: Organisation) -> FeedImport | None:
    return (FeedImport.objects.filter(organisation=organisation, status=FeedStatus.APPLIED)
            .order_by("-finished_at", "-pk").first())


def missing_people(user, organisation: Organisation) -> list[FeedAbsence]:
    """The current people of the organisation whom its latest applied feed did not list and
    who are not answered "still here" (those answered "moved" stay until the new employer's
    feed moves them)."""
    policy.require_manage(user, organisation.pk)
    return list(_missing(organisation).select_related("person", "answered_by").order_by(
        "person__family_name", "person__given_name"))


def missing_count(user, organisation: Organisation) -> int:
    """How many are on the organisation's "Left or moved?" list (names no one)."""
    policy.require_manage(user, organisation.pk)
    return _missing(organisation).count()


def latest_and_missing(user, organisations) -> dict[int, tuple[FeedImport | None, int]]:
    """For each of these organisations, by id: its latest applied feed (`latest_applied`) and
    how many are on its "Left or moved?" list (`missing_count`), in three queries for them
    all, since the staff record's home lists many organisations."""
    ids = [organisation.pk for organisation in organisations]
    for organisation_id in ids:
        policy.require_manage(user, organisation_id)
    newest = (FeedImport.objects.filter(organisation=OuterRef("pk"), status=FeedStatus.APPLIED)
              .order_by("-finished_at", "-pk").values("pk")[:1])
    latest_ids = dict(Organisation.objects.filter(pk__in=ids).annotate(latest=Subquery(newest))
                      .values_list("pk", "latest"))
    feeds = FeedImport.objects.in_bulk([pk for pk in latest_ids.values() if pk is not None])
    missing = dict(
        FeedAbsence.unscoped.filter(feed_id__in=list(feeds),
                                    person__organisation_id=F("feed__organisation_id"),
                                    person__left_nhs_on__isnull=True)
        .exclude(answer=Answer.STILL_HERE).values("feed_id").annotate(n=Count("pk"))
        .values_list("feed_id", "n"))
    return {organisation_id: (feeds.get(latest_ids.get(organisation_id)),
                              missing.get(latest_ids.get(organisation_id), 0))
            for organisation_id in ids}


def _missing(organisation: Organisation):
    latest = latest_applied(organisation)
    if latest is None:
        return FeedAbsence.unscoped.none()
    return FeedAbsence.unscoped.filter(
        feed=latest, person__organisation=organisation, person__left_nhs_on__isnull=True,
    ).exclude(answer=Answer.STILL_HERE)


def record_read_of_missing(user, organisation, absences, request) -> None:
    """One "Viewed" event per page or API answer, naming the people listed."""
    record_read(actor=user, request=request, people=[a.person_id for a in absences],
                target=organisation, what="people missing from the leaders' feed")


@transaction.atomic
def answer_missing(user, organisation: Organisation, person_id: int, *, answer: str,
                   left_on: dt.date | None = None, request=None) -> FeedAbsence:
    """Record what became of a person missing from the feed: ``left`` (sets the date they
    left the NHS), ``moved`` (nothing changes: the new employer's feed will move them) or
    ``still_here`` (they come off the list until a later feed leaves them out again)."""
    policy.require_manage(user, organisation.pk)
    absence = next((a for a in missing_people(user, organisation)
                    if a.person_id == person_id), None)
    if absence is None:
        raise ValidationError({"person": f"Person {person_id} is not on the \"Left or moved?\" "
                                         f"list of {organisation.display_name}"})
    if answer not in (Answer.LEFT, Answer.MOVED, Answer.STILL_HERE):
        raise ValidationError({"answer": f'Choose left, moved or still_here, not "{answer}"'})
    person = Person.unscoped.select_for_update().get(pk=person_id)
    detail = {"answer": answer, "organisation": organisation.ods_code, "feed": absence.feed_id}
    if answer == Answer.LEFT:
        if left_on is None:
            raise ValidationError({"left_on": "Enter the date they left the NHS"})
        if left_on > timezone.localdate():
            raise ValidationError({"left_on": f"The date they left the NHS must be today or in "
                                              f"the past, not {left_on.isoformat()}"})
        person.left_nhs_on = left_on
        person.save(update_fields=["left_nhs_on", "updated_at"])
        detail["left_nhs_on"] = left_on.isoformat()
    absence.answer, absence.answered_by, absence.answered_at = answer, user, timezone.now()
    absence.save(update_fields=["answer", "answered_by", "answered_at"])
    record(actor=user, action=AuditAction.UPDATE, target=person, request=request,
           detail=detail)
    return absence

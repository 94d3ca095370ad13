"""/api/v1/staff-record: leaders' feeds and the "Left or moved?" list, for an organisation's
administrators and administrators.

A feed is POSTed as multipart form data (``file``, ``organisation``: its ODS code) with a token
that has the ``import`` scope; it is checked and applied in the background, and the response
says where to follow it. Every rejected row is listed with its row number, column, value and
why; any rejected row means nothing changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from ninja import File
from ninja import Form
from ninja import Router
from ninja import Schema
from ninja import Status
from ninja.files import UploadedFile

from talentbridge.core.api import ERRORS
from talentbridge.core.api import TOO_LARGE
from talentbridge.core.api import Id
from talentbridge.core.api import invalid
from talentbridge.core.api import remember_input
from talentbridge.core.api import text

from . import policy
from . import services
from .merger_api import router as merger_router
from .models import FeedImport

router = Router()
router.add_router("", merger_router)

OdsCode = text(max_length=10, min_length=1)


class FeedRejectedRow(Schema):
    row: int
    column: str
    value: str
    reason: str


class FeedOut(Schema):
    id: int
    organisation: str
    source_filename: str
    status: str
    progress: int
    rows: int
    message: str
    summary: dict[str, int]
    error_count: int
    rejected_rows: list[FeedRejectedRow]
    url: str


class MissingPersonOut(Schema):
    person_id: int
    nhs_identifier: str | None
    given_name: str
    family_name: str
    job_title: str
    answer: str


class AnswerIn(Schema):
    answer: Literal["left", "moved", "still_here"]
    left_on: dt.date | None = None


def _feed_out(feed: FeedImport) -> dict:
    return {"id": feed.pk, "organisation": feed.organisation.ods_code,
            "source_filename": feed.source_filename, "status": feed.status,
            "progress": feed.progress, "rows": feed.rows, "message": feed.message,
            "summary": feed.summary or {}, "error_count": feed.error_count,
            "rejected_rows": feed.errors or [],
            "url": f"/api/v1/staff-record/feeds/{feed.pk}"}


def _organisation(request, ods: str):
    organisation = services.organisation_for(ods)
    policy.require_manage(request.auth, organisation.pk)
    return organisation


def _feed(request, id: int) -> FeedImport:
    """The import, if the caller manages its organisation; 404 otherwise (it looks absent)."""
    feed = services.get_import(request.auth, id)
    if feed is None:
        raise Http404("No such feed import.")
    return feed


@router.post("/feeds", response={202: FeedOut, **ERRORS, **TOO_LARGE},
             summary="Upload an organisation's leaders' feed (CSV or XLSX)")
def post_feed(request, file: File[UploadedFile], organisation: Form[OdsCode]):
    """Multipart form: ``file`` and ``organisation`` (the ODS code of the organisation the feed
    is for; you must be its administrator, or an administrator). 202: queued (or already
    finished; see ``status``). Follow ``url`` for progress, the summary and every rejected row."""
    remember_input(request, {"organisation": organisation, "file": file.name})
    org = _organisation(request, organisation)
    feed = services.start_feed_import(request.auth, file, organisation=org,
                                      filename=file.name or "", request=request)
    feed.refresh_from_db()
    return Status(202, _feed_out(feed))


@router.get("/feeds/{id}", response={200: FeedOut, **ERRORS},
            summary="A leaders' feed import: status, progress, summary and rejected rows")
def get_feed(request, id: Id):
    return _feed_out(_feed(request, id))


@router.post("/feeds/{id}/retry", response={202: FeedOut, **ERRORS},
             summary="Retry a failed leaders' feed import")
def retry_feed(request, id: Id):
    """Queues a failed import again from its kept file. 400 when it has not failed."""
    feed = _feed(request, id)
    services.retry_import(request.auth, feed, request=request)
    feed.refresh_from_db()
    return Status(202, _feed_out(feed))


def _missing_out(absence) -> dict:
    p = absence.person
    return {"person_id": p.pk, "nhs_identifier": p.nhs_identifier, "given_name": p.given_name,
            "family_name": p.family_name, "job_title": p.job_title, "answer": absence.answer}


@router.get("/organisations/{ods}/missing", response={200: list[MissingPersonOut], **ERRORS},
            summary='"Left or moved?": people not in the organisation\'s latest feed')
def get_missing(request, ods: OdsCode):
    """Current people of the organisation whom its latest applied feed did not list, unless
    answered "still here" (``answer`` is "" or "moved")."""
    org = _organisation(request, ods)
    absences = services.missing_people(request.auth, org)
    services.record_read_of_missing(request.auth, org, absences, request)
    return [_missing_out(a) for a in absences]


@router.post("/organisations/{ods}/missing/{person_id}",
             response={200: MissingPersonOut, **ERRORS},
             summary="Record that a person missing from the feed left, moved or is still here")
def post_missing(request, ods: OdsCode, person_id: Id, body: AnswerIn):
    """``answer``: ``left`` (with ``left_on``, the date they left the NHS), ``moved`` (nothing
    changes; the new employer's feed will move them) or ``still_here``."""
    remember_input(request, {"answer": body.answer, "left_on": str(body.left_on or ""),
                             "person": person_id})
    org = _organisation(request, ods)
    if body.answer == "left" and body.left_on is None:
        raise invalid("left_on", "Enter the date they left the NHS", None, request=request)
    absence = services.answer_missing(request.auth, org, person_id, answer=body.answer,
                                      left_on=body.left_on, request=request)
    return _missing_out(absence)

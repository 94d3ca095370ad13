"""The data rights API: my data as a ZIP, who has looked at my record, and corrections (my
requests; the queue of organisation administrators and administrators)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Field
from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import Paging
from talentbridge.core.api import call_service
from talentbridge.core.api import text
from talentbridge.people.services import PersonNotFound
from talentbridge.people.services import my_person

from . import corrections
from . import export
from . import viewers
from .corrections import TEXT_LIMIT
from .models import CorrectionArea
from .models import CorrectionRequest

router = Router()

LongText = text(max_length=TEXT_LIMIT)


def _me(request):
    person = my_person(request.auth)
    if person is None:
        raise PersonNotFound("me")
    return person


@router.get("/people/me/export", response={200: None, **ERRORS},
            summary="Download my data (a ZIP of data.json and index.html)")
def my_export(request):
    """Everything TalentBridge holds about you, as you may see it (UK GDPR Article 15): a ZIP
    with `data.json` (sections named in plain words, dates ISO 8601) and `index.html`. Only
    ever your own data. Audited as an export."""
    _me(request)
    response = HttpResponse(export.build_zip(request.auth, request=request),
                            content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.FILENAME}"'
    return response


class ViewOut(Schema):
    when: dt.datetime
    roles: list[str] = Field(description="The viewer's roles at the time, with their scope.")
    what: str
    how: str
    name: str | None = Field(None, description="Only when the service shows viewers' names.")


class ViewsPage(Schema):
    count: int
    limit: int
    offset: int
    names_shown: bool
    items: list[ViewOut]



@router.get("/people/me/views", response={200: ViewsPage, **ERRORS},
            summary="Who has looked at my record")
def my_views(request, paging: Query[Paging]):
    """Each look at your record by someone else, newest first, with their role then."""
    events = viewers.views_of(request.auth, _me(request), request=request)
    chosen = events[paging.offset:paging.offset + paging.limit]
    return {"count": events.count(), "limit": paging.limit, "offset": paging.offset,
            "names_shown": viewers.show_names(),
            "items": [row.as_dict() for row in viewers.view_rows(chosen)]}


class CorrectionOut(Schema):
    id: int
    person_id: int
    person: str
    area: str
    area_label: str
    current_value: str
    requested_correction: str
    status: str
    status_label: str
    organisation: str | None = Field(None, description="ODS code of the organisation whose "
                                                       "administrators deal with it.")
    created_at: dt.datetime
    due_on: dt.date
    overdue: bool
    resolved_at: dt.datetime | None
    response: str


def _out(c: CorrectionRequest) -> dict:
    return {
        "id": c.pk, "person_id": c.person_id, "person": c.person.full_name, "area": c.area,
        "area_label": c.get_area_display(), "current_value": c.current_value,
        "requested_correction": c.requested_correction, "status": c.status,
        "status_label": c.get_status_display(),
        "organisation": c.organisation.ods_code if c.organisation_id else None,
        "created_at": c.created_at, "due_on": c.due_on, "overdue": corrections.is_overdue(c),
        "resolved_at": c.resolved_at, "response": c.response,
    }


class CorrectionIn(InputSchema):
    area: CorrectionArea
    requested_correction: LongText = Field(description="What it should say.")
    details: LongText = Field("", description="Where it is and what it says now, for things "
                                              "that are not one profile field.")


class ResolveIn(InputSchema):
    status: Literal["in_progress", "done", "refused"]
    response: LongText = Field("", description="What was done, or why it is refused "
                                               "(required to refuse); sent to the person.")


class QueueQuery(Schema):
    resolved: bool = Field(False, description="The requests already dealt with instead.")


@router.get("/people/me/corrections", response={200: list[CorrectionOut], **ERRORS},
            summary="My correction requests")
def my_corrections(request):
    _me(request)
    return [_out(c) for c in corrections.my_corrections(request.auth, request=request)]


@router.post("/people/me/corrections", response={201: CorrectionOut, **ERRORS},
             summary="Ask for a correction of my record")
def ask_for_correction(request, payload: CorrectionIn):
    """For what you cannot change yourself. Due one month later (UK GDPR Article 12(3))."""
    _me(request)
    asked = call_service(request, corrections.request_correction, **payload.model_dump())
    return Status(201, _out(asked))


@router.get("/corrections", response={200: list[CorrectionOut], **ERRORS},
            summary="Correction requests I deal with")
def correction_queue(request, query: Query[QueueQuery]):
    """Organisation administrators (their organisations' requests) and administrators: open
    requests by due date, or those already dealt with."""
    return [_out(c) for c in corrections.queue(request.auth, resolved=query.resolved,
                                                 request=request)]


@router.get("/corrections/{id}", response={200: CorrectionOut, **ERRORS},
            summary="A correction request")
def get_correction(request, id: Id):
    return _out(corrections.get_correction(request.auth, id, request=request))


@router.post("/corrections/{id}/resolve", response={200: CorrectionOut, **ERRORS},
             summary="Deal with a correction request")
def resolve_correction(request, id: Id, payload: ResolveIn):
    """Mark it in progress, done or refused (with a reason). The person is told."""
    item = corrections.get_correction(request.auth, id, request=request)
    return _out(call_service(request, corrections.resolve, item, **payload.model_dump()))

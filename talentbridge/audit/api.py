"""/api/v1/audit/events: the audit trail, for administrators, read-only.

There are deliberately no write endpoints: events are written only by the services, and the
database refuses to change or delete them. Reading the trail is itself recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Field
from ninja import Query
from ninja import Router
from ninja import Schema

from talentbridge.accounts.grants import grants_for
from talentbridge.core.api import DEFAULT_PAGE_SIZE
from talentbridge.core.api import ERRORS
from talentbridge.core.api import Limit
from talentbridge.core.api import Offset
from talentbridge.core.api import invalid
from talentbridge.core.api import page
from talentbridge.core.api import text

from .labels import Names
from .models import AuditAction
from .models import AuditEvent
from .services import acted_by
from .services import actor_ids
from .services import naming_person
from .services import record

router = Router()


class AuditEventOut(Schema):
    id: int
    occurred_at: dt.datetime
    actor_id: int | None = Field(None, description="The id of the user who acted.")
    actor: str = Field(..., description="Their username now, 'erased user' if their account "
                       "was erased, or 'anonymous'.")
    action: str
    target_type: str
    target_id: str
    target_label: str = Field(..., description="A person's name now if you may see them, "
                              "'person 17' if not, 'erased person' if they were erased; the "
                              "name of an organisation, pool or opportunity; else kind and id.")
    request_id: str
    client_address: str | None
    channel: str
    reason: str
    detail: dict[str, Any]

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.names.actor(obj)

    @staticmethod
    def resolve_target_label(obj) -> str:
        return obj.names.target(obj)


class AuditEventsPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AuditEventOut]


Text150 = text(max_length=150)
Text64 = text(max_length=64)
Text60 = text(max_length=60)
Text40 = text(max_length=40)
Text10 = text(max_length=10)


class AuditFilters(Schema):
    actor: Text150 = Field("", description="Username (as it is now).")
    action: AuditAction | None = None
    target_type: Text60 = Field(
        "", description="e.g. people.person"
    )
    target_id: Text40 = ""
    channel: Text10 = Field("", description="web, api or cli")
    request_id: Text64 = ""
    person: int | None = Field(None, ge=1, description="Events that named this person (id): "
                               "views of their record and every page that showed them.")
    since: dt.datetime | None = Field(None, description="On or after (ISO 8601).")
    until: dt.datetime | None = Field(None, description="Before (ISO 8601).")
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


@router.get("/audit/events", response={200: AuditEventsPage, **ERRORS},
            summary="Search the audit trail (administrators)")
def list_events(request, filters: Query[AuditFilters]):
    """Events newest first, filtered by every field given."""
    if not grants_for(request.auth).is_administrator:
        raise PermissionDenied("Only an administrator can read the audit trail.")
    if filters.since and filters.until and filters.until <= filters.since:
        raise invalid("until", "'until' must be after 'since'", filters.until.isoformat(),
                      request=request)
    events = AuditEvent.objects.all()
    if filters.actor:
        events = acted_by(events, filters.actor)
    for name in ("action", "target_type", "target_id", "channel", "request_id"):
        value = getattr(filters, name)
        if value:
            events = events.filter(**{name: value})
    if filters.person:
        events = naming_person(events, filters.person)
    if filters.since:
        events = events.filter(occurred_at__gte=filters.since)
    if filters.until:
        events = events.filter(occurred_at__lt=filters.until)
    result = page(events.order_by("-occurred_at", "-id"), filters.limit, filters.offset)
    names = Names(request.auth, result["items"])
    for event in result["items"]:
        event.names = names
    shown = {k: v for k, v in filters.model_dump(mode="json").items()
             if v not in ("", None, False) and k not in ("limit", "offset")}
    if "actor" in shown:
        shown["actor"] = actor_ids(filters.actor)
    record(actor=request.auth, action=AuditAction.SEARCH, request=request,
           target_type="audit.auditevent", detail={"filters": shown})
    return result

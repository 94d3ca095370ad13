"""/api/v1/notifications: the signed-in user's own notifications (paged, newest first), and
marking them all read. There is no way to read anyone else's."""

from __future__ import annotations

import datetime as dt

from ninja import Field
from ninja import Query
from ninja import Router
from ninja import Schema

from talentbridge.core.api import ERRORS
from talentbridge.core.api import Paging
from talentbridge.core.api import page

from . import services
from .kinds import Kind
from .models import EmailStatus

router = Router()


class NotificationOut(Schema):
    id: int
    kind: Kind
    kind_label: str
    subject: str
    body: str
    link: str = Field(..., description="A path in the app the notification points to, or ''.")
    created_at: dt.datetime
    read_at: dt.datetime | None
    email_status: EmailStatus

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()


class NotificationsPage(Schema):
    count: int
    unread: int
    limit: int
    offset: int
    items: list[NotificationOut]



class MarkedRead(Schema):
    marked_read: int


@router.get("", response={200: NotificationsPage, **ERRORS},
            summary="Your notifications, newest first")
def list_notifications(request, paging: Query[Paging]):
    """Only the signed-in user's (the token's user's) own notifications."""
    return {**page(services.notifications_for(request.auth), paging.limit, paging.offset),
            "unread": services.unread_count(request.auth)}


@router.post("/read", response={200: MarkedRead, **ERRORS},
             summary="Mark all your notifications as read")
def mark_all_read(request):
    return {"marked_read": services.mark_all_read(request.auth)}

"""Write audit events. Call `record` from services whenever a person's record is seen or changed."""

from __future__ import annotations

from typing import Any

from talentbridge.core.addresses import UNKNOWN, client_address

from .models import AuditEvent


def _address(request) -> str | None:
    address = client_address(request) if request is not None else UNKNOWN
    return None if address == UNKNOWN else address


def record(
    *,
    actor,
    action: str,
    target: Any = None,
    request=None,
    reason: str = "",
    channel: str = "",
    detail: dict | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
) -> AuditEvent:
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)[:200]
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if not channel and request is not None:
        channel = "api" if request.path.startswith("/api/") else "web"
    client_id = getattr(request, "client_request_id", "") if request is not None else ""
    if client_id:
        detail = {**(detail or {}), "client_request_id": client_id}
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_label=(actor.get_username() if authenticated else "anonymous")[:150],
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        request_id=getattr(request, "request_id", "") if request is not None else "",
        client_address=_address(request),
        channel=channel or "cli",
        reason=reason,
        detail=detail or {},
    )

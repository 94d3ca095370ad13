"""Audit events as display-ready rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from talentbridge.core.jinja_helpers import nhs_datetime

from .models import AuditEvent


@dataclass(frozen=True)
class EventRow:
    when: str
    actor: str
    action: str
    target: str
    target_ref: str
    channel: str
    reason: str


def event_rows(events: Iterable[AuditEvent]) -> list[EventRow]:
    return [
        EventRow(
            when=nhs_datetime(event.occurred_at),
            actor=event.actor_label or "anonymous",
            action=event.get_action_display(),
            target=event.target_label,
            target_ref=(f"{event.target_type} {event.target_id}".strip()),
            channel=event.channel,
            reason=event.reason,
        )
        for event in events
    ]

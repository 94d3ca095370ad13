"""Audit events as display-ready rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from talentbridge.core.jinja_helpers import nhs_datetime

from .labels import Names
from .labels import kind_label
from .models import AuditEvent

#: How the request came, in words (stored as a short code).
CHANNELS = {"web": "Web page", "api": "API", "cli": "Command line", "": "Not recorded"}


@dataclass(frozen=True)
class EventRow:
    when: str
    actor: str
    action: str
    target: str
    target_ref: str
    channel: str
    reason: str


def _people_shown(detail: dict) -> str:
    """For a page that named people: what it was and how many."""
    if "people_count" not in detail:
        return ""
    count = detail["people_count"]
    what = detail.get("what", "")
    return f"({what + ', ' if what else ''}{count} {'person' if count == 1 else 'people'})"


def event_rows(events: Iterable[AuditEvent], viewer) -> list[EventRow]:
    """Rows with names worked out now, from current records, as ``viewer`` may see them."""
    events = list(events)
    names = Names(viewer, events)
    return [
        EventRow(
            when=nhs_datetime(event.occurred_at),
            actor=names.actor(event),
            action=event.get_action_display(),
            target=names.target(event),
            target_ref=" ".join(filter(None, (kind_label(event.target_type) if
                                              event.target_type else "", event.target_id,
                                              _people_shown(event.detail)))),
            channel=CHANNELS.get(event.channel, event.channel),
            reason=event.reason,
        )
        for event in events
    ]

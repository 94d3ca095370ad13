"""Display-ready rows for the notifications list."""

from __future__ import annotations

from talentbridge.core.jinja_helpers import nhs_datetime


def rows(notifications) -> list[dict]:
    return [{
        "id": n.pk,
        "subject": n.subject,
        "body": n.body,
        "kind": n.get_kind_display(),
        "link": n.link if n.link.startswith("/") else "",
        "when": nhs_datetime(n.created_at),
        "unread": n.read_at is None,
    } for n in notifications]

"""Who has looked at my record: each read of the person's record in the audit trail (their
profile as the target, or a page or answer that named them), when, and in which role at which
organisation the viewer was then; their own views left out. Viewers' names are shown only when
the setting TALENTBRIDGE_SHOW_VIEWER_NAMES is on (docs/data-rights.md says why it is off by
default)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.audit.services import naming_person
from talentbridge.audit.services import record_read
from talentbridge.people.models import Person

from . import policy

#: The audit actions that are a look at someone's record.
VIEW_ACTIONS = (AuditAction.VIEW, AuditAction.SEARCH, AuditAction.EXPORT,
                AuditAction.VIEW_CHARACTERISTICS)
NO_ROLE = "No role (a colleague, or their line manager)"
CHANNELS = {"web": "Web page", "api": "API", "cli": "Command line"}


def show_names() -> bool:
    return bool(getattr(settings, "TALENTBRIDGE_SHOW_VIEWER_NAMES", False))


def views_of(user, person: Person, *, request=None, audit: bool = True
             ) -> QuerySet[AuditEvent]:
    """The looks at this person's record by anyone but themselves, newest first. Reading
    the list is itself audited (a look by the person, so never in their own list)."""
    if not policy.can_see_viewers(user, person.pk):
        raise PermissionDenied("Only the person themselves sees who looked at their record.")
    if audit:
        record_read(actor=user, request=request, people=[person.pk],
                    what="who looked at their record")
    events = naming_person(AuditEvent.objects.filter(action__in=VIEW_ACTIONS), person.pk)
    if person.user_id is not None:
        events = events.exclude(actor_id=person.user_id)
    return events.order_by("-occurred_at", "-pk")


@dataclass(frozen=True)
class ViewRow:
    occurred_at: object
    roles: list[str]
    name: str
    what: str
    channel: str

    def as_dict(self) -> dict:
        row = {"when": self.occurred_at.isoformat(), "roles": self.roles, "what": self.what,
               "how": self.channel}
        if show_names():
            row["name"] = self.name
        return row


def _scope(assignment: RoleAssignment) -> str:
    if assignment.scope_level == ScopeLevel.ORGANISATION and assignment.organisation_id:
        return assignment.organisation.display_name
    if assignment.scope_level == ScopeLevel.SYSTEM and assignment.system_id:
        return assignment.system.name
    if assignment.scope_level == ScopeLevel.REGION and assignment.region_id:
        return assignment.region.name
    return "England"


def _held_then(assignments: list[RoleAssignment], when) -> list[str]:
    return sorted({f"{a.get_role_display()}, {_scope(a)}" for a in assignments
                   if a.starts_at <= when and (a.ends_at is None or a.ends_at > when)})


def _what(event: AuditEvent) -> str:
    action = AuditAction(event.action).label
    if event.target_type == "people.person":
        thing = event.detail.get("what") or "your profile"
    elif event.target_type:
        try:
            thing = apps.get_model(event.target_type)._meta.verbose_name
        except (LookupError, ValueError):
            thing = event.target_type
    else:
        thing = event.detail.get("what") or "a list that named you"
    return f"{action}: {thing}"


def view_rows(events: Iterable[AuditEvent]) -> list[ViewRow]:
    """Rows for a page of events: the viewers' roles then, read in two queries."""
    events = list(events)
    actor_ids = {e.actor_id for e in events if e.actor_id}
    by_user: dict[int, list[RoleAssignment]] = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(user_id__in=actor_ids).select_related(
            "organisation", "system", "region"):
        by_user[assignment.user_id].append(assignment)
    users = get_user_model().objects.in_bulk(actor_ids) if show_names() else {}
    rows = []
    for event in events:
        if event.actor_id is None:
            roles, name = ["The TalentBridge service (no one signed in)"], ""
        else:
            roles = _held_then(by_user[event.actor_id], event.occurred_at) or [NO_ROLE]
            user = users.get(event.actor_id)
            name = (user.get_full_name() or user.get_username()) if user else ""
        rows.append(ViewRow(occurred_at=event.occurred_at, roles=roles, name=name,
                            what=_what(event), channel=CHANNELS.get(event.channel,
                                                                     event.channel)))
    return rows

"""Organisation mergers: everyone an organisation employs moves to its successor on one date
(docs/moves.md).

`apply_merger` records the merger (`people.OrganisationMerger`), closes the merged
organisation the day before, and moves each of its current people with the same move logic as
a single move (`people.moves`), in one transaction: if any person cannot move, the error names
each of them and nothing changes. Job details and line managers within the organisation stay
as they were. A merger dated in the future is recorded now; the daily `apply_due_moves` moves
the people on the date.

Integrated care boards are organisations too (they employ leaders): merging an ICB's
organisation into its successor's moves those leaders. Which system a trust belongs to is the
trust's effective-dated membership (organisations app, loaded from the ODS files), so system
visibility follows the membership in force on the day; a merger does not change it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.organisations.models import Organisation
from talentbridge.people.models import Move
from talentbridge.people.models import OrganisationMerger
from talentbridge.people.move_policy import may_record_merger
from talentbridge.people.moves import MoveError
from talentbridge.people.moves import arrivals_from
from talentbridge.people.moves import merged_into
from talentbridge.people.moves import move_everyone


def _arriving_too_late(merged: Organisation, effective_on: dt.date) -> str:
    """Who would join ``merged`` on or after the day it merges (another merger into it, or
    people's moves not yet made), said for the error; "" for nobody. Recording the merger would
    leave them employed by a closed organisation."""
    incoming = OrganisationMerger.objects.filter(
        into=merged, effective_on__gte=effective_on).select_related("merged").first()
    if incoming is not None:
        return (f"{incoming.merged} ({incoming.merged.ods_code}) is merging into it on "
                f"{incoming.effective_on.isoformat()}, so its people are")
    waiting = arrivals_from(merged, effective_on)
    if waiting:
        return f"{waiting} {'person is' if waiting == 1 else 'people are'}"
    return ""


def _problems(merged: Organisation, into: Organisation, effective_on: dt.date) -> dict:
    problems: dict[str, str] = {}
    if merged.pk == into.pk:
        problems["into"] = f"{merged} ({merged.ods_code}) cannot merge into itself"
    earlier = merged_into(merged)
    if earlier is not None:
        problems["merged"] = (f"{merged} ({merged.ods_code}) already merged into "
                              f"{earlier.into} ({earlier.into.ods_code}) on "
                              f"{earlier.effective_on.isoformat()}")
    arriving = _arriving_too_late(merged, effective_on)
    if arriving and "merged" not in problems:
        problems["merged"] = (f"{arriving} due to arrive at {merged} ({merged.ods_code}) on or "
                              f"after {effective_on.isoformat()}, when it has merged: date this "
                              "merger after them, or change theirs first")
    successor = merged_into(into)
    if successor is not None:
        problems["into"] = (f"{into} ({into.ods_code}) itself merged into {successor.into} "
                            f"({successor.into.ods_code}): merge into that instead")
    elif into.closed_on is not None and into.closed_on < effective_on:
        problems["into"] = (f"{into} ({into.ods_code}) closed on {into.closed_on.isoformat()}, "
                            f"before {effective_on.isoformat()}")
    return problems


@transaction.atomic
def apply_merger(actor, merged: Organisation, into: Organisation, *, effective_on: dt.date,
                 request=None) -> list[Move]:
    """Merge ``merged`` into ``into`` from ``effective_on``: administrators only. Returns the
    moves (applied now when the date is today or past, otherwise pending)."""
    if not may_record_merger(actor):
        raise PermissionDenied("Only an administrator can record an organisation merger.")
    problems = _problems(merged, into, effective_on)
    if problems:
        raise MoveError(problems)
    merger = OrganisationMerger.objects.create(
        merged=merged, into=into, effective_on=effective_on,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    moves = move_everyone(actor, merger, request=request)
    last_day = effective_on - dt.timedelta(days=1)
    if merged.closed_on is None or merged.closed_on > last_day:
        merged.closed_on = last_day
        merged.save(update_fields=["closed_on"])
    record(actor=actor, action=AuditAction.CREATE, target=merger, request=request,
           detail={"event": "merger", "merged": merged.ods_code, "into": into.ods_code,
                   "effective_on": effective_on.isoformat(), "people": len(moves)})
    return moves

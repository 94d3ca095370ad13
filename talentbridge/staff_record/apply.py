"""Applying a checked leaders' feed to the people of its organisation, in the caller's
transaction.

Matching is by NHS identifier only, never by name. For each row: a new identifier creates the
person (employed by the feed's organisation, with the default visibility) and their current
career history entry; a person of this organisation is updated (job title, band, staff group,
start in post, work e-mail) where the row differs; a person currently employed by another
organisation has moved here, effective on the row's start in post
(``talentbridge.people.moves.move_person``). Line managers are set in a second pass, once
everyone in the file exists. Current people of the organisation whom the feed does not list
are not deleted: each gets a :class:`~.models.FeedAbsence` for the "Left or moved?" list.

Applying the same rows again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower

from talentbridge.people.codes import CareerRoleKind
from talentbridge.people.codes import Sector
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Person
from talentbridge.people.moves import move_person

from . import feed as feed_module
from .feed import FeedRow
from .models import FeedAbsence
from .models import FeedImport

#: The person's fields a feed row sets, beside their line manager.
UPDATED_FIELDS = ("job_title", "pay_band", "staff_group", "started_in_post", "work_email")


class RowRefused(ValidationError):
    """A row that could not be applied (a move the moves service refused): nothing is kept."""

    def __init__(self, rejection: feed_module.Rejection):
        super().__init__(rejection.message)
        self.rejection = rejection


@dataclass
class Outcome:
    created: list[Person] = field(default_factory=list)
    updated: list[Person] = field(default_factory=list)
    moved: list[Person] = field(default_factory=list)
    unchanged: list[Person] = field(default_factory=list)
    missing: list[Person] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name))
                for name in ("created", "updated", "moved", "unchanged", "missing")}

    def changed_ids(self) -> dict[str, list[int]]:
        return {name: sorted(p.pk for p in getattr(self, name))
                for name in ("created", "updated", "moved", "missing")}


def _current_entry(person: Person) -> CareerHistoryEntry | None:
    return (person.career_history.filter(organisation_id=person.organisation_id,
                                         ended_on__isnull=True)
            .order_by("-started_on").first())


def _new_entry(person: Person, started_on: dt.date) -> CareerHistoryEntry:
    return CareerHistoryEntry.objects.create(
        person=person, organisation_id=person.organisation_id, sector=Sector.NHS,
        role_title=person.job_title, kind=CareerRoleKind.SUBSTANTIVE, started_on=started_on)


def _create(organisation, row: FeedRow) -> Person:
    person = Person.objects.create(
        nhs_identifier=row.nhs_identifier, given_name=row.given_name,
        family_name=row.family_name, work_email=row.work_email, organisation=organisation,
        job_title=row.job_title, pay_band=row.pay_band, staff_group=row.staff_group,
        professional_background=feed_module.background_for(row.staff_group),
        started_in_post=row.started_in_post)
    _new_entry(person, row.started_in_post)
    return person


def _sync_entry(person: Person, title_changed: bool, start_changed: bool) -> None:
    """Keep the current career history entry in step with the person's post: a later start
    in post is a new post (the old entry ends the day before); otherwise the entry follows."""
    entry = _current_entry(person)
    start = person.started_in_post
    if entry is None:
        _new_entry(person, start)
    elif start_changed and start > entry.started_on:
        entry.ended_on = start - dt.timedelta(days=1)
        entry.save(update_fields=["ended_on"])
        _new_entry(person, start)
    elif title_changed or start_changed:
        entry.role_title, entry.started_on = person.job_title, start
        entry.save(update_fields=["role_title", "started_on"])


def _update(person: Person, row: FeedRow) -> bool:
    """Set the row's values on a person of this organisation; True if anything changed."""
    changed = [name for name in UPDATED_FIELDS if getattr(person, name) != getattr(row, name)]
    if person.left_nhs_on is not None:  # back in the staff record: not gone after all
        person.left_nhs_on = None
        changed.append("left_nhs_on")
    if not changed:
        return False
    for name in UPDATED_FIELDS:
        setattr(person, name, getattr(row, name))
    person.save(update_fields=[*changed, "updated_at"])
    if {"job_title", "started_in_post"} & set(changed):
        _sync_entry(person, "job_title" in changed, "started_in_post" in changed)
    return True


def _move(actor, person: Person, organisation, row: FeedRow) -> Person:
    if person.left_nhs_on is not None:  # back in the NHS, at this organisation: not gone
        person.left_nhs_on = None
        person.save(update_fields=["left_nhs_on", "updated_at"])
    try:
        move_person(actor, person, to_organisation=organisation,
                    effective_on=row.started_in_post, job_title=row.job_title,
                    pay_band=row.pay_band, staff_group=row.staff_group)
    except ValidationError as error:
        raise RowRefused(feed_module.Rejection(
            row.row, feed_module.header("started_in_post"), row.started_in_post.isoformat(),
            f"this person moves here from another organisation and the move was refused: "
            f"{' '.join(error.messages)}")) from None
    person = Person.unscoped.get(pk=person.pk)
    _update(person, row)  # the e-mail (and anything the move left as it was)
    return person


def _set_managers(rows: list[FeedRow], people: dict[str, Person], organisation,
                  outcome: Outcome) -> None:
    wanted = {row.line_manager for row in rows if row.line_manager} - set(people)
    managers = {p.nhs_identifier: p for p in Person.unscoped.filter(
        organisation=organisation, nhs_identifier__in=wanted)}
    managers.update(people)
    for row in rows:
        person = people[row.nhs_identifier]
        manager_id = managers[row.line_manager].pk if row.line_manager else None
        if person.line_manager_id == manager_id:
            continue
        person.line_manager_id = manager_id
        person.save(update_fields=["line_manager", "updated_at"])
        if person in outcome.unchanged:
            outcome.unchanged.remove(person)
            outcome.updated.append(person)


def _record_missing(feed: FeedImport, listed: set[int]) -> list[Person]:
    missing = list(Person.unscoped.filter(organisation_id=feed.organisation_id,
                                          left_nhs_on__isnull=True).exclude(pk__in=listed))
    FeedAbsence.objects.bulk_create([FeedAbsence(feed=feed, person=p) for p in missing])
    return missing


def apply_rows(actor, feed: FeedImport, rows: list[FeedRow],
               on_progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Apply checked rows (see the module's docstring). Raises :class:`RowRefused` when a
    row cannot be applied; the caller's transaction then keeps nothing."""
    organisation = feed.organisation
    existing = {p.nhs_identifier: p for p in Person.unscoped.select_for_update().filter(
        nhs_identifier__in=[row.nhs_identifier for row in rows])}
    outcome = Outcome()
    people: dict[str, Person] = {}
    for done, row in enumerate(rows, start=1):
        person = existing.get(row.nhs_identifier)
        if person is None:
            person = _create(organisation, row)
            outcome.created.append(person)
        elif person.organisation_id != organisation.pk:
            person = _move(actor, person, organisation, row)
            outcome.moved.append(person)
        elif _update(person, row):
            outcome.updated.append(person)
        else:
            outcome.unchanged.append(person)
        people[row.nhs_identifier] = person
        if on_progress is not None:
            on_progress(done, len(rows))
    _set_managers(rows, people, organisation, outcome)
    outcome.missing = _record_missing(feed, {p.pk for p in people.values()})
    return outcome


def known_for(organisation, rows: list[tuple[int, dict]], today: dt.date) -> feed_module.Known:
    """What the row checks need from the database: the organisation's current people's NHS
    identifiers, and who already has each e-mail address in the file."""
    identifiers = frozenset(Person.unscoped.filter(
        organisation=organisation, left_nhs_on__isnull=True, nhs_identifier__isnull=False,
    ).values_list("nhs_identifier", flat=True))
    emails = {raw.get("work_email", "").strip().lower() for _, raw in rows} - {""}
    owners = {email.lower(): ident or "" for email, ident in Person.unscoped.annotate(
        email=Lower("work_email")).filter(email__in=emails).values_list("work_email",
                                                                        "nhs_identifier")}
    return feed_module.Known(today=today, organisation_identifiers=identifiers, emails=owners)

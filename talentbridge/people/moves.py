"""Effective-dated moves of a person between employing organisations (docs/moves.md).

`move_person` records a move: checked first (nothing changes on a bad move; `MoveError`
names every problem and its value), applied at once when its date is today or past, otherwise
kept pending until the daily `apply_due_moves` applies it on its date. Applying a move ends the
current career history entry the day before, starts one at the new organisation and makes the
new organisation the person's employer (job details, start in post, line manager). The
staff-record feed and mergers call the same function.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Q
from django.http import Http404
from django.tasks import task
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.notifications.services import notify
from talentbridge.organisations.models import Organisation

from .codes import CareerRoleKind
from .codes import PayBand
from .codes import Sector
from .codes import StaffGroup
from .models import NHS_FOUNDED
from .models import CareerHistoryEntry
from .models import Move
from .models import OrganisationMerger
from .models import Person
from .move_policy import may_record_move
from .move_policy import may_see_move
from .move_policy import move_organisation_ids
from .policy import Action
from .policy import can
from .policy import grants_for
from .services import PersonNotFound

logger = logging.getLogger(__name__)

#: The notification kinds moves send (talentbridge.notifications).
KIND_RECORDED = "move_recorded"
KIND_CANCELLED = "move_cancelled"


class MoveError(ValidationError):
    """A move that cannot be made; its messages name the field, the problem and the value.
    Nothing was changed."""


def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"




def current_employment_began(person: Person) -> dt.date | None:
    """When the person's current employment began: the later of their start in post and
    their current career history entry's start (either may be unknown)."""
    starts = [person.started_in_post] if person.started_in_post else []
    entry = current_career_entry(person)
    if entry is not None:
        starts.append(entry.started_on)
    return max(starts) if starts else None


def current_career_entry(person: Person) -> CareerHistoryEntry | None:
    return (person.career_history.filter(organisation_id=person.organisation_id,
                                          ended_on__isnull=True)
            .order_by("-started_on", "-pk").first())


def pending_move(person: Person) -> Move | None:
    """The person's move not yet applied or cancelled, if any (at most one)."""
    return (Move.unscoped.filter(person=person, applied_at__isnull=True,
                                 cancelled_at__isnull=True)
            .select_related("to_organisation", "from_organisation").first())


def merged_into(organisation: Organisation) -> OrganisationMerger | None:
    return OrganisationMerger.objects.filter(merged=organisation).select_related("into").first()


def arrivals_from(organisation: Organisation, day: dt.date) -> int:
    """How many people's moves into ``organisation`` dated ``day`` or later are still to be
    made (a merger must not close it before they arrive): those `apply_due_moves` would
    apply, of people still at the organisation they move from and not left the NHS."""
    return Move.unscoped.filter(to_organisation=organisation, effective_on__gte=day,
                                applied_at__isnull=True, cancelled_at__isnull=True,
                                person__organisation=F("from_organisation"),
                                person__left_nhs_on__isnull=True).count()


def _organisation_problems(person: Person, to: Organisation, effective_on: dt.date) -> list[str]:
    problems = []
    if to.pk == person.organisation_id:
        problems.append(f"{person.full_name} already works at {to} ({to.ods_code}): a move must "
                        "be to another organisation")
    merger = merged_into(to)
    if merger is not None and merger.effective_on <= effective_on:
        problems.append(f"{to} ({to.ods_code}) merged into {merger.into} "
                        f"({merger.into.ods_code}) on {_d(merger.effective_on)}: move them "
                        f"to {merger.into} instead")
    elif to.closed_on is not None and to.closed_on < effective_on:
        problems.append(f"{to} ({to.ods_code}) closed on {_d(to.closed_on)}, before "
                        f"{_d(effective_on)}")
    return problems


def _job_problems(job_title: str, pay_band: str, staff_group: str) -> dict[str, str]:
    problems = {}
    if not job_title.strip():
        problems["job_title"] = "Enter the job title at the new organisation"
    elif len(job_title) > 150:
        problems["job_title"] = f"The job title is {len(job_title)} characters: at most 150"
    if pay_band not in PayBand.values:
        problems["pay_band"] = f'"{pay_band}" is not a band or grade'
    if staff_group not in StaffGroup.values:
        problems["staff_group"] = f'"{staff_group}" is not a staff group'
    return problems


def check_move(person: Person, *, to_organisation: Organisation, effective_on: dt.date,
               job_title: str, pay_band: str, staff_group: str,
               line_manager: Person | None, merger: OrganisationMerger | None = None) -> None:
    """Raise `MoveError` naming every problem with this move; return if there is none. In a
    merger, a line manager at the merged organisation moves too, so they may be kept."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if person.left_nhs_on is not None:
        add("person", f"{person.full_name} left the NHS on {_d(person.left_nhs_on)}: a person "
                      "who has left cannot be moved")
    for message in _organisation_problems(person, to_organisation, effective_on):
        add("to_organisation", message)
    began = current_employment_began(person)
    if began is not None and effective_on <= began:
        add("effective_on", f"{_d(effective_on)} is not after {person.full_name}'s current "
                            f"employment at {person.organisation} began ({_d(began)})")
    elif began is None and effective_on < (earliest := person.started_in_nhs or NHS_FOUNDED):
        add("effective_on", f"{_d(effective_on)} is before {person.full_name} could have worked "
                            f"in the NHS ({_d(earliest)})")
    waiting = pending_move(person)
    if waiting is not None:
        add("effective_on", f"{person.full_name} already has a move to {waiting.to_organisation} "
                            f"on {_d(waiting.effective_on)} waiting: cancel it first")
    if line_manager is not None and not (merger and line_manager.organisation_id
                                         == merger.merged_id):
        if line_manager.pk == person.pk:
            add("line_manager", f"{person.full_name} cannot be their own line manager")
        elif line_manager.organisation_id != to_organisation.pk:
            add("line_manager", f"{line_manager.full_name} works at "
                                f"{line_manager.organisation}, not {to_organisation}: a line "
                                "manager must be in the new organisation")
    for field, message in _job_problems(job_title, pay_band, staff_group).items():
        add(field, message)
    if problems:
        raise MoveError(problems)


def move_person(actor, person: Person, *, to_organisation: Organisation,
                effective_on: dt.date, job_title: str | None = None,
                pay_band: str | None = None, staff_group: str | None = None,
                line_manager: Person | None = None, request=None) -> Move:
    """Record a move of ``person`` to ``to_organisation`` from ``effective_on``; applied now
    if that date is today or past. Job details not given stay as they are. Raises
    `PermissionDenied` if the actor may not record it, `MoveError` if the move is wrong;
    either way nothing changes."""
    return record_move(actor, person, to_organisation=to_organisation,
                       effective_on=effective_on, job_title=job_title, pay_band=pay_band,
                       staff_group=staff_group, line_manager=line_manager, request=request)


@transaction.atomic
def record_move(actor, person: Person, *, to_organisation: Organisation,
                effective_on: dt.date, job_title: str | None = None,
                pay_band: str | None = None, staff_group: str | None = None,
                line_manager: Person | None = None, request=None,
                merger: OrganisationMerger | None = None) -> Move:
    """`move_person`, as part of a merger when ``merger`` is given."""
    if not may_record_move(actor, person.organisation_id, to_organisation.pk):
        raise PermissionDenied(
            f"You cannot record moves out of {person.organisation} or into {to_organisation}.")
    person = Person.unscoped.select_for_update().select_related("organisation").get(
        pk=person.pk)
    move = Move(
        person=person, from_organisation=person.organisation, to_organisation=to_organisation,
        effective_on=effective_on,
        job_title=person.job_title if job_title is None else job_title,
        pay_band=person.pay_band if pay_band is None else pay_band,
        staff_group=person.staff_group if staff_group is None else staff_group,
        line_manager=line_manager, merger=merger,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    check_move(person, to_organisation=to_organisation, effective_on=effective_on,
               job_title=move.job_title, pay_band=move.pay_band,
               staff_group=move.staff_group, line_manager=line_manager, merger=merger)
    move.save()
    record(actor=actor, action=AuditAction.CREATE, target=move, request=request,
           detail=_move_detail(move))
    if effective_on <= timezone.localdate():
        _apply(move, actor=actor, request=request)
    _tell(person, KIND_RECORDED, f"TalentBridge: your move to {to_organisation}",
          _recorded_body(move))
    return move


def _move_detail(move: Move) -> dict:
    return {"event": "move", "person": move.person_id, "move": move.pk,
            "from": move.from_organisation.ods_code, "to": move.to_organisation.ods_code,
            "effective_on": move.effective_on.isoformat()}


def _apply(move: Move, *, actor, request=None, channel: str = "") -> None:
    """Make the move real: career history, the person's employment, their reports."""
    person, old = move.person, move.from_organisation
    manager = move.line_manager
    if (manager is not None and manager.organisation_id != move.to_organisation_id
            and not (move.merger_id and manager.organisation_id == old.pk)):
        move.line_manager = None  # they moved elsewhere while this move was waiting
    for entry in person.career_history.filter(organisation_id=old.pk, ended_on__isnull=True):
        entry.ended_on = max(entry.started_on, move.effective_on - dt.timedelta(days=1))
        entry.save(update_fields=["ended_on"])
    CareerHistoryEntry.objects.create(
        person=person, organisation=move.to_organisation, sector=Sector.NHS,
        role_title=move.job_title, kind=CareerRoleKind.SUBSTANTIVE,
        started_on=move.effective_on)
    person.organisation = move.to_organisation
    person.job_title, person.pay_band = move.job_title, move.pay_band
    person.staff_group, person.started_in_post = move.staff_group, move.effective_on
    person.line_manager = move.line_manager
    fields = ["organisation", "job_title", "pay_band", "staff_group", "started_in_post",
              "line_manager"]
    person.save(update_fields=[*fields, "updated_at"])
    record(actor=actor, action=AuditAction.UPDATE, target=person, request=request,
           channel=channel, detail={**_move_detail(move), "fields": fields})
    for report in Person.unscoped.filter(line_manager=person, organisation_id=old.pk):
        report.line_manager = None
        report.save(update_fields=["line_manager", "updated_at"])
        record(actor=actor, action=AuditAction.UPDATE, target=report, request=request,
               channel=channel, detail={"event": "line_manager_moved", "move": move.pk,
                                        "fields": ["line_manager"]})
    move.applied_at = timezone.now()
    move.save(update_fields=["applied_at", "line_manager"])


def apply_due_moves(today: dt.date | None = None) -> list[int]:
    """Apply every pending move dated today or earlier (the daily task). Idempotent: an
    applied move is never applied twice. Each move is its own transaction, so one that can no
    longer be applied (logged) does not stop the others. Returns the ids applied."""
    today = today or timezone.localdate()
    due = list(Move.unscoped.filter(effective_on__lte=today, applied_at__isnull=True,
                                    cancelled_at__isnull=True)
               .order_by("effective_on", "pk").values_list("pk", flat=True))
    applied = []
    for pk in due:
        with transaction.atomic():
            move = (Move.unscoped.select_for_update()
                    .select_related("person", "from_organisation", "to_organisation")
                    .filter(pk=pk, applied_at__isnull=True, cancelled_at__isnull=True).first())
            if move is None:
                continue
            if (move.person.organisation_id != move.from_organisation_id
                    or move.person.left_nhs_on is not None):
                logger.warning("Move %s not applied: the person no longer works at %s",
                               pk, move.from_organisation.ods_code)
                continue
            _apply(move, actor=None, channel="task")
            applied.append(pk)
    return applied + _move_stragglers(today)


def _move_stragglers(today: dt.date) -> list[int]:
    """Move to its successor everyone still employed by an organisation whose merger has
    taken effect: people who joined it after the merger was recorded (a move or a feed dated
    before the merger), whom the merger's own moves could not include. Each moves from the
    merger's date, or the day after they joined if that is later (and waits for that day)."""
    waiting = Move.unscoped.filter(person=OuterRef("pk"), applied_at__isnull=True,
                                   cancelled_at__isnull=True)
    applied = []
    for merger in (OrganisationMerger.objects.filter(effective_on__lte=today)
                   .select_related("merged", "into").order_by("effective_on", "pk")):
        stranded = (Person.unscoped.filter(organisation=merger.merged, left_nhs_on__isnull=True)
                    .exclude(Exists(waiting)).order_by("pk"))
        for person in stranded:
            began = current_employment_began(person)
            on = merger.effective_on if began is None else max(
                merger.effective_on, began + dt.timedelta(days=1))
            if on > today:
                continue
            with transaction.atomic():
                move = Move.objects.create(
                    person=person, from_organisation=merger.merged, to_organisation=merger.into,
                    effective_on=on, job_title=person.job_title, pay_band=person.pay_band,
                    staff_group=person.staff_group, line_manager=person.line_manager,
                    merger=merger)
                record(actor=None, action=AuditAction.CREATE, target=move, channel="task",
                       detail=_move_detail(move))
                _apply(move, actor=None, channel="task")
                _tell(person, KIND_RECORDED, f"TalentBridge: your move to {merger.into}",
                      _recorded_body(move))
            applied.append(move.pk)
    return applied


@transaction.atomic
def cancel_move(actor, move: Move, *, request=None) -> Move:
    """Cancel a pending move (one already applied is history: record a move back instead)."""
    if not may_record_move(actor, move.from_organisation_id, move.to_organisation_id):
        raise PermissionDenied("You cannot cancel this move.")
    move = Move.unscoped.select_for_update().select_related(
        "person", "to_organisation", "from_organisation").get(pk=move.pk)
    if move.applied_at is not None:
        raise MoveError({"move": f"The move to {move.to_organisation} on "
                                 f"{_d(move.effective_on)} has already happened: record a "
                                 "move back instead"})
    if move.cancelled_at is not None:
        return move
    move.cancelled_at = timezone.now()
    move.cancelled_by = actor if getattr(actor, "is_authenticated", False) else None
    move.save(update_fields=["cancelled_at", "cancelled_by"])
    record(actor=actor, action=AuditAction.UPDATE, target=move, request=request,
           detail={**_move_detail(move), "event": "move_cancelled"})
    _tell(move.person, KIND_CANCELLED, f"TalentBridge: your move to {move.to_organisation} "
          "was cancelled", f"Dear {move.person.given_name},\n\nYour move to "
          f"{move.to_organisation} on {_d(move.effective_on)} has been cancelled. You stay at "
          f"{move.from_organisation}.\n")
    return move


def _recorded_body(move: Move) -> str:
    person = move.person
    when = ("has been recorded" if move.applied_at else
            f"has been recorded and will take effect on {_d(move.effective_on)}")
    return (f"Dear {person.given_name},\n\nYour move from {move.from_organisation} to "
            f"{move.to_organisation} as {move.job_title}, from {_d(move.effective_on)}, {when}."
            "\n\nYour talent profile, career conversations, assessments and development move "
            "with you. Who can see your profile is still your choice: check it on your "
            "profile page.\n")


def _tell(person: Person, kind: str, subject: str, body: str) -> None:
    link = f"/people/{person.pk}/"
    if person.user_id is not None and person.user.email:
        notify(kind=kind, subject=subject, body=body, to_user=person.user, link=link)
    elif person.work_email:
        notify(kind=kind, subject=subject, body=body, to_email=person.work_email, link=link)


def move_everyone(actor, merger: OrganisationMerger, *, request=None) -> list[Move]:
    """Move every current person of ``merger.merged`` to ``merger.into`` on its date, their
    job details and line managers unchanged (their managers move with them). Checks every
    person first: `MoveError` lists each person who cannot move, and nothing changes (the
    caller's transaction)."""
    people = list(Person.unscoped.filter(organisation=merger.merged, left_nhs_on__isnull=True)
                  .select_related("line_manager").order_by("pk"))
    problems: list[str] = []
    moves = []
    for person in people:
        manager = person.line_manager
        if manager is not None and manager.organisation_id != merger.merged_id:
            manager = None
        try:
            moves.append(record_move(actor, person, to_organisation=merger.into,
                                     effective_on=merger.effective_on, line_manager=manager,
                                     request=request, merger=merger))
        except MoveError as error:
            problems += [f"{person.full_name}: {m}" for m in error.messages]
    if problems:
        raise MoveError({"merged": problems})
    return moves


# --------------------------------------------------------------------------------------
# Reads for the pages and the API
# --------------------------------------------------------------------------------------


def person_for_moves(user, pk: int, *, request=None) -> Person:
    """The person with this id, for their moves: whoever may see them, and the administrators
    and talent leads of their organisation or of the one a pending move takes them to. Anyone
    else gets "not found", like an id that does not exist. Audited as a view."""
    person = Person.unscoped.select_related("organisation", "line_manager").filter(
        pk=pk).first()
    if person is None or not (can(user, Action.VIEW_PROFILE, person)
                              or _records_for(user, person)):
        raise PersonNotFound(pk)
    record(actor=user, action=AuditAction.VIEW, target=person, request=request,
           detail={"what": "moves"})
    return person


def _records_for(user, person: Person) -> bool:
    if may_record_move(user, person.organisation_id, person.organisation_id):
        return True
    waiting = pending_move(person)
    return waiting is not None and may_record_move(user, waiting.from_organisation_id,
                                                   waiting.to_organisation_id)


def moves_of(user, person: Person) -> list[Move]:
    """The person's moves this user may see, newest first."""
    sees_person = can(user, Action.VIEW_PROFILE, person)
    moves = (Move.unscoped.filter(person=person)
             .select_related("from_organisation", "to_organisation", "line_manager"))
    return [m for m in moves if may_see_move(user, m.from_organisation_id, m.to_organisation_id,
                                             sees_person=sees_person)]


def get_move(user, person: Person, move_id: int) -> Move:
    for move in moves_of(user, person):
        if move.pk == move_id:
            return move
    raise MoveNotFound(move_id)


def line_manager_by_id(pk: int | None) -> Person | None:
    """The person named as line manager of a move, by id (checked by `check_move`)."""
    if pk is None:
        return None
    manager = Person.unscoped.select_related("organisation").filter(pk=pk).first()
    if manager is None:
        raise MoveError({"line_manager": f"There is no person with id {pk}"})
    return manager


class MoveNotFound(Http404):
    """No such move of this person, or not one this user may see."""


def line_manager_by_email(address: str) -> Person | None:
    """The person named as line manager of a move, by work e-mail (checked by `check_move`)."""
    if not address.strip():
        return None
    manager = Person.unscoped.select_related("organisation").filter(
        work_email__iexact=address.strip()).first()
    if manager is None:
        raise MoveError({"line_manager": f'There is no person with the work email "{address}"'})
    return manager


def pending_move_for(user, person: Person) -> Move | None:
    """The person's pending move, if this user may see it ("Moving to X on date")."""
    waiting = pending_move(person)
    if waiting is None or not may_see_move(
            user, waiting.from_organisation_id, waiting.to_organisation_id,
            sees_person=can(user, Action.VIEW_PROFILE, person)):
        return None
    return waiting


def may_record_any_move(user, person: Person) -> bool:
    """Show "Record a move"? Administrators, and the organisation administrators and talent
    leads of the person's organisation or of any other (a receiving one), unless they left."""
    grants = grants_for(user)
    return person.left_nhs_on is None and (grants.is_administrator
                                           or bool(move_organisation_ids(grants)))


def moved_out_of_filter(organisation_field: str, person_field: str = "person") -> Q:
    """A filter, on a model with a person, for rows whose person has moved out of the
    organisation in ``organisation_field`` (an applied move from it, and not working there
    now): the queryset form of `move_policy.has_moved_out_of`."""
    moved = Move.unscoped.filter(person_id=OuterRef(f"{person_field}_id"),
                                 from_organisation_id=OuterRef(organisation_field),
                                 applied_at__isnull=False)
    return Q(Exists(moved)) & ~Q(**{f"{person_field}__organisation_id": F(organisation_field)})


@task()
def apply_due_moves_task() -> list[int]:
    """:func:`apply_due_moves` as a background task (each worker queues it daily)."""
    return apply_due_moves()

"""Board Member References: made when a member leaves a board post (whatever the reason),
completed by the organisation they left, requested by a later NHS employer's chair or people
director, supplied by the holding organisation; the person is told of the request and the
supply. Every step is audited.

`record_departure` is the one way a departure is recorded: the board app calls it when a board
post's incumbent changes (`talentbridge.board.signals`), whoever changed it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.audit.services import record_view
from talentbridge.core.forms import nhs_date
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import notify
from talentbridge.organisations.models import Organisation
from talentbridge.people.models import Person
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import BoardPostKind

from . import policy
from .fppt import standing_of
from .models import TEXT_LIMIT
from .models import BoardReference
from .models import FpptRecord
from .models import ReferenceRequest
from .models import ReferenceStatus
from .models import RequestStatus

SECTIONS = ("roles_and_dates", "investigations", "fitness_concerns", "settlement_agreements",
            "grievances", "other_information")


class ReferenceNotFound(Http404):
    """No such reference or request, or not one this user may see."""


def section_labels() -> list[tuple[str, str]]:
    return [(name, str(BoardReference._meta.get_field(name).verbose_name)) for name in SECTIONS]


def record_departure(post: BoardPost, person_id: int, *, left_on: dt.date | None = None,
                     actor=None) -> BoardReference:
    """A member left ``post``: make their Board Member Reference (roles and dates filled in)
    and mark their FPPT records at the organisation as those of a departed member, kept for
    the retention period (docs/board.md)."""
    left_on = left_on or timezone.localdate()
    started = f" from {nhs_date(post.started_on)}" if post.started_on else ""
    reference = BoardReference.objects.create(
        person_id=person_id, organisation_id=post.organisation_id, post_title=post.title,
        started_on=post.started_on, left_on=left_on,
        roles_and_dates=f"{post.title}, {post.organisation.display_name}{started} to "
                        f"{nhs_date(left_on)}")
    FpptRecord.unscoped.filter(person_id=person_id, organisation_id=post.organisation_id,
                               left_board_on__isnull=True).update(left_board_on=left_on)
    record(actor=actor, action=AuditAction.CREATE, target=reference,
           detail={"person": person_id, "what": "Board Member Reference on leaving"})
    return reference


# ---- the holding organisation -------------------------------------------------------------

def held(user, *, request=None) -> QuerySet[BoardReference]:
    """References held by the organisations this user is a board reader of."""
    found = (BoardReference.unscoped.filter(policy.records_filter(user, standing_of(user)))
             .select_related("person", "organisation").order_by("-left_on", "pk"))
    record_read(actor=user, request=request, what="Board Member References",
                people=list(found.values_list("person_id", flat=True)),
                target_type="board.boardreference")
    return found


def get_reference(user, pk: int, *, request=None) -> BoardReference:
    """For the holding organisation's board readers, or a requester it was supplied to."""
    found = (BoardReference.unscoped.select_related("person", "organisation", "completed_by")
             .filter(pk=pk).first())
    if found is None or not may_read(user, found):
        raise ReferenceNotFound("No such Board Member Reference")
    record_view(user, found, found.person_id, request=request)
    return found


def may_read(user, reference: BoardReference) -> bool:
    if policy.can_read(user, standing_of(user), reference.organisation_id):
        return True
    return any(policy.can_read_supplied(user, requested_by_id=r.requested_by_id,
                                        supplied=r.status == RequestStatus.SUPPLIED)
               for r in ReferenceRequest.unscoped.filter(reference=reference))


def may_keep(user, reference: BoardReference) -> bool:
    return policy.can_keep(user, standing_of(user), organisation_id=reference.organisation_id,
                           person_id=reference.person_id)


@transaction.atomic
def complete(user, reference: BoardReference, *, declaration: bool, request=None,
             **sections) -> BoardReference:
    """Fill in the reference's sections; with the referee declaration it is completed."""
    if not may_keep(user, reference):
        raise PermissionDenied("Only the holding organisation's chair, people director and "
                               "their delegates complete its references.")
    errors: dict[str, str] = {}
    values = {}
    for name, label in section_labels():
        text = str(sections.get(name) or "").strip()
        if len(text) > TEXT_LIMIT:
            errors[name] = f"{label[0].upper()}{label[1:]} must be {TEXT_LIMIT} characters " \
                           f"or fewer (it has {len(text)})"
        values[name] = text
    if not values["roles_and_dates"]:
        errors["roles_and_dates"] = "Enter the roles and dates"
    if reference.status == ReferenceStatus.COMPLETED:
        errors["declaration"] = "This reference is completed: nothing was changed"
    if errors:
        raise ValidationError(errors)
    for name, text in values.items():
        setattr(reference, name, text)
    if declaration:
        reference.referee_declaration = True
        reference.status = ReferenceStatus.COMPLETED
        reference.completed_by, reference.completed_on = user, timezone.localdate()
    reference.save()
    record(actor=user, action=AuditAction.UPDATE, target=reference, request=request,
           detail={"person": reference.person_id, "completed": bool(declaration)})
    return reference


# ---- requests ---------------------------------------------------------------------------

def holders(organisation_id: int) -> list:
    """The users who keep an organisation's references: its chair and people director with
    accounts, and their delegates."""
    people = Person.unscoped.filter(
        board_posts__organisation_id=organisation_id, user__is_active=True,
        board_posts__kind__in=[BoardPostKind.CHAIR, BoardPostKind.PEOPLE]).select_related("user")
    users = {p.user.pk: p.user for p in people}
    for delegate in Organisation.objects.get(pk=organisation_id).board_delegates.select_related(
            "user").filter(user__is_active=True):
        users[delegate.user.pk] = delegate.user
    return list(users.values())


def _tell_person(person: Person, subject: str, body: str) -> None:
    if person.user_id is not None or person.work_email:
        notify(kind=Kind.BOARD_REFERENCE, to_user=person.user if person.user_id else None,
               to_email="" if person.user_id else person.work_email, subject=subject, body=body)


def _find_reference(work_email: str) -> BoardReference:
    email = str(work_email or "").strip()
    person = Person.unscoped.filter(work_email__iexact=email).first() if email else None
    found = BoardReference.unscoped.filter(person=person).select_related(
        "person", "organisation").order_by("-left_on", "-pk").first() if person else None
    if found is not None:
        return found
    if not email:
        raise ValidationError({"work_email": "Enter the board member's NHS e-mail address"})
    if person is not None and person.board_posts.exists():
        raise ValidationError({"work_email": f'"{email}" still holds a board post and has not '
                                             "left one, so there is no reference to request "
                                             "yet"})
    raise ValidationError({"work_email": f'No Board Member Reference is held for "{email}": '
                                         "there is no record of them sitting on an NHS board"})


@transaction.atomic
def request_reference(user, *, work_email: str, requesting_organisation_id, request=None
                      ) -> ReferenceRequest:
    """A later NHS employer's chair or people director asks for a member's latest
    reference. The holding organisation and the person are told."""
    standing = standing_of(user)
    if not policy.can_request_reference(user, standing):
        raise PermissionDenied("Only an organisation's chair or people director requests a "
                               "Board Member Reference.")
    reference = _find_reference(work_email)
    allowed = policy.requesting_organisations(user, standing, reference.organisation_id)
    try:
        requesting_id = int(requesting_organisation_id)
    except (TypeError, ValueError):
        requesting_id = None
    if requesting_id not in allowed:
        raise ValidationError({"requesting_organisation_id": (
            f'You cannot request on behalf of organisation "{requesting_organisation_id}": '
            "choose one whose chair or people director you are, other than "
            f"{reference.organisation.display_name}, which holds the reference")})
    asked = ReferenceRequest.objects.create(reference=reference, requested_by=user,
                                            requesting_organisation_id=requesting_id)
    record(actor=user, action=AuditAction.CREATE, target=asked, request=request,
           detail={"person": reference.person_id, "reference": reference.pk})
    requester = Organisation.objects.get(pk=requesting_id).display_name
    link = reverse("board:reference", args=[reference.pk])
    for holder in holders(reference.organisation_id):
        notify(kind=Kind.BOARD_REFERENCE, to_user=holder, link=link,
               subject="TalentBridge: a Board Member Reference has been requested",
               body=f"{requester} asked for the Board Member Reference of "
                    f"{reference.person.full_name} ({reference.post_title}).")
    _tell_person(reference.person, "TalentBridge: your Board Member Reference was requested",
                 f"{requester} asked {reference.organisation.display_name} for your Board "
                 "Member Reference.")
    return asked


def incoming(user) -> QuerySet[ReferenceRequest]:
    """Requests for references held by the organisations this user is a board reader of."""
    standing = standing_of(user)
    return (ReferenceRequest.unscoped.filter(reference__organisation_id__in=sorted(
        standing.reads)).select_related("reference__person", "reference__organisation",
                                        "requesting_organisation").order_by("-requested_at"))


def outgoing(user) -> QuerySet[ReferenceRequest]:
    """The requests this user made."""
    return (ReferenceRequest.unscoped.filter(requested_by_id=user.pk)
            .select_related("reference__person", "reference__organisation",
                            "requesting_organisation").order_by("-requested_at"))


@transaction.atomic
def supply(user, asked: ReferenceRequest, *, request=None) -> ReferenceRequest:
    """The holding organisation supplies a completed reference to the requester; the
    requester and the person are told."""
    reference = asked.reference
    if not policy.can_supply_reference(user, standing_of(user),
                                       organisation_id=reference.organisation_id,
                                       person_id=reference.person_id):
        raise PermissionDenied("Only the holding organisation's chair, people director and "
                               "their delegates supply its references.")
    if reference.status != ReferenceStatus.COMPLETED:
        raise ValidationError({"status": "Complete the reference, with the referee "
                                         "declaration, before supplying it"})
    if asked.status == RequestStatus.SUPPLIED:
        raise ValidationError({"status": "This request has been supplied already"})
    asked.status, asked.supplied_by, asked.supplied_at = (RequestStatus.SUPPLIED, user,
                                                          timezone.now())
    asked.save()
    record(actor=user, action=AuditAction.UPDATE, target=asked, request=request,
           detail={"person": reference.person_id, "what": "supplied"})
    if asked.requested_by_id:
        notify(kind=Kind.BOARD_REFERENCE, to_user=asked.requested_by,
               link=reverse("board:reference", args=[reference.pk]),
               subject="TalentBridge: a Board Member Reference has been supplied",
               body=f"{reference.organisation.display_name} supplied the Board Member "
                    f"Reference of {reference.person.full_name}.")
    _tell_person(reference.person, "TalentBridge: your Board Member Reference was supplied",
                 f"{reference.organisation.display_name} supplied your Board Member Reference "
                 f"to {asked.requesting_organisation.display_name}.")
    return asked


def get_request(user, pk) -> ReferenceRequest:
    found = incoming(user).filter(pk=int(pk)).first() if str(pk).isdigit() else None
    if found is None:
        raise ReferenceNotFound("No such request")
    return found

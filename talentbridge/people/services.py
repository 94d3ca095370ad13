"""Reads and writes of person records, shared by the web pages, the API and the CLI.

Each function takes the acting user, asks the access policy, does the work and writes an audit
event. Views and API handlers stay thin: parse input → call one of these → present the result.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from talentbridge.audit.labels import fingerprint
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import notify
from talentbridge.organisations.scopes import organisation_ids_in_system

from .codes import Visibility
from .models import CareerHistoryEntry
from .models import Person
from .models import ProtectedCharacteristics
from .policy import Action
from .policy import can
from .policy import require

logger = logging.getLogger(__name__)

#: Profile fields a leader (or their organisation's talent lead) may change.
EDITABLE_PROFILE_FIELDS = (
    "given_name", "family_name", "job_title", "pay_band", "staff_group",
    "professional_background", "started_in_post", "started_in_nhs", "visibility",
)
#: Of those, the leader's own choices: only the leader changes them (policy CHANGE_CHOICES).
CHOICE_FIELDS = ("visibility",)
#: The most private visibility choice, the only one an administrator may reset a person to.
MOST_PRIVATE = Visibility.ORGANISATION
CHARACTERISTIC_FIELDS = (
    "ethnic_category", "sex", "disability", "sexual_orientation", "religion", "date_of_birth",
)
CAREER_FIELDS = (
    "organisation", "organisation_name", "sector", "role_title", "kind", "started_on", "ended_on",
)


class PersonNotFound(Http404):
    """No such person, or not one this user may see (the two look the same from outside): a
    404 like every other `*NotFound`."""


def visible_people(user) -> QuerySet[Person]:
    return Person.objects.visible_to(user).select_related("organisation")


def get_person(user, pk: int, *, request=None, action: Action = Action.VIEW_PROFILE) -> Person:
    """The person with this id if the user may `action` them; audited as a view."""
    person = (
        Person.objects.visible_to(user).select_related("organisation", "line_manager", "user")
        .filter(pk=pk).first()
    )
    if person is None or not can(user, Action.VIEW_PROFILE, person):
        raise PersonNotFound(pk)
    require(user, action, person)
    record(actor=user, action=AuditAction.VIEW, target=person, request=request)
    return person


def my_person(user) -> Person | None:
    return (Person.objects.visible_to(user).select_related("organisation", "line_manager")
            .filter(user=user).first())


@dataclass(frozen=True)
class PeopleSearch:
    name: str = ""
    organisation_id: int | None = None
    system_id: int | None = None
    pay_band: str = ""
    staff_group: str = ""

    def is_empty(self) -> bool:
        return not any((self.name, self.organisation_id, self.system_id, self.pay_band,
                        self.staff_group))

    def audit_detail(self) -> dict:
        """The search as recorded: a name searched for only as a fingerprint."""
        detail = {k: v for k, v in self.__dict__.items() if v}
        if self.name:
            detail["name"] = fingerprint(self.name)
        return detail


def search_people(user, search: PeopleSearch, *, request=None) -> QuerySet[Person]:
    """People in the user's scope matching the search. One audit event per search."""
    people = visible_people(user)
    for word in search.name.split():
        people = people.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    if search.organisation_id:
        people = people.filter(organisation_id=search.organisation_id)
    if search.system_id:
        people = people.filter(organisation_id__in=organisation_ids_in_system(search.system_id))
    if search.pay_band:
        people = people.filter(pay_band=search.pay_band)
    if search.staff_group:
        people = people.filter(staff_group=search.staff_group)
    record(actor=user, action=AuditAction.SEARCH, request=request, target_type="people.person",
           detail=search.audit_detail())
    return people.order_by("family_name", "given_name", "pk")


def _refuse_unknown(fields, allowed, refusal: str) -> None:
    """Refuse, changing nothing, any of `fields` not `allowed`: each named by `refusal`."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({f: refusal.format(f) for f in sorted(unknown)})


@transaction.atomic
def update_profile(user, person: Person, changes: dict, *, request=None) -> Person:
    """Change profile fields. Unknown fields and invalid values change nothing."""
    require(user, Action.EDIT_PROFILE, person)
    _refuse_unknown(changes, EDITABLE_PROFILE_FIELDS, '"{}" cannot be changed here')
    choices = sorted(set(changes) & set(CHOICE_FIELDS))
    if choices and not can(user, Action.CHANGE_CHOICES, person):
        raise PermissionDenied(
            f'"{choices[0]}" is {person.full_name}\'s own choice: only they can change it '
            "(nothing was changed)")
    before = {f: getattr(person, f) for f in changes}
    for field, value in changes.items():
        setattr(person, field, value)
    person.full_clean()
    changed = sorted(f for f in changes if before[f] != getattr(person, f))
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
        record(actor=user, action=AuditAction.UPDATE, target=person, request=request,
               detail={"fields": changed})
    return person


@transaction.atomic
def reset_visibility(user, person: Person, *, reason: str, request=None) -> Person:
    """Support action: an administrator, giving a reason, resets who may see a person's profile
    to the most private choice. Audited with the reason; the person is told by e-mail."""
    reason = (reason or "").strip()
    if not reason:
        if can(user, Action.RESET_VISIBILITY, person, reason="a reason"):
            raise ValidationError({"reason": "Give a reason for resetting who can see "
                                             "this profile"})
        raise PermissionDenied("Only an administrator can reset who can see someone's profile.")
    require(user, Action.RESET_VISIBILITY, person, reason=reason)
    before = person.visibility
    person.visibility = MOST_PRIVATE
    person.save(update_fields=["visibility", "updated_at"])
    record(actor=user, action=AuditAction.UPDATE, target=person, request=request, reason=reason,
           detail={"event": "visibility_reset", "fields": ["visibility"], "from": before,
                   "to": str(MOST_PRIVATE)})
    _tell_of_reset(person, before, reason)
    return person


def _tell_of_reset(person: Person, before: str, reason: str) -> None:
    user = person.user if person.user_id else None
    address = person.work_email or (user.email if user is not None else "")
    if not address and user is None:
        return
    body = (
        f"Dear {person.given_name},\n\n"
        "A TalentBridge administrator has reset who can see your talent profile from "
        f'"{Visibility(before).label}" to "{MOST_PRIVATE.label}".\n\n'
        f"The reason they gave: {reason}\n\n"
        "Only you can choose a wider setting again: sign in to TalentBridge and change your "
        "details.\n"
    )
    notify(kind=Kind.VISIBILITY_RESET, subject="TalentBridge: who can see your profile has "
           "been reset", body=body, to_user=user, to_email=address,
           link=reverse("people:me"))


def get_characteristics(user, person: Person, *, reason: str = "",
                        request=None) -> ProtectedCharacteristics:
    """A person's protected characteristics: for themselves, or an administrator with a reason."""
    require(user, Action.VIEW_CHARACTERISTICS, person, reason=reason)
    # A read writes nothing: someone who has recorded nothing gets an unsaved, all "not
    # stated" record (updated_at None) until they record something themselves.
    characteristics = (ProtectedCharacteristics.unscoped.filter(person=person).first()
                       or ProtectedCharacteristics(person=person))
    record(actor=user, action=AuditAction.VIEW_CHARACTERISTICS, target=person, request=request,
           reason=reason.strip())
    return characteristics


@transaction.atomic
def update_characteristics(user, person: Person, changes: dict, *,
                           request=None) -> ProtectedCharacteristics:
    """Only the person themselves records their characteristics."""
    if person.user_id is None or person.user_id != user.pk:
        raise PermissionDenied("Only you can change your own characteristics.")
    _refuse_unknown(changes, CHARACTERISTIC_FIELDS, '"{}" is not a characteristic')
    characteristics, _ = ProtectedCharacteristics.unscoped.get_or_create(person=person)
    for field, value in changes.items():
        setattr(characteristics, field, value)
    characteristics.full_clean()
    characteristics.save()
    record(actor=user, action=AuditAction.UPDATE_CHARACTERISTICS, target=person,
           request=request, detail={"fields": sorted(changes)})
    return characteristics


def career_history(user, person: Person) -> QuerySet[CareerHistoryEntry]:
    require(user, Action.VIEW_PROFILE, person)
    return person.career_history.select_related("organisation")


@transaction.atomic
def add_career_entry(user, person: Person, values: dict, *, request=None) -> CareerHistoryEntry:
    require(user, Action.EDIT_PROFILE, person)
    _refuse_unknown(values, CAREER_FIELDS, '"{}" is not part of a career entry')
    entry = CareerHistoryEntry(person=person, **values)
    if not entry.organisation_id and not entry.organisation_name:
        raise ValidationError({"organisation_name": "Enter the organisation's name"})
    entry.full_clean()
    entry.save()
    record(actor=user, action=AuditAction.CREATE, target=entry, request=request,
           detail={"person": person.pk})
    return entry


@transaction.atomic
def remove_career_entry(user, entry: CareerHistoryEntry, *, request=None) -> None:
    require(user, Action.EDIT_PROFILE, entry.person)
    record(actor=user, action=AuditAction.DELETE, target=entry, request=request,
           detail={"person": entry.person_id})
    entry.delete()

"""Career conversations (Scope for Growth), shared by the web pages, the API and the demo.

Each function takes the acting user, asks `conversation_policy`, checks every value (a message
naming the field and the value; nothing is written when anything is wrong), does the work and
writes an audit event. Recording a conversation keeps the person's TalentProfile up to date
from their latest recorded conversation (but never their mobility, which is their own choice).

Private notes are seen only by the person and the person who held the conversation: every
conversation a reader gets from here has its `private_notes` blanked (and
`private_notes_hidden` set) unless they are one of those two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_view
from talentbridge.core.forms import nhs_date
from talentbridge.people.models import Person
from talentbridge.people.services import PersonNotFound
from talentbridge.talent.conversations import policy
from talentbridge.talent.frameworks import GrowthCategory
from talentbridge.talent.frameworks import ImpactLevel
from talentbridge.talent.frameworks import LcfDomain
from talentbridge.talent.frameworks import TravelReach
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models.conversations import ConversationStatus
from talentbridge.talent.models.conversations import domains_to_mask
from talentbridge.talent.search.services import TalentSearch  # noqa: F401 - also offered here
from talentbridge.talent.search.services import search_talent  # noqa: F401 - also offered here

#: The longest each text may be (the model's limits, checked here with a clear message).
TEXT_LIMITS = {
    "individual_reflection": 5000,
    "manager_preparation": 5000,
    "aspiration": 2000,
    "aspiration_role": 150,
    "development_plan": 5000,
    "private_notes": 5000,
}
LABELS = {
    "individual_reflection": "Individual reflection",
    "manager_preparation": "Manager's preparation",
    "held_on": "Date of the conversation",
    "impact_level": "Impact",
    "growth_category": "Growth",
    "aspiration": "Aspiration",
    "aspiration_role": "Next role wanted",
    "readiness": "Readiness",
    "open_to_other_organisations": "Open to other organisations",
    "open_to_other_sectors": "Open to other sectors",
    "travel_reach": "Travel reach",
    "open_to_relocation": "Open to relocation",
    "development_needs": "Development needs",
    "development_plan": "Aspirational development plan",
    "next_review_on": "Next review date",
    "private_notes": "Private notes",
}
#: Written by whoever holds the conversation.
HOLDER_FIELDS = tuple(f for f in LABELS if f != "individual_reflection")
#: Written by the person.
PERSON_FIELDS = ("individual_reflection",)
#: Needed before a conversation counts as recorded.
REQUIRED_TO_RECORD = ("held_on", "impact_level", "growth_category", "readiness",
                      "next_review_on")
BOOLEAN_FIELDS = ("open_to_other_organisations", "open_to_other_sectors", "open_to_relocation")
CHOICES = {"impact_level": ImpactLevel, "growth_category": GrowthCategory,
           "travel_reach": TravelReach}
#: What the profile takes from the latest recorded conversation. Not mobility: the conversation
#: records what was discussed, but the profile's mobility is the leader's own choice, changed
#: only by the leader (talentbridge.opportunities.services.save_preferences).
PROFILE_FIELDS = ("readiness", "impact_level", "growth_category", "aspiration_role")


class ConversationNotFound(Http404):
    """No such conversation, or not one this user may see (the two look the same)."""


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def _hide_private_notes(user, conversation: CareerConversation) -> CareerConversation:
    hidden = not policy.can_see_private_notes(user, conversation)
    conversation.private_notes_hidden = hidden
    if hidden:
        conversation.private_notes = ""
    return conversation


def _base() -> QuerySet[CareerConversation]:
    return CareerConversation.unscoped.select_related(
        "person", "person__organisation", "held_by", "readiness")


def conversations_for(user, person: Person) -> list[CareerConversation]:
    """The person's conversations, newest first, private notes hidden from other readers."""
    if not policy.can_view_conversations(user, person):
        raise PersonNotFound(person.pk)
    return [_hide_private_notes(user, c) for c in _base().filter(person=person)]


def get_conversation(user, pk: int, *, request=None, audit: bool = True) -> CareerConversation:
    conversation = _base().filter(pk=pk).first()
    if conversation is None or not policy.can_view_conversations(user, conversation.person):
        raise ConversationNotFound("No such career conversation")
    if audit:
        record_view(user, conversation, conversation.person_id, request=request,
                    private_notes=policy.can_see_private_notes(user, conversation))
    return _hide_private_notes(user, conversation)


def active_readiness_levels() -> QuerySet[ReadinessLevel]:
    return ReadinessLevel.objects.filter(is_active=True).order_by("order", "pk")


# --------------------------------------------------------------------------------------
# Checking values
# --------------------------------------------------------------------------------------


def _readiness(errors: dict, value: Any) -> ReadinessLevel | None:
    if value in (None, ""):
        return None
    code = value.code if isinstance(value, ReadinessLevel) else str(value).strip()
    level = active_readiness_levels().filter(code=code).first()
    if level is None:
        codes = ", ".join(active_readiness_levels().values_list("code", flat=True))
        errors["readiness"] = (f'Readiness "{code}" is not one of the readiness levels in use '
                               f"({codes})")
    return level


def clean_domains(errors: dict, field: str, value: Any) -> list[int]:
    """LCF domain numbers 1–6, in order, without repeats; anything else is named."""
    if value in (None, ""):
        return []
    if isinstance(value, str | int):
        value = [value]
    if not isinstance(value, Iterable):
        errors[field] = f'{LABELS.get(field, field)} must be a list of LCF domain numbers'
        return []
    domains = []
    for item in value:
        try:
            number = int(str(item).strip())
        except ValueError:
            number = None
        if number not in LcfDomain.values:
            errors[field] = (f'{LABELS.get(field, "Domain")}: "{item}" is not an LCF domain '
                             f"(the six domains are numbered 1 to 6)")
            return []
        if number not in domains:
            domains.append(number)
    return sorted(domains)


def _date(errors: dict, field: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = f'{LABELS[field]} must be a real date, like 2026-11-26 ("{value}")'
        return None


def clean_values(values: Mapping[str, Any], *, today: dt.date | None = None) -> dict:
    """Check conversation values: unknown fields, text lengths, choices, readiness, LCF
    domains and dates. Returns the cleaned values or raises a ValidationError naming every
    bad field and value."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for field in sorted(set(values) - set(LABELS)):
        errors[field] = f'"{field}" is not part of a career conversation'
    for field, value in values.items():
        if field not in LABELS:
            continue
        if field in TEXT_LIMITS:
            text = "" if value is None else str(value).strip()
            limit = TEXT_LIMITS[field]
            if len(text) > limit:
                errors[field] = (f"{LABELS[field]} must be {limit} characters or fewer "
                                 f"(it has {len(text)})")
            cleaned[field] = text
        elif field in CHOICES:
            choice = CHOICES[field]
            text = "" if value is None else str(value).strip()
            if text and text not in choice.values:
                options = ", ".join(choice.values)
                errors[field] = f'{LABELS[field]} "{text}" is not one of the options ({options})'
            if field == "travel_reach" and not text:
                text = TravelReach.WITHIN_ORGANISATION
            cleaned[field] = text
        elif field in BOOLEAN_FIELDS:
            if not isinstance(value, bool):
                errors[field] = f'{LABELS[field]} must be true or false ("{value}")'
            cleaned[field] = bool(value)
        elif field == "readiness":
            cleaned[field] = _readiness(errors, value)
        elif field == "development_needs":
            cleaned[field] = clean_domains(errors, field, value)
        elif field in ("held_on", "next_review_on"):
            cleaned[field] = _date(errors, field, value)
    held_on, review_on = cleaned.get("held_on"), cleaned.get("next_review_on")
    if held_on and held_on > today and "held_on" not in errors:
        errors["held_on"] = (f"Date of the conversation ({nhs_date(held_on)}) must be today "
                             "or in the past")
    if review_on and "next_review_on" not in errors:
        if review_on < today:
            errors["next_review_on"] = (f"Next review date ({nhs_date(review_on)}) must be "
                                        "today or in the future")
        elif held_on and review_on <= held_on:
            errors["next_review_on"] = (f"Next review date ({nhs_date(review_on)}) must be "
                                        f"after the conversation ({nhs_date(held_on)})")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _require_complete(conversation: CareerConversation) -> None:
    missing = {}
    for field in REQUIRED_TO_RECORD:
        value = getattr(conversation, field + "_id" if field == "readiness" else field)
        if value in (None, ""):
            missing[field] = f"Enter {LABELS[field][0].lower() + LABELS[field][1:]} to record " \
                             "the conversation"
    if missing:
        raise ValidationError(missing)


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


@transaction.atomic
def start_conversation(user, person: Person, values: Mapping[str, Any] | None = None, *,
                       record_now: bool = False, request=None) -> CareerConversation:
    """A new conversation held by `user`: preparing, or recorded at once (`record_now`)."""
    if not policy.can_hold_conversation(user, person):
        raise PermissionDenied("Only the person's line manager, or a talent lead of their "
                               "organisation, can hold a career conversation with them.")
    values = dict(values or {})
    refused = sorted(set(values) & set(PERSON_FIELDS))
    if refused:
        raise ValidationError({f: f"{LABELS[f]} is written by the person themselves"
                               for f in refused})
    cleaned = clean_values(values)
    conversation = CareerConversation(person=person, held_by=user)
    _assign(conversation, cleaned)
    if record_now:
        _require_complete(conversation)
        conversation.status = ConversationStatus.RECORDED
    elif not _anything_prepared(cleaned):
        raise ValidationError({"manager_preparation": (
            "Enter the manager's preparation, or anything else about the conversation, "
            "before saving it: nothing was saved")})
    conversation.save()
    record(actor=user, action=AuditAction.CREATE, target=conversation, request=request,
           detail={"person": person.pk, "status": conversation.status,
                   "fields": sorted(cleaned)})
    if record_now:
        refresh_profile(person)
    conversation.private_notes_hidden = False
    return conversation


def _anything_prepared(cleaned: Mapping[str, Any]) -> bool:
    """Whether any value differs from what an untouched form leaves (blank, the defaults)."""
    fields = {f.name: f for f in CareerConversation._meta.get_fields()}
    return any(value not in (None, "", [], False)
               and (name not in fields or value != fields[name].get_default())
               for name, value in cleaned.items())


@transaction.atomic
def update_conversation(user, conversation: CareerConversation, values: Mapping[str, Any], *,
                        record_now: bool = False, request=None) -> CareerConversation:
    """Change a conversation. The person writes their reflection; the holder writes the rest.
    `record_now` (or changing an already recorded conversation) needs the record complete,
    and updates the person's talent profile."""
    values = dict(values)
    fresh = CareerConversation.unscoped.select_for_update().select_related(
        "person", "held_by").get(pk=conversation.pk)
    person_fields = sorted(set(values) & set(PERSON_FIELDS))
    holder_fields = sorted(set(values) - set(PERSON_FIELDS))
    if person_fields and not policy.can_write_reflection(user, fresh):
        raise PermissionDenied("Only the person themselves writes their reflection.")
    if (holder_fields or record_now) and not policy.can_record(user, fresh):
        raise PermissionDenied("Only the person who holds the conversation prepares for it and "
                               "records it.")
    cleaned = clean_values(values)
    changed = sorted(f for f, v in cleaned.items() if getattr(fresh, f) != v)
    _assign(fresh, cleaned)
    recording = record_now or (fresh.status == ConversationStatus.RECORDED and holder_fields)
    if recording:
        _require_complete(fresh)
        if fresh.status != ConversationStatus.RECORDED:
            changed.append("status")
        fresh.status = ConversationStatus.RECORDED
    if changed:
        fresh.save()
        record(actor=user, action=AuditAction.UPDATE, target=fresh, request=request,
               detail={"person": fresh.person_id, "fields": changed})
        if fresh.status == ConversationStatus.RECORDED:
            refresh_profile(fresh.person)
    return _hide_private_notes(user, fresh)


def _assign(conversation: CareerConversation, cleaned: dict) -> None:
    for field, value in cleaned.items():
        setattr(conversation, field, value)


def refresh_profile(person: Person) -> TalentProfile:
    """Keep the person's TalentProfile from their latest recorded conversation (by the date it
    was held, then when it was written). Strengths come from assessments, not from here."""
    latest = (CareerConversation.unscoped.filter(person=person,
                                                status=ConversationStatus.RECORDED)
              .order_by("-held_on", "-created_at", "-pk").first())
    profile, _ = TalentProfile.unscoped.get_or_create(person=person)
    if latest is None:
        return profile
    for field in PROFILE_FIELDS:
        setattr(profile, field, getattr(latest, field))
    profile.development_need_mask = domains_to_mask(latest.development_needs or [])
    profile.last_conversation_on = latest.held_on
    profile.save()
    return profile


# --------------------------------------------------------------------------------------
# Readiness levels (reference data, administrators only)
# --------------------------------------------------------------------------------------


def _require_readiness_editor(user) -> None:
    if not policy.can_edit_readiness_levels(user):
        raise PermissionDenied("Only administrators change readiness levels.")


@transaction.atomic
def save_readiness_level(user, level: ReadinessLevel | None, values: Mapping[str, Any], *,
                         request=None) -> ReadinessLevel:
    """Create (level=None) or change a readiness level: code (new ones only), label, order,
    whether it is in use. A level in use by a conversation keeps its code."""
    _require_readiness_editor(user)
    unknown = sorted(set(values) - {"code", "label", "order", "is_active"})
    if unknown:
        raise ValidationError({f: f'"{f}" is not part of a readiness level' for f in unknown})
    creating = level is None
    level = level or ReadinessLevel()
    if not creating and "code" in values and values["code"] != level.code:
        raise ValidationError({"code": f'The code of "{level.label}" cannot be changed '
                                       f'(it is "{level.code}")'})
    for field, value in values.items():
        setattr(level, field, value.strip() if isinstance(value, str) else value)
    try:
        level.full_clean()
    except ValidationError as error:
        if "code" in error.message_dict and "already exists" in " ".join(
                error.message_dict["code"]):
            raise ValidationError({"code": f'There is already a readiness level with code '
                                           f'"{level.code}"'}) from None
        raise
    level.save()
    record(actor=user, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
           target=level, request=request, detail={"fields": sorted(values)})
    return level

"""Checking what someone asks to put in a development plan: every bad value is named with
the field and the value, and nothing is written (docs/development-plans.md).

Links are checked as the person making the change: a conversation must be one of the plan's
person that they may see, an opportunity one they may see that is open to the person (its
reach includes the person's organisation, or the person expressed interest in it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404

from talentbridge.core.forms import nhs_date
from talentbridge.opportunities import policy as opportunity_policy
from talentbridge.opportunities import services as opportunity_services
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.models import Interest
from talentbridge.people.models import Person
from talentbridge.programmes.models import Programme
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.frameworks import LcfDomain

from .models import Progress

#: A due date may be at most this many years after today.
MAX_YEARS_AHEAD = 5
LIMITS = {"title": 200, "success": 2000, "note": 2000}
LABELS = {
    "title": "Action", "success": "What success looks like", "due_on": "Due date",
    "progress": "Progress", "percent": "Per cent done", "note": "Progress note",
    "lcf_domain": "LCF domain", "conversation": "Career conversation",
    "opportunity": "Opportunity", "programme": "Development programme",
}
ACTION_FIELDS = ("title", "success", "due_on", "progress", "percent", "lcf_domain",
                 "conversation", "opportunity", "programme")
LINKS = ("lcf_domain", "conversation", "opportunity", "programme")


def _text(errors: dict, cleaned: dict, field: str, value: Any) -> None:
    text = "" if value is None else str(value).strip()
    if len(text) > LIMITS[field]:
        errors[field] = (f"{LABELS[field]} must be {LIMITS[field]} characters or fewer "
                         f"(it has {len(text)})")
    cleaned[field] = text


def _due_on(errors: dict, value: Any, starts_on: dt.date, today: dt.date) -> dt.date | None:
    if value in (None, ""):
        errors["due_on"] = "Enter a due date"
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            errors["due_on"] = f'Due date must be a real date, like 2027-03-31 ("{value}")'
            return None
    latest = today.replace(year=today.year + MAX_YEARS_AHEAD) if not (
        today.month == 2 and today.day == 29) else dt.date(today.year + MAX_YEARS_AHEAD, 2, 28)
    if value < starts_on:
        errors["due_on"] = (f"Due date ({nhs_date(value)}) must be on or after the plan "
                            f"started ({nhs_date(starts_on)})")
    elif value > latest:
        errors["due_on"] = (f"Due date ({nhs_date(value)}) must be within {MAX_YEARS_AHEAD} "
                            f"years, by {nhs_date(latest)}")
    return value


def _whole_number(value: Any) -> int | None:
    """The value (a number, or text such as " 40") as a whole number; None if it is not one."""
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _percent(errors: dict, value: Any) -> int | None:
    if value in (None, ""):
        return None
    number = _whole_number(value)
    if number is None:
        errors["percent"] = f'Per cent done must be a whole number from 0 to 100 ("{value}")'
        return None
    if not 0 <= number <= 100:
        errors["percent"] = f"Per cent done must be from 0 to 100 ({number})"
        return None
    return number


def _progress(errors: dict, value: Any) -> str:
    text = "" if value is None else str(value).strip()
    if text not in Progress.values:
        options = ", ".join(Progress.values)
        errors["progress"] = f'Progress "{text}" is not one of the options ({options})'
    return text


def _domain(errors: dict, value: Any) -> int | None:
    if value in (None, ""):
        return None
    number = _whole_number(value)
    if number not in LcfDomain.values:
        errors["lcf_domain"] = (f'LCF domain "{value}" is not one of the six domains '
                                "(numbered 1 to 6)")
        return None
    return number


def _id(errors: dict, field: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        errors[field] = f'{LABELS[field]} "{value}" is not a record number'
        return None


def _conversation(errors: dict, user, person: Person, value: Any):
    pk = _id(errors, "conversation", value)
    if pk is None:
        return None
    try:
        conversation = conversation_services.get_conversation(user, pk, audit=False)
    except Http404:
        conversation = None
    if conversation is None or conversation.person_id != person.pk:
        errors["conversation"] = (f"Career conversation {pk} is not one of this person's "
                                  "conversations that you can see")
        return None
    return conversation


def opportunity_open_to(user, person: Person, opportunity) -> bool:
    """The person expressed interest in it, or it is published and reaches their employer."""
    interested = Interest.objects.visible_to(user).filter(
        person=person, opportunity=opportunity).exists()
    published = opportunity.status in (OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED)
    return interested or (published and opportunity_policy.reach_includes(
        opportunity, person.organisation_id))


def _opportunity(errors: dict, user, person: Person, value: Any):
    pk = _id(errors, "opportunity", value)
    if pk is None:
        return None
    try:
        opportunity = opportunity_services.get_opportunity(user, pk)
    except Http404:
        opportunity = None
    if opportunity is None or not opportunity_open_to(user, person, opportunity):
        errors["opportunity"] = (f"Opportunity {pk} is not one that you and this person "
                                 "can both see")
        return None
    return opportunity


def _programme(errors: dict, value: Any):
    pk = _id(errors, "programme", value)
    if pk is None:
        return None
    programme = Programme.objects.filter(pk=pk).first()
    if programme is None:
        errors["programme"] = f"Development programme {pk} does not exist"
    return programme


def clean_action(user, person: Person, values: Mapping[str, Any], *, starts_on: dt.date,
                 today: dt.date, partial: bool = False) -> dict:
    """The cleaned values of an action, or a ValidationError naming every bad one."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for field in sorted(set(values) - set(ACTION_FIELDS)):
        errors[field] = f'"{field}" is not part of a development plan action'
    fields = [f for f in ACTION_FIELDS if f in values or not partial]
    for field in fields:
        value = values.get(field)
        if field in ("title", "success"):
            _text(errors, cleaned, field, value)
        elif field == "due_on":
            cleaned[field] = _due_on(errors, value, starts_on, today)
        elif field == "progress":
            cleaned[field] = _progress(errors, value or Progress.NOT_STARTED)
        elif field == "percent":
            cleaned[field] = _percent(errors, value)
        elif field == "lcf_domain":
            cleaned[field] = _domain(errors, value)
        elif field == "conversation":
            cleaned[field] = _conversation(errors, user, person, value)
        elif field == "opportunity":
            cleaned[field] = _opportunity(errors, user, person, value)
        elif field == "programme":
            cleaned[field] = _programme(errors, value)
    if "title" in cleaned and not cleaned["title"] and "title" not in errors:
        errors["title"] = "Enter the action"
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_update(values: Mapping[str, Any]) -> dict:
    """A progress update: progress, per cent done and a note (at least one change)."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for field in sorted(set(values) - {"progress", "percent", "note"}):
        errors[field] = f'"{field}" is not part of a progress update'
    cleaned["progress"] = _progress(errors, values.get("progress") or "")
    cleaned["percent"] = _percent(errors, values.get("percent"))
    _text(errors, cleaned, "note", values.get("note"))
    if errors:
        raise ValidationError(errors)
    return cleaned

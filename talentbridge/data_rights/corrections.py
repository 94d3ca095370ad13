"""Corrections (UK GDPR Article 16): a leader asks for something they cannot change
themselves to be corrected; the organisation administrators of their organisation (or the
administrators, if it has none) deal with it within one month (Article 12(3)).

Each function takes the acting user, asks `policy`, checks every value (a message naming the
field and the value; nothing is written when anything is wrong), does the work, writes an
audit event and tells the people concerned through `notify` inside the transaction.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.audit.services import record_view
from talentbridge.core.forms import nhs_date
from talentbridge.notifications.services import notify
from talentbridge.people.models import Person
from talentbridge.people.services import my_person

from . import policy
from .models import RESOLVED
from .models import CorrectionArea
from .models import CorrectionRequest
from .models import CorrectionStatus

TEXT_LIMIT = 2000
KIND = "correction_update"


class CorrectionNotFound(Http404):
    """No such correction request, or not one this user may see (the two look the same)."""


def one_month_after(day: dt.date) -> dt.date:
    """The same day of the next month, or that month's last day if it has no such day (a
    request made on 31 January is due on 28 or 29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def current_value(person: Person, area: str) -> str:
    """What the record says now, for the areas that are one profile field."""
    values = {
        CorrectionArea.NAME: person.full_name,
        CorrectionArea.WORK_EMAIL: person.work_email,
        CorrectionArea.ORGANISATION: str(person.organisation),
        CorrectionArea.JOB_TITLE: person.job_title,
        CorrectionArea.PAY_BAND: person.get_pay_band_display(),
        CorrectionArea.STAFF_GROUP: person.get_staff_group_display(),
        CorrectionArea.LINE_MANAGER: person.line_manager.full_name if person.line_manager_id
        else "No line manager",
        CorrectionArea.DATES: "; ".join(
            f"{label}: {day.isoformat() if day else 'not recorded'}"
            for label, day in (("Started in post", person.started_in_post),
                               ("Started in the NHS", person.started_in_nhs))),
    }
    return values.get(area, "")


def area_text(correction: CorrectionRequest) -> str:
    """What the request is about, in words that suit anyone: "NHS e-mail address" (the
    choices are worded for the person: "My NHS e-mail address")."""
    label = correction.get_area_display().removeprefix("My ")
    return label[:1].upper() + label[1:]


def _text(errors: dict, field: str, value, label: str, *, required: bool) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        errors[field] = f"Enter {label}"
    elif len(text) > TEXT_LIMIT:
        errors[field] = f"{label[0].upper()}{label[1:]} must be {TEXT_LIMIT} characters or " \
                        f"fewer (it has {len(text)})"
    return text


def handlers_of(organisation_id: int | None) -> list:
    """The active users who deal with requests sent to this organisation: its organisation
    administrators, or the administrators if it has none."""
    current = RoleAssignment.objects.current().select_related("user").filter(
        user__is_active=True)
    users = [a.user for a in current.filter(role=Role.ORGANISATION_ADMINISTRATOR,
                                            organisation_id=organisation_id)] \
        if organisation_id else []
    if not users:
        users = [a.user for a in current.filter(role=Role.ADMINISTRATOR)]
    return list({u.pk: u for u in users}.values())


@transaction.atomic
def request_correction(user, *, area: str, requested_correction: str, details: str = "",
                       request=None) -> CorrectionRequest:
    """The signed-in person asks for a correction of their own record. `details` says what the
    record says now, for areas that are not one profile field (a career entry, a
    conversation)."""
    person = my_person(user)
    if person is None or not policy.can_request_correction(user, person.pk):
        raise PermissionDenied("Only a leader with a profile can ask for a correction of it.")
    errors: dict[str, str] = {}
    area = str(area or "").strip()
    if area not in CorrectionArea.values:
        errors["area"] = (f'"{area}" is not one of the things you can ask to correct '
                          f'({", ".join(CorrectionArea.values)})')
    wanted = _text(errors, "requested_correction", requested_correction,
                   "what it should say", required=True)
    details = _text(errors, "details", details, "what it says now", required=False)
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    correction = CorrectionRequest.objects.create(
        person=person, area=area, current_value=current_value(person, area) or details,
        requested_correction=wanted, organisation_id=person.organisation_id,
        due_on=one_month_after(today))
    record(actor=user, action=AuditAction.CREATE, target=correction, request=request,
           detail={"person": person.pk, "area": area})
    link = reverse("data_rights:correction", args=[correction.pk])
    for handler in handlers_of(person.organisation_id):
        notify(kind=KIND, to_user=handler, link=link,
               subject="TalentBridge: a request to correct a leader's record",
               body=(f"{person.full_name} asked for a correction ({area_text(correction)}). "
                     f"Please deal with it by {nhs_date(correction.due_on)}."))
    return correction


def my_corrections(user, *, request=None, audit: bool = True) -> QuerySet[CorrectionRequest]:
    """The signed-in person's own requests, newest first (the read audited)."""
    person_id = policy.grants_for(user).person_id
    if audit and person_id:
        record_read(actor=user, request=request, people=[person_id],
                    what="their correction requests")
    return (CorrectionRequest.objects.visible_to(user).filter(person_id=person_id or 0)
            .select_related("person", "organisation", "resolved_by")
            .order_by("-created_at", "-pk"))


def queue(user, *, resolved: bool = False, request=None) -> list[CorrectionRequest]:
    """Requests this user may deal with: open ones by due date (or resolved ones, newest
    first). The people they name are audited as read."""
    if not policy.can_use_queue(user):
        raise PermissionDenied("Only organisation administrators and administrators deal "
                               "with correction requests.")
    requests = (CorrectionRequest.unscoped.filter(policy.queue_filter(user))
                .select_related("person", "organisation", "resolved_by"))
    if resolved:
        requests = requests.filter(status__in=RESOLVED).order_by("-resolved_at", "-pk")
    else:
        requests = requests.exclude(status__in=RESOLVED).order_by("due_on", "pk")
    items = list(requests)
    record_read(actor=user, request=request, people=[c.person_id for c in items],
                what="correction requests", target_type="data_rights.correctionrequest")
    return items


def get_correction(user, pk: int, *, request=None) -> CorrectionRequest:
    correction = (CorrectionRequest.unscoped.filter(policy.corrections_filter(user))
                  .select_related("person", "organisation", "resolved_by").filter(pk=pk).first())
    if correction is None:
        raise CorrectionNotFound("No such correction request")
    record_view(user, correction, correction.person_id, request=request)
    return correction


def may_handle(user, correction: CorrectionRequest) -> bool:
    return policy.can_handle_correction(user, person_id=correction.person_id,
                                        organisation_id=correction.organisation_id)


def is_overdue(correction: CorrectionRequest, today: dt.date | None = None) -> bool:
    return not correction.is_resolved and correction.due_on < (today or timezone.localdate())


@transaction.atomic
def resolve(user, correction: CorrectionRequest, *, status: str, response: str = "",
            request=None) -> CorrectionRequest:
    """Start (in progress), correct (done) or refuse a request. Refusing needs a reason; the
    person is told when it is done or refused."""
    if not may_handle(user, correction):
        raise PermissionDenied("Only the organisation administrators of the leader's "
                               "organisation, or an administrator, deal with this request.")
    locked = CorrectionRequest.unscoped.select_for_update().get(pk=correction.pk)
    errors: dict[str, str] = {}
    choices = (CorrectionStatus.IN_PROGRESS, CorrectionStatus.DONE, CorrectionStatus.REFUSED)
    if status not in choices:
        errors["status"] = (f'"{status}" is not a status you can set (in_progress, done or '
                            "refused)")
    text = _text(errors, "response", response, "the reason for refusing"
                 if status == CorrectionStatus.REFUSED else "what was done",
                 required=status == CorrectionStatus.REFUSED)
    if locked.is_resolved:
        errors["status"] = (f'This request is already "{locked.get_status_display()}": '
                            "nothing was changed")
    if errors:
        raise ValidationError(errors)
    locked.status, locked.response = status, text or locked.response
    if status in RESOLVED:
        locked.resolved_by, locked.resolved_at = user, timezone.now()
    locked.save()
    record(actor=user, action=AuditAction.UPDATE, target=locked, request=request,
           detail={"person": locked.person_id, "status": status})
    if status in RESOLVED:
        _tell_person(locked)
    return locked


def _tell_person(correction: CorrectionRequest) -> None:
    person = correction.person
    if person.user_id is None:
        return
    outcome = ("has been corrected" if correction.status == CorrectionStatus.DONE
               else "was refused")
    body = f"Your correction request ({area_text(correction)}) {outcome}."
    if correction.response:
        body += f"\n\n{correction.response}"
    notify(kind=KIND, to_user=person.user, subject="TalentBridge: your correction request",
           body=body, link=reverse("data_rights:correction", args=[correction.pk]))

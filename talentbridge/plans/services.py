"""Development plans, shared by the web pages, the API, the data export and the demo.

Each function takes the acting user, asks the plans policy, checks every value (checks.py:
a message naming the field and the value; nothing is written when anything is wrong), does the
work and writes an audit event. A person's plan is made when its first action is added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.audit.services import record_view
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import notify
from talentbridge.people.models import Person
from talentbridge.people.services import PersonNotFound

from . import checks
from . import policy
from .models import OPEN_PROGRESS
from .models import ActionUpdate
from .models import DevelopmentPlan
from .models import PlanAction
from .models import Progress


class ActionNotFound(Http404):
    """No such action, or not one this user may see (the two look the same)."""


def _today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def get_person(user, pk: int) -> Person:
    """The person whose plan this user may see (a 404 for anyone else, as for no one)."""
    person = (Person.objects.visible_to(user).select_related("organisation", "user")
              .filter(pk=pk).first())
    if person is None or not policy.can_view_plan(user, person):
        raise PersonNotFound(pk)
    return person


def plan_of(user, person: Person) -> DevelopmentPlan | None:
    if not policy.can_view_plan(user, person):
        raise PersonNotFound(person.pk)
    return DevelopmentPlan.unscoped.filter(person=person).first()


def actions_of(user, person: Person) -> QuerySet[PlanAction]:
    """The plan's actions, open ones first by due date, then the finished ones."""
    if not policy.can_view_plan(user, person):
        raise PersonNotFound(person.pk)
    return (PlanAction.unscoped.filter(plan__person=person)
            .select_related("conversation", "opportunity", "programme", "added_by")
            .order_by("finished_on", "due_on", "pk"))


def record_plan_read(user, person: Person, *, request=None) -> None:
    plan = DevelopmentPlan.unscoped.filter(person=person).first()
    record_read(actor=user, request=request, people=[person.pk], target=plan or person,
                what="development plan", detail={"person": person.pk})


def get_action(user, pk: int, *, request=None, audit: bool = True) -> PlanAction:
    action = (PlanAction.unscoped.select_related("plan", "plan__person", "conversation",
                                                 "opportunity", "programme", "added_by")
              .filter(pk=pk).first())
    if action is None or not policy.can_view_plan(user, action.plan.person):
        raise ActionNotFound("No such development plan action")
    if audit:
        record_view(user, action, action.plan.person_id, request=request)
    return action


def updates_of(user, action: PlanAction) -> list[ActionUpdate]:
    if not policy.can_view_plan(user, action.plan.person):
        raise ActionNotFound("No such development plan action")
    return list(ActionUpdate.unscoped.filter(action=action).select_related("written_by"))


def is_overdue(action: PlanAction, today: dt.date | None = None) -> bool:
    return action.progress in OPEN_PROGRESS and action.due_on < (today or _today())


def starts_on(person: Person) -> dt.date:
    """When the person's plan started (today for a plan not yet made)."""
    plan = DevelopmentPlan.unscoped.filter(person=person).first()
    return plan.starts_on if plan else _today()


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else getattr(value, "pk", value)


def _audit_values(cleaned: Mapping[str, Any]) -> dict:
    return {field: _plain(value) for field, value in cleaned.items()}


def _tell_the_person(user, action: PlanAction) -> None:
    person = action.plan.person
    if policy.is_the_person(user, person) or person.user_id is None:
        return
    adder = user.get_full_name() or user.get_username()
    notify(kind=Kind.DEVELOPMENT_PLAN, to_user=person.user,
           subject=f"{adder} added an action to your development plan",
           body=f"{adder} added “{action.title}” to your development plan, due "
                f"{action.due_on:%-d %B %Y}. You can update its progress on your plan.",
           link=reverse("plans:mine"))


@transaction.atomic
def add_action(user, person: Person, values: Mapping[str, Any], *, request=None) -> PlanAction:
    if not policy.can_add_action(user, person):
        if policy.can_view_plan(user, person):
            raise PermissionDenied("Only the person and whoever holds their career "
                                   "conversations add actions to their plan.")
        raise PersonNotFound(person.pk)
    today = _today()
    cleaned = checks.clean_action(user, person, values, starts_on=starts_on(person),
                                  today=today)
    plan, made = DevelopmentPlan.unscoped.get_or_create(person=person,
                                                        defaults={"starts_on": today})
    if made:
        record(actor=user, action=AuditAction.CREATE, target=plan, request=request,
               detail={"person": person.pk})
    action = PlanAction.unscoped.create(plan=plan, added_by=user, **cleaned)
    _finish(action, today)
    record(actor=user, action=AuditAction.CREATE, target=action, request=request,
           detail={"person": person.pk, "values": _audit_values(cleaned)})
    _tell_the_person(user, action)
    return action


def _finish(action: PlanAction, today: dt.date) -> None:
    """Keep `finished_on` and the per cent of a done action right."""
    finished = action.progress in (Progress.DONE, Progress.DROPPED)
    action.finished_on = (action.finished_on or today) if finished else None
    if action.progress == Progress.DONE:
        action.percent = 100
    PlanAction.unscoped.filter(pk=action.pk).update(finished_on=action.finished_on,
                                                    percent=action.percent)


def _require_change(user, action: PlanAction) -> None:
    if not policy.can_change_action(user, action):
        if policy.can_view_plan(user, action.plan.person):
            raise PermissionDenied("Only the person and whoever holds their career "
                                   "conversations change the actions of their plan.")
        raise ActionNotFound("No such development plan action")


@transaction.atomic
def change_action(user, action: PlanAction, values: Mapping[str, Any], *,
                  request=None) -> PlanAction:
    _require_change(user, action)
    person = action.plan.person
    cleaned = checks.clean_action(user, person, values, starts_on=action.plan.starts_on,
                                  today=_today(), partial=True)
    locked = PlanAction.unscoped.select_for_update().select_related("plan__person").get(
        pk=action.pk)
    before = {f: getattr(locked, f + "_id" if f in ("conversation", "opportunity",
                                                    "programme") else f)
              for f in cleaned}
    for field, value in cleaned.items():
        setattr(locked, field, value)
    locked.save()
    _finish(locked, _today())
    record(actor=user, action=AuditAction.UPDATE, target=locked, request=request,
           detail={"person": person.pk, "before": _audit_values(before),
                   "after": _audit_values(cleaned)})
    return locked


@transaction.atomic
def add_update(user, action: PlanAction, values: Mapping[str, Any], *,
               request=None) -> ActionUpdate:
    """A dated progress note, which also sets the action's progress and per cent done."""
    _require_change(user, action)
    cleaned = checks.clean_update(values)
    locked = PlanAction.unscoped.select_for_update().select_related("plan__person").get(
        pk=action.pk)
    today = _today()
    update = ActionUpdate.unscoped.create(action=locked, written_by=user, written_on=today,
                                          **cleaned)
    locked.progress = cleaned["progress"]
    if cleaned["percent"] is not None:
        locked.percent = cleaned["percent"]
    locked.save()
    _finish(locked, today)
    record(actor=user, action=AuditAction.CREATE, target=update, request=request,
           detail={"person": locked.plan.person_id, "action": locked.pk, **cleaned})
    return update


# --------------------------------------------------------------------------------------
# Counting (waiting work) and the data export
# --------------------------------------------------------------------------------------


def due_soon(user, person_id: int, days: int) -> QuerySet[PlanAction]:
    """The person's open actions due within `days` days, or overdue, as they may see them."""
    return (PlanAction.objects.visible_to(user)
            .filter(plan__person_id=person_id, progress__in=OPEN_PROGRESS,
                    due_on__lte=_today() + dt.timedelta(days=days))
            .order_by("due_on", "pk"))


def reports_overdue(user, manager_person_id: int) -> QuerySet[PlanAction]:
    """The direct reports' overdue actions."""
    return (PlanAction.objects.visible_to(user)
            .filter(plan__person__line_manager_id=manager_person_id,
                    progress__in=OPEN_PROGRESS, due_on__lt=_today())
            .order_by("due_on", "pk"))


def export_rows(user, person: Person) -> list[dict]:
    """The person's plan for their copy of their data, as they see it."""
    rows = []
    for action in actions_of(user, person):
        rows.append({
            "action": action.title, "what success looks like": action.success,
            "due": action.due_on.isoformat(), "progress": action.get_progress_display(),
            "per cent done": action.percent,
            "LCF domain": action.get_lcf_domain_display() if action.lcf_domain else "",
            "career conversation": action.conversation_id,
            "opportunity": action.opportunity.title if action.opportunity else "",
            "development programme": action.programme.name if action.programme else "",
            "added": action.created_at.isoformat(),
            "updates": [{"on": u.written_on.isoformat(), "progress": u.get_progress_display(),
                         "per cent done": u.percent, "note": u.note}
                        for u in updates_of(user, action)],
        })
    return rows

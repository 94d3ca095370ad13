"""/api/v1/plans: a leader's development plan, its actions and their progress updates.

The same services and policy as the pages: a plan is seen by whoever may see the person's
career conversations, and changed by the person or whoever may hold those conversations. A
bad value is 400 naming the field and the value, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import PageOut
from talentbridge.core.api import Paging
from talentbridge.core.api import remember_input
from talentbridge.core.api import text
from talentbridge.people.services import my_person

from . import services
from .codes import Progress
from .models import PlanAction

router = Router()

ProgressCode = Literal[tuple(Progress.values)]


class UpdateOut(Schema):
    written_on: dt.date
    progress: ProgressCode
    percent: int | None
    note: str


class ActionOut(Schema):
    id: int
    person_id: int
    title: str
    success: str
    due_on: dt.date
    progress: ProgressCode
    percent: int | None
    overdue: bool
    lcf_domain: int | None
    conversation_id: int | None
    opportunity_id: int | None
    programme_id: int | None


class ActionDetailOut(ActionOut):
    updates: list[UpdateOut]


class ActionPage(PageOut):
    items: list[ActionOut]


class ActionIn(InputSchema):
    title: text(max_length=200)
    success: text(max_length=2000) = ""
    due_on: dt.date
    lcf_domain: int | None = None
    conversation_id: Id | None = None
    opportunity_id: Id | None = None
    programme_id: Id | None = None


class ActionChangeIn(InputSchema):
    title: text(max_length=200) | None = None
    success: text(max_length=2000) | None = None
    due_on: dt.date | None = None
    lcf_domain: int | None = None
    conversation_id: Id | None = None
    opportunity_id: Id | None = None
    programme_id: Id | None = None


class UpdateIn(InputSchema):
    progress: ProgressCode
    percent: int | None = None
    note: text(max_length=2000) = ""


LINK_FIELDS = {"conversation_id": "conversation", "opportunity_id": "opportunity",
               "programme_id": "programme"}


def _values(payload: Schema, *, only_set: bool = False) -> dict:
    data = payload.model_dump(exclude_unset=only_set)
    return {LINK_FIELDS.get(k, k): v for k, v in data.items()}


def _out(action: PlanAction) -> dict:
    return {
        "id": action.pk, "person_id": action.plan.person_id, "title": action.title,
        "success": action.success, "due_on": action.due_on, "progress": action.progress,
        "percent": action.percent, "overdue": services.is_overdue(action),
        "lcf_domain": action.lcf_domain, "conversation_id": action.conversation_id,
        "opportunity_id": action.opportunity_id, "programme_id": action.programme_id,
    }


def _detail(user, action: PlanAction) -> dict:
    return {**_out(action), "updates": [
        {"written_on": u.written_on, "progress": u.progress, "percent": u.percent,
         "note": u.note} for u in services.updates_of(user, action)]}


def _person_actions(request, person, paging: Paging) -> dict:
    actions = services.actions_of(request.auth, person).select_related("plan")
    chosen = list(actions[paging.offset:paging.offset + paging.limit])
    services.record_plan_read(request.auth, person, request=request)
    return {"count": actions.count(), "limit": paging.limit, "offset": paging.offset,
            "items": [_out(a) for a in chosen]}


@router.get("/me/actions", response={200: ActionPage, **ERRORS}, summary="My plan's actions")
def my_actions(request, paging: Query[Paging]):
    person = my_person(request.auth)
    if person is None:
        return Status(404, {"detail": "You have no leader's profile, so no development plan"})
    return _person_actions(request, person, paging)


@router.get("/people/{id}/actions", response={200: ActionPage, **ERRORS},
            summary="A person's plan's actions")
def person_actions(request, id: Id, paging: Query[Paging]):
    """Open actions first by due date, then the finished ones."""
    return _person_actions(request, services.get_person(request.auth, id), paging)


@router.post("/people/{id}/actions", response={201: ActionOut, **ERRORS},
             summary="Add an action to a person's plan")
def add_action(request, id: Id, payload: ActionIn):
    person = services.get_person(request.auth, id)
    remember_input(request, _values(payload))
    action = services.add_action(request.auth, person, _values(payload), request=request)
    return Status(201, _out(action))


@router.get("/actions/{id}", response={200: ActionDetailOut, **ERRORS},
            summary="An action and its progress updates")
def get_action(request, id: Id):
    return _detail(request.auth, services.get_action(request.auth, id, request=request))


@router.patch("/actions/{id}", response={200: ActionOut, **ERRORS}, summary="Change an action")
def change_action(request, id: Id, payload: ActionChangeIn):
    """Only the fields sent change."""
    action = services.get_action(request.auth, id, request=request)
    values = _values(payload, only_set=True)
    remember_input(request, values)
    return _out(services.change_action(request.auth, action, values, request=request))


@router.post("/actions/{id}/updates", response={201: ActionDetailOut, **ERRORS},
             summary="Record progress on an action")
def add_update(request, id: Id, payload: UpdateIn):
    action = services.get_action(request.auth, id, request=request)
    remember_input(request, payload.model_dump())
    services.add_update(request.auth, action, payload.model_dump(), request=request)
    return Status(201, _detail(request.auth, services.get_action(request.auth, id,
                                                                 audit=False)))

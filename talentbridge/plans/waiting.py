"""Waiting for a user in development plans: their own actions due within 14 days or overdue,
and, for a line manager, their direct reports' overdue actions (docs/development-plans.md)."""

from __future__ import annotations

from django.urls import reverse

from talentbridge.accounts.grants import grants_for
from talentbridge.core.waiting import waiting_in

from . import services

#: An action counts as due soon this many days before its due date.
DUE_SOON_DAYS = 14


def waiting_for(user) -> list:
    person_id = grants_for(user).person_id
    if person_id is None:
        return []
    mine = reverse("plans:mine")
    return [
        *waiting_in(services.due_soon(user, person_id, DUE_SOON_DAYS),
                    "Development plan action due soon or overdue",
                    "Development plan actions due soon or overdue", "plans:action", mine),
        *waiting_in(services.reports_overdue(user, person_id),
                    "Overdue development plan action of someone you manage",
                    "Overdue development plan actions of people you manage", "plans:person",
                    args=lambda a: [a.plan.person_id]),
    ]

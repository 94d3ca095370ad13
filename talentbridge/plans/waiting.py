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
    grants = grants_for(user)
    if grants.person_id is None:
        return []
    mine = reverse("plans:mine")
    own = waiting_in(services.due_soon(user, grants.person_id, DUE_SOON_DAYS),
                     "Development plan action due soon or overdue",
                     "Development plan actions due soon or overdue", "plans:action", mine)
    if not grants.direct_report_ids:  # most people manage nobody
        return own
    return [*own, *waiting_in(services.reports_overdue(user, grants.person_id),
                              "Overdue development plan action of someone you manage",
                              "Overdue development plan actions of people you manage",
                              "plans:person", args=lambda a: [a.plan.person_id])]

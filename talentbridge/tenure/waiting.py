"""Waiting for a user in tenure: holders who left a board post of an organisation where the
user records exits, without a reason recorded (linked to the first, or to the list)."""

from __future__ import annotations

from django.urls import reverse

from talentbridge.core.waiting import waiting_in

from . import policy
from . import services


def waiting_for(user) -> list:
    if not policy.can_view_figures(user):
        return []
    return waiting_in(services.reasons_not_recorded(user),
                      "Board member who left without a reason recorded",
                      "Board members who left without a reason recorded", "tenure:exit",
                      reverse("tenure:reasons"))

"""Waiting for a user in data rights: open correction requests in their queue (organisation
administrators and administrators, data_rights.policy rules 4 and 5)."""

from __future__ import annotations

from django.urls import reverse

from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import waiting

from . import policy
from .models import RESOLVED
from .models import CorrectionRequest


def waiting_for(user) -> list[WaitingItem]:
    if not policy.can_use_queue(user):
        return []
    count = (CorrectionRequest.unscoped.filter(policy.queue_filter(user))
             .exclude(status__in=RESOLVED).count())
    return waiting(count, "Correction request to deal with", "Correction requests to deal with",
                   reverse("data_rights:queue"))

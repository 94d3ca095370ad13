"""Waiting for a user in insights: the imports they uploaded (workforce snapshots and event
files) that finished since they last opened "Snapshots and imports"."""

from __future__ import annotations

from django.urls import reverse

from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import last_looked
from talentbridge.core.waiting import waiting

from . import policy
from .models import FINISHED
from .models import EventFile
from .models import WorkforceSnapshot

#: The page whose opening counts as looking at finished imports.
IMPORTS_PAGE = "insights:imports"


def waiting_for(user) -> list[WaitingItem]:
    if not policy.can_import(user):
        return []
    since = last_looked(user, IMPORTS_PAGE)
    count = sum(model.objects.filter(uploaded_by_id=user.pk, status__in=FINISHED,
                                     finished_at__gt=since).count()
                for model in (WorkforceSnapshot, EventFile))
    return waiting(count, "Insights import finished since you last looked",
                   "Insights imports finished since you last looked",
                   reverse("insights:imports"))

"""Waiting for a user in notifications: what they have not read yet."""

from __future__ import annotations

from django.urls import reverse

from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import waiting

from .services import unread_count


def waiting_for(user) -> list[WaitingItem]:
    return waiting(unread_count(user), "Unread notification", "Unread notifications",
                   reverse("notifications:list"))

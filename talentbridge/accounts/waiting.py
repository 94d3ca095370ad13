"""Waiting for a user in accounts: invitations to people they administer that have not been
accepted yet (administrators and organisation administrators only)."""

from __future__ import annotations

from django.urls import reverse

from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import waiting

from .models import Invitation
from .policy import administers_accounts
from .users import INVITED
from .users import administered_users


def waiting_for(user) -> list[WaitingItem]:
    if not administers_accounts(user):
        return []
    invited = (Invitation.objects.pending()
               .filter(user__in=administered_users(user).values("pk"))
               .values("user_id").distinct().count())
    return waiting(invited, "Invitation not accepted yet", "Invitations not accepted yet",
                   f"{reverse('accounts:users')}?status={INVITED}")

"""Waiting for a user in support: early warnings for regional and national leads, check-ins
due with the leaders of a regional lead's region, offers and an open pulse for a leader."""

from __future__ import annotations

from django.urls import reverse

from talentbridge.accounts.grants import grants_for
from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import waiting

from . import compact
from . import policy
from . import services
from . import warnings


def waiting_for(user) -> list[WaitingItem]:
    items: list[WaitingItem] = []
    if policy.can_view_warnings(user):
        items += waiting(len(warnings.warnings_for(user)), "Early warning about a leader",
                         "Early warnings about leaders", reverse("support:home"))
    if policy.supports_anyone(user):
        items += waiting(services.due_check_ins(user),
                         "Leader due a check-in (none for three months)",
                         "Leaders due a check-in (none for three months)",
                         reverse("support:leaders"))
    if grants_for(user).person_id is not None:
        items += waiting(services.pending_offers_for(user), "Support offered to you to answer",
                         "Support offers to you to answer", reverse("support:mine"))
        pulse = compact.open_round_on()
        if pulse is not None and policy.can_answer_pulse(user) and not compact.my_answers(
                user, pulse):
            items += waiting(1, f"Leadership compact pulse to answer: {pulse.name}",
                             "", reverse("support:pulse"))
    return items

"""Daily reminders of reviews falling due: :func:`send_due_reminders`.

- A recorded career conversation whose next review date falls within
  :data:`REMINDER_DAYS` days (today included), and which is still the person's latest recorded
  conversation: the leader and their line manager are told.
- A current talent pool membership whose review date falls within :data:`REMINDER_DAYS`
  days: the pool's owner (its talent lead) is told, one message per pool listing the
  members due.

Each item is told once per review date (talentbridge.notifications.services.notify_once
records it), so running the task again, or on two workers at once, tells no one twice; moving
a review date to a new one brings a new reminder when it falls due. The worker runs it once a
day (talentbridge/core/management/commands/work_worker.py); ``talentbridge manage
send_due_reminders`` runs it by hand or from a scheduler.

A background task: no one is viewing, so it reads the conversations and memberships without a
viewer (allowlisted in talentbridge/core/scoping.py), and tells each person only of their own
conversation, their reports' and the members of pools they own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists
from django.db.models import OuterRef
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from talentbridge.core.forms import nhs_date
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import not_yet_sent
from talentbridge.notifications.services import notify_once
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models.conversations import ConversationStatus

#: How far ahead a review date is reminded of.
REMINDER_DAYS = 7


@dataclass
class Sent:
    conversations: int = 0
    pools: int = 0


def _window(today: dt.date) -> tuple[dt.date, dt.date]:
    return today, today + dt.timedelta(days=REMINDER_DAYS)


def conversations_due(today: dt.date):
    """Recorded conversations whose next review falls due within the window and that no later
    recorded conversation of the same person has replaced."""
    later = CareerConversation.unscoped.filter(
        person=OuterRef("person"), status=ConversationStatus.RECORDED,
        held_on__gt=OuterRef("held_on"))
    return (CareerConversation.unscoped
            .filter(status=ConversationStatus.RECORDED,
                    next_review_on__range=_window(today))
            .exclude(Exists(later))
            .select_related("person", "person__user", "person__line_manager",
                            "person__line_manager__user")
            .order_by("next_review_on", "pk"))


def _remind_of_conversation(conversation: CareerConversation) -> int:
    person, due = conversation.person, nhs_date(conversation.next_review_on)
    link = reverse("talent:conversation", args=[conversation.pk])
    told = 0
    readers = [(person, "Your career conversation is due for review",
                f"Your career conversation held on {nhs_date(conversation.held_on)} is due "
                f"for review on {due}. Agree a time with your line manager.")]
    if person.line_manager_id:
        readers.append((person.line_manager,
                        f"{person.full_name}'s career conversation is due for review",
                        f"The career conversation with {person.full_name} held on "
                        f"{nhs_date(conversation.held_on)} is due for review on {due}."))
    for reader, subject, body in readers:
        user = reader.user if reader.user_id else None
        key = (f"conversation_review_due:{conversation.pk}:{conversation.next_review_on}:"
               f"person-{reader.pk}")
        if (user is not None or reader.work_email) and notify_once(
                keys=[key], kind=Kind.CONVERSATION_REVIEW_DUE, subject=subject, body=body,
                to_user=user, to_email=reader.work_email, link=link):
            told += 1
    return told


def memberships_due(today: dt.date):
    return (PoolMembership.unscoped
            .filter(exited_on__isnull=True, review_on__range=_window(today),
                    pool__owner__is_active=True)
            .select_related("pool", "pool__owner", "person")
            .order_by("pool_id", "review_on", "person__family_name", "pk"))


def _remind_of_pool(pool, memberships: list[PoolMembership]) -> int:
    by_key = {f"pool_review_due:{m.pk}:{m.review_on}": m for m in memberships}
    new_keys = not_yet_sent(by_key)
    if not new_keys:
        return 0
    due = [by_key[key] for key in new_keys]
    lines = "\n".join(f"- {m.person.full_name}: {nhs_date(m.review_on)}" for m in due)
    count = len(due)
    told = notify_once(
        keys=new_keys,
        kind=Kind.POOL_REVIEW_DUE, to_user=pool.owner,
        subject=f"{count} {'membership' if count == 1 else 'memberships'} of {pool.name} "
                "due for review",
        body=f"These members of {pool.name} are due for review:\n{lines}",
        link=reverse("talent:pool", args=[pool.pk]))
    return 1 if told else 0


def send_due_reminders(today: dt.date | None = None) -> Sent:
    """Tell everyone of the reviews falling due in the next :data:`REMINDER_DAYS` days that
    they have not been told of yet. Returns how many notifications went, by kind."""
    today = today or timezone.localdate()
    sent = Sent()
    for conversation in conversations_due(today):
        sent.conversations += _remind_of_conversation(conversation)
    by_pool: dict[int, list[PoolMembership]] = {}
    for membership in memberships_due(today):
        by_pool.setdefault(membership.pool_id, []).append(membership)
    for memberships in by_pool.values():
        sent.pools += _remind_of_pool(memberships[0].pool, memberships)
    return sent


@task()
def send_due_reminders_task() -> dict:
    """:func:`send_due_reminders` as a background task (the worker queues it daily)."""
    sent = send_due_reminders()
    return {"conversations": sent.conversations, "pools": sent.pools}

"""The daily reminders: a career conversation's review falling due within seven days is told
to the leader and their line manager, a pool membership's to the pool's owner; each once, and
the worker starts the task once a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from talentbridge.core import work
from talentbridge.notifications.models import Notification
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models.conversations import ConversationStatus
from talentbridge.talent.reminders import send_due_reminders

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 3, 1)


def _conversation(w, person, *, review_on, held_on=dt.date(2026, 9, 1),
                  status=ConversationStatus.RECORDED):
    return CareerConversation.objects.create(person=person, held_by=w.mo, held_on=held_on,
                                             status=status, next_review_on=review_on)


def _subjects(user) -> list[str]:
    return sorted(n.subject for n in Notification.objects.visible_to(user))


def test_a_conversation_due_within_a_week_is_told_to_the_leader_and_line_manager_once():
    w = conversation_world()
    due = _conversation(w, w.alice_person, review_on=TODAY + dt.timedelta(days=7))
    _conversation(w, w.bob_person, review_on=TODAY + dt.timedelta(days=11))  # not yet
    sent = send_due_reminders(TODAY)
    assert sent.conversations == 2
    assert _subjects(w.alice) == ["Your career conversation is due for review"]
    assert _subjects(w.mo) == ["Alice Ashworth's career conversation is due for review"]
    assert _subjects(w.bob) == []
    (told,) = Notification.objects.visible_to(w.alice)
    assert "due for review on 8 March 2027" in told.body
    assert told.link == f"/talent/conversations/{due.pk}/"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.alice_person.work_email, w.mo_person.work_email])
    assert send_due_reminders(TODAY).conversations == 0  # once only
    assert send_due_reminders(TODAY + dt.timedelta(days=3)).conversations == 0
    assert len(mail.outbox) == 2


def test_a_new_review_date_is_told_again_and_a_replaced_conversation_is_not():
    w = conversation_world()
    first = _conversation(w, w.alice_person, review_on=TODAY + dt.timedelta(days=2))
    send_due_reminders(TODAY)
    first.next_review_on = TODAY + dt.timedelta(days=5)  # moved
    first.save()
    assert send_due_reminders(TODAY).conversations == 2
    _conversation(w, w.alice_person, held_on=dt.date(2027, 2, 1),
                  review_on=dt.date(2027, 9, 1))  # a later conversation replaces it
    first.next_review_on = TODAY + dt.timedelta(days=6)
    first.save()
    assert send_due_reminders(TODAY).conversations == 0


def test_pool_memberships_due_are_told_to_the_pools_owner_in_one_message():
    w = conversation_world()
    pool = TalentPool.objects.create(name="Aspiring directors", purpose="Develop",
                                     entry_criteria="8c", scope_level="organisation",
                                     organisation=w.rj1, owner=w.bob)
    for person, review_on in ((w.alice_person, TODAY + dt.timedelta(days=1)),
                              (w.mo_person, TODAY + dt.timedelta(days=6)),
                              (w.charlie_person, TODAY + dt.timedelta(days=30))):
        PoolMembership.objects.create(pool=pool, person=person, joined_on=dt.date(2026, 3, 1),
                                      review_on=review_on)
    assert send_due_reminders(TODAY).pools == 1
    (told,) = Notification.objects.visible_to(w.bob)
    assert told.subject == "2 memberships of Aspiring directors due for review"
    assert "- Alice Ashworth: 2 March 2027\n- Mo Manager: 7 March 2027" in told.body
    assert "Charlie" not in told.body
    assert told.link == f"/talent/pools/{pool.pk}/"
    assert send_due_reminders(TODAY).pools == 0
    assert send_due_reminders(TODAY + dt.timedelta(days=25)).pools == 1  # Charlie's turn
    assert len(Notification.objects.visible_to(w.bob)) == 2


def test_the_command_runs_it_and_the_worker_starts_it_once_a_day(capsys):
    w = conversation_world()
    _conversation(w, w.alice_person, review_on=dt.date.today() + dt.timedelta(days=1))
    call_command("send_due_reminders")
    assert "Notified 2 career conversation reminders" in capsys.readouterr().out
    last_run: dict = {}
    assert "reviews due reminders" in work.run_daily_jobs(last_run)
    assert work.run_daily_jobs(last_run) == []  # not again today
    assert len(mail.outbox) == 2  # the task ran again and told no one twice

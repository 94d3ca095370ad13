"""E-mail goes after the change it reports is committed, by a task: nothing is sent for a
change rolled back, a mail server failure never undoes the change (a rater's link still
works), and a failed send is tried again later, then recorded as failed."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from talentbridge.core import mail as core_mail
from talentbridge.core.mail import ATTEMPTS
from talentbridge.core.mail import send_after_commit
from talentbridge.core.mail import send_email
from talentbridge.notifications import delivery
from talentbridge.notifications.models import EmailStatus
from talentbridge.notifications.models import Notification
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import Assessment

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_an_e_mail_goes_only_once_its_change_is_committed():
    with transaction.atomic():
        send_after_commit("Your offer", "Sign in to see it.", ["alice@nhs.net"])
        assert mail.outbox == []  # not while the change may still roll back
    assert [(m.subject, m.to) for m in mail.outbox] == [("Your offer", ["alice@nhs.net"])]


def test_an_e_mail_for_a_change_rolled_back_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_after_commit("Your offer", "Sign in to see it.", ["alice@nhs.net"])
        raise RuntimeError("the change failed")
    assert mail.outbox == []


def _mail_server_down(*args, **kwargs):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_mail_server_failure_keeps_the_rater_invitation_and_its_link(monkeypatch):
    w = conversation_world()
    assessment_round = assessment_services.open_round(
        w.alice, w.alice_person, closes_on=timezone.localdate() + dt.timedelta(days=14))
    monkeypatch.setattr(delivery, "send_mail", _mail_server_down)  # invitations go by notify()
    links = []
    assessment_services.invite_raters(w.alice, assessment_round, [("someone@nhs.net", "peer")],
                                      link_for=lambda token: links.append(token) or token)
    assert mail.outbox == [] and len(links) == 1
    invitation = Assessment.unscoped.get(round=assessment_round, invited_email="someone@nhs.net")
    assert invitation.invited_at is not None
    assert assessment_services.rater_invitation(links[0]).pk == invitation.pk  # still works
    told = Notification.unscoped.get(email_address="someone@nhs.net")
    assert told.email_status == EmailStatus.FAILED and "Connection unexpectedly" in told.email_error


@override_settings(TASKS=DATABASE_TASKS)
def test_a_failed_send_is_queued_again_later_and_the_last_failure_is_recorded(monkeypatch):
    monkeypatch.setattr(core_mail, "send_mail", _mail_server_down)
    before = timezone.now()
    assert send_email.call("Your offer", "Sign in.", ["alice@nhs.net"]) == 0
    again = DBTaskResult.objects.get()
    assert again.args_kwargs["args"] == ["Your offer", "Sign in.", ["alice@nhs.net"], None, 2]
    assert again.run_after >= before + core_mail.RETRY_AFTER
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_email.call("Your offer", "Sign in.", ["alice@nhs.net"], None, ATTEMPTS)
    assert DBTaskResult.objects.count() == 1  # the last try is not queued again


@override_settings(TASKS=DATABASE_TASKS)
def test_a_send_whose_worker_died_is_queued_again_by_the_sweep():
    from django.tasks import TaskResultStatus

    from talentbridge.core.work import mark_stale_work_failed

    send_email.enqueue("Your offer", "Sign in.", ["alice@nhs.net"])
    stalled = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=stalled.pk).update(  # a worker took it, then died
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(minutes=10))
    assert mark_stale_work_failed() == {"e-mail (queued again)": [str(stalled.pk)]}
    stalled.refresh_from_db()
    assert stalled.status == TaskResultStatus.FAILED
    assert stalled.traceback.startswith("The worker stopped while sending this e-mail")
    again = DBTaskResult.objects.exclude(pk=stalled.pk).get()
    assert again.status == TaskResultStatus.READY
    assert again.args_kwargs["args"] == ["Your offer", "Sign in.", ["alice@nhs.net"]]
    assert mark_stale_work_failed() == {}  # once only

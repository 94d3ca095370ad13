"""E-mail goes through GOV.UK Notify when its API key is set (checked against a stand-in Notify
server that refuses what Notify would), through Django's e-mail backend otherwise; a failure
to send is recorded on the notification and never undoes the change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from talentbridge.core.mail import RETRY_AFTER
from talentbridge.core.work import mark_stale_work_failed
from talentbridge.notifications.delivery import deliver
from talentbridge.notifications.models import EmailStatus
from talentbridge.notifications.models import Notification
from talentbridge.notifications.services import notify

from .notify_server import API_KEY
from .notify_server import StandInNotify

pytestmark = pytest.mark.django_db
INVITATION_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
GENERIC_TEMPLATE = "a0a0a0a0-1111-4222-8333-444455556666"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def alice():
    return get_user_model().objects.create_user("alice", email="alice@example.nhs.uk")


def _using(server: StandInNotify):
    return override_settings(GOVUK_NOTIFY_API_KEY=API_KEY, GOVUK_NOTIFY_BASE_URL=server.base_url,
                             GOVUK_NOTIFY_TEMPLATES={"invitation": INVITATION_TEMPLATE},
                             GOVUK_NOTIFY_DEFAULT_TEMPLATE=GENERIC_TEMPLATE)


def _refresh(notification: Notification) -> Notification:
    return Notification.unscoped.get(pk=notification.pk)


def test_notify_sends_through_notify_with_the_kinds_template_and_records_its_id(alice):
    with StandInNotify() as server, _using(server):
        with transaction.atomic():
            sent = notify(kind="invitation", subject="You are invited to TalentBridge",
                          body="Set your password to start.", to_user=alice,
                          link="/accounts/welcome/")
            assert server.received == []  # not before the change commits
        nominated = notify(kind="nomination", subject="You have been nominated",
                           body="Sign in to see it.", to_email="bob@example.nhs.uk")
    assert server.problems == []
    assert server.received == [
        {"email_address": "alice@example.nhs.uk", "template_id": INVITATION_TEMPLATE,
         "personalisation": {"subject": "You are invited to TalentBridge",
                             "body": "Set your password to start.\n\n"
                                     "http://127.0.0.1:8000/accounts/welcome/"},
         "reference": str(sent.pk)},
        {"email_address": "bob@example.nhs.uk", "template_id": GENERIC_TEMPLATE,
         "personalisation": {"subject": "You have been nominated",
                             "body": "Sign in to see it."},
         "reference": str(nominated.pk)},
    ]
    sent, nominated = _refresh(sent), _refresh(nominated)
    assert (sent.email_status, sent.email_reference, sent.email_attempts) == (
        EmailStatus.SENT, server.sent_ids[0], 1)
    assert sent.email_sent_at is not None and sent.email_error == ""
    assert nominated.email_reference == server.sent_ids[1]
    assert mail.outbox == []  # Notify sent them, not the e-mail backend


@pytest.mark.parametrize("answer", [500, 400])
def test_a_notify_failure_is_recorded_and_never_undoes_the_change(alice, answer):
    with StandInNotify(answer=answer) as server, _using(server), transaction.atomic():
        alice.first_name = "Alice"
        alice.save()
        told = notify(kind="visibility_reset", subject="Who can see your profile was reset",
                      body="An administrator reset it.", to_user=alice)
    assert len(server.received) == 1 and server.problems == []
    alice.refresh_from_db()
    assert alice.first_name == "Alice"  # the change stays
    told = _refresh(told)
    assert told.email_status == EmailStatus.FAILED
    assert str(answer) in told.email_error
    assert told.email_reference == "" and told.email_sent_at is None
    assert list(Notification.objects.visible_to(alice)) == [told]  # still in the list


def test_a_key_for_another_service_is_refused_by_notify_and_recorded(alice):
    wrong = API_KEY.replace("26785a09", "99999999")
    with StandInNotify() as server, _using(server), override_settings(GOVUK_NOTIFY_API_KEY=wrong):
        told = notify(kind="approval", subject="Please approve", body="A placement.",
                      to_user=alice)
    assert server.problems and "not the service" in server.problems[0]
    assert _refresh(told).email_status == EmailStatus.FAILED


@override_settings(TASKS=DATABASE_TASKS)
def test_a_server_error_is_tried_again_later_and_a_refused_address_is_not(alice):
    with StandInNotify(answer=500) as server, _using(server):
        told = notify(kind="approval", subject="Please approve", body="A placement.",
                      to_user=alice)
        assert deliver.call(told.pk) == "retrying"
        again = DBTaskResult.objects.get(task_path=deliver.module_path, args_kwargs__args=[
            told.pk, 2])
        assert again.run_after is not None
        told = _refresh(told)
        assert told.email_status == EmailStatus.QUEUED and "500" in told.email_error
        server.answer = 400
        assert deliver.call(told.pk, 2) == "failed"  # a refusal is final
    assert _refresh(told).email_status == EmailStatus.FAILED
    assert RETRY_AFTER.total_seconds() > 0


def test_without_a_notify_key_djangos_e_mail_backend_sends_it(alice):
    with transaction.atomic():
        told = notify(kind="nomination", subject="You have been nominated",
                      body="Sign in to see it.", to_user=alice, link="/opportunities/")
        assert mail.outbox == []
    assert [(m.subject, m.to, m.body) for m in mail.outbox] == [
        ("You have been nominated", ["alice@example.nhs.uk"],
         "Sign in to see it.\n\nhttp://127.0.0.1:8000/opportunities/")]
    told = _refresh(told)
    assert told.email_status == EmailStatus.SENT and told.email_sent_at is not None


def test_a_notification_sent_already_is_not_sent_again(alice):
    told = notify(kind="nomination", subject="Nominated", body="Sign in.", to_user=alice)
    assert len(mail.outbox) == 1
    assert deliver.call(told.pk) == "skipped"  # e.g. queued again after its worker died
    assert len(mail.outbox) == 1


@override_settings(TASKS=DATABASE_TASKS)
def test_a_send_whose_worker_died_is_queued_again_by_the_stale_work_sweep(alice):
    told = notify(kind="approval", subject="Please approve", body="A placement.", to_user=alice)
    stalled = DBTaskResult.objects.get(task_path=deliver.module_path)
    DBTaskResult.objects.filter(pk=stalled.pk).update(  # a worker took it, then died
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(minutes=10))
    assert mark_stale_work_failed() == {"e-mail (queued again)": [str(stalled.pk)]}
    again = DBTaskResult.objects.exclude(pk=stalled.pk).get()
    assert again.task_path == deliver.module_path and again.args_kwargs["args"] == [told.pk]
    assert deliver.call(told.pk) == "sent"
    assert _refresh(told).email_status == EmailStatus.SENT

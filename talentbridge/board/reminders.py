"""Daily reminders of FPPT checks falling due: :func:`send_fppt_reminders`.

An FPPT record not yet signed off whose due date falls within :data:`REMINDER_DAYS` days (today
included): the organisation's chair and people director (with accounts) and its delegates are
told which members still have checks to do, one message per organisation; a member who has not
made their self-attestation is told to make it. Each is told once per record and due date
(`notify_once`), so running it again tells no one twice. The worker runs it daily.

A background task: no one is viewing, so it reads the records without a viewer (allowlisted in
talentbridge/core/scoping.py) and tells only those who keep or own them.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from talentbridge.core.forms import nhs_date
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import not_yet_sent
from talentbridge.notifications.services import notify_once

from .models import FpptRecord
from .references import holders

REMINDER_DAYS = 14


def records_due(today: dt.date):
    return (FpptRecord.unscoped.filter(conclusion="", left_board_on__isnull=True,
                                       due_on__range=(today, today + dt.timedelta(
                                           days=REMINDER_DAYS)))
            .select_related("person", "person__user", "organisation")
            .order_by("organisation_id", "due_on", "pk"))


def _remind_keepers(organisation_id: int, due: list[FpptRecord]) -> int:
    told = 0
    lines = "\n".join(f"- {r.person.full_name}, {r.post_title}: due {nhs_date(r.due_on)}"
                      for r in due)
    organisation = due[0].organisation.display_name
    for holder in holders(organisation_id):
        keys = [f"fppt_due:{r.pk}:{r.due_on}:user-{holder.pk}" for r in due]
        if not not_yet_sent(keys):
            continue
        if notify_once(keys=keys, kind=Kind.FPPT_DUE, to_user=holder,
                       link=reverse("board:records"),
                       subject=f"FPPT checks falling due at {organisation}",
                       body=f"These board members' FPPT checks are due:\n{lines}"):
            told += 1
    return told


def _remind_member(fppt: FpptRecord) -> int:
    person = fppt.person
    if fppt.attested_on is not None or person.user_id is None:
        return 0
    key = f"fppt_attest_due:{fppt.pk}:{fppt.due_on}"
    sent = notify_once(keys=[key], kind=Kind.FPPT_DUE, to_user=person.user,
                       link=reverse("board:attest", args=[fppt.pk]),
                       subject="Make your annual fit and proper person self-attestation",
                       body=f"Your FPPT self-attestation for {fppt.year} at "
                            f"{fppt.organisation.display_name} is due by "
                            f"{nhs_date(fppt.due_on)}.")
    return 1 if sent else 0


def send_fppt_reminders(today: dt.date | None = None) -> int:
    """Tell the keepers and members of the FPPT records falling due; returns how many
    notifications went."""
    today = today or timezone.localdate()
    by_organisation: dict[int, list[FpptRecord]] = {}
    told = 0
    for fppt in records_due(today):
        by_organisation.setdefault(fppt.organisation_id, []).append(fppt)
        told += _remind_member(fppt)
    for organisation_id, due in by_organisation.items():
        told += _remind_keepers(organisation_id, due)
    return told


@task()
def send_fppt_reminders_task() -> int:
    """:func:`send_fppt_reminders` as a background task (the worker queues it daily)."""
    return send_fppt_reminders()

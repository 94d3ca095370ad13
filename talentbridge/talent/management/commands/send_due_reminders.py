"""Tell leaders, line managers and pool owners of reviews falling due in the next seven days
(talentbridge.talent.reminders). The worker does this once a day by itself; this command is
for running it by hand or from a scheduler. Safe to run any number of times: each item is told
once."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from talentbridge.talent.reminders import REMINDER_DAYS
from talentbridge.talent.reminders import send_due_reminders


class Command(BaseCommand):
    help = (f"Notify reviews falling due within {REMINDER_DAYS} days (career conversations, "
            "talent pool memberships) that have not been notified yet.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                            help="count from this date instead of today")

    def handle(self, *args, today: str | None = None, **options) -> None:
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f'--today must be a date like 2027-01-31, not "{today}"') from None
        sent = send_due_reminders(day)
        self.stdout.write(f"Notified {sent.conversations} career conversation reminders and "
                          f"{sent.pools} talent pool reminders.")

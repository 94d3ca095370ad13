"""The daily erasure of what passed its retention period (talentbridge.data_rights.erasure)."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils import timezone

from talentbridge.data_rights import erasure
from talentbridge.data_rights import retention


class Command(BaseCommand):
    help = ("Erase what passed its retention period: people who left the NHS, withdrawn "
            "interests and nominations, who answered closed 360 rounds, old notifications. "
            "Run it daily; running it again does nothing more.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="only report what is due, change nothing")
        parser.add_argument("--queue", action="store_true",
                            help="run it as a background task (the worker picks it up)")
        parser.add_argument("--today", default="", metavar="YYYY-MM-DD",
                            help="count periods up to this date (default today)")

    def handle(self, *args, dry_run=False, queue=False, today="", **options) -> None:
        try:
            day = dt.date.fromisoformat(today) if today else None
            retention.periods()
        except ValueError as error:
            raise CommandError(str(error)) from None
        if queue:
            result = erasure.erase_expired_task.enqueue()
            self.stdout.write(f"Queued the daily erasure (task {result.id}).")
            return
        report = (retention.due(day or timezone.localdate()) if dry_run
                  else erasure.erase_expired(day))
        self.stdout.write(json.dumps(report, indent=2, sort_keys=True))

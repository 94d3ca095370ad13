"""Mark imports and match runs whose worker stopped as failed (talentbridge.core.work)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from talentbridge.core import work


class Command(BaseCommand):
    help = ("Mark running imports and match runs whose heartbeat is older than the stale limit "
            "as failed, so they can be retried.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than", type=float, default=None, metavar="SECONDS",
                            help="stale limit in seconds (default "
                                 "TALENTBRIDGE_WORK_STALE_SECONDS, 180)")

    def handle(self, *args, older_than: float | None = None, **options) -> None:
        if older_than is not None and older_than < 0:
            raise CommandError(f"--older-than must be 0 or more seconds, not {older_than}")
        marked = work.mark_stale_work_failed(older_than=older_than)
        if not marked:
            self.stdout.write("No work had stopped.")
        for name, ids in marked.items():
            self.stdout.write(f"Marked failed ({name}): {', '.join(map(str, ids))}")

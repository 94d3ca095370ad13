"""`talentbridge manage apply_due_moves`: apply every pending move dated today or earlier.

Run it once a day, just after midnight (a cron job or systemd timer beside the task worker;
see docs/moves.md). Running it twice changes nothing the second time.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from talentbridge.people.moves import apply_due_moves


class Command(BaseCommand):
    help = "Apply every pending move between employers dated today or earlier."

    def handle(self, *args, **options):
        applied = apply_due_moves()
        self.stdout.write(f"Applied {len(applied)} moves.")

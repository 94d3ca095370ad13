"""Delete audit events past their retention period; only the database owner can."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import DatabaseError

from talentbridge.data_rights import erasure


class Command(BaseCommand):
    help = ("Delete audit events older than the audit trail's retention period "
            "(TALENTBRIDGE_RETENTION['audit_events']). Run as the database owner.")

    def handle(self, *args, **options) -> None:
        try:
            pruned = erasure.prune_audit_trail()
        except DatabaseError as error:
            raise CommandError(f"Only the database owner can prune the audit trail: {error}"
                               ) from None
        self.stdout.write(f"Deleted {pruned} audit event{'s' if pruned != 1 else ''}.")

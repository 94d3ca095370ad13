"""`talentbridge manage rotate_learning_keys`: re-encrypt every learning log entry with the
first key of TALENTBRIDGE_LEARNING_KEYS, all or nothing (docs/learning-log.md).

To rotate: put a new key first in TALENTBRIDGE_LEARNING_KEYS (keep the old ones after it),
restart, run this command, then drop the old keys. It works on the stored ciphertext
(`MultiFernet.rotate`) and never prints or logs an entry's text. If any value cannot be opened
by the configured keys, it lists every one (entry id and field) and changes nothing (exit
status 2).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import connection
from django.db import transaction

from talentbridge.learning import crypto
from talentbridge.learning.crypto import EncryptedTextField
from talentbridge.learning.models import Entry


def _columns() -> list[str]:
    return [f.column for f in Entry._meta.get_fields()
            if isinstance(f, EncryptedTextField)]


class Command(BaseCommand):
    help = "Re-encrypt every learning log entry with the first TALENTBRIDGE_LEARNING_KEYS key."

    def handle(self, *args, **options):
        columns = _columns()
        table = connection.ops.quote_name(Entry._meta.db_table)
        quoted = [connection.ops.quote_name(c) for c in columns]
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, {', '.join(quoted)} FROM {table} "  # noqa: S608
                               "ORDER BY id FOR UPDATE" if connection.vendor == "postgresql"
                               else f"SELECT id, {', '.join(quoted)} FROM {table} "  # noqa: S608
                               "ORDER BY id")
                rows = cursor.fetchall()
            rotated, problems = [], []
            for pk, *values in rows:
                new = []
                for column, value in zip(columns, values, strict=True):
                    try:
                        new.append(crypto.rotate(value))
                    except crypto.UndecryptableEntry:
                        problems.append(f"entry {pk}, {column}: no configured key opens it")
                rotated.append((pk, new))
            if problems:
                raise CommandError("Nothing was re-encrypted:\n" + "\n".join(problems),
                                   returncode=2)
            assignments = ", ".join(f"{q} = %s" for q in quoted)
            with connection.cursor() as cursor:
                for pk, new in rotated:
                    cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
                                   [*new, pk])
        self.stdout.write(f"Re-encrypted {len(rotated)} learning log entries with the first "
                          "key.")

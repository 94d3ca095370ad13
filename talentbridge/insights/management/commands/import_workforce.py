"""`manage.py import_workforce --file staff.csv --as-of 2026-10-01 [--scope KEY] [--mapping J]`.

Imports an ESR-style staff snapshot (CSV or XLSX) in the foreground with a progress bar, through
the same service as the import page: the whole file is checked, every rejected row is printed
with its line number, and nothing is imported unless every row is right. With
``--events recruitment|disciplinary|training --period-start --period-end`` the file is an event
file instead. ``--scope`` is the area the file is for (england, the default, or region:CODE,
system:CODE, organisation:CODE); the file must have rows for every NHS trust in it on its date
and only for organisations in it, or it is refused. Importing the same file again changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn
from rich.progress import MofNCompleteColumn
from rich.progress import Progress
from rich.progress import TextColumn
from rich.progress import TimeElapsedColumn

from talentbridge.insights import services
from talentbridge.insights.models import ImportStatus


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: use YYYY-MM-DD") from None


def _mapping(value: str | None) -> str | None:
    if not value:
        return None
    path = Path(value)
    if not value.lstrip().startswith("{") and path.exists():
        return path.read_text(encoding="utf-8")
    try:
        json.loads(value)
    except json.JSONDecodeError as error:
        raise CommandError(f"--mapping is neither a JSON object nor a file: {error}") from None
    return value


class Command(BaseCommand):
    help = ("Import a workforce snapshot (or, with --events, a recruitment, disciplinary or "
            "training file) from a CSV or XLSX file, all or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--file", required=True, help="the CSV or XLSX file")
        parser.add_argument("--as-of", help="snapshot date, YYYY-MM-DD")
        parser.add_argument("--scope", default="england",
                            help="the area the file is for and covers completely: england "
                                 "(default), region:CODE, system:CODE or organisation:CODE")
        parser.add_argument("--mapping", help='JSON (or a .json file) of our field names to the '
                                              'file\'s headers, e.g. {"person_id": "Employee '
                                              'Number"}')
        parser.add_argument("--events", choices=["recruitment", "disciplinary", "training"],
                            help="import an event file of this kind instead of a snapshot")
        parser.add_argument("--period-start", help="start of the events' period, YYYY-MM-DD")
        parser.add_argument("--period-end", help="end of the events' period, YYYY-MM-DD")

    def handle(self, *args, file: str, as_of: str | None, scope: str, mapping: str | None,
               events: str | None, period_start: str | None, period_end: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        mapping_text = _mapping(mapping)
        console = Console(file=self.stdout, force_terminal=False, highlight=False)
        columns = (TextColumn("[bold]Checking {task.description}"), BarColumn(),
                   MofNCompleteColumn(), TextColumn("rows"), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=False) as progress:
            bar = progress.add_task(path.name, total=None)

            def on_progress(done: int, total: int) -> None:
                progress.update(bar, completed=done, total=total)

            try:
                with path.open("rb") as handle:
                    if events:
                        if not period_start or not period_end:
                            raise CommandError("--events needs --period-start and --period-end")
                        record, created = services.start_events_import(
                            None, handle, filename=path.name, kind=events,
                            period_start=_date(period_start), period_end=_date(period_end),
                            scope=scope, mapping=mapping_text,
                            run=lambda pk: services.run_events_import(pk, on_progress))
                    else:
                        if not as_of:
                            raise CommandError("--as-of is required for a snapshot")
                        record, created = services.start_snapshot_import(
                            None, handle, filename=path.name, as_of=_date(as_of),
                            scope=scope, mapping=mapping_text,
                            run=lambda pk: services.run_snapshot_import(pk, on_progress))
            except ValidationError as error:
                problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()) \
                    if hasattr(error, "error_dict") else " ".join(error.messages)
                raise CommandError(problems) from None
        record.refresh_from_db()
        if not created:
            self.stdout.write(f"This file was imported already ({record}); nothing changed.")
            return
        if record.status == ImportStatus.REJECTED:
            for r in services.all_rejections(record):
                where = f"line {r['line']}" if r["line"] else "file"
                self.stderr.write(f"  {where}: {r['field']}={r['value']!r}: {r['reason']}")
            if record.message.startswith("Refused"):
                raise CommandError(record.message)
            raise CommandError(f"{record.error_count} row(s) rejected; nothing imported.")
        if record.status == ImportStatus.FAILED:
            raise CommandError(record.message)
        if record.status == ImportStatus.DUPLICATE:
            self.stdout.write(record.message)
            return
        self.stdout.write(self.style.SUCCESS(f"Imported {record}: {record.message}"))

"""`talentbridge manage apply_merger <old ODS> <new ODS> <YYYY-MM-DD> --as <administrator>`.

Merges one organisation into another from a date through the same service as the API
(`talentbridge.staff_record.mergers.apply_merger`): everyone the old organisation employs moves
to the new one, all or nothing; each person who cannot move is printed with the reason.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils import timezone

from talentbridge.accounts.models import User
from talentbridge.organisations.models import Organisation
from talentbridge.people.moves import MoveError
from talentbridge.staff_record.mergers import apply_merger


def _organisation(code: str) -> Organisation:
    organisation = Organisation.objects.filter(ods_code__iexact=code.strip()).first()
    if organisation is None:
        raise CommandError(f'There is no organisation with ODS code "{code}"')
    return organisation


class Command(BaseCommand):
    help = "Merge an organisation into another from a date: everyone it employs moves."

    def add_arguments(self, parser):
        parser.add_argument("merged", help="ODS code of the organisation that merges")
        parser.add_argument("into", help="ODS code of the organisation it merges into")
        parser.add_argument("date", help="the date the merger takes effect, YYYY-MM-DD")
        parser.add_argument("--as", dest="username", required=True,
                            help="the administrator recording the merger (audited)")

    def handle(self, *args, **options):
        try:
            day = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f'"{options["date"]}" is not a date: use YYYY-MM-DD') from None
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            raise CommandError(f'There is no active user "{options["username"]}"')
        merged, into = _organisation(options["merged"]), _organisation(options["into"])
        try:
            moves = apply_merger(actor, merged, into, effective_on=day)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except MoveError as error:
            raise CommandError("Nothing was changed:\n" + "\n".join(
                f"- {m}" for messages in error.message_dict.values() for m in messages)
            ) from None
        when = "moved" if day <= timezone.localdate() else f"will move on {day.isoformat()}"
        self.stdout.write(f"{merged} ({merged.ods_code}) merged into {into} ({into.ods_code}): "
                          f"{len(moves)} people {when}.")

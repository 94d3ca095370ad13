from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from talentbridge.organisations.reference import ReferenceDataError
from talentbridge.organisations.reference import load_reference_data


class Command(BaseCommand):
    help = "Load NHS regions, integrated care systems and trusts from the ODS reference files."

    def handle(self, *args, **options):
        try:
            summary = load_reference_data()
        except ReferenceDataError as error:
            raise CommandError(
                "Nothing was loaded. Fix these rows and run again:\n" + str(error)
            ) from error
        self.stdout.write(str(summary))

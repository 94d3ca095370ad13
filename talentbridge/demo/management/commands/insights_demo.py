"""`manage.py insights_demo [--seed N] [--reset]`: the synthetic insights demo data (two
workforce snapshots a year apart and their event files). Demo only."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from talentbridge.demo import insights
from talentbridge.demo.guard import refusal


class Command(BaseCommand):
    help = ("Import two synthetic workforce snapshots (1 October 2025 and 1 October 2026) and "
            "their recruitment, disciplinary and training files for the NHS trusts. Demo only.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--reset", action="store_true",
                            help="delete the insights demo data first, then rebuild it")

    def handle(self, *args, seed: int, reset: bool, **options):
        if reason := refusal():
            raise CommandError(reason)
        try:
            insights.build(seed=seed, stdout=self.stdout, reset=reset)
        except (ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from error

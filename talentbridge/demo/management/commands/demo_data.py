"""`manage.py demo_data`: build deterministic synthetic demo data for a whole NHS.

The logic lives in `talentbridge.demo`; this command only parses options and prints.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from talentbridge.demo.extras import build_extras
from talentbridge.demo.generator import build_demo
from talentbridge.demo.guard import refusal
from talentbridge.demo.users import sign_in_table
from talentbridge.demo.users import sign_ins


class Command(BaseCommand):
    help = ("Build synthetic demo leaders (band 8a and above) across the real NHS "
            "organisations, with careers, line management, protected characteristics and one "
            "demo sign-in per role. Demo only: never run against real data.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026,
                            help="random seed; the same seed gives the same data (default 2026)")
        parser.add_argument("--leaders", type=int, default=20000,
                            help="how many leaders to create (default 20000)")
        parser.add_argument("--reset", action="store_true",
                            help="delete existing demo people and users first, then rebuild")

    def handle(self, *args, seed: int, leaders: int, reset: bool, **options):
        if reason := refusal():
            raise CommandError(reason)
        if leaders < 1:
            raise CommandError(f"--leaders must be a positive number, not {leaders}.")
        try:
            summary = build_demo(seed=seed, leaders=leaders, stdout=self.stdout, reset=reset)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if summary.created:
            self.stdout.write(self.style.SUCCESS(str(summary)))
        else:
            self.stdout.write(summary.message)
        build_extras(seed, self.stdout, reset)
        self.stdout.write(sign_in_table(summary.sign_ins or sign_ins()))

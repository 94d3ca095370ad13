"""`talentbridge manage succession_bench`: time bench strength for England over every board
post and succession plan, against a baseline measured in the same run.

Builds a synthetic England (default 7 regions, 42 systems, 250 organisations, 13 board posts
each, 0 to 3 successors per executive post) in the current database, marked so it can be
found and removed (region codes "ZS", system codes "ZSS", ODS codes "ZSO", e-mails
@succession-bench.talentbridge.invalid), then times, over --runs after a warm-up:

- the baseline: reading the same rows with no arithmetic (posts, successors, memberships);
- bench strength for England (`succession.figures.bench_for`), everything the API answers.

It prints both (median and slowest) and whether bench strength is within the target of
0.5 s; the load is removed afterwards unless --keep is given. Use a scratch database: `make
bench` runs it on var/bench (SQLite), or set DATABASE_URL for PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.organisations.models import Region
from talentbridge.people.models import Person
from talentbridge.succession import figures
from talentbridge.succession import scopes
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.models import Readiness
from talentbridge.succession.models import Successor

EMAIL_DOMAIN = "succession-bench.talentbridge.invalid"
TARGET_SECONDS = 0.5
KINDS = [BoardPostKind.CHIEF_EXECUTIVE, BoardPostKind.CHAIR, BoardPostKind.FINANCE,
         BoardPostKind.MEDICAL, BoardPostKind.NURSING, BoardPostKind.OPERATIONS,
         BoardPostKind.PEOPLE, BoardPostKind.OTHER_EXECUTIVE] + [BoardPostKind.NON_EXECUTIVE] * 5


def clean_up() -> None:
    with transaction.atomic():
        organisations = Organisation.objects.filter(ods_code__startswith="ZSO")
        Successor.unscoped.filter(post__organisation__in=organisations).delete()
        BoardPost.objects.filter(organisation__in=organisations).delete()
        Person.unscoped.filter(work_email__endswith="@" + EMAIL_DOMAIN).delete()
        organisations.delete()
        IntegratedCareSystem.objects.filter(code__startswith="ZSS").delete()
        Region.objects.filter(code__startswith="ZS").delete()


def build(organisations: int, systems: int, regions: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    region_rows = Region.objects.bulk_create(
        [Region(code=f"ZS{i}", name=f"Bench region {i}") for i in range(regions)])
    system_rows = IntegratedCareSystem.objects.bulk_create(
        [IntegratedCareSystem(code=f"ZSS{i:02d}", name=f"Bench system {i}",
                              region=region_rows[i % regions]) for i in range(systems)])
    orgs = Organisation.objects.bulk_create(
        [Organisation(ods_code=f"ZSO{i:03d}", name=f"BENCH TRUST {i}", kind="acute")
         for i in range(organisations)])
    OrganisationMembership.objects.bulk_create(
        [OrganisationMembership(organisation=o, system=system_rows[i % systems],
                                region=system_rows[i % systems].region,
                                valid_from=dt.date(2022, 7, 1)) for i, o in enumerate(orgs)])
    people = Person.objects.bulk_create(
        [Person(given_name="Bench", family_name=f"Leader{i}", organisation=orgs[i % len(orgs)],
                work_email=f"leader{i}@{EMAIL_DOMAIN}", job_title="Director", pay_band="vsm",
                staff_group="08", professional_background="operations")
         for i in range(organisations * 20)], batch_size=2000)
    today = dt.date.today()
    posts = BoardPost.objects.bulk_create(
        [BoardPost(organisation=o, kind=kind, title=kind.label,
                   incumbent=people[(i * 20 + k) % len(people)], interim=rng.random() < 0.08,
                   expected_vacancy_on=(today + dt.timedelta(days=rng.randint(30, 1500))
                                        if rng.random() < 0.4 else None))
         for i, o in enumerate(orgs) for k, kind in enumerate(KINDS)], batch_size=2000)
    lines = []
    for post in posts:
        if post.kind == BoardPostKind.NON_EXECUTIVE:
            continue
        for person in rng.sample(people, rng.choice((0, 1, 2, 3))):
            if person.pk != post.incumbent_id:
                lines.append(Successor(post=post, person=person,
                                       readiness=rng.choice(Readiness.values)))
    Successor.objects.bulk_create(lines, batch_size=2000)
    return len(posts), len(lines)


def _baseline() -> None:
    list(BoardPost.objects.values_list("pk", "kind", "organisation_id", "incumbent_id",
                                       "expected_vacancy_on"))
    list(Successor.unscoped.values_list("post_id", "person_id", "readiness", "emergency_cover"))
    list(OrganisationMembership.objects.on().values_list("organisation_id", "system_id"))


def _bench() -> None:
    scope = scopes.resolve(scopes.ENGLAND)
    figures.bench_for(scope)


def timed(work, runs: int) -> list[float]:
    work()  # warm-up
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return seconds


class Command(BaseCommand):
    help = "Time bench strength for England over every board post against a baseline."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=250)
        parser.add_argument("--systems", type=int, default=42)
        parser.add_argument("--regions", type=int, default=7)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--keep", action="store_true", help="keep the synthetic load")

    def handle(self, *args, organisations, systems, regions, runs, seed, keep, **options):
        clean_up()
        build(organisations, systems, regions, seed)
        total, lines = BoardPost.objects.count(), Successor.unscoped.count()  # all of England
        try:
            baseline = timed(_baseline, runs)
            bench = timed(_bench, runs)
        finally:
            if not keep:
                clean_up()
        self.stdout.write(
            f"Bench strength for England over {total} board posts and {lines} successors "
            f"({runs} runs):\n"
            f"  baseline (reading the rows): median {statistics.median(baseline):.3f} s, "
            f"slowest {max(baseline):.3f} s\n"
            f"  bench strength: median {statistics.median(bench):.3f} s, slowest "
            f"{max(bench):.3f} s ({statistics.median(bench) / statistics.median(baseline):.1f}"
            f" x the baseline)")
        within = max(bench) < TARGET_SECONDS
        self.stdout.write(f"  target under {TARGET_SECONDS} s: "
                          f"{'met' if within else 'NOT MET'}")

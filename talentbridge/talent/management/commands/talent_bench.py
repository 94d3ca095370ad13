"""`manage.py talent_bench`: server-side timings of talent search and of a 2,000-person
calibration page, over a synthetic load of 100,000 leaders.

Where it runs:
- without DATABASE_URL: a scratch SQLite file, var/talent_bench.sqlite3 (created and migrated
  here; your development database is not touched);
- with DATABASE_URL: that database (PostgreSQL or SQLite), which must be migrated. Use a
  database of its own, e.g. postgres://postgres@127.0.0.1:5432/talentbridge_bench (created here
  if it does not exist).

The load (Person + TalentProfile + one career conversation each + protected characteristics,
review placements and pool memberships) is written with bulk_create and marked so it can be
found again: ODS codes starting "ZT", region "ZQ1", e-mails @talent-bench.talentbridge.invalid.
It is kept between runs (the next run reuses it if the size matches); --reset rebuilds it and
--drop removes it at the end.

What is timed (p50/p95 over --runs, after two warm-up runs):
(a) talent search with three filters (readiness, band, organisation) as a system talent lead:
    `conversation_services.search_talent(user, filters)` if the conversations part provides it,
    otherwise our own query over TalentProfile and Person through `visible_to` (said in the
    output); the first page of 50 and the count.
(b) GET of the calibration page of a review with --grid-people placements, through Django's
    test Client, as the organisation talent lead who runs it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import statistics
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import connections
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from psycopg import sql

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.accounts.models import User
from talentbridge.core.databases import database_from_environment
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.organisations.models import Region
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.talent.conversations.services import search_talent
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import PlacementMove
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewGrid
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models import TalentReview

MARK = "ZT"
REGION_CODE = "ZQ1"
EMAIL_DOMAIN = "talent-bench.talentbridge.invalid"
LEAD = "talent.bench.lead"
SYSTEM_LEAD = "talent.bench.system"
BANDS = ("8a", "8b", "8c", "8d", "9", "vsm")
BATCH = 5000
SEARCH_TARGET_MS, GRID_TARGET_MS = 150, 300


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[index]


def _use_scratch_sqlite(path: Path) -> None:
    """Point the default connection at a scratch SQLite file before anything connects."""

    path.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    merged = {**connections.settings["default"],
              **database_from_environment(f"sqlite:///{path}")}
    settings.DATABASES["default"] = merged
    connections.settings["default"] = merged
    with contextlib.suppress(AttributeError):
        del connections["default"]


def _ensure_postgres_database() -> None:
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        return

    params = {"host": config.get("HOST") or None, "port": config.get("PORT") or None,
              "user": config.get("USER") or None, "password": config.get("PASSWORD") or None}
    with psycopg.connect(dbname="postgres", autocommit=True,
                         **{k: v for k, v in params.items() if v}) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              [config["NAME"]]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def bench_people():
    return Person.unscoped.filter(work_email__endswith="@" + EMAIL_DOMAIN)


def drop_load() -> None:
    users = User.objects.filter(username__in=[LEAD, SYSTEM_LEAD])
    with transaction.atomic():
        PlacementMove.unscoped.filter(moved_by__in=users).delete()
        ReviewPlacement.unscoped.filter(review__created_by__in=users).delete()
        TalentReview.objects.filter(created_by__in=users).delete()
        PoolNomination.unscoped.filter(pool__owner__in=users).delete()
        TalentPool.objects.filter(owner__in=users).delete()
        CareerConversation.unscoped.filter(held_by__in=users).delete()
        bench_people().update(line_manager=None)
        bench_people().delete()
        Organisation.objects.filter(ods_code__startswith=MARK).delete()
        IntegratedCareSystem.objects.filter(code__startswith=MARK).delete()
        Region.objects.filter(code=REGION_CODE).delete()
        users.delete()


class Command(BaseCommand):
    help = ("Time talent search and a 2,000-person calibration page over 100,000 synthetic "
            "leaders (scratch SQLite unless DATABASE_URL is set).")
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--grid-people", type=int, default=2_000)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--scratch", default=str(Path(settings.BASE_DIR) / "var"
                                                     / "talent_bench.sqlite3"),
                            help="the scratch SQLite file used without DATABASE_URL")
        parser.add_argument("--reset", action="store_true", help="rebuild the synthetic load")
        parser.add_argument("--drop", action="store_true", help="remove the load at the end")

    def handle(self, *args, people, grid_people, runs, seed, scratch, reset, drop, **options):
        if people < grid_people or grid_people < 1 or runs < 1:
            raise CommandError("Need --people ≥ --grid-people ≥ 1 and --runs ≥ 1")
        if not os.environ.get("DATABASE_URL"):
            _use_scratch_sqlite(Path(scratch))
        else:
            _ensure_postgres_database()
        call_command("migrate", verbosity=0, interactive=False)
        db = settings.DATABASES["default"]
        self.stdout.write(f"Database: {connections['default'].vendor} "
                          f"({db['NAME']}); {os.cpu_count()} CPUs")
        existing = bench_people().count()
        if reset or (existing and existing != people):
            self.stdout.write(f"Removing the earlier synthetic load ({existing:,} people).")
            drop_load()
            existing = 0
        if not existing:
            started = time.perf_counter()
            counts = self.build(people, grid_people, seed)
            self.stdout.write(f"Built {counts} in {time.perf_counter() - started:.1f} s.")
        else:
            self.stdout.write(f"Reusing the synthetic load ({existing:,} people).")
        try:
            self.time_search(runs * 3, seed)
            self.time_grid(runs)
        finally:
            if drop:
                drop_load()
                self.stdout.write("Synthetic load removed.")

    # ----------------------------------------------------------------------------------
    def build(self, n_people: int, grid_people: int, seed: int) -> str:
        rng = random.Random(seed)
        readiness = list(ReadinessLevel.objects.order_by("order"))
        grid = ReviewGrid.objects.get(code="nine_box")
        cells = list(grid.cells.all())
        with transaction.atomic():
            region = Region.objects.create(code=REGION_CODE, name="Talent bench region")
            systems = [IntegratedCareSystem.objects.create(
                code=f"{MARK}{i:03d}", name=f"NHS Talent Bench {i} ICB", region=region)
                for i in range(20)]
            n_orgs = 200
            orgs = Organisation.objects.bulk_create([
                Organisation(ods_code=f"{MARK}{i:04d}", name=f"TALENT BENCH TRUST {i}",
                             kind="acute") for i in range(n_orgs)])
            OrganisationMembership.objects.bulk_create([
                OrganisationMembership(organisation=o, system=systems[i % 20], region=region,
                                       valid_from=dt.date(2022, 7, 1))
                for i, o in enumerate(orgs)])
            lead = User.objects.create_user(LEAD, password=None, first_name="Bench",
                                            last_name="Lead")
            system_lead = User.objects.create_user(SYSTEM_LEAD, password=None)
            RoleAssignment.objects.create(user=lead, role=Role.ORGANISATION_TALENT_LEAD,
                                          scope_level=ScopeLevel.ORGANISATION,
                                          organisation=orgs[0])
            RoleAssignment.objects.create(user=system_lead, role=Role.SYSTEM_TALENT_LEAD,
                                          scope_level=ScopeLevel.SYSTEM, system=systems[0])
            # The grid organisation gets grid_people + 10%; the rest spread evenly.
            big = int(grid_people * 1.1)
            rest = n_people - big
            people = []
            for i in range(n_people):
                org = orgs[0] if i < big else orgs[1 + (i - big) % (n_orgs - 1)]
                people.append(Person(
                    given_name=f"Bench{i}", family_name=f"Leader{i % 997}",
                    work_email=f"leader{i}@{EMAIL_DOMAIN}", organisation=org,
                    job_title="Deputy Director", pay_band=rng.choice(BANDS), staff_group="08",
                    professional_background="operations",
                    visibility=rng.choice(("organisation", "system", "system", "national"))))
            Person.objects.bulk_create(people, batch_size=BATCH)
            ids = list(bench_people().order_by("pk").values_list("pk", "organisation_id"))
            ProtectedCharacteristics.objects.bulk_create(
                [ProtectedCharacteristics(person_id=pk,
                                          ethnic_category=rng.choice("AAABCHJMNZ"),
                                          sex=rng.choice("12"), disability=rng.choice("NNNY"))
                 for pk, _ in ids], batch_size=BATCH)
            TalentProfile.objects.bulk_create(
                [TalentProfile(person_id=pk, readiness=rng.choice(readiness),
                               open_to_other_organisations=rng.random() < 0.4)
                 for pk, _ in ids], batch_size=BATCH)
            CareerConversation.objects.bulk_create(
                [CareerConversation(person_id=pk, held_by=lead, held_on=dt.date(2026, 5, 1),
                                    status="recorded", readiness=rng.choice(readiness),
                                    aspiration="A director role within two years")
                 for pk, _ in ids], batch_size=BATCH)
            review = TalentReview.objects.create(
                name="Bench calibration", scope_level="organisation", organisation=orgs[0],
                grid=grid, held_on=dt.date(2026, 3, 1), facilitator=lead, created_by=lead,
                status="calibrating")
            grid_ids = [pk for pk, org in ids if org == orgs[0].pk][:grid_people]
            placements = [ReviewPlacement(review=review, person_id=pk, cell=(c := rng.choice(
                cells)), proposed_cell=c, proposed_by=lead, readiness=rng.choice(readiness),
                rationale="Sustained strong delivery against the objectives") for pk in grid_ids]
            # Earlier locked reviews in other organisations, so placements are not all one review
            others = [pk for pk, org in ids if org != orgs[0].pk][:rest // 5]
            older = TalentReview.objects.create(
                name="Bench earlier review", scope_level="system", system=systems[1], grid=grid,
                held_on=dt.date(2025, 3, 1), facilitator=lead, created_by=lead, status="locked")
            placements += [ReviewPlacement(review=older, person_id=pk, cell=(c := rng.choice(
                cells)), proposed_cell=c, proposed_by=lead, rationale="Earlier review")
                for pk in others]
            ReviewPlacement.objects.bulk_create(placements, batch_size=BATCH)
            pool = TalentPool.objects.create(name="Bench pool", purpose="Bench",
                                             entry_criteria="Bench", scope_level="england",
                                             owner=lead)
            members = rng.sample([pk for pk, _ in ids], min(5000, len(ids)))
            PoolMembership.objects.bulk_create(
                [PoolMembership(pool=pool, person_id=pk, joined_on=dt.date(2026, 1, 1),
                                review_on=dt.date(2027, 1, 1)) for pk in members],
                batch_size=BATCH)
        if connections["default"].vendor == "postgresql":
            with connections["default"].cursor() as cursor:
                cursor.execute("ANALYZE")
        return (f"{n_people:,} people with talent profiles, conversations and characteristics; "
                f"{len(placements):,} placements ({len(grid_ids):,} in the timed review); "
                f"{len(members):,} pool members")

    # ----------------------------------------------------------------------------------
    def _report(self, what: str, timings: list[float], target: float,
                cpu: list[float] | None = None) -> None:
        p50, p95 = percentile(timings, 0.5) * 1000, percentile(timings, 0.95) * 1000
        cpu_text = (f"; this process's CPU time p50 {percentile(cpu, 0.5) * 1000:.1f} ms, "
                    f"p95 {percentile(cpu, 0.95) * 1000:.1f} ms" if cpu else "")
        verdict = "met" if p95 <= target else "NOT met"
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        self.stdout.write(f"{what}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(timings)} "
                          f"runs (target p95 ≤ {target} ms: {verdict}); "
                          f"mean {statistics.mean(timings) * 1000:.1f} ms{cpu_text}; "
                          f"load average {load}")

    def time_search(self, runs: int, seed: int) -> None:
        user = User.objects.get(username=SYSTEM_LEAD)
        rng = random.Random(seed + 1)
        readiness = list(ReadinessLevel.objects.values_list("pk", flat=True))
        orgs = list(Organisation.objects.filter(ods_code__startswith=MARK)
                    .order_by("pk").values_list("pk", flat=True))[:10]
        state = {"search": search_talent, "how": "conversation_services.search_talent"}

        def own(filters: dict) -> None:
            people = (Person.objects.visible_to(user)
                      .filter(talent__readiness_id=filters["readiness"],
                              pay_band=filters["pay_band"],
                              organisation_id=filters["organisation"])
                      .select_related("organisation", "talent__readiness")
                      .order_by("family_name", "given_name", "pk"))
            list(people[:50])
            people.count()

        def run(filters: dict) -> None:
            if state["search"] is not None:
                try:
                    result = state["search"](user, filters)
                    list(result[:50]) if hasattr(result, "__getitem__") else list(result)
                    return
                except Exception as error:  # noqa: BLE001 - say so and time our own query
                    self.stdout.write(f"search_talent(user, {filters}) failed: {error!r}")
                    state.update(search=None, how="own query (search_talent refused the "
                                                  "filters given)")
            own(filters)

        timings, cpu = [], []
        for i in range(runs + 2):
            filters = {"readiness": rng.choice(readiness), "pay_band": rng.choice(BANDS),
                       "organisation": rng.choice(orgs)}
            user.__dict__.pop("_talentbridge_grants", None)  # a fresh request each time
            start, start_cpu = time.perf_counter(), time.process_time()
            run(filters)
            if i >= 2:
                timings.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
        self._report(f"(a) talent search, 3 filters, {state['how']}", timings,
                     SEARCH_TARGET_MS, cpu)

    def time_grid(self, runs: int) -> None:
        review = TalentReview.objects.get(name="Bench calibration",
                                          created_by__username=LEAD)
        placed = review.placements.count()
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=LEAD))
        timings, cpu, size = [], [], 0
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["localhost"]):
            for i in range(runs + 2):
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(f"/talent/reviews/{review.pk}/")
                elapsed = time.perf_counter() - start
                used = time.process_time() - start_cpu
                if response.status_code != 200:
                    raise CommandError(f"The calibration page answered {response.status_code}")
                size = len(response.content)
                if i >= 2:
                    timings.append(elapsed)
                    cpu.append(used)
        self._report(f"(b) calibration page, {placed:,} people ({size / 1e6:.1f} MB of HTML)",
                     timings, GRID_TARGET_MS, cpu)

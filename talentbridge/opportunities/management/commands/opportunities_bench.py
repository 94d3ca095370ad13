"""`manage.py opportunities_bench`: time a database-backed match run at scale.

Builds a synthetic load (default 20,000 leaders × 2,000 opportunities, 5 interests each) marked
so it can be found and removed (ODS codes starting "ZB", e-mails @bench.talentbridge.invalid),
then runs the match task body exactly as the worker does (`run_match.call`) and prints how long
it took, phase by phase. Use a scratch database, for example:

    TALENTBRIDGE_VAR_DIR=/tmp/tb-bench manage.py migrate
    TALENTBRIDGE_VAR_DIR=/tmp/tb-bench manage.py opportunities_bench

The synthetic rows are deleted afterwards unless --keep is given.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import connection
from django.db import transaction
from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.accounts.models import User
from talentbridge.core.management.options import add_whole_numbers
from talentbridge.opportunities.codes import Aspiration
from talentbridge.opportunities.models import Interest
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Opportunity
from talentbridge.opportunities.models import Placement
from talentbridge.opportunities.services import default_weights
from talentbridge.opportunities.tasks import run_match
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.talent.frameworks import TravelReach
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import TalentProfile

MARK = "ZB"
EMAIL_DOMAIN = "bench.talentbridge.invalid"
BENCH_USERNAME = "opportunities.bench"
BANDS = ["8a", "8b", "8c", "8d", "9", "vsm"]


def bench_rows():
    return {
        "user": User.objects.filter(username=BENCH_USERNAME),
        "runs": MatchRun.objects.filter(created_by__username=BENCH_USERNAME),
        "opportunities": Opportunity.objects.filter(host__ods_code__startswith=MARK),
        "people": Person.unscoped.filter(work_email__endswith="@" + EMAIL_DOMAIN),
        "organisations": Organisation.objects.filter(ods_code__startswith=MARK),
        "systems": IntegratedCareSystem.objects.filter(code__startswith=MARK),
        "regions": Region.objects.filter(code__startswith="ZR"),
    }


def clean_up() -> None:
    rows = bench_rows()
    with transaction.atomic():
        rows["runs"].delete()
        Placement.unscoped.filter(opportunity__in=rows["opportunities"]).delete()
        rows["opportunities"].delete()  # interests and proposals cascade
        rows["people"].delete()         # characteristics, careers, talent profiles cascade
        rows["organisations"].delete()  # memberships cascade
        rows["systems"].delete()
        rows["regions"].delete()
        rows["user"].delete()


class Command(BaseCommand):
    help = ("Build a synthetic load (leaders × opportunities) in the current database, time a "
            "match run through the background task, print the figures and remove the load.")

    def add_arguments(self, parser):
        add_whole_numbers(parser, people=20_000, opportunities=2_000, organisations=250, seed=2026)
        parser.add_argument("--interests", type=int, default=5,
                            help="interests per person (default 5)")
        parser.add_argument("--keep", action="store_true", help="keep the synthetic rows")

    def handle(self, *args, people, opportunities, interests, organisations, seed, keep,
               **options):
        if min(people, opportunities, interests, organisations) < 1:
            raise CommandError("--people, --opportunities, --interests and --organisations "
                               "must all be at least 1")
        if interests > opportunities:
            raise CommandError(f"--interests ({interests}) cannot exceed --opportunities "
                               f"({opportunities})")
        if bench_rows()["organisations"].exists():
            self.stdout.write("Removing the synthetic rows of an earlier bench run first.")
            clean_up()
        start = time.perf_counter()
        run_id = self.build(people, opportunities, interests, organisations, seed)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # fresh tables: give the planner statistics
                cursor.execute("ANALYZE")
        built = time.perf_counter() - start
        self.stdout.write(f"Built {people:,} leaders, {opportunities:,} opportunities and "
                          f"{people * interests:,} interests in {built:.1f} s.")
        try:
            self.time_run(run_id)
        finally:
            if not keep:
                clean_up()
                self.stdout.write("Synthetic rows removed.")

    def time_run(self, run_id: int) -> None:
        start = time.perf_counter()
        result = run_match.call(run_id)
        seconds = time.perf_counter() - start
        run = MatchRun.objects.get(pk=run_id)
        if run.status != "succeeded":
            raise CommandError(f"The match run failed: {run.error}")
        excluded = sum(run.exclusions.values())
        self.stdout.write(
            f"Match run {run.pk} ({result['status']}): {run.candidates:,} people, "
            f"{run.opportunities:,} opportunities with {run.seats:,} places, "
            f"{run.pairs:,} pairs passing the hard rules ({excluded:,} set aside: "
            + ", ".join(f"{k} {v:,}" for k, v in run.exclusions.items()) + ").\n"
            f"  optimal merit total {run.merit_total:,} with {run.placements:,} proposals; "
            f"greedy {run.greedy_merit_total:,} with {run.greedy_placements:,}\n"
            f"  solver {run.solve_seconds:.2f} s; whole task {seconds:.2f} s "
            f"(target under 30 s: {'met' if seconds < 30 else 'NOT met'})")

    @transaction.atomic
    def build(self, n_people: int, n_opps: int, per_person: int, n_orgs: int,
              seed: int) -> int:
        rng = random.Random(seed)
        today = timezone.localdate()
        regions = [Region.objects.create(code=f"ZR{i}", name=f"Bench region {i}")
                   for i in range(4)]
        systems = [IntegratedCareSystem.objects.create(
            code=f"{MARK}{i:03d}", name=f"NHS Bench {i} Integrated Care Board",
            region=regions[i % len(regions)]) for i in range(max(1, n_orgs // 6))]
        orgs = Organisation.objects.bulk_create([
            Organisation(ods_code=f"{MARK}{i:04d}", name=f"BENCH TRUST {i}",
                         kind=rng.choice(["acute", "mental_health", "community", "icb"]),
                         is_nhs=rng.random() > 0.05) for i in range(n_orgs)])
        OrganisationMembership.objects.bulk_create([
            OrganisationMembership(organisation=o, system=systems[i % len(systems)],
                                   region=systems[i % len(systems)].region,
                                   valid_from=dt.date(2022, 7, 1))
            for i, o in enumerate(orgs)])
        people = Person.objects.bulk_create([
            Person(given_name="Bench", family_name=f"Leader{i}",
                   work_email=f"leader{i}@{EMAIL_DOMAIN}", organisation=rng.choice(orgs),
                   job_title="Director", pay_band=rng.choice(BANDS), staff_group="08",
                   professional_background="operations", visibility="national")
            for i in range(n_people)], batch_size=2000)
        ProtectedCharacteristics.objects.bulk_create([
            ProtectedCharacteristics(person=p, ethnic_category=rng.choice("AAAACHJMNZ"),
                                     sex=rng.choice("1122X"), disability=rng.choice("NNNNYZU"))
            for p in people], batch_size=2000)
        CareerHistoryEntry.objects.bulk_create([
            CareerHistoryEntry(person=p, organisation=rng.choice(orgs), role_title="Manager",
                               kind="substantive", started_on=dt.date(2015, 4, 1),
                               ended_on=dt.date(2019, 3, 31))
            for p in people for _ in range(2)], batch_size=2000)
        # 80% have a talent profile (as a career conversation would leave it); the rest
        # have the profile's defaults.
        roles = ["", *Aspiration.labels, "Director of Nursing", "Chief Operating Officer"]
        levels = [None, *ReadinessLevel.objects.order_by("order").values_list("pk", flat=True)]
        TalentProfile.objects.bulk_create([
            TalentProfile(person=p, readiness_id=rng.choice(levels),
                          aspiration_role=rng.choice(roles),
                          open_to_other_organisations=rng.random() < 0.9,
                          open_to_other_sectors=rng.random() < 0.3,
                          travel_reach=rng.choice(TravelReach.values),
                          open_to_relocation=rng.random() < 0.1,
                          development_need_mask=rng.randrange(64))
            for p in people if rng.random() < 0.8], batch_size=2000)
        opportunities = Opportunity.objects.bulk_create([
            self._opportunity(rng, orgs, i, today) for i in range(n_opps)], batch_size=2000)
        rows = []
        for p in people:
            for rank, o in enumerate(rng.sample(opportunities, per_person), start=1):
                nominated = rng.random() < 0.1
                rows.append(Interest(opportunity=o, person=p,
                                     source="nominated" if nominated else "self",
                                     preference_rank=None if nominated else rank))
        Interest.objects.bulk_create(rows, batch_size=5000)
        user = User.objects.create_user(BENCH_USERNAME, password=None)
        RoleAssignment.objects.create(user=user, role=Role.NATIONAL_LEAD,
                                      scope_level=ScopeLevel.ENGLAND)
        return MatchRun.objects.create(scope="national", created_by=user,
                                       weights=_weights(), release_cap=20).pk

    @staticmethod
    def _opportunity(rng, orgs, i, today):
        host = rng.choice(orgs)
        where = _placement_cache(placements_on).get(host.pk)
        low = rng.randrange(3)
        high = rng.randrange(3, len(BANDS))
        return Opportunity(
            title=f"Bench opportunity {i}", kind="secondment", summary="-", host=host,
            system_id=where.system_id, region_id=where.region_id,
            remote_possible=rng.random() < 0.2, develops_mask=rng.randrange(1, 64),
            band_min=BANDS[low], band_max=BANDS[high], seats=rng.randint(1, 3),
            starts_on=today + dt.timedelta(days=90), ends_on=today + dt.timedelta(days=270),
            closes_on=today + dt.timedelta(days=30),
            reach=rng.choice(["system", "region", "national", "national", "national"]),
            status="published")


_CACHE: dict = {}


def _placement_cache(loader):
    if "placements" not in _CACHE:
        _CACHE["placements"] = loader()
    return _CACHE["placements"]


def _weights():
    return default_weights()

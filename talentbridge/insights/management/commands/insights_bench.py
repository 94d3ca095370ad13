"""`manage.py insights_bench [--rows 1500000] [--repeat 5] [--keep]`.

Generates a synthetic ESR-style snapshot with the engine's benchmark generator (organisation
codes mapped onto the NHS trusts in the reference data), imports it through the same service
as the import page (timed), adds a second, earlier snapshot so the dashboard also shows change,
then times the England dashboard page with Django's test client: the median of N requests with
the figures cache off (every request computes from the Parquet files) and with it on. Prints the
timings and removes everything it made unless --keep.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time

import polars as pl
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.test import Client
from django.test import override_settings
from django.utils import timezone

from engine.insights import bench
from engine.insights import snapshot as engine_snapshot
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import User
from talentbridge.core.management.options import add_whole_numbers
from talentbridge.insights import figures
from talentbridge.insights import scopes
from talentbridge.insights import services
from talentbridge.insights import storage
from talentbridge.insights.models import ImportStatus
from talentbridge.insights.models import WorkforceSnapshot

BENCH_USER = "insights-bench"


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


class Command(BaseCommand):
    help = ("Benchmark a large snapshot import and the England insights dashboard (cold: every "
            "request reads the snapshot's Parquet file; warm: figures cached).")

    def add_arguments(self, parser):
        add_whole_numbers(parser, rows=1_500_000, seed=42, repeat=5)
        parser.add_argument("--keep", action="store_true", help="keep the bench snapshots")

    def handle(self, *args, rows: int, seed: int, repeat: int, keep: bool, **options):
        say = self.stdout.write
        today = timezone.localdate()
        orgs = sorted(services.required_organisations(scopes.ENGLAND_SCOPE, today))
        if not orgs:
            raise CommandError("No NHS trusts in the database: run load_reference_data first.")
        days = [today - dt.timedelta(days=365), today]
        if WorkforceSnapshot.objects.ready().filter(as_of__in=days).exists():
            raise CommandError(f"A snapshot as of {days[0]} or {days[1]} exists already; the "
                               "bench needs those dates free.")
        say(f"Generating {rows:,} staff over {len(orgs)} trusts (seed {seed})...")
        t_gen, data = _timed(lambda: self._csv(rows, orgs, seed))
        say(f"  generated {len(data) / 1e6:.0f} MB of CSV in {t_gen:.1f} s")
        made: list[WorkforceSnapshot] = []
        user = None
        try:
            previous = self._previous(rows, orgs, seed + 1, days[0])
            made.append(previous)
            t_import, (record, _) = _timed(lambda: services.start_snapshot_import(
                None, data, filename=f"bench-{rows}.csv", as_of=days[1],
                run=services.run_snapshot_import))
            record.refresh_from_db()
            made.append(record)
            if record.status != ImportStatus.READY:
                raise CommandError(f"Import failed: {record.message} {record.errors[:3]}")
            say(f"Import (validate {rows:,} rows, write Parquet, summary): {t_import:.2f} s "
                f"({rows / t_import:,.0f} rows/s)")
            user = User.objects.create_user(BENCH_USER)
            RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR,
                                          scope_level="england")
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            for label, url in (("England dashboard", "/insights/"),
                               ("England WRES page", "/insights/wres/"),
                               ("Region dashboard (Y62)", "/insights/?scope=region:Y62")):
                for cache_on in (False, True):
                    with override_settings(INSIGHTS_CACHE=cache_on):
                        response = client.get(url)  # warm-up (and fills the cache)
                        if response.status_code != 200:
                            raise CommandError(f"{url} gave {response.status_code}")
                        times = []
                        for _ in range(repeat):
                            if not cache_on:  # cold: nothing of this snapshot in memory
                                figures._by_organisation.cache_clear()
                            t, response = _timed(lambda u=url: client.get(u))
                            times.append(t * 1000)
                    state = ("warm (figures cached)" if cache_on
                             else "cold (nothing in memory or cache)")
                    say(f"{label}, {rows:,} rows, {state}: "
                        f"median {statistics.median(times):.0f} ms of {repeat} "
                        f"(min {min(times):.0f}, max {max(times):.0f}); "
                        f"{len(response.content) / 1024:.0f} KB")
        finally:
            if user is not None:
                user.delete()
            if not keep:
                for record in made:
                    storage.remove(record.parquet_path)
                    record.delete()
                say("Removed the bench snapshots." if made else "")

    def _csv(self, rows: int, orgs: list[str], seed: int) -> bytes:
        frames = bench.generate(rows, len(orgs), seed)
        snap = frames["snapshot"]
        generated = sorted(snap["org_code"].unique().to_list())
        mapping = dict(zip(generated, orgs, strict=False))
        snap = snap.with_columns(pl.col("org_code").replace_strict(mapping))
        buf = io.BytesIO()
        snap.write_csv(buf, date_format="%Y-%m-%d")
        return buf.getvalue()

    def _previous(self, rows: int, orgs: list[str], seed: int, as_of: dt.date):
        """An earlier snapshot written straight to Parquet (not timed)."""
        frame = engine_snapshot.import_snapshot(self._csv(rows, orgs, seed))
        relative = storage.new_path("parquet", ".parquet")
        summary = engine_snapshot.write_parquet(frame, storage.absolute(relative))
        record = WorkforceSnapshot.objects.create(
            as_of=as_of, source_filename=f"bench-previous-{rows}.csv", file_hash="bench",
            content_hash=summary.content_hash, rows=summary.rows,
            organisations=len(summary.per_org), per_organisation=summary.per_org,
            parquet_path=relative, status=ImportStatus.READY, progress=100)
        figures.precompute(record)  # as an import does
        return record

"""`talentbridge loadtest`: hundreds of people on the production profile at once, with an
import and a match run going on behind them; prints per kind of page how long it took against
a trivial page, PASS or FAIL against the targets, and the slowest queries.

    talentbridge loadtest [--users 50,200] [--seconds 60] [--processes 1,2] [--leaders 5000]

What it does, in order (docs/performance.md):

1. prepares a scratch PostgreSQL database (``--database``, default ``talentbridge_load``) with
   the demo built under the demo profile (``--leaders`` leaders), or reuses it when the demo
   is already there (it says which);
2. for each number of web processes and each number of people: starts gunicorn with the
   production settings file (talentbridge/config/gunicorn.py) under the load test's profile
   (the production profile plus a query log, ``talentbridge.config.settings.loadtest``), two
   task workers, queues a snapshot import and a national match run, and runs locust headless
   (talentbridge/loadtest/locustfile.py) for ``--seconds`` after every person has signed in;
   the first run also has fifty people sign in within five seconds half-way through;
3. prints the figures and PASS or FAIL for each target, both throughputs side by side, and the
   slowest queries, whose plans it writes to ``explain.md`` in the output folder.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psutil
import psycopg
import redis
import requests
from cryptography.fernet import Fernet
from rich.console import Console
from rich.table import Table

from talentbridge.loadtest import report

#: The demo sign-ins (talentbridge/demo/users.py; not imported: that needs Django set up).
DEMO_USERNAMES = ("leader", "manager", "org.lead", "org.admin", "system.lead", "regional.lead",
                  "national.lead", "programme.manager", "admin", "analyst")  # analyst last
PASSWORD = os.environ.get("TALENTBRIDGE_DEMO_PASSWORD") or "demo-password-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

#: the insights pages the load test's people ask for (talentbridge/loadtest/locustfile.py)
INSIGHTS_PAGES = ("/insights/", "/insights/wres/", "/insights/progression/")
ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
#: Targets: every kind's p95 within this multiple of the trivial page's, by number of people.
RATIO_TARGETS = ((50, 10.0), (200, 20.0))
#: The burst must not make other pages' p95 more than this multiple of theirs after it.
BURST_TARGET = 2.0
SPAWN_PER_SECOND = 10
console = Console(width=120)


def _counts(text: str) -> list[int]:
    """A comma-separated list of whole numbers of at least 1, e.g. "50,200"."""
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of whole numbers from 1, "
                                         "e.g. 50,200")
    return counts


def _positive(text: str) -> int:
    """A whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1")
    return int(text)


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="talentbridge loadtest", description=__doc__.split("\n")[0])
    p.add_argument("--users", type=_counts, default="50,200",
                   help="people at once, per run (default 50,200)")
    p.add_argument("--seconds", type=_positive, default=60,
                   help="seconds of load once everyone has signed in (default 60)")
    p.add_argument("--processes", type=_counts, default="1,2",
                   help="gunicorn worker processes, per series of runs (default 1,2)")
    p.add_argument("--threads", type=_positive, default=8, help="threads per process (default 8)")
    p.add_argument("--burst", type=int, default=50, help="sign-ins in the burst (0: none)")
    p.add_argument("--leaders", type=int, default=5000, help="demo leaders when building")
    p.add_argument("--database", default="talentbridge_load")
    p.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--redis-db", type=int, default=13,
                   help="Redis database number at 127.0.0.1:6379 (emptied first)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--rebuild", action="store_true", help="drop and rebuild the database")
    p.add_argument("--top", type=int, default=5, help="slowest queries to EXPLAIN")
    return p.parse_args(argv)


def _environment(args, out: Path) -> dict[str, str]:
    """The production profile's environment (docs/production.md), with fresh secrets."""
    var = Path(os.environ.get("TALENTBRIDGE_VAR_DIR", ROOT / "var")) / "load"
    return {**os.environ,
            "DJANGO_SETTINGS_MODULE": "talentbridge.config.settings.loadtest",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "TALENTBRIDGE_LEARNING_KEYS": Fernet.generate_key().decode(),
            "DATABASE_URL": f"{args.postgres}/{args.database}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "TALENTBRIDGE_TRUSTED_PROXIES": "127.0.0.1",
            "TALENTBRIDGE_VAR_DIR": str(var),
            "TALENTBRIDGE_QUERY_LOG_DIR": str(out / "queries"),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING"}


def _run(env: dict, *command: str, quiet: bool = True) -> str:
    done = subprocess.run([sys.executable, *command], env=env, check=True,  # noqa: S603
                          capture_output=quiet, text=True, cwd=ROOT)
    return done.stdout or ""


def _built(env: dict) -> bool:
    """The demo is in the database, and its snapshots' files in the load test's folder."""
    with psycopg.connect(env["DATABASE_URL"]) as db:
        if not db.execute("SELECT to_regclass('insights_workforcesnapshot') IS NOT NULL"
                          ).fetchone()[0]:
            return False
        users = db.execute("SELECT count(*) FROM accounts_user WHERE username = 'national.lead'"
                           ).fetchone()[0]
        files = [row[0] for row in db.execute(
            "SELECT parquet_path FROM insights_workforcesnapshot WHERE status = 'ready'")]
    folder = Path(env["TALENTBRIDGE_VAR_DIR"]) / "snapshots"
    return bool(users and files) and all((folder / f).exists() for f in files)


def prepare(args, env: dict) -> None:
    """The demo in the scratch database, built under the demo profile (the production profile
    refuses demo data), or reused."""
    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                               [args.database]).fetchone()
        # Built again when asked, or half-built, or its files are not in this folder.
        if exists and (args.rebuild or not _built(env)):
            admin.execute(f'DROP DATABASE "{args.database}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{args.database}"')
    if _built(env):
        console.print(f"Reusing the demo already built in {args.database} "
                      "(--rebuild to build it again).")
    else:
        console.print(f"Building the demo ({args.leaders:,} leaders) in {args.database} under "
                      "the demo profile (a few minutes)...")
        demo_env = {**env, "DJANGO_SETTINGS_MODULE": "talentbridge.config.settings.demo"}
        _run(demo_env, "-m", "talentbridge.cli", "demo", "--no-serve",
             "--leaders", str(args.leaders))
    _run(env, "-m", "django", "migrate", "--no-input")
    _run(env, "-m", "django", "collectstatic", "--no-input")
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
        db.execute("ANALYZE")


def _spawn(env: dict, log: Path, *command: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *command], env=env, cwd=ROOT,  # noqa: S603
                            stdout=log.open("ab"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - our server
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


def _sign_in_once(host: str, username: str) -> requests.Session:
    """Each demo account signs in once before the clock starts: one whose password was hashed
    with other Argon2 parameters is re-hashed then (docs/performance.md), which ends its other
    sessions, as it would for a person's first sign-in after the parameters change."""
    session = requests.Session()
    session.headers["X-Forwarded-For"] = "10.255.255.1"
    token = CSRF.search(session.get(f"{host}/accounts/sign-in/", timeout=60).text)
    answer = session.post(f"{host}/accounts/sign-in/", allow_redirects=False, timeout=60, data={
        "csrfmiddlewaretoken": token.group(1) if token else "", "username": username,
        "password": PASSWORD})
    if answer.status_code != 302:
        raise SystemExit(f"The demo sign-in {username} was refused ({answer.status_code}).")
    return session


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by gunicorn's web processes (the master's children)."""
    total = 0.0
    for process in psutil.Process(pid).children():
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def _idle_p95(session: requests.Session, host: str) -> float:
    """The trivial page's p95 (ms) with nobody else about: how far the run's own p95 of it is
    above this says how long requests queued for a free thread."""
    times = []
    for _ in range(20):
        started = time.perf_counter()
        session.get(f"{host}/healthz", timeout=60)
        times.append((time.perf_counter() - started) * 1000)
    return report.percentile(times, 95)


@contextmanager
def service(args, env: dict, out: Path, processes: int):
    """gunicorn with the production settings file, and two task workers beside it."""
    log = out / "server.log"
    web = _spawn(env, log, "-m", "gunicorn", "-c", "python:talentbridge.config.gunicorn",
                 "talentbridge.config.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
                 "--workers", str(processes), "--threads", str(args.threads),
                 "--access-logfile", "/dev/null")
    workers = [_spawn(env, log, "-m", "django", "work_worker") for _ in range(2)]
    try:
        _wait_until_up(f"http://127.0.0.1:{args.port}/healthz")
        for _ in range(4 * processes):  # each process loads its templates before the clock
            _wait_until_up(f"http://127.0.0.1:{args.port}/accounts/sign-in/")
        for username in DEMO_USERNAMES:
            session = _sign_in_once(f"http://127.0.0.1:{args.port}", username)
            # The insights figures as a running service has them: in Redis, put there by the
            # import's worker or the first page after a restart (docs/performance.md), for
            # every area the load test's people see (a page they may not see just refuses).
            for page in INSIGHTS_PAGES:
                session.get(f"http://127.0.0.1:{args.port}{page}", timeout=600)
        # and every process has read the snapshots' per-organisation counts it keeps in
        # memory (a new connection each time, so each lands on whichever process is free)
        for _ in range(4 * processes):
            for page in INSIGHTS_PAGES:
                session.get(f"http://127.0.0.1:{args.port}{page}", timeout=600,
                            headers={"Connection": "close"})
        yield (f"http://127.0.0.1:{args.port}", _idle_p95(session, f"http://127.0.0.1:{args.port}"),
               web.pid)
    finally:
        for process in [web, *workers]:
            _stop(process)


def run_locust(args, env: dict, host: str, out: Path, users: int, burst: int,
               processes: int) -> Path:
    """locust headless: `users` people arriving SPAWN_PER_SECOND a second, each signing in,
    then `--seconds` of work; the trivial page and the burst run beside them."""
    ramp = users / SPAWN_PER_SECOND
    log = out / f"requests-{processes}p-{users}.tsv"
    log.unlink(missing_ok=True)
    locust_env = {**env, "TALENTBRIDGE_LOAD_REQUESTS": str(log),
                  "TALENTBRIDGE_LOAD_BURST": str(burst),
                  "TALENTBRIDGE_LOAD_BURST_AT": str(ramp + args.seconds / 2)}
    _run(locust_env, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
         "--host", host, "--users", str(users + 2), "--spawn-rate", str(SPAWN_PER_SECOND),
         "--run-time", f"{int(ramp + args.seconds)}s", "--stop-timeout", "10",
         "--csv", str(out / f"locust-{processes}p-{users}"), "--exit-code-on-error", "0",
         "--loglevel", "ERROR")
    return log


def _target(users: int) -> float:
    return next((ratio for most, ratio in RATIO_TARGETS if users <= most), RATIO_TARGETS[-1][1])


def _verdict(ok: bool) -> str:
    return "[green]PASS[/green]" if ok else "[red]FAIL[/red]"


def print_run(summary: report.Summary, users: int, processes: int) -> list[bool]:
    """The per-kind table of one run, and its targets: no failures, every kind within the
    ratio of the trivial page."""
    table = Table(title=f"{users} people, {processes} web process(es): {summary.requests:,} "
                        f"requests, {summary.per_second:.1f}/s, {summary.failures} failures")
    for column in ("kind of page", "requests", "failures", "p50 ms", "p95 ms", "p99 ms",
                   "p95 ÷ trivial p95"):
        table.add_column(column, justify="left" if column == "kind of page" else "right")
    for kind in summary.kinds.values():
        table.add_row(kind.name, f"{len(kind.times):,}", str(kind.failures),
                      f"{kind.percentile(50):.0f}", f"{kind.percentile(95):.0f}",
                      f"{kind.percentile(99):.0f}", f"{summary.ratio(kind):.1f}×")
    console.print(table)
    target = _target(users)
    worst, ratio = summary.worst()
    checks = [summary.failures == 0, ratio <= target]
    console.print(f"  {_verdict(checks[0])} no failures ({summary.failures})")
    console.print(f"  {_verdict(checks[1])} every kind's p95 within {target:.0f}× the trivial "
                  f"page's ({summary.trivial_p95:.0f} ms): worst {worst} at {ratio:.1f}×")
    return checks


def print_burst(found: report.Burst | None) -> list[bool]:
    if found is None:
        return []
    checks = [found.failures == 0, found.ratio <= BURST_TARGET]
    console.print(f"  {_verdict(checks[0])} burst: {found.sign_ins} sign-ins in "
                  f"{found.seconds:.1f} s, {found.failures} failed")
    console.print(f"  {_verdict(checks[1])} burst: other pages' p95 {found.during_p95:.0f} ms "
                  f"during it, {found.after_p95:.0f} ms after ({found.ratio:.2f}×; target "
                  f"≤ {BURST_TARGET:.0f}×)")
    return checks


def print_throughputs(results: dict[tuple[int, int], report.Summary], users: list[int],
                      processes: list[int]) -> None:
    table = Table(title="Requests per second by web processes (same database, same load)")
    table.add_column("people")
    for p in processes:
        table.add_column(f"{p} process(es)", justify="right")
    if len(processes) > 1:
        table.add_column(f"{processes[-1]} ÷ {processes[0]}", justify="right")
    for u in users:
        rates = [results[(p, u)].per_second for p in processes]
        extra = [f"{rates[-1] / rates[0]:.2f}×"] if len(rates) > 1 and rates[0] else []
        table.add_row(str(u), *(f"{r:.1f}" for r in rates), *extra)
    console.print(table)


def print_queries(env: dict, out: Path, top: int) -> None:
    rows = json.loads(_run(env, "-m", "talentbridge.loadtest.explain", str(out / "queries"),
                           str(top)))
    table = Table(title=f"Slowest queries by total time (all runs); plans of the top {top} "
                        f"reads in {out / 'explain.md'}")
    for column in ("#", "runs", "total ms", "mean ms", "max ms", "statement"):
        table.add_column(column, justify="left" if column == "statement" else "right")
    for n, row in enumerate(rows[:10], start=1):
        table.add_row(str(n), f"{row['count']:,}", f"{row['total'] * 1000:.0f}",
                      f"{row['total'] * 1000 / row['count']:.1f}", f"{row['max'] * 1000:.1f}",
                      row["text"][:160])
    console.print(table)


def one_run(args, env: dict, out: Path, running: tuple, processes: int, users: int,
            burst: int) -> tuple[report.Summary, list[bool]]:
    """One number of people on the running service (host, idle p95, web master's pid)."""
    host, idle_p95, web = running
    queued = json.loads(_run(env, "-m", "talentbridge.loadtest.background", "queue",
                             str(users + processes)))
    cpu = cpu_seconds(web)
    log = run_locust(args, env, host, out, users, burst, processes)
    cpu = cpu_seconds(web) - cpu
    work = json.loads(_run(env, "-m", "talentbridge.loadtest.background", "report",
                           json.dumps(queued)))
    requests = report.read(log)
    summary = report.summarise(requests)
    checks = print_run(summary, users, processes)
    console.print(f"  web processes' CPU per request: {cpu * 1000 / max(summary.requests, 1):.0f} "
                  "ms (all kinds of page together)")
    console.print(f"  the trivial page's p95 was {summary.trivial_p95 / max(idle_p95, 0.1):.0f}× "
                  f"its p95 with nobody else about ({idle_p95:.0f} ms): the difference is "
                  "waiting, for a free thread and for a core")
    checks += print_burst(report.burst(requests))
    console.print("  background work at the end: "
                  + "; ".join(f"{k} {v}" for k, v in work.items()))
    return summary, checks


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it happens, even in a log
    users, processes = args.users, args.processes
    out = Path(os.environ.get("TALENTBRIDGE_VAR_DIR", ROOT / "var")) / "load" / "results"
    (out / "queries").mkdir(parents=True, exist_ok=True)
    for old in (out / "queries").glob("queries-*.json"):
        old.unlink()
    env = _environment(args, out)
    started = time.monotonic()
    prepare(args, env)
    _run(env, "-m", "talentbridge.loadtest.background", "cleanup")  # earlier load tests' imports
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # the load test's own database only
    results, checks = {}, []
    for p in reversed(processes):  # one service per number of processes, for every load
        with service(args, env, out, p) as running:
            for u in users:
                burst = args.burst if not results else 0  # the first run only
                results[(p, u)], passed = one_run(args, env, out, running, p, u, burst)
                checks += passed
    print_throughputs(results, users, processes)
    print_queries(env, out, args.top)
    console.print(f"{sum(checks)} of {len(checks)} targets met; "
                  f"{time.monotonic() - started:.0f} s in all. Results in {out}.")
    return 0 if all(checks) else 1

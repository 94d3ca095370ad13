"""`talentbridge`: the one console command for people who run TalentBridge.

Commands that work on files alone (`match`, `mentoring`, `insights`, `tenure`) never touch the
database; the rest set up Django first. `talentbridge --help` lists them all.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable

#: The demo profile: the local one (SQLite, 127.0.0.1) with DEBUG off, so errors show the NHS
#: 404 and 500 pages. A deployment sets DJANGO_SETTINGS_MODULE to the production profile.
DEFAULT_SETTINGS = "talentbridge.config.settings.demo"


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    # Django is set up by the command first
    import django

    django.setup()


def _call(command: str, *args: str, **options) -> None:
    _django()
    # Django is set up by the command first
    from django.core.management import call_command

    call_command(command, *args, **options)


def cmd_setup(args) -> int:
    """Create or upgrade the database and load the NHS reference data."""
    _django()
    # Django is set up by the command first
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and database["NAME"] != ":memory:":
        os.makedirs(os.path.dirname(database["NAME"]), exist_ok=True)
    _call("migrate", interactive=False, verbosity=0)
    _call("createcachetable", verbosity=0)
    _call("load_reference_data")
    return 0


def cmd_demo(args) -> int:
    """Set up, build the synthetic demo NHS, start a task worker and serve on 127.0.0.1."""
    _django()
    # after the command has set Django up
    from talentbridge.demo.guard import refusal

    if reason := refusal():  # before setup, so a refused demo changes nothing at all
        print(reason, file=sys.stderr)
        return 2
    cmd_setup(args)
    demo_args = ["--seed", str(args.seed), "--leaders", str(args.leaders)]
    if args.reset:
        demo_args.append("--reset")
    _call("demo_data", *demo_args)
    if args.no_serve:
        return 0
    return _serve(args.host, args.port, with_worker=True)


def _serve(host: str, port: int, *, with_worker: bool) -> int:
    env = {**os.environ}
    env.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    worker = None
    if with_worker:
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "django", "work_worker"], env=env
        )
    print(f"TalentBridge is running at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    try:
        return subprocess.call(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "talentbridge.config.wsgi:application",
             "--bind", f"{host}:{port}", "--workers", "2", "--threads", "4",
             "--access-logfile", "-"],
            env=env,
        )
    except KeyboardInterrupt:
        return 0
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


def cmd_serve(args) -> int:
    """Serve the web app and API with gunicorn (a task worker too, unless --no-worker)."""
    return _serve(args.host, args.port, with_worker=not args.no_worker)


def cmd_worker(args) -> int:
    """Run the background task worker (imports, match runs, e-mails); it also marks work
    whose worker stopped as failed."""
    _call("work_worker")
    return 0


def cmd_mark_stale_work(args) -> int:
    """Mark running imports and match runs whose worker stopped as failed (for a retry)."""
    _call("mark_stale_work", older_than=args.older_than)
    return 0


def cmd_erase_expired(args) -> int:
    """Erase what passed its retention period (run daily; idempotent)."""
    _call("erase_expired", dry_run=args.dry_run, queue=args.queue)
    return 0


def cmd_prune_audit_trail(args) -> int:
    """Delete audit events past their retention period (as the database owner)."""
    _call("prune_audit_trail")
    return 0


def cmd_load_reference_data(args) -> int:
    """Load NHS regions, systems and trusts from the bundled ODS files (idempotent)."""
    _call("load_reference_data")
    return 0


class _Refused(Exception):
    """A command refused: :func:`main` prints the message to stderr and exits with status 2."""


def _accounts_service(name: str, refusal: str, *args, **kwargs):
    """Call ``talentbridge.cli_accounts.<name>``: its result; a refusal (``refusal``: the
    problem) ends the command."""
    _django()
    # after the command has set Django up
    from talentbridge import cli_accounts

    try:
        return getattr(cli_accounts, name)(*args, **kwargs)
    except (cli_accounts.UserCreationError, cli_accounts.TokenError) as error:
        raise _Refused(f"{refusal}: {error}") from error


def cmd_create_user(args) -> int:
    """Create a user and give them a role at a scope; the password comes from the environment."""
    password = os.environ.get(args.password_env, "")
    user = _accounts_service(
        "create_user", "Nothing was created", username=args.username, email=args.email,
        password=password, role=args.role, scope=args.scope,
    )
    print(f"Created {user.username}" + (f" as {args.role} for {args.scope or 'England'}"
                                        if args.role else ""))
    return 0


def cmd_issue_token(args) -> int:
    """Issue an API token for a user, with scopes and an expiry; the secret is printed once.
    Only an operator with a shell on the server can run this; it is audited as 'cli'."""
    token, secret = _accounts_service(
        "issue_token_cli", "No token was issued", args.username, args.name,
        [s.strip() for s in args.scopes.split(",")], args.days,
    )
    print(f"Token {token.prefix} for {args.username} ({args.name}), scopes "
          f"{', '.join(token.scopes)}, expires {token.expires_at:%Y-%m-%d %H:%M %Z}. "
          f"Keep this secret safe; it is shown only now:\n{secret}")
    return 0


def cmd_revoke_token(args) -> int:
    """Revoke an API token by its prefix."""
    token = _accounts_service("revoke_token_cli", "Nothing was revoked", args.prefix)
    print(f"Revoked token {token.prefix} of {token.user.username}.")
    return 0


def cmd_unlink_sso(args) -> int:
    """Unbind a user's single sign-on identity (their next SSO binds again by e-mail)."""
    identity = _accounts_service("unlink_single_sign_on", "Nothing was unlinked", args.username)
    print(f"Unlinked {args.username} from their account at {identity.issuer}.")
    return 0


def _backup_service(name: str, refusal: str, *args, **kwargs) -> str:
    """Call ``talentbridge.core.backup.<name>``: its manifest described; a refusal
    (``refusal``: the problem) ends the command."""
    _django()
    # after the command has set Django up
    from talentbridge.core import backup

    try:
        return backup.described(getattr(backup, name)(*args, **kwargs))
    except backup.BackupError as error:
        raise _Refused(f"{refusal}: {error}") from error


def cmd_backup(args) -> int:
    """Back up the database and the stored files (imports, snapshots, feeds) to a new folder."""
    what = _backup_service("backup", "No backup was made", args.output)
    print(f"Backed up {what} to {args.output}.")
    return 0


def cmd_restore(args) -> int:
    """Restore a backup, all or nothing: refused if it is missing or corrupt, or if the
    database or the folders hold anything (unless --replace)."""
    what = _backup_service("restore", "Nothing was restored", args.input, replace=args.replace)
    print(f"Restored {what} from {args.input}.")
    return 0


def cmd_manage(args) -> int:
    """Run any Django management command (for operators)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    # Django is set up by the command first
    from django.core.management import execute_from_command_line

    execute_from_command_line(["talentbridge manage", *args.rest])
    return 0


def _forward(module: str) -> Callable:
    def run(args) -> int:
        # after the command has set Django up
        from importlib import import_module

        return import_module(module).main(args.rest)

    return run


def build_parser() -> argparse.ArgumentParser:  # long: one entry per command, in help order
    parser = argparse.ArgumentParser(
        prog="talentbridge",
        description="TalentBridge: leadership talent management for the NHS in England.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, func: Callable, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add("demo", cmd_demo, "set up, build demo data and serve at http://127.0.0.1:8000")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--leaders", type=int, default=20000)
    p.add_argument("--reset", action="store_true", help="rebuild the demo data from scratch")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="build the data but do not serve")

    add("setup", cmd_setup, "create or upgrade the database and load reference data")

    p = add("serve", cmd_serve, "serve the web app and API with gunicorn")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-worker", action="store_true", help="do not start a task worker")

    add("worker", cmd_worker, "run the background task worker")
    p = add("mark-stale-work", cmd_mark_stale_work,
            "mark imports and match runs whose worker stopped as failed, to retry them")
    p.add_argument("--older-than", type=float, default=None, metavar="SECONDS",
                   help="heartbeat older than this many seconds (default 180)")
    p = add("erase-expired", cmd_erase_expired,
            "erase what passed its retention period (run daily; see docs/data-rights-retention.md)")
    p.add_argument("--dry-run", action="store_true", help="only report what is due")
    p.add_argument("--queue", action="store_true", help="run it on the background worker")
    add("prune-audit-trail", cmd_prune_audit_trail,
        "delete audit events past their retention period (as the database owner)")
    add("load-reference-data", cmd_load_reference_data,
        "load NHS regions, systems and trusts from the ODS files")

    p = add("create-user", cmd_create_user, "create a user with a role at a scope")
    p.add_argument("username")
    p.add_argument("--email", default="")
    p.add_argument("--role", default="", help="e.g. system_talent_lead, administrator")
    p.add_argument("--scope", default="", help="ODS code of the organisation, system or region")
    p.add_argument("--password-env", default="TALENTBRIDGE_NEW_PASSWORD",
                   help="environment variable holding the password (never on the command line)")

    p = add("issue-token", cmd_issue_token,
            "issue an API token for a user (an operator action at the server; audited)")
    p.add_argument("username")
    p.add_argument("--name", required=True, help="what the token is for")
    p.add_argument("--scopes", default="read",
                   help="comma-separated: read, write, import (default: read)")
    p.add_argument("--days", type=int, default=None,
                   help="days until it expires (default 90, at most 366)")

    p = add("revoke-token", cmd_revoke_token, "revoke an API token")
    p.add_argument("prefix")

    p = add("unlink-sso", cmd_unlink_sso,
            "unbind a user's single sign-on identity (their NHS account was replaced)")
    p.add_argument("username")

    _add_backup_commands(add)

    for name, help_text in FORWARDED_HELP.items():  # each parses its own arguments
        p = add(name, _forward(FILE_COMMANDS[name]), help_text)
        p.add_argument("rest", nargs=argparse.REMAINDER)
    p = add("manage", cmd_manage, "run a Django management command")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def _add_backup_commands(add: Callable) -> None:
    p = add("backup", cmd_backup,
            "back up the database and the stored files to a new folder (docs/production.md)")
    p.add_argument("--output", required=True, metavar="DIR", help="a new or empty folder")
    p = add("restore", cmd_restore,
            "restore a backup, all or nothing (web processes and workers stopped)")
    p.add_argument("--input", required=True, metavar="DIR", help="the backup's folder")
    p.add_argument("--replace", action="store_true",
                   help="replace what the database and the folders hold")


#: The commands handed whole to a module of their own, and what each does (for --help).
FORWARDED_HELP = {
    "match": "solve cross-organisation match instances from files (no database)",
    "mentoring": "match mentees with mentors from files, stable and optimal (no database)",
    "insights": "pipeline and WRES figures from workforce files (no database)",
    "tenure": "how long leaders stay in post: survival curves from tenure files (no database)",
    "loadtest": "hundreds of people at once on the production profile: figures per kind of page",
}
FILE_COMMANDS = {
    "match": "engine.matching.cli",
    "insights": "engine.insights.cli",
    "tenure": "engine.tenure.cli",
    "mentoring": "engine.mentoring.cli",
    "loadtest": "talentbridge.loadtest.cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in FILE_COMMANDS:
        # Forwarded whole, so `talentbridge match solve --help` shows the engine's own help.
        from importlib import import_module

        return import_module(FILE_COMMANDS[argv[0]]).main(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except _Refused as refusal:
        print(refusal, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

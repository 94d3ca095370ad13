"""Backup and restore: the database and the stored files (imports' uploads, Parquet snapshots,
leaders' feeds) in one folder, restored all or nothing.

A backup folder holds ``manifest.json`` (what was backed up, from which kind of database, and a
SHA-256 of every file), the database (``database.dump``, from ``pg_dump --format=custom``, on
PostgreSQL; ``database.sqlite3``, from SQLite's online backup API, on SQLite) and
``files/<folder>/``, a copy of each folder the apps register (:func:`register_folder`). It is
written under a temporary name and renamed when complete, so a half-written backup never
looks like one.

A restore first checks the whole backup (every file present and matching its checksum, the
same kind of database) and refuses, naming the problem, before changing anything. It refuses a
database that holds tables, or a folder that holds files, unless told to replace them. Then it
copies the files beside their folders, restores the database in one transaction (``pg_restore``'s
SQL run by ``psql --single-transaction`` after dropping what is there; SQLite's backup API in
one step), and only then swaps each folder for its copy. Run it with the web processes and
workers stopped, as the role that owns the tables (docs/production.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from django.db import connection

MANIFEST = "manifest.json"
FORMAT = 1
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
CHUNK = 1024 * 1024

#: Drops every table, view, sequence and function of the schema ``public`` (but what belongs
#: to an extension), so the restore starts from nothing and leaves nothing of the old data.
DROP_EVERYTHING = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
           ORDER BY c.relkind = 'S'
  LOOP
    EXECUTE CASE r.relkind WHEN 'v' THEN 'DROP VIEW IF EXISTS '
                           WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS '
                           WHEN 'S' THEN 'DROP SEQUENCE IF EXISTS '
                           ELSE 'DROP TABLE IF EXISTS ' END
            || 'public.' || quote_ident(r.relname) || ' CASCADE';
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE 'DROP FUNCTION IF EXISTS ' || r.name || ' CASCADE';
  END LOOP;
END $$;
"""


class BackupError(Exception):
    """A backup or restore was refused or failed; the message names the problem. Nothing was
    changed (a failed backup leaves no folder; a refused or failed restore leaves the database
    and the files as they were)."""


_FOLDERS: dict[str, Callable[[], Path]] = {}


def register_folder(name: str, where: Callable[[], Path]) -> None:
    """Called from an app's ``ready()``: the folder ``where()`` returns is backed up and
    restored as ``files/<name>``."""
    _FOLDERS[name] = where


def folders() -> dict[str, Path]:
    return {name: Path(where()) for name, where in sorted(_FOLDERS.items())}


def described(manifest: dict) -> str:
    """What a backup holds, in a few words: "the database (PostgreSQL) and 18 stored files of
    2027-01-01 02:00 UTC"."""
    files = len(manifest["checksums"]) - 1
    made = dt.datetime.fromisoformat(manifest["made_at"]).astimezone(dt.UTC)
    return (f"the database ({ENGINE_NAMES[manifest['database']]}) and {files} stored "
            f"file{'' if files == 1 else 's'} of {made:%Y-%m-%d %H:%M} UTC")


# ------------------------------------------------------------------------------------------
# Backup
# ------------------------------------------------------------------------------------------


def backup(output: Path) -> dict:
    """Write a backup to ``output`` (a new or empty folder); returns its manifest."""
    output = Path(output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(f"{output} already exists and is not an empty folder; "
                          f"give a new folder for the backup.")
    staging = output.with_name(f".{output.name}.partial-{uuid.uuid4().hex}")
    staging.mkdir(parents=True)
    try:
        vendor = _vendor()
        _dump_database(vendor, staging / DATABASE_FILES[vendor])
        for name, folder in folders().items():
            if folder.exists():
                shutil.copytree(folder, staging / "files" / name)
        manifest = {
            "format": FORMAT, "database": vendor, "database_file": DATABASE_FILES[vendor],
            "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "folders": sorted(_FOLDERS), "checksums": _checksums(staging),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        if output.exists():
            output.rmdir()
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups cover PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "postgresql":
        _run_postgres_tool("pg_dump", "--format=custom", f"--file={target}")
        return
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _checksums(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): _sha256(path)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _run_postgres_tool(tool: str, *args: str) -> str:
    """Run ``pg_dump``, ``pg_restore`` or ``psql`` on this database (Django's own connection
    settings: host, port, user, password and SSL options through the environment)."""
    params = connection.settings_dict
    _, env = connection.client.settings_to_cmd_args_env(params, [])
    where = [f"--dbname={params['NAME']}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            where.append(f"{flag}={params[key]}")
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (it comes with the PostgreSQL client).")
    done = subprocess.run([tool, *where, *args], env={**os.environ, **(env or {})},  # noqa: S603
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}")
    return done.stdout


# ------------------------------------------------------------------------------------------
# Restore
# ------------------------------------------------------------------------------------------


def check(source: Path) -> dict:
    """The backup's manifest, once every file it lists is present and unchanged and it is of
    this kind of database; otherwise :class:`BackupError` naming the problem."""
    source = Path(source)
    if not source.is_dir():
        raise BackupError(f"There is no backup at {source}.")
    if not (source / MANIFEST).is_file():
        raise BackupError(f"{source} is not a backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads((source / MANIFEST).read_text())
        vendor, database_file = manifest["database"], manifest["database_file"]
        checksums = dict(manifest["checksums"])
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The backup's {MANIFEST} cannot be read ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"The backup is in format {manifest.get('format')}; "
                          f"this version reads format {FORMAT}.")
    if vendor != _vendor():
        raise BackupError(f"The backup is of a {ENGINE_NAMES.get(vendor, vendor)} database; "
                          f"this database is {ENGINE_NAMES[_vendor()]}.")
    if database_file not in checksums:
        raise BackupError(f"The backup is incomplete: it lists no {database_file}.")
    for relative, expected in checksums.items():
        path = source / relative
        if not path.is_file():
            raise BackupError(f"The backup is incomplete: {relative} is missing.")
        if _sha256(path) != expected:
            raise BackupError(f"The backup is corrupt: {relative} does not match its checksum.")
    return manifest


def what_is_there() -> list[str]:
    """What a restore would replace: the database's tables and each folder's files (empty
    when there is nothing)."""
    found = []
    if tables := connection.introspection.table_names():
        found.append(f"The database holds {len(tables)} tables")
    for name, folder in folders().items():
        if folder.exists() and any(path.is_file() for path in folder.rglob("*")):
            found.append(f"{'the' if found else 'The'} {name} folder ({folder}) holds files")
    return found


def restore(source: Path, *, replace: bool = False) -> dict:
    """Restore the backup at ``source`` over this database and folders; returns its manifest.
    Without ``replace``, refuses unless the database and the folders are empty."""
    source = Path(source)
    manifest = check(source)
    if not replace and (found := what_is_there()):
        raise BackupError(f"{'; '.join(found)}. Restore with --replace to replace "
                          f"everything in them with the backup.")
    staged = {}
    try:
        for name, folder in folders().items():
            staged[folder] = _stage(source / "files" / name, folder)
        _restore_database(manifest["database"], source / manifest["database_file"])
    except BaseException:
        for copy in staged.values():
            shutil.rmtree(copy, ignore_errors=True)
        raise
    for folder, copy in staged.items():
        _swap(copy, folder)
    return manifest


def _stage(files: Path, folder: Path) -> Path:
    """A copy of the backup's files beside ``folder`` (same file system: the swap is a rename)."""
    copy = folder.with_name(f".{folder.name}.restoring-{uuid.uuid4().hex}")
    copy.parent.mkdir(parents=True, exist_ok=True)
    if files.is_dir():
        shutil.copytree(files, copy)
    else:
        copy.mkdir()
    return copy


def _swap(copy: Path, folder: Path) -> None:
    old = folder.with_name(f".{folder.name}.replaced-{uuid.uuid4().hex}")
    if folder.exists():
        folder.rename(old)
    copy.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _restore_database(vendor: str, dump: Path) -> None:
    if vendor == "postgresql":
        _restore_postgres(dump)
        return
    copy = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        if copy.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError(f"The backup is corrupt: {dump.name} fails SQLite's check.")
        connection.ensure_connection()
        copy.backup(connection.connection)  # every page in one step: all or nothing
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The backup is corrupt: {dump.name} ({error}).") from error
    finally:
        copy.close()


def _restore_postgres(dump: Path) -> None:
    """Turn the dump into SQL (tables owned by the role restoring it; in ``TMPDIR``, which
    needs room for it), then drop everything and run that SQL in one transaction: on any
    error PostgreSQL keeps the database as it was."""
    with tempfile.TemporaryDirectory(prefix="talentbridge-restore-") as scratch:
        script, drop = Path(scratch) / "restore.sql", Path(scratch) / "drop.sql"
        done = subprocess.run(["pg_restore", "--no-owner", f"--file={script}", str(dump)],  # noqa: S603, S607
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BackupError(f"The backup is corrupt: pg_restore cannot read {dump.name} "
                              f"({done.stderr.strip()}).")
        drop.write_text(DROP_EVERYTHING)
        connection.close()  # no session of ours holds a lock on what is dropped
        _run_postgres_tool("psql", "--quiet", "--no-psqlrc", "--single-transaction",
                           "--set=ON_ERROR_STOP=1", f"--file={drop}", f"--file={script}")

"""`talentbridge backup` and `talentbridge restore`: a round trip gives users back what they saw
(a leader's page, a snapshot's figures, the imports list), and a missing, incomplete or corrupt
backup, or a target that holds data, is refused with the problem named and nothing changed.

Runs on SQLite and again on PostgreSQL (`pg_dump` and `pg_restore`) when `DATABASE_URL` points
there. The data is committed (`transaction=True`): the restore replaces the whole database.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from talentbridge import cli
from talentbridge.audit.tests.trail import empty_audit_trail
from talentbridge.insights.tests.pages import row
from talentbridge.insights.tests.pages import table
from talentbridge.insights.tests.workforce import build_nhs
from talentbridge.insights.tests.workforce import import_both
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import page_text

ENGINE = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("_audit_trail_emptied")]


@pytest.fixture
def folders(settings, tmp_path) -> list[Path]:
    settings.INSIGHTS_STORAGE_DIR = tmp_path / "insights"
    settings.STAFF_RECORD_STORAGE_DIR = tmp_path / "staff-record"
    return [settings.INSIGHTS_STORAGE_DIR, settings.STAFF_RECORD_STORAGE_DIR]


@pytest.fixture
def world(folders):
    nhs = build_nhs()
    nhs.person = make_person(nhs.r0a, given_name="Amara", family_name="Okafor",
                             job_title="Chief Operating Officer")
    nhs.snapshots = import_both(nhs)
    return nhs


def what_users_see(client, nhs) -> dict:
    client.force_login(nhs.admin)
    person = client.get(reverse("people:detail", args=[nhs.person.pk]))
    imports = client.get(reverse("insights:imports"))
    client.force_login(nhs.national)
    figures = client.get(reverse("insights:dashboard"))
    return {
        "person": (person.status_code, "Amara Okafor" in page_text(person),
                   "Chief Operating Officer" in page_text(person)),
        "figures": row(table(figures, "Headcount and share by level"), "Band 8a"),
        "imports": ("staff-2025.csv" in page_text(imports), "staff-2026.csv" in page_text(imports)),
    }


def count(table_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table_name}")  # noqa: S608
        return cursor.fetchone()[0]


def stored_files(folders: list[Path]) -> list[str]:
    return sorted(p.relative_to(f).as_posix() for f in folders if f.exists()
                  for p in f.rglob("*") if p.is_file())


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def test_a_restored_backup_shows_users_what_they_saw(client, world, folders, tmp_path, capsys):
    # Given a leader, two snapshots and two event files, as their users see them
    before = what_users_see(client, world)
    assert before == {"person": (200, True, True),
                      "figures": ["Band 8a", "58", "63.0%", "34", "37.0%", "0", "92", "100.0%"],
                      "imports": (True, True)}
    files = stored_files(folders)
    assert any(name.endswith(".parquet") for name in files)

    # When it is backed up, and everything is then wiped
    code, said = run(capsys, "backup", "--output", str(tmp_path / "backup"))
    assert code == 0, said
    assert f"the database ({ENGINE}) and {len(files)} stored files of" in said
    empty_audit_trail()  # append-only: the flush alone is refused
    call_command("flush", interactive=False, verbosity=0)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    assert count("people_person") == 0 and stored_files(folders) == []

    # Then a restore over a database holding tables is refused without --replace
    code, said = run(capsys, "restore", "--input", str(tmp_path / "backup"))
    assert code == 2
    assert "Nothing was restored: The database holds" in said and "--replace" in said
    assert count("people_person") == 0

    # And with --replace, users see everything as before, the stored files back in place
    code, said = run(capsys, "restore", "--input", str(tmp_path / "backup"), "--replace")
    assert code == 0, said
    assert what_users_see(client, world) == before
    assert stored_files(folders) == files


def _broken(source: Path, target: Path, damage) -> Path:
    shutil.copytree(source, target)
    damage(target)
    return target


def _tamper_with_a_file(backup: Path) -> None:
    parquet = next((backup / "files" / "insights").rglob("*.parquet"))
    parquet.write_bytes(parquet.read_bytes()[:-10])


def _garble_the_database(backup: Path) -> None:
    """The database file garbled and the manifest's checksum made to match, so only reading
    the database itself can find the problem."""
    manifest = json.loads((backup / "manifest.json").read_text())
    database = backup / manifest["database_file"]
    database.write_bytes(database.read_bytes()[:4096] + b"\0garbled" * 512)
    manifest["checksums"][manifest["database_file"]] = _sha256(database)
    (backup / "manifest.json").write_text(json.dumps(manifest))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_missing_or_damaged_backup_is_refused_and_nothing_changes(
        client, world, folders, tmp_path, capsys):
    before, files = what_users_see(client, world), stored_files(folders)
    good = tmp_path / "backup"
    assert run(capsys, "backup", "--output", str(good))[0] == 0
    # a second backup into the same folder is refused
    code, said = run(capsys, "backup", "--output", str(good))
    assert code == 2 and "is not an empty folder" in said

    (tmp_path / "empty").mkdir()
    refusals = {
        tmp_path / "nowhere": "There is no backup at",
        tmp_path / "empty": "is not a backup: it has no manifest.json",
        _broken(good, tmp_path / "no-database",
                lambda b: (b / json.loads((b / "manifest.json").read_text())["database_file"])
                .unlink()): "The backup is incomplete: database.",
        _broken(good, tmp_path / "tampered", _tamper_with_a_file):
            "does not match its checksum",
        _broken(good, tmp_path / "garbled", _garble_the_database): "The backup is corrupt",
    }
    for backup, problem in refusals.items():
        code, said = run(capsys, "restore", "--input", str(backup), "--replace")
        assert code == 2, backup.name
        assert said.startswith("Nothing was restored:") and problem in said, (backup.name, said)
        assert what_users_see(client, world) == before, backup.name
        assert stored_files(folders) == files, backup.name

"""The `talentbridge` command and the production profile."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

from talentbridge.cli import build_parser
from talentbridge.cli import main

pytestmark = pytest.mark.django_db


def test_help_lists_what_a_user_runs(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "serve", "worker", "load-reference-data", "create-user",
                    "issue-token", "revoke-token", "match", "mentoring", "insights", "tenure"):
        assert command in out


def test_every_subcommand_has_help():
    parser = build_parser()
    choices = parser._subparsers._group_actions[0].choices
    assert all(sub.description for sub in choices.values())


def test_create_user_and_issue_and_revoke_a_token(capsys, monkeypatch):
    from talentbridge.accounts.models import ApiToken
    from talentbridge.accounts.models import User
    from talentbridge.organisations.reference import load_reference_data

    load_reference_data()
    monkeypatch.setenv("TALENTBRIDGE_NEW_PASSWORD", "a-very-long-password-2026")
    assert main(["create-user", "lead", "--role", "system_talent_lead", "--scope", "QOP"]) == 0
    assert User.objects.get(username="lead").role_assignments.get().system.code == "QOP"
    assert main(["issue-token", "lead", "--name", "reporting"]) == 0
    out = capsys.readouterr().out
    token = ApiToken.objects.get(user__username="lead")
    assert f"tb_{token.prefix}_" in out
    assert main(["revoke-token", token.prefix]) == 0
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("args,message", [
    (["create-user", "x", "--role", "emperor"], 'role "emperor" is not one of'),
    (["create-user", "x", "--role", "system_talent_lead", "--scope", "NOPE"],
     'scope "NOPE" is not the ODS code'),
    (["issue-token", "nobody", "--name", "n"], 'There is no user with username "nobody"'),
    (["revoke-token", "deadbeef"], 'There is no API token with prefix "deadbeef"'),
    (["unlink-sso", "nobody"], 'There is no user with username "nobody"'),
])
def test_bad_input_says_what_is_wrong_and_changes_nothing(args, message, capsys, monkeypatch):
    from talentbridge.accounts.models import ApiToken
    from talentbridge.accounts.models import User

    monkeypatch.setenv("TALENTBRIDGE_NEW_PASSWORD", "a-very-long-password-2026")
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert not User.objects.filter(username="x").exists()
    assert not ApiToken.objects.exists()


def test_unlinking_a_single_sign_on_identity(capsys):
    from talentbridge.accounts.models import SingleSignOnIdentity
    from talentbridge.accounts.models import User
    from talentbridge.audit.models import AuditEvent

    user = User.objects.create_user("ann", email="ann@nhs.net")
    SingleSignOnIdentity.objects.create(user=user, issuer="https://idp.example", subject="s1")
    assert main(["unlink-sso", "ann"]) == 0
    assert "Unlinked ann" in capsys.readouterr().out
    assert not SingleSignOnIdentity.objects.exists()
    assert AuditEvent.objects.filter(channel="cli", detail__single_sign_on="unlinked").exists()
    assert main(["unlink-sso", "ann"]) == 2
    assert "has no single sign-on identity" in capsys.readouterr().err


def test_production_profile_passes_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "talentbridge.config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 64 + "-production-check-only-" + "y" * 16,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/talentbridge",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_ALLOWED_HOSTS": "talentbridge.example.nhs.uk",
        "TALENTBRIDGE_LEARNING_KEYS": Fernet.generate_key().decode(),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_profile_refuses_sqlite():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "talentbridge.config.settings.production",
           "DJANGO_SECRET_KEY": "s" * 60, "DATABASE_URL": "sqlite:///tmp/x.sqlite3",
           "TALENTBRIDGE_LEARNING_KEYS": Fernet.generate_key().decode()}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "check"], env=env, capture_output=True, text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr

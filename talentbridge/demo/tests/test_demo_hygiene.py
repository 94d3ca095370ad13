"""The demo shows NHS error pages, never Django's debug page, and demo data stays out of
production."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from talentbridge import cli
from talentbridge.accounts.models import User
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "p" * 64,
    "DATABASE_URL": "postgres://nobody@127.0.0.1:1/talentbridge",
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "TALENTBRIDGE_LEARNING_KEYS": Fernet.generate_key().decode(),
}
REFUSED = "Demo data is not loaded under the production settings profile"


def profile_settings(name: str) -> dict:
    module = importlib.import_module(f"talentbridge.config.settings.{name}")
    return {key: value for key, value in vars(module).items() if key.isupper()}


@pytest.fixture
def demo_profile():
    """The settings that matter for error pages, as the demo profile has them."""
    demo = profile_settings("demo")
    with override_settings(DEBUG=demo["DEBUG"], ALLOWED_HOSTS=[*demo["ALLOWED_HOSTS"],
                                                               "testserver"]):
        yield demo


@pytest.fixture
def production_profile(monkeypatch):
    for key, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(key, value)
    production = profile_settings("production")
    with override_settings(TALENTBRIDGE_PROFILE=production["TALENTBRIDGE_PROFILE"],
                           SETTINGS_MODULE="talentbridge.config.settings.production"):
        yield production


def assert_nhs_404(response) -> None:
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert "nhsuk-header" in html  # the NHS layout, like every other page
    for debug_text in ("Using the URLconf", "DEBUG = True", "Django tried these URL patterns"):
        assert debug_text not in html


def test_the_talentbridge_command_uses_the_demo_profile():
    assert cli.DEFAULT_SETTINGS == "talentbridge.config.settings.demo"


def test_the_demo_profile_keeps_sqlite_local_hosts_and_static_files_without_debug():
    demo = profile_settings("demo")
    assert demo["DEBUG"] is False
    # The same database as the local profile: SQLite in var/, or DATABASE_URL when it is set
    # (as in the PostgreSQL run of the tests).
    assert demo["DATABASES"] == profile_settings("local")["DATABASES"]
    if not os.environ.get("DATABASE_URL"):
        assert demo["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert {"127.0.0.1", "localhost"} <= set(demo["ALLOWED_HOSTS"])
    assert demo["WHITENOISE_USE_FINDERS"] is True  # the CSS is served without DEBUG


def test_a_person_one_may_not_see_gets_the_nhs_404_page_in_the_demo(client, demo_profile):
    world = make_world()
    client.force_login(world.charlie)
    assert_nhs_404(client.get(f"/people/{world.alice_person.pk}/"))


def test_an_unknown_address_gets_the_nhs_404_page_in_the_demo(client, demo_profile):
    assert_nhs_404(client.get("/no-such-page/"))


def test_demo_data_refuses_the_production_profile_and_creates_nothing(production_profile):
    with pytest.raises(CommandError, match=REFUSED) as refused:
        call_command("demo_data", "--leaders", "5")
    assert "Nothing was created" in str(refused.value)
    assert not User.objects.exists()
    assert not Person.unscoped.exists()
    with pytest.raises(CommandError, match=REFUSED):
        call_command("insights_demo")


def test_talentbridge_demo_refuses_the_production_profile_before_setting_up(
        production_profile, capsys, monkeypatch):
    ran = []
    monkeypatch.setattr(cli, "_call", lambda *args, **kwargs: ran.append(args))
    assert cli.main(["demo", "--no-serve", "--leaders", "5"]) == 2
    assert REFUSED in capsys.readouterr().err
    assert ran == []  # no migrate, no reference data, no demo data
    assert not User.objects.exists()


def _run_django(settings_module: str, *args: str, pythonpath: str = ""):
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": settings_module}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pythonpath, env.get("PYTHONPATH")]))
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", *args],
        env=env, capture_output=True, text=True, check=False, timeout=120,
    )


def test_the_demo_app_is_installed_in_every_profile_but_production(monkeypatch):
    for key, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(key, value)
    for name in ("base", "local", "test", "demo"):
        assert "talentbridge.demo" in profile_settings(name)["INSTALLED_APPS"], name
    production = profile_settings("production")["INSTALLED_APPS"]
    assert "talentbridge.demo" not in production
    assert "talentbridge.people" in production  # the capabilities stay


def test_the_real_production_settings_module_has_no_demo_commands():
    for command in ("demo_data", "insights_demo"):
        result = _run_django("talentbridge.config.settings.production", command)
        assert result.returncode != 0
        assert f"Unknown command: '{command}'" in result.stderr


def test_demo_data_under_a_production_module_with_the_demo_app_exits_with_the_message(tmp_path):
    """A deployment's own settings module that installs the demo app anyway is still refused
    by the guard, because its profile is production."""
    (tmp_path / "production_with_demo.py").write_text(
        "from talentbridge.config.settings.production import *  # noqa: F403\n"
        "INSTALLED_APPS = [*INSTALLED_APPS, 'talentbridge.demo']  # noqa: F405\n")
    result = _run_django("production_with_demo", "demo_data", "--leaders", "5",
                         pythonpath=str(tmp_path))
    assert result.returncode != 0
    assert REFUSED in result.stderr

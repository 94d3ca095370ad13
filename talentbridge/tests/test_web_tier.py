"""The production web tier holds up under load: static files are compressed and cached for a
year, idle connections outlast a load balancer's, the trivial page does no database work, and
passwords hashed with other Argon2 parameters still sign in (and are re-hashed), and a process
hashes one password at a time, so a burst of sign-ins leaves cores for other pages."""

from __future__ import annotations

import runpy
import sys
import threading
import time

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.hashers import check_password
from django.contrib.auth.hashers import identify_hasher
from django.core.management import call_command
from django.test import Client
from django.test import override_settings

from talentbridge.accounts.checks import password_checks_at_once
from talentbridge.accounts.hashers import NhsArgon2PasswordHasher
from talentbridge.core.tests.start_up_checks import assert_named_at_start_up

YEAR = 60 * 60 * 24 * 365


@pytest.fixture
def collected(tmp_path):
    """The static files collected as production collects them (hashed names, compressed)."""
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND":
                                "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, WHITENOISE_USE_FINDERS=False,
                           WHITENOISE_AUTOREFRESH=False, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path


def test_a_hashed_static_file_is_served_compressed_and_cached_for_a_year(collected):
    css = next(p for p in collected.rglob("*.css") if len(p.stem.split(".")) > 1
               and (p.parent / (p.name + ".gz")).exists())
    url = "/static/" + css.relative_to(collected).as_posix()
    answer = Client().get(url, headers={"accept-encoding": "gzip"})
    assert answer.status_code == 200
    assert answer["Content-Encoding"] in ("gzip", "br")
    assert f"max-age={YEAR}" in answer["Cache-Control"]
    assert "immutable" in answer["Cache-Control"]


@pytest.fixture
def switch_interval():
    """The test process's thread switch interval, put back after a test that reads the
    gunicorn settings (which set it)."""
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


def test_gunicorn_keeps_idle_connections_longer_than_a_load_balancer_does(monkeypatch,
                                                                           switch_interval):
    for name in ("GUNICORN_KEEPALIVE", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_module("talentbridge.config.gunicorn")
    assert config["keepalive"] > 60  # the common load balancers' idle timeout
    assert config["worker_class"] == "gthread" and config["threads"] > 1


def test_a_page_waits_at_most_half_a_millisecond_for_the_interpreter_after_a_query(
        monkeypatch, switch_interval):
    monkeypatch.delenv("GUNICORN_SWITCH_INTERVAL_MS", raising=False)
    sys.setswitchinterval(0.005)  # Python's own
    runpy.run_module("talentbridge.config.gunicorn")
    assert sys.getswitchinterval() == pytest.approx(0.0005)
    monkeypatch.setenv("GUNICORN_SWITCH_INTERVAL_MS", "2")
    runpy.run_module("talentbridge.config.gunicorn")
    assert sys.getswitchinterval() == pytest.approx(0.002)


@pytest.mark.parametrize("value", ["abc", "0", "-1", "101", ""])
def test_a_mistyped_switch_interval_stops_the_web_tier_with_its_value(monkeypatch,
                                                                     switch_interval, value):
    monkeypatch.setenv("GUNICORN_SWITCH_INTERVAL_MS", value)
    with pytest.raises(SystemExit, match=f'GUNICORN_SWITCH_INTERVAL_MS "{value}"'):
        runpy.run_module("talentbridge.config.gunicorn")


@pytest.mark.django_db
def test_the_trivial_page_answers_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        answer = Client().get("/healthz")
    assert answer.status_code == 200
    assert answer.content == b"ok"


@pytest.mark.django_db
def test_a_password_hashed_with_djangos_argon2_defaults_still_signs_in_and_is_rehashed(
        django_user_model):
    hashers = ["talentbridge.accounts.hashers.NhsArgon2PasswordHasher"]
    old = Argon2PasswordHasher().encode("a-long-enough-password", Argon2PasswordHasher().salt())
    user = django_user_model.objects.create(username="lead", password=old)
    with override_settings(PASSWORD_HASHERS=hashers):
        assert Client().post("/accounts/sign-in/", {
            "username": "lead", "password": "a-long-enough-password"}).status_code == 302
        user.refresh_from_db()
        assert user.password != old
        assert isinstance(identify_hasher(user.password), NhsArgon2PasswordHasher)
        assert "m=19456,t=2,p=1" in user.password
        assert check_password("a-long-enough-password", user.password)


@pytest.mark.parametrize(
    ("method", "args"), [("verify", ("pw", "hash")), ("encode", ("pw", "salt"))])
def test_a_web_process_hashes_one_password_at_a_time(monkeypatch, method, args):
    running, most = 0, 0
    counting = threading.Lock()

    def slow_argon2(self, *_):
        nonlocal running, most
        with counting:
            running += 1
            most = max(most, running)
        time.sleep(0.05)  # long enough for the other threads to arrive
        with counting:
            running -= 1
        return True

    monkeypatch.setattr(Argon2PasswordHasher, method, slow_argon2)
    hasher = NhsArgon2PasswordHasher()
    threads = [threading.Thread(target=getattr(hasher, method), args=args) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1


@pytest.mark.parametrize("value", ["0", "-1", "abc", "", "1.5"])
def test_a_mistyped_number_of_password_checks_at_once_is_named_at_start_up(settings, value):
    assert_named_at_start_up(settings, "PASSWORD_CHECKS_AT_ONCE", value, password_checks_at_once,
                             "accounts.E003", then="2")

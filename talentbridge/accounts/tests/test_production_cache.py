"""The production profile counts sign-in attempts and API requests in Redis (atomic and shared
by every web server), and will not start without it."""

from __future__ import annotations

import importlib
import runpy

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

PRODUCTION = {
    "DJANGO_SECRET_KEY": "p" * 64,
    "DATABASE_URL": "postgres://nobody@127.0.0.1:1/talentbridge",
    "TALENTBRIDGE_LEARNING_KEYS": Fernet.generate_key().decode(),
}


def production_settings(monkeypatch, **env) -> dict:
    for key, value in {**PRODUCTION, **env}.items():
        monkeypatch.setenv(key, value)
    return runpy.run_module("talentbridge.config.settings.production")


def test_production_uses_redis_from_redis_url(monkeypatch):
    settings = production_settings(monkeypatch, REDIS_URL="redis://cache.internal:6379/2")
    assert settings["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
    }


@pytest.mark.parametrize("url", ["", "memcached://cache:11211"])
def test_production_refuses_to_start_without_redis(monkeypatch, url):
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must point at Redis"):
        production_settings(monkeypatch, REDIS_URL=url)


def test_production_turns_password_sign_in_off_for_sso_accounts_unless_asked(monkeypatch):
    redis = {"REDIS_URL": "redis://cache:6379/0"}
    monkeypatch.delenv("TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO", raising=False)
    off = production_settings(monkeypatch, **redis)
    assert off["TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO"] is False
    on = production_settings(monkeypatch, TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO="true", **redis)
    assert on["TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO"] is True
    local = importlib.import_module("talentbridge.config.settings.local")
    assert local.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO is True


def test_production_sessions_are_shared_by_every_web_process(monkeypatch):
    """A person signed in on one web process stays signed in on the next: sessions are read
    from Redis (never a per-process memory cache) and written through to PostgreSQL (never the
    database alone, a query on every page)."""
    settings = production_settings(monkeypatch, REDIS_URL="redis://cache.internal:6379/2")
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert settings["CACHES"][settings["SESSION_CACHE_ALIAS"]]["BACKEND"] == (
        "django.core.cache.backends.redis.RedisCache")

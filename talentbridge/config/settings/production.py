"""Production profile: PostgreSQL required, DEBUG off, HTTPS only, secrets from the environment.

The web tier keeps no state of its own (sessions in Redis written through to PostgreSQL, the
cache in Redis, files nowhere), so any number of processes can run behind a load balancer.
"""

import json
import os

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from talentbridge.core.databases import database_from_environment

from .base import *  # noqa: F403

TALENTBRIDGE_PROFILE = "production"
DEBUG = False
# No demo app in production: no demo builders and no demo commands are installed.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "talentbridge.demo"]  # noqa: F405
if not os.environ.get("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
# Read again here: the base module may have been imported before the environment was set.
TALENTBRIDGE_LEARNING_KEYS = [
    k.strip() for k in os.environ.get("TALENTBRIDGE_LEARNING_KEYS", "").split(",") if k.strip()]
if not TALENTBRIDGE_LEARNING_KEYS:
    raise ImproperlyConfigured(
        "TALENTBRIDGE_LEARNING_KEYS must be set in production: one or more Fernet keys, "
        "comma-separated, the first of which encrypts the learning log (docs/production.md).")
if DEMO_ONLY_LEARNING_KEY in TALENTBRIDGE_LEARNING_KEYS:  # noqa: F405
    raise ImproperlyConfigured("TALENTBRIDGE_LEARNING_KEYS holds the public demo-only key: "
                               "make a key of your own (docs/production.md).")
for _position, _key in enumerate(TALENTBRIDGE_LEARNING_KEYS, start=1):
    try:
        Fernet(_key.encode())
    except ValueError:
        raise ImproperlyConfigured(
            f"TALENTBRIDGE_LEARNING_KEYS: key {_position} is not a Fernet key (32 url-safe "
            "base64-encoded bytes, docs/production.md).") from None
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
DATABASES = {"default": database_from_environment(os.environ["DATABASE_URL"])}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The sign-in throttle and the API request limit count in the cache, shared by every web
# server and counted atomically (cache.add + cache.incr): that needs Redis.
if not os.environ.get("REDIS_URL", "").startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must point at Redis in production (redis://host:6379/0).")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
}
# Sessions: read from Redis (no database query per page), written through to PostgreSQL, so
# every web process sees every session and a Redis restart signs nobody out
# (docs/performance.md). Never per process (locmem) and never the database alone.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "default"
#: Password sign-in for accounts bound to single sign-on: off in production unless set to
#: "true" (they have single sign-on, which is working since they are bound to it).
TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO = (
    os.environ.get("TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO", "false") == "true")

SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true") == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    }
}

# GOV.UK Notify for notifications' e-mail (docs/notifications.md); unset: the e-mail backend.
GOVUK_NOTIFY_API_KEY = os.environ.get("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_BASE_URL = os.environ.get("GOVUK_NOTIFY_BASE_URL", GOVUK_NOTIFY_BASE_URL)  # noqa: F405
GOVUK_NOTIFY_DEFAULT_TEMPLATE = os.environ.get("GOVUK_NOTIFY_DEFAULT_TEMPLATE", "")
try:
    GOVUK_NOTIFY_TEMPLATES = json.loads(os.environ.get("GOVUK_NOTIFY_TEMPLATES", "") or "{}")
except json.JSONDecodeError as error:
    raise ImproperlyConfigured(
        f"GOVUK_NOTIFY_TEMPLATES must be a JSON object of kind to template id: {error}") from None
if not isinstance(GOVUK_NOTIFY_TEMPLATES, dict):
    raise ImproperlyConfigured("GOVUK_NOTIFY_TEMPLATES must be a JSON object of kind to "
                               "template id, e.g. {\"invitation\": \"<template id>\"}")
if GOVUK_NOTIFY_API_KEY and not GOVUK_NOTIFY_DEFAULT_TEMPLATE:
    raise ImproperlyConfigured("GOVUK_NOTIFY_DEFAULT_TEMPLATE must be set with "
                               "GOVUK_NOTIFY_API_KEY: kinds without their own template use it.")

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405

"""Test profile: SQLite in memory unless DATABASE_URL points at PostgreSQL."""

import os

from talentbridge.core.databases import database_from_environment

from .base import *  # noqa: F403

TALENTBRIDGE_PROFILE = "test"
DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
TALENTBRIDGE_LEARNING_KEYS = TALENTBRIDGE_LEARNING_KEYS or [DEMO_ONLY_LEARNING_KEY]  # noqa: F405
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_from_environment(os.environ.get("DATABASE_URL", "sqlite://:memory:"))}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Tasks run at once inside each test's transaction: progress steps write the heartbeat, no
# thread does. The worker tests (core/tests/test_work_worker.py) start real workers on a
# scratch SQLite file with the database backend, a 1-second heartbeat and a pause per step.
TALENTBRIDGE_WORK_HEARTBEAT_SECONDS = float(os.environ.get("TALENTBRIDGE_WORK_HEARTBEAT_SECONDS",
                                                           "0"))
TALENTBRIDGE_WORK_PAUSE_SECONDS = float(os.environ.get("TALENTBRIDGE_WORK_PAUSE_SECONDS", "0"))
if os.environ.get("TALENTBRIDGE_TEST_TASKS") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # whitenoise serves from the app folders (finders) outside production
TALENTBRIDGE_STRICT_TEMPLATES = True
TALENTBRIDGE_API_RATE = ""  # off: the fuzz tests send many requests; test_api_throttle sets it

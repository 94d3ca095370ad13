"""Developer and demo profile: SQLite file unless DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import DEMO_ONLY_LEARNING_KEY
from .base import SECRET_KEY
from .base import TALENTBRIDGE_LEARNING_KEYS

TALENTBRIDGE_PROFILE = "local"
DEBUG = True
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: S105
TALENTBRIDGE_LEARNING_KEYS = TALENTBRIDGE_LEARNING_KEYS or [DEMO_ONLY_LEARNING_KEY]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None  # whitenoise serves from the app folders (finders) outside production

"""Demo profile, used by the `talentbridge` command: the local profile with DEBUG off.

Errors show the NHS styled 404 and 500 pages, never Django's debug page (which lists every
URL and, for a server error, the settings and a stack trace). SQLite, the local hosts and
static files served by whitenoise straight from the app folders come from the local profile.
"""

from .local import *  # noqa: F403

TALENTBRIDGE_PROFILE = "demo"
DEBUG = False
WHITENOISE_AUTOREFRESH = False  # files are found once at start; assets are built before

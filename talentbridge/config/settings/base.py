"""Settings shared by every profile. Secrets and hosts come from the environment only."""

import os
from pathlib import Path

from django.utils.csp import CSP

from talentbridge.core.databases import database_from_environment

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("TALENTBRIDGE_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
#: Fernet keys for the learning log's entries at rest, comma-separated: the first encrypts,
#: every one decrypts (docs/learning-log.md). Production requires it; the other profiles fall
#: back to a fixed, demo-only key.
TALENTBRIDGE_LEARNING_KEYS = [
    k.strip() for k in os.environ.get("TALENTBRIDGE_LEARNING_KEYS", "").split(",") if k.strip()]
#: The key the local, demo and test profiles use when TALENTBRIDGE_LEARNING_KEYS is not set.
#: Public, in the repository: DEMO ONLY, never for real entries.
DEMO_ONLY_LEARNING_KEY = "ZGVtby1vbmx5LWxlYXJuaW5nLWxvZy1rZXktMDAwMDA="  # noqa: S105
DEBUG = False
#: Which settings profile this is. Demo data loads only under the "local", "demo" and "test"
#: profiles (talentbridge.demo.guard); a deployment's own settings module starts from "".
TALENTBRIDGE_PROFILE = ""
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "talentbridge.core",
    "talentbridge.notifications",
    "talentbridge.organisations",
    "talentbridge.accounts",
    "talentbridge.people",
    "talentbridge.audit",
    "talentbridge.talent",
    "talentbridge.opportunities",
    "talentbridge.insights",
    "talentbridge.staff_record",
    "talentbridge.succession",
    "talentbridge.mentoring",
    "talentbridge.programmes",
    "talentbridge.learning",
    "talentbridge.plans",
    "talentbridge.board",
    "talentbridge.tenure",
    "talentbridge.support",
    "talentbridge.data_rights",
    # The synthetic demo NHS and its commands, on top of the capabilities: every profile but
    # production (which removes it).
    "talentbridge.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "talentbridge.accounts.grants.GrantsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "talentbridge.audit.middleware.RequestIdMiddleware",
    "talentbridge.audit.middleware.RefusalAuditMiddleware",
]

# Uploads: the insights import's handler stops reading a file as soon as it passes the
# import's limit (talentbridge.insights.services.MAX_UPLOAD_BYTES); a file over
# FILE_UPLOAD_MAX_MEMORY_SIZE is streamed to a temporary file, never held in memory, and the
# other fields of a request may hold at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes.
FILE_UPLOAD_HANDLERS = [
    "talentbridge.insights.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB

ROOT_URLCONF = "talentbridge.config.urls"
WSGI_APPLICATION = "talentbridge.config.wsgi.application"
ASGI_APPLICATION = "talentbridge.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "talentbridge.config.jinja2.environment",
            "autoescape": True,
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
    {
        # Django's own templates (error pages of contrib apps, form widgets).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.DjangoTemplates"


DATABASES = {"default": database_from_environment(f"sqlite:///{VAR_DIR / 'talentbridge.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "talentbridge.accounts.sso.SingleSignOnBackend",  # off unless OIDC_* below are set
]

# Single sign-on by OpenID Connect (talentbridge/accounts/sso.py; docs/production.md). Off
# unless the client id, the issuer and the provider's four endpoints are all set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_REQUIRE_EMAIL_VERIFIED = os.environ.get("OIDC_REQUIRE_EMAIL_VERIFIED", "true") != "false"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-finish"
TALENTBRIDGE_SSO_LABEL = os.environ.get("TALENTBRIDGE_SSO_LABEL", "Sign in with your NHS account")
#: Argon2id at OWASP's minimum cost (talentbridge/accounts/hashers.py): a sign-in burst must
#: not hold other pages up. Hashes made with other Argon2 parameters still verify and are
#: re-hashed at their owner's next sign-in.
PASSWORD_HASHERS = [
    "talentbridge.accounts.hashers.NhsArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
#: How many password hashes one web process runs at once (the rest wait their turn), so a
#: burst of sign-ins cannot take every core from other people's pages. A whole number from 1;
#: anything else is named at start-up (talentbridge/accounts/checks.py).
PASSWORD_CHECKS_AT_ONCE = os.environ.get("TALENTBRIDGE_PASSWORD_CHECKS_AT_ONCE", "1")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: failed sign-ins per account and per address, counted in the cache.
LOGIN_THROTTLE_MAX_FAILURES = 5
LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60
#: The load balancers / reverse proxies in front of the service (IP addresses or CIDR ranges,
#: comma-separated). Only a request from one of them has its X-Forwarded-For believed
#: (talentbridge/core/addresses.py); empty: REMOTE_ADDR is the client.
TALENTBRIDGE_TRUSTED_PROXIES = os.environ.get("TALENTBRIDGE_TRUSTED_PROXIES", "")
#: Whether accounts bound to a single sign-on identity, and administrators, may still sign in
#: with a password (and change or reset it). Off: they must use single sign-on.
TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO = (
    os.environ.get("TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO", "true") != "false")
TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_ADMINISTRATORS = (
    os.environ.get("TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_ADMINISTRATORS", "true") != "false")
#: How long a new API token lasts unless its issuer chooses otherwise, and the longest allowed.
#: A password reset link works once, within this many seconds.
PASSWORD_RESET_TIMEOUT = 60 * 60
TALENTBRIDGE_TOKEN_DAYS = 90
TALENTBRIDGE_TOKEN_MAX_DAYS = 366
#: How many days an invitation's link works.
TALENTBRIDGE_INVITATION_DAYS = int(os.environ.get("TALENTBRIDGE_INVITATION_DAYS", "14"))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "talentbridge_cache",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
#: Background work (talentbridge/core/work.py): a running import or match run writes a
#: heartbeat this often (seconds), and is marked failed, for the user to retry, once its
#: heartbeat is older than the stale limit (its worker died).
TALENTBRIDGE_WORK_HEARTBEAT_SECONDS = float(os.environ.get("TALENTBRIDGE_WORK_HEARTBEAT_SECONDS",
                                                           "30"))
TALENTBRIDGE_WORK_STALE_SECONDS = float(os.environ.get("TALENTBRIDGE_WORK_STALE_SECONDS", "180"))
#: How much lower a task worker's CPU priority is than the web processes' (Unix niceness, 0
#: to 19): where a worker shares cores with the web processes, people's pages come before an
#: import or a match run, which take whatever CPU the pages leave. 0 keeps them equal; a value
#: other than a whole number from 0 to 19 is named at start-up (talentbridge/core/checks.py).
TALENTBRIDGE_WORKER_NICENESS = os.environ.get("TALENTBRIDGE_WORKER_NICENESS", "10")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers and content security policy (Django's built-in CSP).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    }
}
#: API requests allowed per user (or per address when signed out): "<count>/<s|m|h|d>";
#: empty switches the limit off.
TALENTBRIDGE_API_RATE = os.environ.get("TALENTBRIDGE_API_RATE", "600/m")
#: Where links in emails sent outside a web request (tasks, commands) point.
TALENTBRIDGE_BASE_URL = os.environ.get("TALENTBRIDGE_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "talentbridge@example.nhs.uk")
#: "Who has looked at my record" shows the viewers' names as well as their roles. Off by
#: default: staff looking at a record in their duties are data subjects too, and their role at
#: their organisation answers the right of access (docs/data-rights.md).
TALENTBRIDGE_SHOW_VIEWER_NAMES = (
    os.environ.get("TALENTBRIDGE_SHOW_VIEWER_NAMES", "false").lower() == "true")
#: Notifications' e-mail (docs/notifications.md): through GOV.UK Notify when the API key is set
#: (the production profile reads it and the template ids from the environment), otherwise
#: through the e-mail backend above.
GOVUK_NOTIFY_API_KEY = ""
GOVUK_NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
#: Notify template id per notification kind; kinds without one use the default template.
GOVUK_NOTIFY_TEMPLATES: dict[str, str] = {}
GOVUK_NOTIFY_DEFAULT_TEMPLATE = ""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

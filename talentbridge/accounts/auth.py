"""Authentication for the JSON API.

Two ways in:

- a per-user bearer token, ``Authorization: Bearer tb_<prefix>_<secret>``, checked against
  `ApiToken` (only the sha256 of the key is stored; the token must not be revoked or expired
  and its user must be active), for every method, within the token's scopes;
- the signed-in browser session, for reading only (GET/HEAD/OPTIONS). Changes through the API
  need a token, so a browser session cannot be used for cross-site writes.

Every operation needs one scope of a token, checked here, before any handler runs, so no
handler can forget it: reads (GET/HEAD/OPTIONS) need ``read``; the imports (``IMPORT_ROUTES``:
uploading a workforce snapshot, an events file or a leaders' feed) need ``import``; every
other change (POST/PUT/PATCH/DELETE) needs ``write``. A token without the scope gets 403
naming the scope.

A request that sends an ``Authorization`` header with a wrong, malformed, revoked or expired
token is refused with 401, saying which, even if it also carries a session cookie: a bad token
is never ignored.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie
from ninja.security import HttpBearer

from talentbridge.core.jinja_helpers import nhs_datetime

from .codes import TokenScope
from .models import ApiToken

logger = logging.getLogger(__name__)

#: tb_ + 8 hex characters + _ + the url-safe secret (which may itself contain _ and -).
TOKEN_PATTERN = re.compile(
    rf"^tb_(?P<prefix>[0-9a-f]{{{ApiToken.PREFIX_LENGTH}}})_[A-Za-z0-9_-]{{16,200}}$"
)
#: Record a token's use at most this often, so busy clients do not write on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The routes whose POST is an import, needing the ``import`` scope (and not ``write``).
IMPORT_ROUTES = frozenset({"api/v1/insights/snapshots", "api/v1/insights/events",
                           "api/v1/staff-record/feeds"})

REFUSED_MESSAGE = "The API token is not valid, has been revoked, or its account is inactive."
REVOKED_MESSAGE = "The API token has been revoked. Issue a new one on your API tokens page."
EXPIRED_MESSAGE = ("The API token expired on {when}. Issue a new one on your API tokens page.")
SCOPE_MESSAGE = ('This API token does not have the "{scope}" scope, which {what} needs (it '
                 "has: {scopes}). Issue a token with that scope.")


def required_scope(request: HttpRequest) -> str:
    """The scope this request needs: read, import or write."""
    if request.method in SAFE_METHODS:
        return TokenScope.READ
    match = getattr(request, "resolver_match", None)
    if request.method == "POST" and match is not None and match.route in IMPORT_ROUTES:
        return TokenScope.IMPORT
    return TokenScope.WRITE


def token_for_key(key: str) -> ApiToken | None:
    """The token a key belongs to (revoked or expired included), or None."""
    match = TOKEN_PATTERN.match(key)
    if match is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=match["prefix"]).first()
    if token is None or not hmac.compare_digest(token.key_hash, ApiToken.hash_key(key)):
        return None
    return token


def _mark_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        # A conditional update: concurrent requests write at most once a minute between them.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)


def user_for_token(key: str, scope: str = TokenScope.READ):
    """The active user a usable token key belongs to; marks the token as used. Raises
    AuthenticationError (401) saying why a token is refused, PermissionDenied (403) if it
    lacks `scope`."""
    token = token_for_key(key)
    if token is None or not token.user.is_active:
        raise AuthenticationError(401, REFUSED_MESSAGE)
    if token.revoked_at is not None:
        raise AuthenticationError(401, REVOKED_MESSAGE)
    if token.is_expired:
        raise AuthenticationError(401, EXPIRED_MESSAGE.format(when=nhs_datetime(token.expires_at)))
    if scope not in token.scopes:
        raise PermissionDenied(SCOPE_MESSAGE.format(
            scope=scope, scopes=", ".join(token.scopes) or "none",
            what={"read": "reading", "write": "a change", "import": "an import"}[scope]))
    _mark_used(token)
    token.user.api_token_prefix = token.prefix
    token.user.api_token_scopes = list(token.scopes)
    return token.user


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer tb_<prefix>_<secret>``, within the token's scopes."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header)
        if not header:
            return None  # let the next method (the session) try
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise AuthenticationError(401, "Send the token as 'Authorization: Bearer <token>'.")
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str):
        try:
            user = user_for_token(token, required_scope(request))
        except (AuthenticationError, PermissionDenied) as error:
            logger.info("API request refused: %s", error, extra={"path": request.path})
            raise
        request.user = user
        request.api_auth_method = "token"
        request.api_token_scopes = user.api_token_scopes
        return user


class SessionReadAuth(APIKeyCookie):
    """A signed-in browser may read through the API; it may not change anything."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # No CSRF check needed: only safe methods are accepted.
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS:
            raise AuthenticationError(
                401, "Changes through the API need a bearer token; a browser session can only read."
            )
        request.api_auth_method = "session"
        return user


bearer_token = BearerTokenAuth()
session_read = SessionReadAuth()

"""Authentication for the JSON API.

Two ways in:

- a per-user bearer token, ``Authorization: Bearer tb_<prefix>_<secret>``, checked against
  `ApiToken` (only the sha256 of the key is stored; the token must not be revoked and its user
  must be active), for every method;
- the signed-in browser session, for reading only (GET/HEAD/OPTIONS). Changes through the API
  need a token, so a browser session cannot be used for cross-site writes.

A request that sends an ``Authorization`` header with a wrong, malformed or revoked token is
refused with 401 even if it also carries a session cookie: a bad token is never ignored.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from .models import ApiToken

logger = logging.getLogger(__name__)

#: tb_ + 8 hex characters + _ + the url-safe secret (which may itself contain _ and -).
TOKEN_PATTERN = re.compile(
    rf"^tb_(?P<prefix>[0-9a-f]{{{ApiToken.PREFIX_LENGTH}}})_[A-Za-z0-9_-]{{16,200}}$"
)
#: Record a token's use at most this often, so busy clients do not write on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

REFUSED_MESSAGE = "The API token is not valid, has been revoked, or its account is inactive."


def user_for_token(key: str):
    """The active user a token key belongs to, or None. Marks the token as used."""
    match = TOKEN_PATTERN.match(key)
    if match is None:
        return None
    token = (
        ApiToken.objects.active().select_related("user")
        .filter(prefix=match["prefix"]).first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, ApiToken.hash_key(key)):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        # A conditional update: concurrent requests write at most once a minute between them.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
    token.user.api_token_prefix = token.prefix
    return token.user


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer tb_<prefix>_<secret>``."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header)
        if not header:
            return None  # let the next method (the session) try
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise AuthenticationError(401, "Send the token as 'Authorization: Bearer <token>'.")
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is None:
            logger.info("API request with an invalid token", extra={"path": request.path})
            raise AuthenticationError(401, REFUSED_MESSAGE)
        request.user = user
        request.api_auth_method = "token"
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

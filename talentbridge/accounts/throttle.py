"""Sign-in throttling: failed attempts counted in Django's cache, per username and per address.

After settings.LOGIN_THROTTLE_MAX_FAILURES failures for one username, or from one address,
within settings.LOGIN_THROTTLE_WINDOW_SECONDS, further attempts are refused (even with the
right password) until the window has passed. A successful sign-in clears the username's count
but not the address's, so one good account cannot be used to reset a guessing run.

The counter window starts at the first failure (a fixed window): `cache.add` sets the expiry
once and `cache.incr` keeps it.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, address: str) -> list[str]:
    # Hash the username so any text is a safe cache key (memcached and Redis both accept it).
    user_hash = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    address_hash = hashlib.sha256(address.encode()).hexdigest()
    return [f"signin-failures:user:{user_hash}", f"signin-failures:address:{address_hash}"]


def client_address(request) -> str:
    """The caller's address. Behind a proxy, the proxy must set REMOTE_ADDR (e.g. gunicorn's
    --forwarded-allow-ips with a middleware); X-Forwarded-For is not trusted here."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def window_minutes() -> int:
    return max(1, settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60)


def _limits() -> tuple[int, int]:
    """(per username, per address). Many NHS staff share one outgoing address (a trust's
    proxy), so LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS, if set, may allow more."""
    per_user = settings.LOGIN_THROTTLE_MAX_FAILURES
    return per_user, getattr(settings, "LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS", per_user)


def is_throttled(username: str, address: str) -> bool:
    user_key, address_key = _keys(username, address)
    counts = cache.get_many([user_key, address_key])
    user_limit, address_limit = _limits()
    return counts.get(user_key, 0) >= user_limit or counts.get(address_key, 0) >= address_limit


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        cache.add(key, 0, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def record_success(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0])

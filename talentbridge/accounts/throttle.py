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


def is_throttled(username: str, address: str) -> bool:
    limit = settings.LOGIN_THROTTLE_MAX_FAILURES
    counts = cache.get_many(_keys(username, address))
    return any(count >= limit for count in counts.values())


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        cache.add(key, 0, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def record_success(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0])

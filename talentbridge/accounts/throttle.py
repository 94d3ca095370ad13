"""Sign-in throttling, per account and per client address, counted in the shared cache.

After settings.LOGIN_THROTTLE_MAX_FAILURES failed attempts for one username, or
LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS (default: the same) from one address, within
settings.LOGIN_THROTTLE_WINDOW_SECONDS, further attempts are refused (even with the right
password) until the window has passed. The address is the client's as
`talentbridge.core.addresses.client_address` works it out (behind a trusted proxy, from
X-Forwarded-For), so one office behind a load balancer does not lock out everyone.

Counting is atomic: every attempt is counted *before* the password is checked (``cache.add``
starts the window, ``cache.incr`` counts; both single operations in Redis, the production
cache), so parallel guesses cannot all slip under the limit. A successful sign-in takes its
attempt back off the address and clears the username's count, so one good account cannot be
used to reset a guessing run from an address.
"""

from __future__ import annotations

import contextlib
import hashlib

from django.conf import settings
from django.core.cache import cache

from talentbridge.core.addresses import client_address

__all__ = ["attempt", "client_address", "record_success", "window_minutes"]


def _keys(username: str, address: str, kind: str = "signin") -> tuple[str, str]:
    # Hash the username so any text is a safe cache key (memcached and Redis both accept it).
    user_hash = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    address_hash = hashlib.sha256(address.encode()).hexdigest()
    return f"{kind}-attempts:user:{user_hash}", f"{kind}-attempts:address:{address_hash}"


def window_minutes() -> int:
    return max(1, settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60)


def _limits() -> tuple[int, int]:
    """(per username, per address). Many NHS staff share one outgoing address (a trust's
    proxy), so LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS, if set, may allow more."""
    per_user = settings.LOGIN_THROTTLE_MAX_FAILURES
    return per_user, getattr(settings, "LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS", per_user)


def _count(key: str) -> int:
    """Add one to the counter, starting its window if it has none; atomic in Redis."""
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, timeout=window)
        return 1


def attempt(username: str, address: str, kind: str = "signin") -> bool:
    """Count an attempt; False if it is over either limit and must be refused. `kind` keeps
    apart other things limited the same way ("reset": asking for a password reset link, per
    e-mail address and per client address)."""
    user_key, address_key = _keys(username, address, kind)
    user_limit, address_limit = _limits()
    user_count, address_count = _count(user_key), _count(address_key)
    return user_count <= user_limit and address_count <= address_limit


def record_success(username: str, address: str) -> None:
    user_key, address_key = _keys(username, address)
    cache.delete(user_key)
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(address_key)

"""The API request limit per client address: every request counts, whether or not it is
signed in and whether or not it succeeds (a wrong token, a 404, a 422 all count), so no one
can guess tokens or probe the API without limit.

``settings.TALENTBRIDGE_API_RATE`` (e.g. ``"600/m"``; empty: no limit) requests per fixed
window per address, the address as `talentbridge.core.addresses.client_address` works it out
(behind a trusted proxy, from X-Forwarded-For). Counted atomically in the shared cache:
``cache.add`` starts a window's counter, ``cache.incr`` counts (single operations in Redis).
Signed-in users are also limited per user, whatever address they come from, counted the same
way (`talentbridge.config.api.PerUserRateThrottle`).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from talentbridge.core.addresses import client_address

SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400,
           "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """"600/m" → (600, 60)."""
    count, _, period = rate.partition("/")
    return int(count), SECONDS[period]


def _count(ident: str) -> int | None:
    """Count one request for `ident`; None if within the limit, else the seconds until the
    window ends (for ``Retry-After``)."""
    rate = settings.TALENTBRIDGE_API_RATE
    if not rate:
        return None
    allowed, window = parse_rate(rate)
    now = time.time()
    number = int(now // window)
    key = f"api-requests:{ident}:{window}:{number}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the window's counter expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        count = 1
    if count <= allowed:
        return None
    return max(1, int((number + 1) * window - now + 0.999))


def seconds_to_wait(request) -> int | None:
    """Count this request against its client address (before authentication)."""
    return _count("a" + hashlib.sha256(client_address(request).encode()).hexdigest()[:32])


def seconds_to_wait_for_user(user_id: int) -> int | None:
    """Count this request against the signed-in user (after authentication)."""
    return _count(f"u{user_id}")

"""The one-way hash a row keeps instead of the secret it is found by (an API key, an
invitation's or a rater's single-use link)."""

from __future__ import annotations

import hashlib


def secret_hash(secret: str) -> str:
    """The SHA-256 of ``secret`` in hex (64 characters): stored, and looked up, in its place."""
    return hashlib.sha256(secret.encode()).hexdigest()

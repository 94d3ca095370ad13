"""API tokens as display-ready table rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from talentbridge.core.jinja_helpers import nhs_datetime

from .models import ApiToken


@dataclass(frozen=True)
class TokenRow:
    prefix: str
    name: str
    owner: str
    created: str
    created_by: str
    last_used: str
    expires: str
    scopes: str
    status: str
    is_active: bool


def _status(token: ApiToken) -> str:
    if token.revoked_at:
        return f"Revoked {nhs_datetime(token.revoked_at)}"
    return "Expired" if token.is_expired else "Active"


def token_rows(tokens: Iterable[ApiToken]) -> list[TokenRow]:
    """Rows for the tokens table (the queryset must select_related user and created_by)."""
    return [
        TokenRow(
            prefix=token.prefix,
            name=token.name,
            owner=token.user.username,
            created=nhs_datetime(token.created_at),
            created_by=token.created_by.username if token.created_by_id else "",
            last_used=nhs_datetime(token.last_used_at) if token.last_used_at else "Never",
            expires=nhs_datetime(token.expires_at),
            scopes=", ".join(token.scopes),
            status=_status(token),
            is_active=token.revoked_at is None and not token.is_expired,
        )
        for token in tokens
    ]

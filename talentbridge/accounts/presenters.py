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
    status: str
    is_active: bool


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
            status=(f"Revoked {nhs_datetime(token.revoked_at)}" if token.revoked_at
                    else "Active"),
            is_active=token.revoked_at is None,
        )
        for token in tokens
    ]

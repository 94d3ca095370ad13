"""Account operations shared by the web pages, the API and the CLI: who is an administrator,
how a user's roles read, and API tokens (issue and revoke, both audited; each user issues
their own, administrators list and revoke anyone's).

The secret of a token exists only in the return value of `issue_token`; only its hash is stored
and it never reaches the audit trail.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record

from .codes import TokenScope
from .grants import grants_for
from .models import ApiToken
from .models import RoleAssignment
from .models import User

TOKEN_NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def is_administrator(user) -> bool:
    """Does `user` hold the Administrator role now? (Resolved once per request.)"""

    return grants_for(user).is_administrator


def require_administrator(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied("Only an administrator can do this.")


def role_labels(user) -> list[str]:
    """The user's current roles as people read them: "Organisation talent lead – Barts Health"."""
    assignments = (
        RoleAssignment.objects.current().filter(user=user)
        .select_related("organisation", "system", "region")
    )
    return [str(assignment) for assignment in assignments]


def list_tokens(actor):
    """API tokens, newest first, with owner and issuer: every token for an administrator,
    otherwise the actor's own."""
    tokens = ApiToken.objects.select_related("user", "created_by").order_by("-created_at", "-pk")
    return tokens if is_administrator(actor) else tokens.filter(user=actor)


def _check_scopes(scopes, allowed: list[str] | None) -> str:
    """The problem with the scopes asked for, or ""."""
    scopes = list(scopes or [])
    unknown = [s for s in scopes if s not in TokenScope.values]
    if not scopes:
        return "Choose at least one scope: " + ", ".join(TokenScope.values)
    if unknown:
        return (f'"{unknown[0]}" is not a scope; choose from ' + ", ".join(TokenScope.values))
    beyond = [s for s in scopes if allowed is not None and s not in allowed]
    if beyond:
        return (f'The token you are using does not have the "{beyond[0]}" scope, so it '
                "cannot issue a token that has")
    return ""


@transaction.atomic
def issue_token(actor, name: str, *, scopes: list[str], days: int | None = None,
                username: str = "", request=None, from_command_line: bool = False,
                actor_scopes: list[str] | None = None) -> tuple[ApiToken, str]:
    """Issue an API token; returns the token and its secret, which is shown once and never
    stored. Bad input raises ValidationError naming the field and the value.

    Everyone issues tokens only for themselves (administrators too: they may list and revoke
    anyone's, never mint one to act as someone else). `username`, if given, must be the
    actor's own. A request made with a token (`actor_scopes`) cannot issue wider scopes.
    `from_command_line` is `talentbridge issue-token`: an operator at the server issues a
    token for the named user, audited as the command line."""
    username, name = (username or "").strip(), (name or "").strip()
    days = settings.TALENTBRIDGE_TOKEN_DAYS if days is None else days
    errors = {}
    if from_command_line:
        owner = User.objects.filter(username=username).first() if username else None
        if not username:
            errors["username"] = "Enter the username of the person the token is for"
        elif owner is None:
            errors["username"] = f'There is no user with username "{username}"'
        elif not owner.is_active:
            errors["username"] = f'The user "{username}" is not active'
    else:
        owner = actor
        if username and username != actor.get_username():
            raise PermissionDenied(
                f'You can only issue API tokens for yourself, not for "{username}". '
                "They can issue their own on their API tokens page.")
    if not name:
        errors["name"] = "Enter a name for the token"
    elif len(name) > TOKEN_NAME_MAX_LENGTH:
        errors["name"] = f"Token name must be {TOKEN_NAME_MAX_LENGTH} characters or fewer"
    if problem := _check_scopes(scopes, actor_scopes):
        errors["scopes"] = problem
    if not 1 <= days <= settings.TALENTBRIDGE_TOKEN_MAX_DAYS:
        errors["days"] = (f"A token must last from 1 to {settings.TALENTBRIDGE_TOKEN_MAX_DAYS} "
                          f"days, not {days}")
    if errors:
        raise ValidationError(errors)
    scopes = [s for s in TokenScope.values if s in scopes]
    token, secret = ApiToken.issue(owner, name, created_by=actor, scopes=scopes,
                                   expires_at=timezone.now() + dt.timedelta(days=days))
    record(actor=actor, action=AuditAction.ISSUE_TOKEN, target=token, request=request,
           channel="cli" if from_command_line else "",
           detail={"owner": owner.pk, "prefix": token.prefix, "scopes": scopes,
                   "expires_at": token.expires_at.isoformat()})
    return token, secret


@transaction.atomic
def _tokens_for(actor, from_command_line: bool = False) -> QuerySet[ApiToken]:
    """The tokens ``actor`` may revoke: administrators any, everyone else their own."""
    tokens = ApiToken.objects.select_related("user")
    if not from_command_line and not is_administrator(actor):
        tokens = tokens.filter(user=actor)
    return tokens


def token_to_revoke(actor, prefix: str) -> ApiToken | None:
    """The active token with this prefix that ``actor`` may revoke, if there is one."""
    return _tokens_for(actor).filter(prefix=(prefix or "").strip(),
                                     revoked_at__isnull=True).first()


def revoke_token(actor, prefix: str, *, request=None,
                 from_command_line: bool = False) -> ApiToken:
    """Revoke the token with this prefix: administrators any, everyone else their own.
    Unknown (or someone else's), or already revoked → ValidationError."""
    token = _tokens_for(actor, from_command_line).select_for_update().filter(
        prefix=(prefix or "").strip()).first()
    if token is None:
        raise ValidationError({"prefix": f'There is no API token with prefix "{prefix}"'})
    if token.revoked_at is not None:
        raise ValidationError({"prefix": f'The API token "{token.prefix}" is already revoked'})
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, action=AuditAction.REVOKE_TOKEN, target=token, request=request,
           channel="cli" if from_command_line else "",
           detail={"owner": token.user_id, "prefix": token.prefix})
    return token

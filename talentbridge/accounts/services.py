"""Account operations shared by the web pages, the API and the CLI: who is an administrator,
how a user's roles read, and API tokens (issue and revoke, both audited).

The secret of a token exists only in the return value of `issue_token`; only its hash is stored
and it never reaches the audit trail.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record

from .models import ApiToken, RoleAssignment, User

TOKEN_NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def is_administrator(user) -> bool:
    """Does `user` hold the Administrator role now? (Resolved once per request.)"""
    from .grants import grants_for

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
    """Every API token, newest first, with its owner and issuer (administrators only)."""
    require_administrator(actor)
    return ApiToken.objects.select_related("user", "created_by").order_by("-created_at", "-pk")


@transaction.atomic
def issue_token(actor, username: str, name: str, *, request=None,
                from_command_line: bool = False) -> tuple[ApiToken, str]:
    """Issue an API token for the user called `username`; returns the token and its secret,
    which is shown once and never stored. Bad input raises ValidationError naming the field.
    `from_command_line` is for `talentbridge issue-token`: an operator with shell access to the
    server, recorded in the audit trail as the command line rather than a signed-in user."""
    if not from_command_line:
        require_administrator(actor)
    username, name = (username or "").strip(), (name or "").strip()
    errors = {}
    owner = User.objects.filter(username=username).first() if username else None
    if not username:
        errors["username"] = "Enter the username of the person the token is for"
    elif owner is None:
        errors["username"] = f'There is no user with username "{username}"'
    elif not owner.is_active:
        errors["username"] = f'The user "{username}" is not active'
    if not name:
        errors["name"] = "Enter a name for the token"
    elif len(name) > TOKEN_NAME_MAX_LENGTH:
        errors["name"] = f"Token name must be {TOKEN_NAME_MAX_LENGTH} characters or fewer"
    if errors:
        raise ValidationError(errors)
    token, secret = ApiToken.issue(owner, name, created_by=actor)
    record(actor=actor, action=AuditAction.ISSUE_TOKEN, target=token, request=request,
           channel="cli" if from_command_line else "",
           detail={"owner": owner.username, "prefix": token.prefix})
    return token, secret


@transaction.atomic
def revoke_token(actor, prefix: str, *, request=None,
                 from_command_line: bool = False) -> ApiToken:
    """Revoke the token with this prefix. Unknown or already revoked → ValidationError."""
    if not from_command_line:
        require_administrator(actor)
    token = (
        ApiToken.objects.select_for_update().select_related("user")
        .filter(prefix=(prefix or "").strip()).first()
    )
    if token is None:
        raise ValidationError({"prefix": f'There is no API token with prefix "{prefix}"'})
    if token.revoked_at is not None:
        raise ValidationError({"prefix": f'The API token "{token.prefix}" is already revoked'})
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, action=AuditAction.REVOKE_TOKEN, target=token, request=request,
           channel="cli" if from_command_line else "",
           detail={"owner": token.user.username, "prefix": token.prefix})
    return token

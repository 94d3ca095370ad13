"""Account administration for the `talentbridge` command (no signed-in actor; audited as
'cli'). Beside the command, not in accounts: it resolves scopes by their codes, and
organisations sit above accounts in the layers."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.accounts.models import SingleSignOnIdentity
from talentbridge.accounts.models import User
from talentbridge.accounts.services import issue_token
from talentbridge.accounts.services import revoke_token
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region


class UserCreationError(ValueError):
    pass


class TokenError(ValueError):
    pass


def resolve_scope(role: str, scope: str) -> dict:
    """Turn a role and an ODS code into RoleAssignment scope fields, or explain what is wrong."""
    if role not in Role.values:
        raise UserCreationError(
            f'role "{role}" is not one of: {", ".join(Role.values)}'
        )
    if not scope:
        return {"scope_level": ScopeLevel.ENGLAND}
    code = scope.strip().upper()
    if region := Region.objects.filter(code=code).first():
        return {"scope_level": ScopeLevel.REGION, "region": region}
    system = IntegratedCareSystem.objects.filter(code=code).first()
    if system is not None and role != Role.ORGANISATION_TALENT_LEAD:
        return {"scope_level": ScopeLevel.SYSTEM, "system": system}
    if organisation := Organisation.objects.filter(ods_code=code).first():
        return {"scope_level": ScopeLevel.ORGANISATION, "organisation": organisation}
    raise UserCreationError(f'scope "{scope}" is not the ODS code of a region, system or '
                            "organisation")


@transaction.atomic
def create_user(*, username: str, email: str, password: str, role: str = "",
                scope: str = "") -> User:
    if not username or len(username) > 150:
        raise UserCreationError(f'username "{username}" must be 1 to 150 characters')
    if User.objects.filter(username=username).exists():
        raise UserCreationError(f'username "{username}" is already taken')
    if not password:
        raise UserCreationError("set the password in the environment variable named by "
                                "--password-env (TALENTBRIDGE_NEW_PASSWORD by default)")
    user = User(username=username, email=email)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise UserCreationError("password: " + " ".join(error.messages)) from error
    user.set_password(password)
    user.save()
    if role:
        assignment = RoleAssignment(user=user, role=role, **resolve_scope(role, scope))
        try:
            assignment.full_clean()
        except ValidationError as error:
            raise UserCreationError("; ".join(error.messages)) from error
        assignment.save()
    record(actor=None, action=AuditAction.CREATE, target=user, channel="cli",
           detail={"role": role, "scope": scope})
    return user


def _first_message(error: ValidationError) -> str:
    return "; ".join(m for messages in error.message_dict.values() for m in messages)


def issue_token_cli(username: str, name: str, scopes: list[str],
                    days: int | None = None) -> tuple[ApiToken, str]:
    """An operator at the server issues a token for the named user (audited as 'cli')."""
    try:
        return issue_token(None, name, username=username, scopes=scopes, days=days,
                           from_command_line=True)
    except ValidationError as error:
        raise TokenError(_first_message(error)) from error


def revoke_token_cli(prefix: str) -> ApiToken:
    try:
        return revoke_token(None, prefix, from_command_line=True)
    except ValidationError as error:
        raise TokenError(_first_message(error)) from error


@transaction.atomic
def unlink_single_sign_on(username: str) -> SingleSignOnIdentity:
    """Remove the identity-provider account bound to a user (e.g. their NHS account was
    replaced): their next single sign-on binds again by verified e-mail. Audited as 'cli'."""
    identity = SingleSignOnIdentity.objects.select_related("user").filter(
        user__username=username).first()
    if identity is None:
        if not User.objects.filter(username=username).exists():
            raise UserCreationError(f'There is no user with username "{username}"')
        raise UserCreationError(f'User "{username}" has no single sign-on identity to unlink')
    record(actor=None, action=AuditAction.UPDATE, target=identity.user, channel="cli",
           detail={"single_sign_on": "unlinked", "issuer": identity.issuer})
    identity.delete()
    return identity

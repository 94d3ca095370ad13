"""/api/v1/me, /api/v1/tokens, /api/v1/users and /api/v1/roles: who is calling, API tokens,
and account administration (`accounts.users`, `accounts.roles`).

Everyone issues tokens for themselves only; administrators list and revoke anyone's, others
their own. Issuing and revoking go through `talentbridge.accounts.services`, which decides who
may and writes the audit events. A token's secret is returned once, on issue.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from typing import Literal

from django.conf import settings
from django.http import Http404
from ninja import Field
from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.accounts.grants import grants_for
from talentbridge.core.api import DEFAULT_PAGE_SIZE
from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import Limit
from talentbridge.core.api import Offset
from talentbridge.core.api import page
from talentbridge.core.api import remember_input
from talentbridge.core.api import text

from . import roles
from . import services
from . import users
from .codes import TokenScope
from .models import ApiToken
from .models import Role
from .models import RoleAssignment
from .models import ScopeLevel
from .policy import Scope

router = Router()


class RoleOut(Schema):
    role: str
    role_label: str
    scope_level: str
    scope_code: str | None
    scope_name: str = Field(alias="scope_label")
    starts_at: dt.datetime
    ends_at: dt.datetime | None

    @staticmethod
    def resolve_role_label(obj) -> str:
        return obj.get_role_display()

    @staticmethod
    def resolve_scope_code(obj) -> str | None:
        if obj.organisation_id:
            return obj.organisation.ods_code
        if obj.system_id:
            return obj.system.code
        if obj.region_id:
            return obj.region.code
        return None


class MeOut(Schema):
    username: str
    display_name: str
    email: str
    person_id: Id | None
    is_administrator: bool
    authenticated_by: str
    roles: list[RoleOut]


class TokenOut(Schema):
    prefix: str
    name: str
    username: str = Field(alias="user.username")
    created_at: dt.datetime
    created_by: str | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    expires_at: dt.datetime
    expired: bool = Field(alias="is_expired")
    scopes: list[str]

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.username if obj.created_by_id else None


class IssuedTokenOut(TokenOut):
    key: str = Field(..., description="The token itself. It is shown only this once.")


class TokensPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[TokenOut]


Username = text(min_length=1, max_length=150)
UsernameFilter = text(max_length=150)
TokenName = text(min_length=1, max_length=services.TOKEN_NAME_MAX_LENGTH)


class TokenIn(InputSchema):
    name: TokenName = Field(
        ..., description="What the token is for, e.g. 'ESR nightly import'."
    )
    scopes: list[Literal[tuple(TokenScope.values)]] = Field(
        default_factory=lambda: ["read"], min_length=1,
        description="What the token may do: read, write (add, change, delete), import "
                    "(workforce snapshots and event files). Default: read.")
    days: int = Field(
        default=settings.TALENTBRIDGE_TOKEN_DAYS, ge=1, le=settings.TALENTBRIDGE_TOKEN_MAX_DAYS,
        description="Days until the token expires (default 90).")
    username: UsernameFilter = Field(
        "", description="Optional; if given it must be your own: tokens are only ever issued "
                        "to the person asking.")


class TokenFilters(Schema):
    username: UsernameFilter = ""
    include_revoked: bool = False
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


Prefix = Annotated[str, Field(pattern=rf"^[0-9a-f]{{{ApiToken.PREFIX_LENGTH}}}$")]


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Who am I")
def me(request):
    user = request.auth
    grants = grants_for(user)
    roles = (
        RoleAssignment.objects.current().filter(user=user)
        .select_related("organisation", "system", "region").order_by("role", "pk")
    )
    return {
        "username": user.get_username(),
        "display_name": user.display_name,
        "email": user.email,
        "person_id": grants.person_id,
        "is_administrator": grants.is_administrator,
        "authenticated_by": getattr(request, "api_auth_method", "session"),
        "roles": list(roles),
    }


@router.get("/tokens", response={200: TokensPage, **ERRORS}, summary="List API tokens")
def list_tokens(request, filters: Query[TokenFilters]):
    """Every API token for administrators, your own for everyone else. Secrets are never
    shown again after issue; expired tokens are listed with ``expired: true``."""
    tokens = services.list_tokens(request.auth)
    if filters.username:
        tokens = tokens.filter(user__username=filters.username)
    if not filters.include_revoked:
        tokens = tokens.filter(revoked_at__isnull=True)
    return page(tokens, filters.limit, filters.offset)


@router.post("/tokens", response={201: IssuedTokenOut, **ERRORS}, summary="Issue an API token")
def issue_token(request, payload: TokenIn):
    """Issue a token for yourself. The response holds the key, once. A token cannot issue a
    token with a scope it does not have itself."""
    remember_input(request, payload.model_dump())
    token, key = services.issue_token(
        request.auth, payload.name, scopes=payload.scopes, days=payload.days,
        username=payload.username, request=request,
        actor_scopes=getattr(request, "api_token_scopes", None))
    token.key = key
    return Status(201, token)


@router.delete("/tokens/{prefix}", response={204: None, **ERRORS}, summary="Revoke an API token")
def revoke_token(request, prefix: Prefix):
    """Revoke a token by its prefix: administrators any, everyone else their own. Revoking
    one already revoked is a 400."""
    if not services.list_tokens(request.auth).filter(prefix=prefix).exists():
        raise Http404(f'There is no API token with prefix "{prefix}".')
    remember_input(request, {"prefix": prefix})
    services.revoke_token(request.auth, prefix, request=request)
    return Status(204, None)


# ---- users and roles: administrators (all), organisation administrators (their people) ------


class AssignmentOut(RoleOut):
    id: Id
    ended: bool

    @staticmethod
    def resolve_ended(obj) -> bool:
        return obj.ends_at is not None and obj.ends_at <= dt.datetime.now(dt.UTC)


class UserOut(Schema):
    id: Id
    username: str
    display_name: str
    email: str
    status: Literal["invited", "active", "deactivated"]
    last_sign_in: dt.datetime | None = Field(alias="last_login")
    roles: list[RoleOut]

    @staticmethod
    def resolve_status(obj) -> str:
        return users.status_of(obj)

    @staticmethod
    def resolve_roles(obj) -> list:
        return list(getattr(obj, "current_roles", None)
                    or RoleAssignment.objects.current().filter(user=obj)
                    .select_related("organisation", "system", "region"))


class UserDetailOut(UserOut):
    role_history: list[AssignmentOut]

    @staticmethod
    def resolve_role_history(obj) -> list:
        return list(users.roles_of(obj))


class UsersPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[UserOut]


class UserFilters(Schema):
    q: UsernameFilter = Field("", description="Words in the username, name or e-mail")
    status: Literal["", "invited", "active", "deactivated"] = ""
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


class AssignRoleIn(InputSchema):
    role: Literal[tuple(Role.values)] = Field(..., description="The role's code")
    scope_level: Literal[tuple(ScopeLevel.values)] = Field(..., description="Where it is held")
    scope_id: Id | None = Field(None, description="The id of the organisation, system or "
                                                   "region; none for England")
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None


class ReasonIn(InputSchema):
    reason: text(min_length=1, max_length=500)


@router.get("/users", response={200: UsersPage, **ERRORS}, summary="List users")
def list_users(request, filters: Query[UserFilters]):
    """Administrators: every account; organisation administrators: the accounts of people
    employed by the organisations they administer. Others: 403."""
    users.require_administers(request.auth)
    found = users.search_users(request.auth, text=filters.q, status=filters.status,
                               request=request)
    return page(found, filters.limit, filters.offset)


@router.get("/users/{id}", response={200: UserDetailOut, **ERRORS}, summary="One user")
def get_user(request, id: Id):
    users.require_administers(request.auth)
    return users.get_user(request.auth, id, request=request)


@router.post("/users/{id}/roles", response={201: AssignmentOut, **ERRORS},
             summary="Give a user a role")
def assign_role(request, id: Id, payload: AssignRoleIn):
    """Only within the scope you administer: 403 naming the role and the scope otherwise, and
    nothing changes."""
    users.require_administers(request.auth)
    user = users.get_user(request.auth, id, request=request)
    remember_input(request, payload.model_dump(mode="json"))
    assignment = roles.assign_role(
        request.auth, user, payload.role, Scope(payload.scope_level, payload.scope_id),
        starts_at=payload.starts_at, ends_at=payload.ends_at, request=request)
    return Status(201, assignment)


@router.post("/roles/{id}/end", response={200: AssignmentOut, **ERRORS}, summary="End a role")
def end_role(request, id: Id):
    users.require_administers(request.auth)
    assignment = RoleAssignment.objects.filter(pk=id).first()
    if assignment is None:
        raise Http404(f"There is no role assignment with id {id}.")
    users.get_user(request.auth, assignment.user_id, request=request)
    return roles.end_role(request.auth, assignment, request=request)


@router.post("/users/{id}/deactivate", response={200: UserOut, **ERRORS},
             summary="Deactivate a user")
def deactivate_user(request, id: Id, payload: ReasonIn):
    """The account can no longer sign in; its tokens and invitation are revoked and its roles
    end. A `reason` is required. Not your own."""
    users.require_administers(request.auth)
    user = users.get_user(request.auth, id, request=request)
    remember_input(request, payload.model_dump())
    return roles.deactivate_user(request.auth, user, reason=payload.reason, request=request)


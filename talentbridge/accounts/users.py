"""The accounts an administrator (all) or an organisation administrator (the people employed by
the organisations they administer) sees, with their roles and status, for the pages and the
API. Who may is `talentbridge.accounts.policy`; reads are audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.http import Http404

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record

from . import policy
from .grants import employer_of
from .grants import grants_for
from .grants import users_employed_by
from .models import Role
from .models import RoleAssignment
from .models import ScopeLevel
from .models import User
from .roles import scope_model

INVITED, ACTIVE, DEACTIVATED = "invited", "active", "deactivated"
STATUS_LABELS = {INVITED: "Invited", ACTIVE: "Active", DEACTIVATED: "Deactivated"}


class UserNotFound(Http404):
    """No such user, or one the actor does not administer (the two look the same)."""

    def __init__(self, pk) -> None:
        super().__init__(f"There is no user with id {pk}")


def require_administers(actor) -> None:
    if not policy.administers_accounts(actor):
        raise PermissionDenied("Only administrators and organisation administrators manage "
                               "accounts.")


def status_of(user: User) -> str:
    if not user.is_active:
        return DEACTIVATED
    if user.last_login is None and not user.has_usable_password() and not hasattr(
            user, "sso_identity"):
        return INVITED
    return ACTIVE


def administered_users(actor) -> QuerySet[User]:
    """Every user for an administrator; for an organisation administrator the users who are
    people employed by the organisations they administer; no one for anyone else."""
    grants = grants_for(actor)
    current = RoleAssignment.objects.current().select_related("organisation", "system",
                                                              "region")
    users = User.objects.select_related("sso_identity").prefetch_related(
        Prefetch("role_assignments", queryset=current, to_attr="current_roles"))
    if grants.is_administrator:
        return users
    if grants.administered_organisation_ids:
        return users.filter(pk__in=users_employed_by(grants.administered_organisation_ids))
    return users.none()


def search_users(actor, *, text: str = "", status: str = "", request=None) -> QuerySet[User]:
    """Users the actor administers whose username, name or e-mail contains each word of
    ``text``, optionally with this status; the search is audited."""
    users = administered_users(actor)
    for word in text.split():
        users = users.filter(Q(username__icontains=word) | Q(first_name__icontains=word)
                             | Q(last_name__icontains=word) | Q(email__icontains=word))
    if status == DEACTIVATED:
        users = users.filter(is_active=False)
    elif status in (INVITED, ACTIVE):
        invited = Q(last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX,
                    sso_identity__isnull=True)
        users = users.filter(is_active=True).filter(invited if status == INVITED else ~invited)
    record(actor=actor, action=AuditAction.SEARCH, request=request, target_type="accounts.user",
           detail={k: v for k, v in {"text": text, "status": status}.items() if v})
    return users.order_by("username", "pk")


def get_user(actor, pk: int, *, request=None) -> User:
    """One user the actor administers, audited as a view; anyone else is a 404."""
    user = administered_users(actor).filter(pk=pk).first()
    if user is None or not policy.may_administer_user(actor, employer_of(user.pk)):
        raise UserNotFound(pk)
    record(actor=actor, action=AuditAction.VIEW, target=user, request=request)
    return user


def roles_of(user: User) -> QuerySet[RoleAssignment]:
    """Every role the user holds or held, current first."""
    return (RoleAssignment.objects.filter(user=user)
            .select_related("organisation", "system", "region", "granted_by")
            .order_by("-starts_at", "-pk"))


@dataclass(frozen=True)
class ScopeChoice:
    value: str  # "organisation:12", "system:3", "region:1", "england"
    label: str


def scope_choices(actor) -> list[ScopeChoice]:
    """The scopes the actor may give roles at, for the form's select."""
    grants = grants_for(actor)
    organisations = scope_model(ScopeLevel.ORGANISATION).objects.order_by("name")
    if not grants.is_administrator:
        organisations = organisations.filter(pk__in=grants.administered_organisation_ids)
        return [ScopeChoice(f"organisation:{o.pk}", str(o)) for o in organisations]
    choices = [ScopeChoice("england", "England")]
    for level in (ScopeLevel.REGION, ScopeLevel.SYSTEM):
        choices += [ScopeChoice(f"{level}:{s.pk}", f"{s} ({ScopeLevel(level).label.lower()})")
                    for s in scope_model(level).objects.order_by("name")]
    return choices + [ScopeChoice(f"organisation:{o.pk}", str(o)) for o in organisations]


def role_holders(actor, *, role: str = "", scope_level: str = "", request=None
                 ) -> QuerySet[RoleAssignment]:
    """Who holds which role now, among the users the actor administers."""
    holders = (RoleAssignment.objects.current()
               .filter(user__in=administered_users(actor).values("pk"), user__is_active=True)
               .select_related("user", "organisation", "system", "region")
               .order_by("role", "scope_level", "user__username", "pk"))
    if role in Role.values:
        holders = holders.filter(role=role)
    if scope_level in ScopeLevel.values:
        holders = holders.filter(scope_level=scope_level)
    record(actor=actor, action=AuditAction.SEARCH, request=request,
           target_type="accounts.roleassignment",
           detail={k: v for k, v in {"role": role, "scope_level": scope_level}.items() if v})
    return holders


"""Giving and ending roles, deactivating and reactivating accounts: who may is decided by
`talentbridge.accounts.policy`; every change is audited (action "create" for a role given,
"update" for a role ended or an account deactivated or reactivated, with ``detail``).

Bad input raises ValidationError naming the field and the value; a change the actor may not
make raises PermissionDenied naming the role and the scope. Either way nothing changes.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record

from . import policy
from .grants import Held
from .grants import employer_of
from .grants import forget
from .grants import grants_for
from .models import ROLE_SCOPE_LEVELS
from .models import ApiToken
from .models import Invitation
from .models import Role
from .models import RoleAssignment
from .models import ScopeLevel
from .policy import Scope

#: Scope level -> (the RoleAssignment field naming it, the model's app label and name).
SCOPE_FIELDS = {
    ScopeLevel.ORGANISATION: ("organisation", "organisations", "Organisation"),
    ScopeLevel.SYSTEM: ("system", "organisations", "IntegratedCareSystem"),
    ScopeLevel.REGION: ("region", "organisations", "Region"),
}
_MODEL_LEVELS = {"organisation": ScopeLevel.ORGANISATION, "integratedcaresystem":
                 ScopeLevel.SYSTEM, "region": ScopeLevel.REGION}


def scope_model(level: str):
    """The model of an organisation, system or region scope (looked up by name: accounts sits
    below organisations)."""
    _, app_label, name = SCOPE_FIELDS[level]
    return apps.get_model(app_label, name)


def scope_of(target) -> Scope:
    """A `Scope` from an Organisation, IntegratedCareSystem or Region, None (England) or a
    `Scope` already."""
    if target is None:
        return Scope(ScopeLevel.ENGLAND)
    if isinstance(target, Scope):
        return target
    return Scope(_MODEL_LEVELS[target._meta.model_name], target.pk)


def scope_of_assignment(assignment: RoleAssignment) -> Scope:
    return Scope(assignment.scope_level, assignment.organisation_id or assignment.system_id
                 or assignment.region_id)


def scope_label(scope: Scope) -> str:
    if scope.level == ScopeLevel.ENGLAND:
        return "England"
    found = scope_model(scope.level).objects.filter(pk=scope.id).first()
    return str(found) if found else f"{scope.level} {scope.id}"


def role_label(role: str) -> str:
    return Role(role).label if role in Role.values else role


def held_by(user) -> tuple[Held, ...]:
    """The roles ``user`` holds now (not the cached grants: the user may be someone else)."""
    return tuple(
        Held(role=a.role, scope_level=a.scope_level, organisation_id=a.organisation_id,
             system_id=a.system_id, region_id=a.region_id)
        for a in RoleAssignment.objects.current().filter(user=user))


def _check_role_input(user, role: str, scope: Scope, starts_at, ends_at) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f'"{role}" is not a role; choose from '
                                       + ", ".join(Role.values)})
    if scope.level not in ROLE_SCOPE_LEVELS[role]:
        levels = " or ".join(sorted(ROLE_SCOPE_LEVELS[role]))
        raise ValidationError({"scope_level": (
            f"A {role_label(role).lower()} is held at {levels} level, not at "
            f'"{scope.level}"')})
    if scope.level != ScopeLevel.ENGLAND and not scope_model(scope.level).objects.filter(
            pk=scope.id).exists():
        raise ValidationError({"scope_id": f"There is no {scope.level} with id {scope.id}"})
    if ends_at is not None and ends_at <= (starts_at or timezone.now()):
        raise ValidationError({"ends_at": f"The role must end after it starts, not on "
                                          f"{ends_at:%d %B %Y %H:%M}"})
    if not user.is_active:
        raise ValidationError({"user": f"The account {user.username} is deactivated: "
                                       "reactivate it first"})


def refusal(actor, role: str, scope: Scope, user) -> str:
    """Why ``actor`` may not give or end ``role`` at ``scope`` for ``user``, or ""."""
    return _refusal(actor, role, scope, user, employer_of(user.pk))


def end_refusals(actor, assignments, user) -> dict[int, str]:
    """Why ``actor`` may not end each of ``user``'s ``assignments`` ("" where they may), by
    the assignment's id: the user's employer is looked up once for them all, so a page listing
    many roles asks it once."""
    employer_id = employer_of(user.pk)
    return {a.pk: _refusal(actor, a.role, scope_of_assignment(a), user, employer_id)
            for a in assignments}


def _refusal(actor, role: str, scope: Scope, user, employer_id: int | None) -> str:
    if user.pk == grants_for(actor).user_id:
        return "You cannot change your own roles: ask another administrator."
    if policy.may_grant(actor, role, scope, employer_id, user.pk):
        return ""
    return (f"You cannot give or end the role {role_label(role).lower()} at "
            f"{scope_label(scope)} for {user.username}: it is beyond the scope you "
            "administer.")


@transaction.atomic
def assign_role(actor, user, role: str, scope, *, starts_at: dt.datetime | None = None,
                ends_at: dt.datetime | None = None, request=None) -> RoleAssignment:
    """Give ``user`` ``role`` at ``scope`` (an Organisation, IntegratedCareSystem, Region, a
    `Scope`, or None for England), from ``starts_at`` (now) until ``ends_at`` (open)."""
    scope = scope_of(scope)
    _check_role_input(user, role, scope, starts_at, ends_at)
    if problem := refusal(actor, role, scope, user):
        raise PermissionDenied(problem)
    field = SCOPE_FIELDS[scope.level][0] if scope.level in SCOPE_FIELDS else None
    same = RoleAssignment.objects.current().filter(user=user, role=role, scope_level=scope.level)
    if same.filter(**({f"{field}_id": scope.id} if field else {})).exists():
        raise ValidationError({"role": f"{user.username} already holds the role "
                                       f"{role_label(role).lower()} at {scope_label(scope)}"})
    assignment = RoleAssignment(user=user, role=role, scope_level=scope.level,
                                starts_at=starts_at or timezone.now(), ends_at=ends_at,
                                granted_by=actor)
    if field:
        setattr(assignment, f"{field}_id", scope.id)
    assignment.full_clean()
    assignment.save()
    forget(user)
    record(actor=actor, action=AuditAction.CREATE, target=assignment, request=request,
           detail={"user": user.username, "role": role, "scope_level": scope.level,
                   "scope_id": scope.id, "starts_at": assignment.starts_at.isoformat(),
                   "ends_at": ends_at.isoformat() if ends_at else None})
    return assignment


def _end(assignment: RoleAssignment, now: dt.datetime) -> None:
    assignment.ends_at = max(now, assignment.starts_at)
    assignment.save(update_fields=["ends_at"])


@transaction.atomic
def end_role(actor, assignment: RoleAssignment, *, request=None) -> RoleAssignment:
    """End a role assignment now (one that has not begun yet never begins)."""
    assignment = RoleAssignment.objects.select_for_update().select_related("user").get(
        pk=assignment.pk)
    now = timezone.now()
    if assignment.ends_at is not None and assignment.ends_at <= now:
        raise ValidationError({"assignment": f"The role {assignment} of "
                                             f"{assignment.user.username} has already ended"})
    if problem := refusal(actor, assignment.role, scope_of_assignment(assignment),
                          assignment.user):
        raise PermissionDenied(problem)
    _end(assignment, now)
    forget(assignment.user)
    record(actor=actor, action=AuditAction.UPDATE, target=assignment, request=request,
           detail={"user": assignment.user.username, "role": assignment.role,
                   "ended_at": assignment.ends_at.isoformat()})
    return assignment


def _require_may_deactivate(actor, user, doing: str) -> None:
    if user.pk == grants_for(actor).user_id:
        raise PermissionDenied(f"You cannot {doing} your own account: ask another "
                               "administrator.")
    if not policy.may_deactivate(actor, user.pk, employer_of(user.pk), held_by(user)):
        raise PermissionDenied(f"You cannot {doing} the account {user.username}: it is "
                               "beyond the scope you administer.")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason"})
    return reason


@transaction.atomic
def deactivate_user(actor, user, *, reason: str, request=None):
    """Stop ``user`` signing in: inactive, every API token and pending invitation revoked,
    every role ended. Their records stay. Not yourself."""
    reason = _reason(reason)
    _require_may_deactivate(actor, user, "deactivate")
    if not user.is_active:
        raise ValidationError({"user": f"The account {user.username} is already deactivated"})
    now = timezone.now()
    ended = []
    for assignment in RoleAssignment.objects.filter(user=user).exclude(ends_at__lte=now):
        _end(assignment, now)
        ended.append(str(assignment))
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    Invitation.objects.filter(user=user).pending().update(revoked_at=now)
    user.is_active = False
    user.save(update_fields=["is_active"])
    forget(user)
    record(actor=actor, action=AuditAction.UPDATE, target=user, request=request,
           reason=reason, detail={"account": "deactivated", "roles_ended": ended,
                                  "tokens_revoked": tokens})
    return user


@transaction.atomic
def reactivate_user(actor, user, *, reason: str, request=None):
    """Let ``user`` sign in again. Their ended roles stay ended: give them anew."""
    reason = _reason(reason)
    _require_may_deactivate(actor, user, "reactivate")
    if user.is_active:
        raise ValidationError({"user": f"The account {user.username} is already active"})
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(actor=actor, action=AuditAction.UPDATE, target=user, request=request,
           reason=reason, detail={"account": "reactivated"})
    return user

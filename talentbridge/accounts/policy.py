"""Who may administer whose account and grant which role: pure functions over `Grants`.

The rules (docs/accounts.md says the same):

1. An administrator may give and end any role at any scope, and deactivate or reactivate any
   account but their own.
2. An organisation administrator may give and end only the roles held at an organisation's
   scope (organisation talent lead, programme manager, analyst, organisation administrator),
   only at an organisation they administer, and only to users who are people employed by it.
3. An organisation administrator sees, deactivates and reactivates only the accounts of people
   employed by an organisation they administer, and never one holding a role they could not
   give themselves (an administrator, or a lead elsewhere, employed there).
4. Nobody gives themselves a role, nor deactivates themselves: another person must.
5. Everyone else administers no account.

``employer_id`` below is the organisation employing the target user's person (None when the
user has no talent profile); the caller looks it up (`grants.employer_of`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .grants import Held
from .grants import grants_for
from .models import ROLE_SCOPE_LEVELS
from .models import Role
from .models import ScopeLevel

#: The roles an organisation administrator may give, at an organisation they administer.
ORGANISATION_GRANTABLE = frozenset({
    Role.ORGANISATION_TALENT_LEAD, Role.PROGRAMME_MANAGER, Role.ANALYST,
    Role.ORGANISATION_ADMINISTRATOR,
})


@dataclass(frozen=True)
class Scope:
    """Where a role is held: a level and the id of its organisation, system or region
    (None for England)."""

    level: str
    id: int | None = None

    @classmethod
    def of(cls, held: Held) -> Scope:
        return cls(held.scope_level, held.scope_id)


def administers_accounts(who) -> bool:
    """May this user use the account pages at all?"""
    grants = grants_for(who)
    return grants.is_administrator or bool(grants.administered_organisation_ids)


def may_administer_user(who, employer_id: int | None) -> bool:
    """May this user see and administer the account of a user employed by ``employer_id``?"""
    grants = grants_for(who)
    return grants.everywhere_or_at(grants.is_administrator, employer_id,
                                   grants.administered_organisation_ids)


def may_grant(who, role: str, scope: Scope, employer_id: int | None,
              target_user_id: int | None = None) -> bool:
    """May this user give (or end) ``role`` at ``scope`` to a user employed by
    ``employer_id``?"""
    grants = grants_for(who)
    if grants.user_id is None or target_user_id == grants.user_id:
        return False
    if scope.level not in ROLE_SCOPE_LEVELS.get(role, set()):
        return False
    if grants.is_administrator:
        return True
    return (
        role in ORGANISATION_GRANTABLE
        and scope.level == ScopeLevel.ORGANISATION
        and scope.id in grants.administered_organisation_ids
        and employer_id == scope.id
    )


def may_deactivate(who, target_user_id: int, employer_id: int | None,
                   target_held: tuple[Held, ...] = ()) -> bool:
    """May this user deactivate (or reactivate) the account of ``target_user_id``, who holds
    ``target_held`` now?"""
    grants = grants_for(who)
    if grants.user_id is None or target_user_id == grants.user_id:
        return False
    if not may_administer_user(grants, employer_id):
        return False
    return all(may_grant(grants, h.role, Scope.of(h), employer_id, target_user_id)
               for h in target_held)


def grantable_roles(who) -> list[str]:
    """The roles this user may give to someone (at some scope)."""
    grants = grants_for(who)
    if grants.is_administrator:
        return list(Role.values)
    if grants.administered_organisation_ids:
        return [r for r in Role.values if r in ORGANISATION_GRANTABLE]
    return []


"""Who may see, export and import insights, and for which scopes. The one place that decides.

Insights are aggregate, disclosure-controlled figures; no page, export or API response shows a
person's protected characteristics. Access is by scope, from the user's current role
assignments (docs/insights.md says the same):

| role (held at)                                  | sees figures for                           |
|-------------------------------------------------|--------------------------------------------|
| administrator, national talent lead (England)   | England and everything in it               |
| analyst at England                              | England and everything in it               |
| regional talent lead / analyst at a region      | that region, its systems and organisations |
| system talent lead / analyst at a system        | that system and its organisations          |
| organisation talent lead / analyst at an org    | that organisation                          |
| programme manager, leader, line manager         | nothing                                    |

Exporting follows viewing exactly (an export is the same controlled table). Importing a workforce
snapshot or an event file is for administrators (for England or any area in it) and analysts
(for their own area or an area within it): the file declares its area, which must lie within
the importer's on the file's date, and rows for organisations outside that area are rejected.

"Within" is decided on the snapshot's date from effective-dated memberships, so a system lead
sees a trust that joined their system in April 2026 in the October 2026 snapshot, not in the
October 2025 one. Narrowing a scope to a kind of organisation never widens it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field
from enum import StrEnum

from django.core.exceptions import PermissionDenied

from talentbridge.accounts.grants import grants_for as account_grants_for
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import ScopeLevel
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import placements_on

from . import scopes
from .scopes import Scope

#: Roles that see insights at the scope they are held at.
VIEWING_ROLES = frozenset({
    Role.ADMINISTRATOR, Role.NATIONAL_LEAD, Role.REGIONAL_LEAD, Role.SYSTEM_TALENT_LEAD,
    Role.ORGANISATION_TALENT_LEAD, Role.ANALYST,
})
IMPORTING_ROLES = frozenset({Role.ADMINISTRATOR, Role.ANALYST})


class Action(StrEnum):
    VIEW = "view"
    EXPORT = "export"
    IMPORT = "import"


@dataclass
class InsightsGrants:
    user_id: int | None
    england: bool = False
    region_ids: set[int] = field(default_factory=set)
    system_ids: set[int] = field(default_factory=set)
    organisation_ids: set[int] = field(default_factory=set)
    imports_everywhere: bool = False
    import_region_ids: set[int] = field(default_factory=set)
    import_system_ids: set[int] = field(default_factory=set)
    import_organisation_ids: set[int] = field(default_factory=set)

    @property
    def sees_anything(self) -> bool:
        return bool(self.england or self.region_ids or self.system_ids or self.organisation_ids)

    @property
    def can_import(self) -> bool:
        return bool(self.imports_everywhere or self.import_region_ids or self.import_system_ids
                    or self.import_organisation_ids)


def grants_for(user) -> InsightsGrants:
    """The insights scopes of a user (or of their `Grants`), worked out from the roles they hold
    now. Pure: no query beyond the one that built the user's grants for this request."""
    held = account_grants_for(user)
    if held.user_id is None:
        return InsightsGrants(user_id=None)
    cached = held.__dict__.get("_insights")
    if cached is not None:
        return cached
    grants = InsightsGrants(user_id=held.user_id)
    for a in held.held:
        if a.role not in VIEWING_ROLES:
            continue
        importing = a.role in IMPORTING_ROLES
        if a.role == Role.ADMINISTRATOR or a.scope_level == ScopeLevel.ENGLAND:
            grants.england = True
            grants.imports_everywhere |= importing
        elif a.scope_level == ScopeLevel.REGION:
            grants.region_ids.add(a.region_id)
            if importing:
                grants.import_region_ids.add(a.region_id)
        elif a.scope_level == ScopeLevel.SYSTEM:
            grants.system_ids.add(a.system_id)
            if importing:
                grants.import_system_ids.add(a.system_id)
        elif a.scope_level == ScopeLevel.ORGANISATION:
            grants.organisation_ids.add(a.organisation_id)
            if importing:
                grants.import_organisation_ids.add(a.organisation_id)
    held.__dict__["_insights"] = grants
    return grants


def _system_region(system_id: int) -> int | None:
    return IntegratedCareSystem.objects.filter(pk=system_id).values_list(
        "region_id", flat=True).first()


def _within(scope: Scope, day: dt.date, everywhere: bool, region_ids: set[int],
            system_ids: set[int], organisation_ids: set[int]) -> bool:
    if everywhere:
        return True
    if scope.level == scopes.ENGLAND:
        return False
    if scope.level == scopes.REGION:
        return scope.pk in region_ids
    if scope.level == scopes.SYSTEM:
        return scope.pk in system_ids or _system_region(scope.pk) in region_ids
    # An organisation: held directly, or inside a held system or region on `day`.
    if scope.pk in organisation_ids:
        return True

    placement = placements_on(day).get(scope.pk)
    if placement is None:
        return False
    return placement.system_id in system_ids or placement.region_id in region_ids


def can(user, action: Action, scope: Scope, day: dt.date) -> bool:
    """May ``user`` do ``action`` for figures of ``scope`` on ``day``?

    For IMPORT, ``scope`` is the organisation a row of the file belongs to."""
    grants = grants_for(user)
    if grants.user_id is None:
        return False
    if action == Action.IMPORT:
        return _within(scope, day, grants.imports_everywhere, grants.import_region_ids,
                       grants.import_system_ids, grants.import_organisation_ids)
    return _within(scope, day, grants.england, grants.region_ids, grants.system_ids,
                   grants.organisation_ids)


def require(user, action: Action, scope: Scope, day: dt.date) -> None:
    if not can(user, action, scope, day):
        raise PermissionDenied(
            f"You do not have permission to {action.value} insights for {scope.label}.")


def universe(user, scope: Scope, day: dt.date, covered=None) -> Scope:
    """The widest area ``user`` may see on ``day`` that holds ``scope`` (and, with
    ``covered``, that the data covers). Figures are disclosure-controlled together with
    everything the user can request in that area, so no set of their requests pins a hidden
    count (``figures.publication``)."""
    for candidate in scopes.enclosing(scope, scopes.Geography(day)):
        if can(user, Action.VIEW, candidate, day) and (covered is None or covered(candidate)):
            return candidate
    return Scope(scope.level, scope.code, scope.name, scope.pk)


def can_use(user) -> bool:
    """Does the user see any insights at all (the section in the navigation)?"""
    return grants_for(user).sees_anything


def can_import(user) -> bool:
    return grants_for(user).can_import


def importable_org_codes(user, day: dt.date) -> set[str] | None:
    """ODS codes whose rows ``user`` may import for ``day``; None means every known one."""
    grants = grants_for(user)
    if grants.imports_everywhere:
        return None
    geo = scopes.Geography(day)
    allowed: set[str] = set()
    org_codes = dict(Organisation.objects.filter(
        pk__in=grants.import_organisation_ids).values_list("pk", "ods_code"))
    allowed.update(org_codes.values())
    for code, (system_id, region_id) in geo.organisation_ids().items():
        if system_id in grants.import_system_ids or region_id in grants.import_region_ids:
            allowed.add(code)
    return allowed


def importable_scopes(user, day: dt.date) -> list[Scope]:
    """Every area ``user`` may import a file for on ``day`` (widest first): the areas they see
    that lie wholly within an area they may import for."""
    grants = grants_for(user)
    if not grants.can_import:
        return []
    return [s for s in visible_scopes(user, day) if can(user, Action.IMPORT, s, day)]


def visible_scopes(user, day: dt.date) -> list[Scope]:
    """Every scope ``user`` may choose on ``day``, widest first (England, regions, systems,
    organisations), each level in name order."""
    grants = grants_for(user)
    if not grants.sees_anything:
        return []
    geo = scopes.Geography(day)
    placed = geo.organisation_ids()
    out: list[Scope] = []
    if grants.england:
        out.append(scopes.ENGLAND_SCOPE)
    region_ids = {r for _s, r in placed.values()}
    for region in Region.objects.filter(pk__in=region_ids).order_by("name"):
        if grants.england or region.pk in grants.region_ids:
            out.append(Scope(scopes.REGION, region.code, region.name, region.pk))
    system_ids = {s for s, _r in placed.values()}
    for system in IntegratedCareSystem.objects.filter(pk__in=system_ids).order_by("name"):
        if (grants.england or system.pk in grants.system_ids
                or system.region_id in grants.region_ids):
            out.append(Scope(scopes.SYSTEM, system.code, system.short_name, system.pk))
    orgs = Organisation.objects.filter(ods_code__in=placed) | Organisation.objects.filter(
        pk__in=grants.organisation_ids)
    for org in orgs.distinct().order_by("name"):
        system_id, region_id = placed.get(org.ods_code, (None, None))
        if (grants.england or org.pk in grants.organisation_ids
                or system_id in grants.system_ids or region_id in grants.region_ids):
            out.append(Scope(scopes.ORGANISATION, org.ods_code, org.display_name, org.pk))
    return out


def default_scope(user, day: dt.date) -> Scope | None:
    """The widest scope the user holds (what the dashboard opens on)."""
    options = visible_scopes(user, day)
    return options[0] if options else None

"""What a user holds, resolved once per request: the roles they hold now and at which scope,
their own talent profile, and the people they manage.

Every app's policy (`people.policy`, `talent.*_policy`, `opportunities.policy`,
`insights.policy`, the navigation) is a function over one `Grants`; none of them reads role
assignments itself. `grants_for(user)` builds it with two queries (the current role
assignments; the user's own profile) and keeps it on the user object, which Django makes anew
for every request, so a request never sees two versions of a user's rights. The people a user
manages are read the first time a rule asks (one more query). `GrantsMiddleware` also puts it on
`request.grants`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from functools import cached_property
from typing import Protocol

from django.db.models import Q
from django.utils.functional import SimpleLazyObject

from .models import Role
from .models import RoleAssignment
from .models import ScopeLevel

_CACHE = "_talentbridge_grants"


@dataclass(frozen=True)
class Held:
    """One role held now, at one scope (ids of the scope's organisation, system or region)."""

    role: str
    scope_level: str
    organisation_id: int | None = None
    system_id: int | None = None
    region_id: int | None = None

    @property
    def scope_id(self) -> int | None:
        return self.organisation_id or self.system_id or self.region_id


@dataclass(eq=False)
class Grants:
    """A user's rights for one request. Anonymous and inactive users get `Grants(None)`."""

    user_id: int | None
    person_id: int | None = None
    person_organisation_id: int | None = None
    person_band: str = ""
    held: tuple[Held, ...] = ()
    #: people this user manages, directly and one level further down, when known up front
    #: (tests); otherwise read from the database the first time a rule asks
    known_reports: tuple[frozenset[int], frozenset[int]] | None = field(default=None,
                                                                           repr=False)

    # ---- who they are -------------------------------------------------------------------

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    def holds(self, role: str) -> bool:
        return any(h.role == role for h in self.held)

    def everywhere_or_at(self, everywhere: bool, place_id: int | None, place_ids) -> bool:
        """A rule of the shape "signed in, and everywhere or in this scope": true when this
        user is signed in and either holds the right ``everywhere`` (an administrator, a
        national lead) or ``place_id`` is one of ``place_ids``, the places they hold it at."""
        if self.user_id is None:
            return False
        return everywhere or (place_id is not None and place_id in place_ids)

    def scopes_of(self, role: str) -> list[Held]:
        return [h for h in self.held if h.role == role]

    @cached_property
    def is_administrator(self) -> bool:
        return self.holds(Role.ADMINISTRATOR)

    @cached_property
    def administered_organisation_ids(self) -> set[int]:
        """Organisations this user is an organisation administrator of (their leaders' feed,
        accounts and roles, corrections)."""
        return {h.organisation_id for h in self.scopes_of(Role.ORGANISATION_ADMINISTRATOR)}

    @cached_property
    def is_national_lead(self) -> bool:
        return self.holds(Role.NATIONAL_LEAD)

    @cached_property
    def lead_organisation_ids(self) -> set[int]:
        """Organisations this user is an organisation talent lead of."""
        return {h.organisation_id for h in self.scopes_of(Role.ORGANISATION_TALENT_LEAD)}

    @cached_property
    def lead_system_ids(self) -> set[int]:
        """Integrated care systems this user is a system talent lead of."""
        return {h.system_id for h in self.scopes_of(Role.SYSTEM_TALENT_LEAD)}

    @cached_property
    def lead_region_ids(self) -> set[int]:
        """Regions this user is a regional talent lead of."""
        return {h.region_id for h in self.scopes_of(Role.REGIONAL_LEAD)}

    @property
    def is_talent_lead(self) -> bool:
        return bool(self.is_national_lead or self.lead_organisation_ids or self.lead_system_ids
                    or self.lead_region_ids)

    @cached_property
    def analyst_scopes(self) -> set[tuple[str, int | None]]:
        """("organisation" | "system" | "region" | "england", id or None) per analyst role."""
        return {(h.scope_level, h.scope_id) for h in self.scopes_of(Role.ANALYST)}

    # ---- whom they manage ---------------------------------------------------------------

    def _reports(self) -> tuple[frozenset[int], frozenset[int]]:
        if self.known_reports is None:
            if self.person_id is None:
                self.known_reports = (frozenset(), frozenset())
            else:
                direct = _profiles.reports_of([self.person_id])
                second = _profiles.reports_of(direct) if direct else frozenset()
                self.known_reports = (direct, second)
        return self.known_reports

    @property
    def direct_report_ids(self) -> frozenset[int]:
        return self._reports()[0]

    @property
    def managed_person_ids(self) -> frozenset[int]:
        """Direct reports and their direct reports (line managers see two levels down)."""
        direct, second = self._reports()
        return direct | second


ANONYMOUS = Grants(user_id=None)


class ProfileSource(Protocol):
    """Where users' talent profiles are read from. The people app registers its own when Django
    starts (`people.apps`): accounts sits below people and does not import it."""

    def profile_of(self, user_id: int) -> tuple[int, int, str] | None:
        """(person id, employing organisation id, pay band) of the user's own profile."""

    def reports_of(self, person_ids) -> frozenset[int]:
        """The people whose line manager is one of ``person_ids``."""

    def users_employed_by(self, organisation_ids):
        """The ids of the users whose person is employed by one of ``organisation_ids`` (a
        queryset of ids, or a list)."""


class _NoProfiles:
    def profile_of(self, user_id: int) -> None:
        return None

    def reports_of(self, person_ids) -> frozenset[int]:
        return frozenset()

    def users_employed_by(self, organisation_ids) -> list[int]:
        return []


_profiles: ProfileSource = _NoProfiles()


def register_profiles(source: ProfileSource) -> None:
    global _profiles
    _profiles = source


def grants_for(who) -> Grants:
    """The grants of a user (or the `Grants` itself, so policies accept either)."""
    if isinstance(who, Grants):
        return who
    if who is None or not getattr(who, "is_authenticated", False) or not who.is_active:
        return ANONYMOUS
    cached = who.__dict__.get(_CACHE)
    if cached is not None:
        return cached
    held = tuple(
        Held(role=a["role"], scope_level=a["scope_level"],
             organisation_id=a["organisation_id"], system_id=a["system_id"],
             region_id=a["region_id"])
        for a in RoleAssignment.objects.current().filter(user_id=who.pk).order_by("pk").values(
            "role", "scope_level", "organisation_id", "system_id", "region_id")
    )
    person = _profiles.profile_of(who.pk)
    grants = Grants(user_id=who.pk, held=held)
    if person is not None:
        grants.person_id, grants.person_organisation_id, grants.person_band = person
    who.__dict__[_CACHE] = grants
    return grants


def rows_filter(who, scoped: Callable[[Grants], Q]) -> Q:
    """A filter on the rows a user (or these grants) may see: none when nobody is signed in,
    every row for an administrator, otherwise the rows `scoped(grants)` allows."""
    grants = grants_for(who)
    if grants.user_id is None:
        return Q(pk__in=[])
    if grants.is_administrator:
        return Q()
    return scoped(grants)


def employer_of(user_id: int | None) -> int | None:
    """The organisation employing this user's person (None without a talent profile)."""
    profile = _profiles.profile_of(user_id) if user_id is not None else None
    return profile[1] if profile else None


def users_employed_by(organisation_ids):
    """The ids of the users whose person is employed by one of these organisations."""
    return _profiles.users_employed_by(organisation_ids)


def forget(user) -> None:
    """Drop a user's cached grants (after their roles change within one request, or in tests)."""
    if user is not None and hasattr(user, "__dict__"):
        user.__dict__.pop(_CACHE, None)


def is_administrator(who) -> bool:
    return grants_for(who).is_administrator


__all__ = ["ANONYMOUS", "Grants", "Held", "ScopeLevel", "forget", "grants_for",
           "is_administrator", "rows_filter"]


class GrantsMiddleware:
    """Puts the signed-in user's grants on `request.grants`, built on first use: the API's
    token user (`request.auth`) once the API has authenticated, otherwise the session's user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.grants = SimpleLazyObject(
            lambda: grants_for(getattr(request, "auth", None) or getattr(request, "user", None)))
        return self.get_response(request)

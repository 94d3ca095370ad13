"""A small NHS for the access matrix: one viewer of each role, one target per relationship and
visibility choice.

    region North West (Y62): system S1 {O1 (viewer's home), O2}, system S2 {O3}
    region London (Y56):     system S3 {O4}

A target's relationship to the viewer is where the target works: same organisation (O1),
same system (O2), same region (O3) or elsewhere (O4).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from dataclasses import field

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.accounts.models import User
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.organisations.models import Region
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics

RELATIONSHIPS = ("same_organisation", "same_system", "same_region", "elsewhere")
VISIBILITIES = ("organisation", "system", "national")
#: Viewer personas. "leader" is a leader with no talent role looking at someone else.
ROLES = (
    "leader", "line_manager", "organisation_talent_lead", "system_talent_lead",
    "regional_lead", "national_lead", "programme_manager", "analyst", "administrator",
)


@dataclass
class World:
    viewers: dict[str, User] = field(default_factory=dict)
    targets: dict[tuple[str, str], Person] = field(default_factory=dict)
    reports: dict[tuple[str, str], Person] = field(default_factory=dict)
    self_person: Person | None = None
    organisations: dict[str, Organisation] = field(default_factory=dict)


def _org(code: str, system: IntegratedCareSystem) -> Organisation:
    org = Organisation.objects.create(ods_code=code, name=f"TEST TRUST {code}", kind="acute")
    OrganisationMembership.objects.create(
        organisation=org, system=system, region=system.region, valid_from=dt.date(2022, 7, 1)
    )
    return org


_counter = itertools.count()


def _person(org: Organisation, visibility: str, *, user: User | None = None,
            line_manager: Person | None = None, label: str = "") -> Person:
    n = next(_counter)
    person = Person.objects.create(
        user=user, given_name="Test", family_name=f"{label or 'Target'}{n}",
        work_email=f"person{n}@example.test", organisation=org, job_title="Director",
        pay_band="8c", staff_group="08", professional_background="operations",
        visibility=visibility, line_manager=line_manager,
    )
    ProtectedCharacteristics.objects.create(person=person, ethnic_category="N", sex="2")
    return person


def build_world() -> World:
    north_west = Region.objects.create(code="Y62", name="North West")
    london = Region.objects.create(code="Y56", name="London")
    s1 = IntegratedCareSystem.objects.create(code="QAA", name="NHS Test One ICB",
                                             region=north_west)
    s2 = IntegratedCareSystem.objects.create(code="QBB", name="NHS Test Two ICB",
                                             region=north_west)
    s3 = IntegratedCareSystem.objects.create(code="QCC", name="NHS Test Three ICB", region=london)
    world = World()
    world.organisations = {
        "same_organisation": _org("T01", s1),
        "same_system": _org("T02", s1),
        "same_region": _org("T03", s2),
        "elsewhere": _org("T04", s3),
    }
    home = world.organisations["same_organisation"]
    scopes = {
        "organisation_talent_lead": {"scope_level": ScopeLevel.ORGANISATION,
                                     "organisation": home},
        "system_talent_lead": {"scope_level": ScopeLevel.SYSTEM, "system": s1},
        "regional_lead": {"scope_level": ScopeLevel.REGION, "region": north_west},
        "national_lead": {"scope_level": ScopeLevel.ENGLAND},
        "programme_manager": {"scope_level": ScopeLevel.REGION, "region": north_west},
        "analyst": {"scope_level": ScopeLevel.REGION, "region": north_west},
        "administrator": {"scope_level": ScopeLevel.ENGLAND},
    }
    for role in ROLES:
        user = User.objects.create_user(username=role, password="a-long-test-password")
        # Every viewer is also a leader with a profile of their own at the home organisation.
        _person(home, "organisation", user=user, label=role.title().replace("_", ""))
        if role in scopes:
            RoleAssignment.objects.create(user=user, role=Role(role), **scopes[role])
        world.viewers[role] = user
    manager_person = world.viewers["line_manager"].person
    for relationship, org in world.organisations.items():
        for visibility in VISIBILITIES:
            world.targets[(relationship, visibility)] = _person(org, visibility)
            world.reports[(relationship, visibility)] = _person(
                org, visibility, line_manager=manager_person, label="Report"
            )
    world.self_person = world.viewers["leader"].person
    return world


def expected(role: str, relationship: str, visibility: str, action: str) -> bool:
    """The access rules written out independently of the policy code (docs/access-policy.md).

    For the line manager the target is one of their reports; for everyone else it is a person
    they have no line relationship with.
    """
    wide = visibility in ("system", "national")
    if action == "view_characteristics":
        return False  # only the person themselves (tested separately), or an admin with a reason
    if action == "change_choices":
        return False  # the leader's own choices: only the leader (tested separately)
    if action == "edit_profile":
        return role == "administrator" or (
            role == "organisation_talent_lead" and relationship == "same_organisation"
        )
    # view_profile and list
    if role in ("administrator", "line_manager"):
        return True
    if role == "organisation_talent_lead":
        return (
            relationship == "same_organisation"
            or (relationship == "same_system" and wide)
            or visibility == "national"
        )
    if role == "system_talent_lead":
        return (relationship in ("same_organisation", "same_system") and wide) or (
            visibility == "national"
        )
    if role in ("regional_lead", "national_lead"):
        return visibility == "national"
    return False  # leader, programme manager, analyst


ACTIONS = ("view_profile", "edit_profile", "change_choices", "view_characteristics", "list")


def cases():
    for role in ROLES:
        for relationship in RELATIONSHIPS:
            for visibility in VISIBILITIES:
                for action in ACTIONS:
                    yield role, relationship, visibility, action


def target_for(world: World, role: str, relationship: str, visibility: str) -> Person:
    key = (relationship, visibility)
    return world.reports[key] if role == "line_manager" else world.targets[key]

"""Plain factory functions for tests. Every argument has a sensible default, so a test builds
only what it cares about:

    region = make_region()
    system = make_system("QMJ", region=region)
    org = make_org("RJ1", system)
    alice = make_user("alice")
    make_person(org, user=alice, visibility=Visibility.SYSTEM)
    bob = make_user("bob", role=Role.ORGANISATION_TALENT_LEAD, scope=org)

`make_world()` builds the usual cast: alice (a leader, the owner), bob (her organisation's
talent lead, a colleague who may see her), charlie (an outsider in another system, who may
not) and an administrator.
"""

from __future__ import annotations

import datetime as dt
import itertools
from html.parser import HTMLParser
from types import SimpleNamespace

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.accounts.models import User
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationKind
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.organisations.models import Region
from talentbridge.people.codes import CareerRoleKind
from talentbridge.people.codes import PayBand
from talentbridge.people.codes import ProfessionalBackground
from talentbridge.people.codes import Sector
from talentbridge.people.codes import StaffGroup
from talentbridge.people.codes import Visibility
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Person

PASSWORD = "correct horse battery staple"
ICBS_ESTABLISHED = dt.date(2022, 7, 1)
_sequence = itertools.count(1)


def make_region(code: str = "Y56", name: str = "London") -> Region:
    region, _ = Region.objects.get_or_create(code=code, defaults={"name": name})
    return region


def make_system(code: str = "QMJ", region: Region | None = None, name: str = "",
                **fields) -> IntegratedCareSystem:
    fields.setdefault("established_on", ICBS_ESTABLISHED)
    return IntegratedCareSystem.objects.create(
        code=code, name=name or f"NHS {code} Integrated Care Board",
        region=region or make_region(), **fields,
    )


def make_org(code: str, system: IntegratedCareSystem | None = None, name: str = "",
             kind: str = OrganisationKind.ACUTE, valid_from: dt.date = ICBS_ESTABLISHED,
             valid_to: dt.date | None = None, **fields) -> Organisation:
    """An NHS organisation; with `system`, a membership of it (and its region) from
    `valid_from`."""
    org = Organisation.objects.create(
        ods_code=code, name=name or f"{code} NHS FOUNDATION TRUST", kind=kind, **fields
    )
    if system is not None:
        OrganisationMembership.objects.create(
            organisation=org, system=system, region=system.region,
            valid_from=valid_from, valid_to=valid_to,
        )
    return org


def make_user(username: str, role: str | None = None, scope=None,
              password: str = PASSWORD, **fields) -> User:
    """A user who can sign in with `password`. With `role`, a current role assignment at
    `scope`: an Organisation, an IntegratedCareSystem, a Region, or None for England."""
    user = User.objects.create_user(username=username, password=password, **fields)
    if role is not None:
        assignment = RoleAssignment(user=user, role=role, scope_level=ScopeLevel.ENGLAND)
        if isinstance(scope, Organisation):
            assignment.scope_level, assignment.organisation = ScopeLevel.ORGANISATION, scope
        elif isinstance(scope, IntegratedCareSystem):
            assignment.scope_level, assignment.system = ScopeLevel.SYSTEM, scope
        elif isinstance(scope, Region):
            assignment.scope_level, assignment.region = ScopeLevel.REGION, scope
        assignment.save()
    return user


def make_person(org: Organisation, user: User | None = None,
                visibility: str = Visibility.ORGANISATION, line_manager: Person | None = None,
                **fields) -> Person:
    n = next(_sequence)
    given = fields.pop("given_name", user.username.capitalize() if user else f"Leader{n}")
    values = {
        "given_name": given,
        "family_name": f"Testperson{n}",
        "work_email": f"{given.lower()}.{n}@example.nhs.uk",
        "job_title": "Director of Operations",
        "pay_band": PayBand.BAND_8D,
        "staff_group": StaffGroup.ADMINISTRATIVE_AND_CLERICAL,
        "professional_background": ProfessionalBackground.OPERATIONS,
        **fields,
    }
    return Person.objects.create(
        organisation=org, user=user, visibility=visibility, line_manager=line_manager, **values
    )


def make_career_entry(person: Person, org: Organisation | None = None, **fields
                      ) -> CareerHistoryEntry:
    values = {
        "role_title": "Deputy Director of Operations",
        "kind": CareerRoleKind.SUBSTANTIVE,
        "started_on": dt.date(2019, 4, 1),
        "ended_on": dt.date(2023, 3, 31),
        "sector": Sector.NHS if org else Sector.LOCAL_GOVERNMENT,
        "organisation_name": "" if org else "Camden Council",
        **fields,
    }
    return CareerHistoryEntry.objects.create(person=person, organisation=org, **values)


def make_world() -> SimpleNamespace:
    """Two systems in one region. RJ1 and RJ2 are in system QMJ; RX1 is in QMF.

    alice   leader at RJ1 (the owner), visible to her organisation only
    bob     organisation talent lead at RJ1 (a colleague who sees alice)
    charlie leader at RX1 in another system, no role (the outsider, who sees nobody but himself)
    admin   administrator for England
    """
    region = make_region()
    system = make_system("QMJ", region, name="NHS North Central London Integrated Care Board")
    other_system = make_system("QMF", region, name="NHS North East London Integrated Care Board")
    rj1 = make_org("RJ1", system, name="GUY'S AND ST THOMAS' NHS FOUNDATION TRUST")
    rj2 = make_org("RJ2", system, name="LEWISHAM AND GREENWICH NHS TRUST")
    rx1 = make_org("RX1", other_system, name="BARTS HEALTH NHS TRUST")
    alice = make_user("alice", first_name="Alice", last_name="Ashworth")
    bob = make_user("bob", role=Role.ORGANISATION_TALENT_LEAD, scope=rj1)
    charlie = make_user("charlie")
    admin = make_user("admin", role=Role.ADMINISTRATOR)
    return SimpleNamespace(
        region=region, system=system, other_system=other_system, rj1=rj1, rj2=rj2, rx1=rx1,
        alice=alice, bob=bob, charlie=charlie, admin=admin,
        alice_person=make_person(rj1, user=alice, given_name="Alice", family_name="Ashworth"),
        bob_person=make_person(rj1, user=bob, given_name="Bob", family_name="Bennett"),
        charlie_person=make_person(rx1, user=charlie, given_name="Charlie",
                                   family_name="Carter"),
    )


# --------------------------------------------------------------------------------------
# Reading pages as a user would
# --------------------------------------------------------------------------------------


class _TextParser(HTMLParser):
    SKIP = {"script", "style", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def page_text(response) -> str:
    """The visible text of an HTML response, entities decoded and white space collapsed."""
    parser = _TextParser()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def page_as(client, user, path: str, data: dict | None = None):
    """GET ``path`` (with query ``data``) signed in as ``user``; it must answer 200. Returns the
    response and its visible text (`page_text`)."""
    client.force_login(user)
    response = client.get(path, data)
    assert response.status_code == 200, path
    return response, page_text(response)


def assert_shows(text: str, *shown: str, hidden: tuple[str, ...] = ()) -> None:
    """Every one of ``shown`` is in a page's ``text``, and none of ``hidden``."""
    assert [s for s in shown if s not in text] == [], "missing from the page"
    assert [h for h in hidden if h in text] == [], "on the page, and should not be"


def error_summary(response) -> str:
    """The text of the NHS error summary on the page ("" if there is none)."""
    html = response.content.decode()
    start = html.find('class="nhsuk-error-summary"')
    if start == -1:
        return ""
    end = html.find("</div>", html.find("nhsuk-error-summary__body", start))
    parser = _TextParser()
    parser.feed(html[start:end].split(">", 1)[1])
    return " ".join(" ".join(parser.parts).split())

"""Demo sign-ins: one user for every role, with a role assignment at a sensible scope.

FOR THE DEMO ONLY. Every demo user shares one password, taken from the environment variable
`TALENTBRIDGE_DEMO_PASSWORD` (default `demo-password-2026`) and printed on screen. Never load
demo data into a real deployment. Demo users are recognised by their usernames (`DEMO_USERS`).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from talentbridge.accounts.models import RoleAssignment
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region
from talentbridge.people.models import Person

DEFAULT_DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - a published demo-only password
PASSWORD_VARIABLE = "TALENTBRIDGE_DEMO_PASSWORD"  # noqa: S105 - the variable's name


def demo_password() -> str:
    return os.environ.get(PASSWORD_VARIABLE) or DEFAULT_DEMO_PASSWORD


@dataclass(frozen=True)
class DemoUser:
    username: str
    role_label: str
    role: str | None  # accounts.Role value; None when the role comes from the person record
    scope_level: str | None
    scope_code: str | None  # ODS code of the organisation, system or region
    has_person: bool
    sees: str
    given_name: str = ""
    family_name: str = ""


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("leader", "Leader", None, None, None, True,
             "Their own talent profile, career history and protected characteristics "
             "(Manchester University NHS FT)"),
    DemoUser("manager", "Line manager", None, None, None, True,
             "Their own profile and the people they manage, two levels down"),
    DemoUser("org.lead", "Organisation talent lead", "organisation_talent_lead",
             "organisation", "R0A", True,
             "Everyone at Manchester University NHS FT; people elsewhere in Greater Manchester "
             "who chose system or national; everyone who chose national"),
    DemoUser("org.admin", "Organisation administrator", "organisation_administrator",
             "organisation", "R0A", False,
             "Manchester University NHS FT's leaders' feeds (one applied, one rejected), its "
             "\"Left or moved?\" list, its users and invitations, and the correction requests "
             "of its leaders", "Organisation", "Administrator"),
    DemoUser("system.lead", "System talent lead", "system_talent_lead", "system", "QOP", True,
             "People in Greater Manchester ICS organisations who chose system or national; "
             "everyone who chose national"),
    DemoUser("regional.lead", "Regional talent lead", "regional_lead", "region", "Y62", False,
             "People who chose national visibility (North West region lead)",
             "Regional", "Lead"),
    DemoUser("national.lead", "National talent lead", "national_lead", "england", None, False,
             "People who chose national visibility, across England", "National", "Lead"),
    DemoUser("programme.manager", "Programme manager", "programme_manager", "region", "Y62",
             False, "The programmes, cohorts and mentoring they run (North West); no "
             "individual profiles", "Programme", "Manager"),
    DemoUser("analyst", "Analyst", "analyst", "region", "Y62", False,
             "Suppressed aggregate figures for the North West; never individual profiles or "
             "protected characteristics", "Demo", "Analyst"),
    DemoUser("admin", "Administrator", "administrator", "england", None, False,
             "Everything; protected characteristics only with a stated reason, which is "
             "audited", "Demo", "Administrator"),
)
DEMO_USERNAMES = tuple(u.username for u in DEMO_USERS)


@dataclass(frozen=True)
class SignIn:
    role_label: str
    username: str
    password: str
    sees: str


def create_demo_users(person_ids: dict[str, int], email_domain: str) -> list[SignIn]:
    """Create the demo users (about ten password hashes) and link their person records.

    `person_ids` maps a demo username to the id of its person record, if it has one.
    """


    user_model = get_user_model()
    password = demo_password()
    people = {p.pk: p for p in Person.unscoped.filter(pk__in=person_ids.values())}
    sign_ins = []
    for spec in DEMO_USERS:
        person = people.get(person_ids.get(spec.username, -1))
        if spec.has_person and person is None:
            raise ValueError(f"The demo user {spec.username!r} has no person record.")
        user = user_model.objects.create_user(
            username=spec.username,
            email=person.work_email if person else f"{spec.username}@{email_domain}",
            password=password,
            first_name=person.given_name if person else spec.given_name,
            last_name=person.family_name if person else spec.family_name,
            is_staff=False,
            is_superuser=False,
        )
        if person is not None:
            Person.unscoped.filter(pk=person.pk).update(user=user)
        if spec.role:
            scope = {}
            if spec.scope_level == "organisation":
                scope["organisation"] = Organisation.objects.get(ods_code=spec.scope_code)
            elif spec.scope_level == "system":
                scope["system"] = IntegratedCareSystem.objects.get(code=spec.scope_code)
            elif spec.scope_level == "region":
                scope["region"] = Region.objects.get(code=spec.scope_code)
            RoleAssignment.objects.create(user=user, role=spec.role,
                                          scope_level=spec.scope_level, **scope)
        sign_ins.append(SignIn(spec.role_label, spec.username, password, spec.sees))
    return sign_ins


def sign_ins() -> list[SignIn]:
    """The demo sign-ins, as printed (without touching the database)."""
    password = demo_password()
    return [SignIn(u.role_label, u.username, password, u.sees) for u in DEMO_USERS]


def sign_in_table(rows: list[SignIn], width: int = 120) -> str:
    """The demo sign-ins as a text table (rendered with rich)."""
    # rich is slow to import and only this needs it
    from rich.console import Console

    # rich is slow to import and only this needs it
    from rich.table import Table

    table = Table(title="TalentBridge demo sign-ins (demo only: shared password)",
                  show_lines=False)
    table.add_column("Role", no_wrap=True)
    table.add_column("Username", no_wrap=True)
    table.add_column("Password", no_wrap=True)
    table.add_column("What they can see")
    for row in rows:
        table.add_row(row.role_label, row.username, row.password, row.sees)
    buffer = io.StringIO()
    Console(file=buffer, width=width, force_terminal=False, color_system=None).print(table)
    return buffer.getvalue()

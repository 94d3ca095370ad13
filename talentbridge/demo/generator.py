"""Write the synthetic demo population to the database, fast and all-or-nothing.

`build_demo(seed, leaders)` loads the real organisations (idempotent), plans the population in
plain Python (`talentbridge.demo.plan`, whose docstring states the sources and assumptions),
then writes it in one transaction with `bulk_create`: people level by level down each
organisation's tree (so every line manager already has an id), then protected characteristics
and career histories, then the demo users. No per-person queries.

Demo people are recognised by their work e-mail domain (`@demo.talentbridge.nhs.uk`), demo
users by their usernames (`users.DEMO_USERNAMES`).
"""

from __future__ import annotations

import time
from collections import Counter
from collections import defaultdict
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from talentbridge.audit.services import record
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.organisations.reference import load_reference_data
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics

from .guard import ensure_demo_allowed
from .plan import DEMO_EMAIL_DOMAIN
from .plan import DemoPlan
from .plan import OrgInfo
from .plan import plan_demo
from .steps import say
from .users import DEMO_USERNAMES
from .users import SignIn
from .users import create_demo_users
from .users import sign_ins

BATCH_SIZE = 2000


def demo_nhs_identifier(key: int) -> str:
    """A demo person's NHS identifier: plainly synthetic ("DEMO-" and the plan's number), so
    it can never be mistaken for, or collide with, a real one."""
    return f"DEMO-{key:06d}"


@dataclass
class DemoSummary:
    seed: int
    leaders: int
    created: bool
    organisations: int = 0
    career_entries: int = 0
    by_band: dict[str, int] = field(default_factory=dict)
    sign_ins: list[SignIn] = field(default_factory=list)
    seconds: float = 0.0
    message: str = ""

    def __str__(self) -> str:
        if not self.created:
            return self.message
        bands = ", ".join(f"{band} {n}" for band, n in self.by_band.items())
        return (f"Demo data built (seed {self.seed}) in {self.seconds:.1f} s: {self.leaders} "
                f"leaders in {self.organisations} organisations ({bands}), "
                f"{self.career_entries} career history entries, "
                f"{len(self.sign_ins)} demo sign-ins.")


def demo_people():
    return Person.unscoped.filter(work_email__iendswith="@" + DEMO_EMAIL_DOMAIN)


def demo_users():
    return get_user_model().objects.filter(username__in=DEMO_USERNAMES)


def demo_exists() -> bool:
    return demo_people().exists() or demo_users().exists()


def delete_demo() -> tuple[int, int]:
    """Delete demo people (with their characteristics and careers) and demo users."""

    people = demo_people()
    people.update(line_manager=None)
    CareerHistoryEntry.unscoped.filter(person__in=people).delete()
    ProtectedCharacteristics.unscoped.filter(person__in=people).delete()
    n_people = people.count()
    people.delete()
    users = demo_users()
    n_users = users.count()
    users.delete()
    return n_people, n_users


def open_organisations() -> list[OrgInfo]:
    """Open NHS organisations today with the system and region they sit in. One query."""

    today = timezone.localdate()
    rows = (
        OrganisationMembership.objects.on(today)
        .filter(organisation__in=Organisation.objects.open_on(today))
        .values_list("organisation__ods_code", "organisation__name", "organisation__kind",
                     "system__code", "system__name", "region__code", "organisation__opened_on")
        .order_by("organisation__ods_code")
    )
    return [OrgInfo(*row) for row in rows]


def build_demo(seed: int = 2026, leaders: int = 20000, stdout=None,
               reset: bool = False) -> DemoSummary:
    """Build the demo NHS. Without `reset`, existing demo data is left alone (and said so)."""


    ensure_demo_allowed()
    started = time.perf_counter()
    say(stdout, str(load_reference_data()))
    if demo_exists() and not reset:
        people = demo_people().count()
        return DemoSummary(seed, people, created=False, message=(
            f"Demo data already exists ({people} demo people). Nothing changed; "
            "use --reset to delete it and build again."))
    plan = plan_demo(open_organisations(), seed=seed, leaders=leaders)
    say(stdout, f"Planned {len(plan.people)} leaders in {len(plan.organisation_codes)} "
                f"organisations ({time.perf_counter() - started:.1f} s).")
    with transaction.atomic():
        if reset:
            # extras builds on these people and imports this module
            from .extras import delete_extras

            delete_extras()
            n_people, n_users = delete_demo()
            say(stdout, f"Deleted {n_people} demo people and {n_users} demo users.")
        summary = _write(plan, stdout)
    summary.seconds = time.perf_counter() - started
    return summary


def _write(plan: DemoPlan, stdout) -> DemoSummary:
    org_ids = dict(Organisation.objects.values_list("ods_code", "id"))
    people = plan.people
    by_key = {p.key: p for p in people}
    depth: dict[int, int] = {}
    for p in sorted(people, key=lambda p: (-p.rank, p.key)):
        depth[p.key] = 0 if p.manager_key is None else depth[p.manager_key] + 1
    levels: dict[int, list] = defaultdict(list)
    for p in people:
        levels[depth[p.key]].append(p)

    pk_of: dict[int, int] = {}
    for level in sorted(levels):
        batch = [
            Person(
                nhs_identifier=demo_nhs_identifier(p.key), given_name=p.given_name,
                family_name=p.family_name, work_email=p.work_email,
                organisation_id=org_ids[p.organisation_code], job_title=p.job_title,
                pay_band=p.band, staff_group=p.staff_group,
                professional_background=p.background,
                line_manager_id=pk_of[p.manager_key] if p.manager_key is not None else None,
                started_in_post=p.started_in_post, started_in_nhs=p.started_in_nhs,
                visibility=p.visibility,
            )
            for p in levels[level]
        ]
        created = Person.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        for p, obj in zip(levels[level], created, strict=True):
            pk_of[p.key] = obj.pk
    if any(pk is None for pk in pk_of.values()):  # pragma: no cover - old databases only
        emails = dict(demo_people().values_list("work_email", "pk"))
        pk_of = {p.key: emails[p.work_email] for p in people}
    say(stdout, f"Wrote {len(people)} people.")

    ProtectedCharacteristics.objects.bulk_create(
        (ProtectedCharacteristics(person_id=pk_of[p.key], **asdict(p.characteristics))
         for p in people),
        batch_size=BATCH_SIZE,
    )
    entries = [
        CareerHistoryEntry(
            person_id=pk_of[p.key],
            organisation_id=org_ids.get(e.organisation_code) if e.organisation_code else None,
            organisation_name=e.organisation_name, sector=e.sector, role_title=e.role_title,
            kind=e.kind, started_on=e.started_on, ended_on=e.ended_on)
        for p in people for e in p.career
    ]
    CareerHistoryEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    say(stdout, f"Wrote protected characteristics and {len(entries)} career history entries.")

    person_ids = {p.demo_username: pk_of[p.key] for p in people if p.demo_username}
    signed = create_demo_users(person_ids, DEMO_EMAIL_DOMAIN)
    by_band = Counter(by_key[k].band for k in by_key)
    order = ["8a", "8b", "8c", "8d", "9", "vsm", "consultant"]
    summary = DemoSummary(
        seed=plan.seed, leaders=len(people), created=True,
        organisations=len(plan.organisation_codes), career_entries=len(entries),
        by_band={band: by_band[band] for band in order if by_band[band]}, sign_ins=signed,
    )
    record(actor=None, action="create", channel="cli", target_type="demo_data",
           target_label=f"Synthetic demo data, seed {plan.seed}",
           detail={"seed": plan.seed, "leaders": len(people),
                   "career_entries": len(entries), "users": list(DEMO_USERNAMES)})
    return summary


__all__ = ["DemoSummary", "build_demo", "delete_demo", "demo_exists", "sign_ins"]

"""Demo talent reviews and pools, built on the base demo data (people and demo sign-ins).

Deterministic for a seed, idempotent (existing demo reviews and pools are left alone unless
`reset`), and fast (bulk writes; a few seconds):

- one locked, calibrated review in every open integrated care system: an organisation review
  of the system's largest organisation, or (every other system) a review of the whole system,
  with 30–80 people placed on the 9-box around the guide and a few recorded calibration moves;
- for Greater Manchester (QOP): a system review run by `system.lead`, a locked organisation
  review of Manchester University NHS FT (R0A) run by `org.lead` with placements proposed by
  `manager` and `org.lead` (so the rater-leniency table has something to say), and a second R0A
  review still in calibration;
- pools: "Aspiring chief executives — North West" (region Y62), a national aspiring chief
  executives pool, a Greater Manchester system pool, an R0A pool (with `leader` as a member)
  and a closed R0A pool, each with approved, pending and declined nominations.

Demo talent reviews and pools are recognised by their creator or owner being a demo user.
`delete()` removes them; call it before the base demo deletes its users (they are protected
references).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.organisations.models import Region
from talentbridge.talent.models import PlacementMove
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewGrid
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.pools import NominationRoute
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.models.pools import PoolScope
from talentbridge.talent.models.pools import PoolStatus
from talentbridge.talent.models.reviews import ReviewScope
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews.pool_services import add_months

from .generator import demo_people
from .steps import say
from .users import DEMO_USERNAMES

MOVE_REASONS = (
    "Panel agreed the evidence shows strong delivery but not yet readiness for the next level",
    "Calibrated against peers in the same directorate",
    "Recent system leadership work not reflected in the first placement",
    "Agreed with the line manager after discussion of the appraisal evidence",
    "Aspiration to progress confirmed in the career conversation",
    "Performance evidence is from one quarter only; moved pending more evidence",
)
RATIONALES = (
    "Sustained high performance; led the {thing} with clear results",
    "Strong contributor to the {thing}; wants to broaden into other areas",
    "Developing well; needs more experience of {thing} before a move",
    "Ready for a bigger role: led the {thing} across organisations",
    "Deep expertise; prefers to grow within the profession ({thing})",
)
THINGS = ("winter plan", "elective recovery programme", "EPR roll-out", "workforce plan",
          "quality improvement programme", "financial recovery plan", "virtual wards pilot",
          "urgent and emergency care improvement", "community diagnostic centre")
AS_OF = dt.date(2026, 10, 1)


def _clip(text: str, limit: int = 150) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _demo_users() -> dict:
    return {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}


def demo_reviews():
    return TalentReview.objects.filter(created_by__username__in=DEMO_USERNAMES)


def demo_pools():
    return TalentPool.objects.filter(owner__username__in=DEMO_USERNAMES)


def delete() -> tuple[int, int]:
    """Delete the demo reviews (with placements and moves) and pools (with nominations and
    memberships), and anything else that refers to demo users from this part of the app."""


    reviews, pools = demo_reviews(), demo_pools()
    n_reviews, n_pools = reviews.count(), pools.count()
    PlacementMove.unscoped.filter(placement__review__in=reviews).delete()
    ReviewPlacement.unscoped.filter(review__in=reviews).delete()
    reviews.delete()
    PoolNomination.unscoped.filter(pool__in=pools).delete()
    pools.delete()
    # Rows elsewhere that name a demo user (e.g. a nomination to a non-demo pool).
    PlacementMove.unscoped.filter(moved_by__username__in=DEMO_USERNAMES).delete()
    ReviewPlacement.unscoped.filter(proposed_by__username__in=DEMO_USERNAMES).delete()
    PoolNomination.unscoped.filter(nominated_by__username__in=DEMO_USERNAMES).delete()
    return n_reviews, n_pools


def build(seed: int, stdout=None, reset: bool = False) -> None:
    started = time.perf_counter()
    users = _demo_users()
    if "admin" not in users:
        say(stdout, "Talent reviews and pools: no demo sign-ins yet, so nothing to build "
                    "(build the base demo data first).")
        return
    with transaction.atomic():
        if demo_reviews().exists() or demo_pools().exists():
            if not reset:
                say(stdout, "Demo talent reviews and pools already exist. Nothing changed.")
                return
            n_reviews, n_pools = delete()
            say(stdout, f"Deleted {n_reviews} demo talent reviews and {n_pools} pools.")
        reviews, placements, moves = _build_reviews(random.Random(f"reviews-{seed}"), users)
        pools, nominations, members = _build_pools(random.Random(f"pools-{seed}"), users)
    say(stdout, f"Built {reviews} talent reviews ({placements} placements, {moves} "
                f"calibration moves) and {pools} talent pools ({nominations} nominations, "
                f"{members} members) in {time.perf_counter() - started:.1f} s.")


# --------------------------------------------------------------------------------------
# Reviews
# --------------------------------------------------------------------------------------


def _people_by_system():
    """Demo people by system code and by organisation, with what placing them needs."""


    open_systems = {s.code: s for s in IntegratedCareSystem.objects.all()
                    if s.is_open_on(AS_OF) and s.is_open_on(timezone.localdate())}
    org_system = dict(OrganisationMembership.objects.on().values_list(
        "organisation_id", "system__code"))
    by_system: dict[str, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    rows = demo_people().order_by("pk").values_list(
        "pk", "organisation_id", "visibility", "line_manager_id", "user_id", "pay_band")
    for row in rows:
        code = org_system.get(row[1])
        if code in open_systems:
            by_system[code][row[1]].append(row)
    return open_systems, by_system


def _bulk_create_with_ids(model, objects: list, **owner) -> list:
    """``bulk_create`` in batches; where the database does not return the new ids, read them
    back by person from the rows of ``owner`` (a review or a pool)."""
    created = model.objects.bulk_create(objects, batch_size=1000)
    if any(o.pk is None for o in created):  # pragma: no cover - old databases only
        by_person = dict(model.unscoped.filter(**owner).values_list("person_id", "pk"))
        for o in created:
            o.pk = by_person[o.person_id]
    return created


def _cell_for(rng: random.Random, cells: dict) -> tuple[int, int]:
    row = rng.choices((1, 2, 3), weights=(20, 60, 20))[0]
    column = rng.choices((1, 2, 3), weights=(25, 50, 25))[0]
    return column, row


READINESS_BY_ROW = {3: ("ready_now", "1_2_years"), 2: ("1_2_years", "3_plus_years"),
                    1: ("3_plus_years", "not_seeking")}


def _build_reviews(rng: random.Random, users: dict) -> tuple[int, int, int]:
    grid = ReviewGrid.objects.get(code="nine_box")
    cells = {(c.column, c.row): c for c in grid.cells.all()}
    readiness = {r.code: r for r in ReadinessLevel.objects.all()}
    open_systems, by_system = _people_by_system()
    r0a = Organisation.objects.filter(ods_code="R0A").first()
    admin, org_lead, system_lead = users["admin"], users.get("org.lead"), users.get("system.lead")
    manager = users.get("manager")
    manager_person = getattr(manager, "person", None) if manager else None
    held = dt.date(2026, 3, 12)
    specs = []  # (review fields, candidate people, proposer for each person, status)
    for index, code in enumerate(sorted(by_system)):
        orgs = by_system[code]
        if code == "QOP" and system_lead is not None:
            pool = [p for rows in orgs.values() for p in rows if p[2] in ("system", "national")]
            specs.append(({"name": "Greater Manchester senior leaders talent review 2026",
                           "scope_level": ReviewScope.SYSTEM,
                           "system": open_systems[code]}, pool, system_lead, system_lead,
                          ReviewStatus.LOCKED, held))
            if r0a is not None and org_lead is not None and r0a.pk in orgs:
                people = orgs[r0a.pk]
                specs.append(({"name": "Manchester University NHS FT talent review 2026",
                               "scope_level": ReviewScope.ORGANISATION, "organisation": r0a},
                              people, org_lead, org_lead, ReviewStatus.LOCKED, held))
                specs.append(({"name": "Manchester University NHS FT nursing mid-year review",
                               "scope_level": ReviewScope.ORGANISATION, "organisation": r0a},
                              people, org_lead, org_lead, ReviewStatus.CALIBRATING,
                              dt.date(2026, 9, 17)))
            continue
        system = open_systems[code]
        if index % 2 == 0:
            pool = [p for rows in orgs.values() for p in rows]
            fields = {"name": _clip(f"{system.short_name.split(' (')[0]} system talent "
                                    "review 2026"),
                      "scope_level": ReviewScope.SYSTEM, "system": system}
        else:
            org_id = max(orgs, key=lambda o: (len(orgs[o]), -o))
            organisation = Organisation.objects.get(pk=org_id)
            pool = orgs[org_id]
            fields = {"name": _clip(f"{organisation.display_name} talent review 2026"),
                      "scope_level": ReviewScope.ORGANISATION, "organisation": organisation}
        specs.append((fields, pool, admin, admin, ReviewStatus.LOCKED,
                      held + dt.timedelta(days=index % 40)))

    n_placements = n_moves = 0
    now = timezone.now()
    for fields, candidates, facilitator, lead, status, held_on in specs:
        if not candidates:
            continue
        locked = status == ReviewStatus.LOCKED
        review = TalentReview.objects.create(
            grid=grid, held_on=held_on, facilitator=facilitator, created_by=lead, status=status,
            locked_at=now if locked else None, locked_by=lead if locked else None, **fields)
        size = min(len(candidates), rng.randint(30, 80))
        chosen = sorted(rng.sample(candidates, size))
        if manager_person is not None and fields.get("organisation") == r0a:
            reports = [p for p in candidates if p[3] == manager_person.pk]
            chosen = sorted(set(chosen) | set(reports))
        placements, planned_moves = [], []
        for pk, _org, _vis, line_manager, _user, _band in chosen:
            final = _cell_for(rng, cells)
            proposed = final
            moved = rng.random() < 0.12
            proposer = lead
            if manager_person is not None and line_manager == manager_person.pk:
                proposer = manager
                moved = moved or rng.random() < 0.6  # the generous manager
            if moved:
                column, row = final
                proposed = (min(3, column + 1), min(3, row + rng.choice((0, 1))))
                if proposed == final:
                    proposed = (max(1, column - 1), row)
            ready = readiness[rng.choice(READINESS_BY_ROW[final[1]])]
            placements.append(ReviewPlacement(
                review=review, person_id=pk, cell=cells[final], proposed_cell=cells[proposed],
                proposed_by=proposer, readiness=ready,
                rationale=rng.choice(RATIONALES).format(thing=rng.choice(THINGS))))
            planned_moves.append(proposed != final)
        created = _bulk_create_with_ids(ReviewPlacement, placements, review=review)
        moves = [
            PlacementMove(placement_id=p.pk, from_cell=p.proposed_cell, to_cell=p.cell,
                          moved_by=lead, reason=rng.choice(MOVE_REASONS))
            for p, moved in zip(created, planned_moves, strict=True) if moved
        ]
        PlacementMove.objects.bulk_create(moves, batch_size=1000)
        review.participants.set([u for u in (manager, org_lead) if u is not None]
                                if fields.get("organisation") == r0a else [])
        n_placements += len(created)
        n_moves += len(moves)
    return len(specs), n_placements, n_moves


# --------------------------------------------------------------------------------------
# Pools
# --------------------------------------------------------------------------------------


def _build_pools(rng: random.Random, users: dict) -> tuple[int, int, int]:
    region = Region.objects.filter(code="Y62").first()
    system = IntegratedCareSystem.objects.filter(code="QOP").first()
    r0a = Organisation.objects.filter(ods_code="R0A").first()
    people = demo_people()
    nw_orgs = list(OrganisationMembership.objects.on().filter(region=region)
                   .values_list("organisation_id", flat=True)) if region else []
    qop_orgs = list(OrganisationMembership.objects.on().filter(system=system)
                    .values_list("organisation_id", flat=True)) if system else []

    def ids(queryset) -> list[int]:
        return list(queryset.order_by("pk").values_list("pk", flat=True))

    executives = ("vsm", "9")
    specs = []
    if region is not None and "regional.lead" in users:
        specs.append((dict(
            name="Aspiring chief executives — North West", scope_level=PoolScope.REGION,
            region=region, owner=users["regional.lead"],
            purpose="Prepare executive directors in the North West for a first chief executive "
                    "role within two years, through the Aspiring Chief Executive programme, "
                    "mentoring by serving chief executives and board-level stretch roles.",
            entry_criteria="An executive director (VSM) in a North West NHS organisation, "
                           "ready for a chief executive role now or within 1 to 2 years, "
                           "with a completed LCF self-assessment."),
            ids(people.filter(organisation_id__in=nw_orgs, pay_band__in=executives,
                              visibility="national")), 14))
    if "national.lead" in users:
        specs.append((dict(
            name="Aspiring chief executives — national programme", scope_level=PoolScope.ENGLAND,
            owner=users["national.lead"],
            purpose="The national pool for the Aspiring Chief Executive programme: a diverse "
                    "pipeline of future chief executives for trusts and ICBs across England.",
            entry_criteria="Executive director for at least two years; nominated by a "
                           "regional talent board; ready within 1 to 2 years."),
            ids(people.filter(pay_band="vsm", visibility="national")), 24))
    if system is not None and "system.lead" in users:
        specs.append((dict(
            name="Greater Manchester aspiring directors", scope_level=PoolScope.SYSTEM,
            system=system, owner=users["system.lead"],
            purpose="Develop deputy and associate directors across Greater Manchester for "
                    "director roles in any of the system's organisations.",
            entry_criteria="Band 8d or 9 in a Greater Manchester organisation, open to roles "
                           "in other organisations of the system."),
            ids(people.filter(organisation_id__in=qop_orgs, pay_band__in=("8d", "9"),
                              visibility__in=("system", "national"))), 12))
    if r0a is not None and "org.lead" in users:
        specs.append((dict(
            name="Manchester University NHS FT — future nurse leaders",
            scope_level=PoolScope.ORGANISATION, organisation=r0a, owner=users["org.lead"],
            purpose="Grow the trust's next heads of nursing and matrons into senior nursing "
                    "leadership roles.",
            entry_criteria="Registered nurse or midwife at band 8a to 8c, with the support of "
                           "their line manager."),
            ids(people.filter(organisation=r0a, pay_band__in=("8a", "8b", "8c"))), 10))
        specs.append((dict(
            name="Manchester University NHS FT — board observers 2025",
            scope_level=PoolScope.ORGANISATION, organisation=r0a, owner=users["org.lead"],
            status=PoolStatus.CLOSED,
            purpose="Senior leaders who observed the trust board for a year.",
            entry_criteria="Band 8c and above; closed to new nominations."),
            ids(people.filter(organisation=r0a, pay_band__in=("8c", "8d", "9"))), 6))

    leader = getattr(users.get("leader"), "person", None)
    manager = users.get("manager")
    joined = dt.date(2026, 1, 15)
    n_nominations = n_members = 0
    for fields, candidates, members in specs:
        pool = TalentPool.objects.create(review_interval_months=12, **fields)
        owner = fields["owner"]
        picked = rng.sample(candidates, min(len(candidates), members + 6))
        if leader is not None and pool.organisation_id == getattr(r0a, "pk", None) \
                and pool.status == PoolStatus.OPEN:
            picked = [leader.pk, *[p for p in picked if p != leader.pk]]
        approved, pending, declined = (picked[:members], picked[members:members + 3],
                                       picked[members + 3:members + 6])
        nominations = []
        for person_id in approved + pending + declined:
            route, by = NominationRoute.TALENT_LEAD, owner
            if leader is not None and person_id == leader.pk and manager is not None:
                route, by = NominationRoute.LINE_MANAGER, manager
            status = (NominationStatus.APPROVED if person_id in approved else
                      NominationStatus.PENDING if person_id in pending else
                      NominationStatus.DECLINED)
            decided = status != NominationStatus.PENDING
            nominations.append(PoolNomination(
                pool=pool, person_id=person_id, route=route, nominated_by=by,
                statement="Meets the entry criteria; strong evidence from the 2026 talent "
                          "review and career conversation.",
                status=status, decided_by=owner if decided else None,
                decided_at=timezone.now() if decided else None,
                decision_reason=("Meets the entry criteria" if status == NominationStatus.APPROVED
                                 else "Not yet: build board-level experience first and "
                                      "reapply next year" if decided else "")))
        if leader is not None and system is not None and pool.system_id == system.pk \
                and leader.pk not in picked and "leader" in users:
            nominations.append(PoolNomination(
                pool=pool, person_id=leader.pk, route=NominationRoute.SELF,
                nominated_by=users["leader"], statement="I would like to be considered: I have "
                "led the surgical nursing workforce plan across two sites."))
        created = _bulk_create_with_ids(PoolNomination, nominations, pool=pool)
        memberships = [
            PoolMembership(pool=pool, person_id=n.person_id, nomination_id=n.pk,
                           joined_on=joined, review_on=add_months(joined, 12))
            for n in created if n.status == NominationStatus.APPROVED
        ]
        if memberships and pool.status == PoolStatus.CLOSED:
            memberships[0].exited_on = dt.date(2026, 6, 30)
            memberships[0].exit_reason = "Appointed to a director post"
        PoolMembership.objects.bulk_create(memberships)
        n_nominations += len(created)
        n_members += len(memberships)
    return len(specs), n_nominations, n_members

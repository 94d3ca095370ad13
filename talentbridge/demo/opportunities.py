"""Demo opportunities for the synthetic demo NHS (talentbridge.demo): deterministic, idempotent.

`build(seed, stdout, reset=False)` needs the demo people and sign-ins to exist already. It adds:

- open (published) opportunities across eight systems, Greater Manchester (the demo system
  talent lead's) first, of every kind, posted by the host side and published by a reviewer;
- one submitted opportunity at Manchester University NHS FT waiting for the system talent lead's
  review, and one draft;
- interests from demo leaders who may see and apply for them, and a few nominations by the
  system talent lead of leaders whose talent profile says they are open to other
  organisations. Mobility, readiness, aspiration and development needs are the talent demo's
  talent profiles (`talentbridge.demo.talent`, built before this one: see
  `talentbridge.demo.extras`); this demo writes none of its own;
- one completed match run over Greater Manchester by the system talent lead, with its first
  proposal offered to the leader.

Demo opportunities are recognised by the last line of their summary (`DEMO_MARK`). Without
`reset`, existing demo opportunities are left alone (and said so).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from talentbridge.accounts.models import User
from talentbridge.opportunities.codes import BAND_RANK
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.models import Interest
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Opportunity
from talentbridge.opportunities.models import Placement
from talentbridge.opportunities.services import default_weights
from talentbridge.opportunities.tasks import execute_run
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import Person
from talentbridge.talent.models import TalentProfile

from .generator import demo_people
from .steps import say

DEMO_MARK = "This is a synthetic demo opportunity."
HOME_SYSTEM = "QOP"  # NHS Greater Manchester ICB: the demo system talent lead's
HOME_ORGANISATION = "R0A"
SYSTEMS = 8
HOSTS_PER_SYSTEM = 4

#: (kind, title, % of time, LCF domains, builds towards, lowest band, highest band, reach,
#: remote possible)
TEMPLATES = (
    ("secondment", "Deputy chief operating officer (secondment)", 100, (1, 2),
     "executive_director", "8c", "9", "region", False),
    ("shadowing", "Shadow the chief executive", 10, (2, 5), "chief_executive", "8d", "vsm",
     "national", False),
    ("stretch_project", "Lead the urgent and emergency care recovery programme", 40, (1, 6),
     "", "8b", "8d", "system", True),
    ("board_observer", "Board observer for a year", 5, (4,), "non_executive_director", "8c",
     "vsm", "region", False),
    ("non_executive", "Associate non-executive director", 10, (3, 4, 6),
     "non_executive_director", "8d", "vsm", "national", True),
    ("system_role", "System lead for workforce equality", 60, (3, 5), "system_leader", "8b",
     "9", "system", True),
    ("secondment", "Interim director of strategy (part time)", 50, (2, 6),
     "executive_director", "8d", "9", "region", False),
    ("stretch_project", "Digital front door: clinical safety lead", 20, (1, 4),
     "clinical_leader", "8a", "8c", "national", True),
)


@dataclass
class DemoOpportunitiesSummary:
    created: bool
    message: str
    opportunities: int = 0
    interests: int = 0
    proposals: int = 0

    def __str__(self) -> str:
        return self.message


def demo_opportunities():
    return Opportunity.objects.filter(summary__endswith=DEMO_MARK)


def delete_demo_opportunities() -> int:
    opportunities = demo_opportunities()
    MatchRun.objects.filter(proposals__opportunity__in=opportunities).delete()
    Placement.unscoped.filter(opportunity__in=opportunities).delete()
    count = opportunities.count()
    opportunities.delete()  # interests and proposals go with them
    return count


def build(seed: int, stdout=None, reset: bool = False) -> DemoOpportunitiesSummary:
    if not demo_people().exists():
        summary = DemoOpportunitiesSummary(False, "No demo people yet: build the demo data "
                                                  "first (manage.py demo_data).")
        say(stdout, summary.message)
        return summary
    existing = demo_opportunities().count()
    if existing and not reset:
        summary = DemoOpportunitiesSummary(False, f"Demo opportunities already exist "
                                                  f"({existing}). Nothing changed; use reset to "
                                                  "build them again.")
        say(stdout, summary.message)
        return summary
    users = {u.username: u for u in User.objects.filter(
        username__in=["org.lead", "system.lead", "regional.lead", "national.lead", "admin",
                      "leader"])}
    with transaction.atomic():
        if reset:
            say(stdout, f"Deleted {delete_demo_opportunities()} demo opportunities.")
        summary = _write(random.Random(seed), users)
    say(stdout, summary.message)
    return summary


def _write(rng: random.Random, users: dict) -> DemoOpportunitiesSummary:
    today = timezone.localdate()
    where = placements_on(today)
    demo = demo_people()
    leaders_by_org = dict(demo.order_by().values("organisation_id")
                          .annotate(n=Count("pk")).values_list("organisation_id", "n"))
    systems_by_size: dict[int, int] = defaultdict(int)
    orgs_by_system: dict[int, list[int]] = defaultdict(list)
    for org_id, n in sorted(leaders_by_org.items()):
        place = where.get(org_id)
        if place is not None:
            systems_by_size[place.system_id] += n
            orgs_by_system[place.system_id].append(org_id)
    home = IntegratedCareSystem.objects.filter(code=HOME_SYSTEM).first()
    chosen = sorted(systems_by_size, key=lambda s: (-systems_by_size[s], s))
    if home is not None and home.pk in chosen:
        chosen.remove(home.pk)
        chosen.insert(0, home.pk)
    chosen = chosen[:SYSTEMS]
    org_lead, system_lead = users.get("org.lead"), users.get("system.lead")
    national, admin = users.get("national.lead"), users.get("admin")
    home_org = Person.unscoped.filter(user=org_lead).values_list("organisation_id",
                                                                flat=True).first()

    opportunities = []
    for s_index, system_id in enumerate(chosen):
        hosts = orgs_by_system[system_id]
        hosts = sorted(rng.sample(hosts, min(HOSTS_PER_SYSTEM, len(hosts))))
        for h_index, host_id in enumerate(hosts):
            template = TEMPLATES[(s_index * HOSTS_PER_SYSTEM + h_index) % len(TEMPLATES)]
            kind, title, percent, domains, towards, low, high, reach, remote = template
            in_home = system_id == getattr(home, "pk", None)
            poster = (org_lead if host_id == home_org else system_lead) if in_home else national
            opportunities.append(Opportunity(
                title=title, kind=kind, host_id=host_id, system_id=system_id,
                region_id=where[host_id].region_id, remote_possible=remote,
                time_percent=percent, develops_mask=sum(1 << (d - 1) for d in domains),
                builds_towards=towards, band_min=low, band_max=high,
                seats=rng.choice((1, 1, 2, 3)),
                starts_on=today + dt.timedelta(days=90 + 7 * h_index),
                ends_on=today + dt.timedelta(days=270 + 7 * h_index),
                closes_on=today + dt.timedelta(days=21 + 3 * h_index + s_index),
                reach=reach, status=OpportunityStatus.PUBLISHED, posted_by=poster,
                published_by=admin if poster in (national, system_lead) else system_lead,
                published_at=timezone.now(), submitted_at=timezone.now(),
                summary=(f"A {percent}% {kind.replace('_', ' ')} for a leader who wants to grow "
                         "across organisations, with a named sponsor and regular supervision."
                         f"\n\n{DEMO_MARK}"),
            ))
    if home_org is not None and home is not None:
        for status, title in ((OpportunityStatus.SUBMITTED, "Shadow the chief nurse"),
                              (OpportunityStatus.DRAFT, "Quality improvement fellowship")):
            opportunities.append(Opportunity(
                title=title, kind="shadowing", host_id=home_org, system_id=home.pk,
                region_id=where[home_org].region_id, time_percent=10, develops_mask=0b10001,
                band_min="8a", band_max="8d", seats=2, reach="system", status=status,
                starts_on=today + dt.timedelta(days=120),
                ends_on=today + dt.timedelta(days=200),
                closes_on=today + dt.timedelta(days=60), posted_by=org_lead,
                submitted_at=timezone.now() if status == OpportunityStatus.SUBMITTED else None,
                summary=f"Spend a day a fortnight with the chief nurse.\n\n{DEMO_MARK}"))
    opportunities = Opportunity.objects.bulk_create(opportunities)
    if any(o.pk is None for o in opportunities):  # pragma: no cover - old databases only
        opportunities = list(demo_opportunities().order_by("pk"))

    # Interest from demo leaders who could apply: visible beyond their organisation, in band
    # and reach, not at the host. At most three each, ranked in the order they are drawn.
    people = list(demo.filter(visibility__in=["system", "national"], pay_band__in=list(
        BAND_RANK)).order_by("pk").values_list("pk", "organisation_id", "pay_band"))
    by_system: dict[int, list] = defaultdict(list)
    by_region: dict[int, list] = defaultdict(list)
    for row in people:
        place = where.get(row[1])
        if place is not None:
            by_system[place.system_id].append(row)
            by_region[place.region_id].append(row)
    # Talent leads nominate only leaders whose talent profile says they would move.
    open_to_move = set(TalentProfile.unscoped.filter(
        person__in=demo, open_to_other_organisations=True).values_list("person_id", flat=True))
    ranks: dict[int, int] = defaultdict(int)
    interests = []
    for opportunity in opportunities:
        if opportunity.status != OpportunityStatus.PUBLISHED:
            continue
        pool = (by_system[opportunity.system_id] if opportunity.reach == "system"
                else by_region[opportunity.region_id])
        low, high = BAND_RANK[opportunity.band_min], BAND_RANK[opportunity.band_max]
        eligible = [p for p in pool if p[1] != opportunity.host_id
                    and low <= BAND_RANK[p[2]] <= high and ranks[p[0]] < 3]
        for pk, _, _ in rng.sample(eligible, min(len(eligible), rng.randint(6, 12))):
            ranks[pk] += 1
            nominated = rng.random() < 0.25 and pk in open_to_move
            interests.append(Interest(
                opportunity=opportunity, person_id=pk,
                source="nominated" if nominated else "self",
                nominated_by=system_lead if nominated else None,
                preference_rank=None if nominated else ranks[pk],
                statement="" if nominated else rng.choice(STATEMENTS)))
    leader = Person.unscoped.filter(user=users.get("leader")).first()
    if leader is not None:
        for opportunity in opportunities:
            if (opportunity.status == OpportunityStatus.PUBLISHED
                    and opportunity.system_id == getattr(home, "pk", None)
                    and opportunity.host_id != leader.organisation_id
                    and BAND_RANK[opportunity.band_min] <= BAND_RANK.get(leader.pay_band, 0)
                    <= BAND_RANK[opportunity.band_max]
                    and not any(i.opportunity is opportunity and i.person_id == leader.pk
                                for i in interests)):
                interests.append(Interest(opportunity=opportunity, person=leader,
                                          preference_rank=1, statement=STATEMENTS[0]))
                break
    Interest.objects.bulk_create(interests, batch_size=2000)

    proposals = 0
    if home is not None and system_lead is not None:
        run = MatchRun.objects.create(scope=RunScope.SYSTEM, system=home,
                                      created_by=system_lead, weights=default_weights(),
                                      release_cap=3)
        execute_run(run.pk)
        run.refresh_from_db()
        proposals = run.placements
        first = run.proposals.select_related("person").order_by("-merit", "pk").first()
        if first is not None:
            Placement.objects.create(
                opportunity_id=first.opportunity_id, person_id=first.person_id,
                proposal=first, home_organisation_id=first.person.organisation_id,
                offered_by=system_lead, starts_on=first.opportunity.starts_on,
                ends_on=first.opportunity.ends_on)
    published = sum(o.status == OpportunityStatus.PUBLISHED for o in opportunities)
    return DemoOpportunitiesSummary(
        True, f"Demo opportunities: {published} open in {len(chosen)} systems (and "
              f"{len(opportunities) - published} waiting for review or in draft), "
              f"{len(interests)} interests, and a finished match run over Greater Manchester "
              f"with {proposals} proposals.",
        opportunities=len(opportunities), interests=len(interests), proposals=proposals)


STATEMENTS = (
    "I have led our winter plan for three years and want to see how a system partner does it.",
    "I want board-level experience outside my own trust before applying for director roles.",
    "This would stretch my strategy skills; I have mostly worked in operations.",
    "I am keen to work with local authority partners on population health.",
    "I lead our equality network and want to use that experience more widely.",
)

"""Demo mentoring and coaching: offers and requests across the North West and beyond, a past
matching run in the North West with its confirmed pairs (some across systems), goals and
meetings, the demo leader's mentor in another system, and requests waiting for the demo
programme manager (North West, Y62). Deterministic for a seed; idempotent.

Assumptions: about one senior leader in six offers to mentor or coach, most for 1 to 3
leaders at once; requests ask for help with 1 to 3 of the six LCF domains, and most ask for
someone from outside their organisation.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from talentbridge.mentoring.matching import propose
from talentbridge.mentoring.models import EndReview
from talentbridge.mentoring.models import Goal
from talentbridge.mentoring.models import GoalsMet
from talentbridge.mentoring.models import GoalStatus
from talentbridge.mentoring.models import MatchingProposal
from talentbridge.mentoring.models import MatchingRun
from talentbridge.mentoring.models import MatchMethod
from talentbridge.mentoring.models import Meeting
from talentbridge.mentoring.models import MentoringOffer
from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.mentoring.models import MentoringRequest
from talentbridge.mentoring.models import RequestStatus
from talentbridge.mentoring.models import SupportKind
from talentbridge.organisations.models import OrganisationKind
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import organisation_ids_in_region
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import Person
from talentbridge.talent.frameworks import LcfDomain

from .generator import demo_people
from .steps import say

NORTH_WEST = "Y62"
SENIOR_BANDS = ("8c", "8d", "9", "VSM")
GOALS = ("Lead a change across organisations in the system",
         "Prepare for a first chief executive post", "Build a board's trust in my strategy",
         "Make our recruitment fairer", "Chair a system partnership well")


def delete() -> int:
    people = demo_people().values("pk")
    MatchingRun.objects.filter(scope_code=NORTH_WEST, run_by__username="programme.manager"
                               ).delete()
    count, _ = MentoringRelationship.unscoped.filter(mentee__in=people).delete()
    MentoringRequest.unscoped.filter(person__in=people).delete()
    MentoringOffer.unscoped.filter(person__in=people).delete()
    return count


def _domains(rng, low: int, high: int) -> list[int]:
    return sorted(rng.sample(list(LcfDomain.values), rng.randint(low, high)))


def _offers(rng, people) -> list[MentoringOffer]:
    kinds = [OrganisationKind.ACUTE, OrganisationKind.MENTAL_HEALTH, OrganisationKind.COMMUNITY,
             OrganisationKind.AMBULANCE, OrganisationKind.ICB]
    return MentoringOffer.objects.bulk_create(MentoringOffer(
        person=p, as_mentor=True, as_coach=rng.random() < 0.3, capacity=rng.choice((1, 2, 2, 3)),
        lcf_domains=_domains(rng, 2, 4), organisation_kinds=sorted(rng.sample(kinds, 2)),
        across_organisations=rng.random() < 0.9) for p in people)


def _requests(rng, people, created) -> list[MentoringRequest]:
    made = MentoringRequest.objects.bulk_create(MentoringRequest(
        person=p, kind=SupportKind.COACH if rng.random() < 0.2 else SupportKind.MENTOR,
        needs=_domains(rng, 1, 3), wants_outside=rng.random() < 0.8) for p in people)
    MentoringRequest.unscoped.filter(pk__in=[r.pk for r in made]).update(created_at=created)
    return made


def _life(rng, relationship, today: dt.date) -> None:
    """Goals and meetings of a relationship, the pair's notes on some."""
    for text in rng.sample(GOALS, 2):
        Goal.objects.create(relationship=relationship, text=text,
                            status=rng.choice((GoalStatus.OPEN, GoalStatus.OPEN, GoalStatus.MET)))
    day = relationship.started_on
    for n in range(rng.randint(1, 4)):
        day += dt.timedelta(days=rng.randint(21, 35))
        if day > today:
            break
        Meeting.objects.create(relationship=relationship, met_on=day,
                               notes="What we agreed to try next" if n % 2 == 0 else "",
                               written_by=relationship.mentee)


def _run(rng, pm, offers, requests, started: dt.date) -> list[MentoringRelationship]:
    """The past North West run, its optimal proposals confirmed on ``started``."""
    summary, stable, optimal = propose(offers, requests)
    run = MatchingRun.objects.create(run_by=pm, scope_code=NORTH_WEST, scope_name="North West",
                                     summary=summary, confirmed_method=MatchMethod.OPTIMAL)
    MatchingProposal.objects.bulk_create(
        MatchingProposal(run=run, method=method, request_id=int(m[1:]), offer_id=int(o[1:]),
                         score=value)
        for method, pairs in ((MatchMethod.STABLE, stable), (MatchMethod.OPTIMAL, optimal))
        for m, o, value in pairs)
    when = timezone.make_aware(dt.datetime.combine(started, dt.time(10)))
    MatchingRun.objects.filter(pk=run.pk).update(created_at=when, confirmed_at=when)
    by_request = {r.pk: r for r in requests}
    by_offer = {o.pk: o for o in offers}
    made = []
    for m, o, _ in optimal:
        request = by_request[int(m[1:])]
        made.append(MentoringRelationship.objects.create(
            mentor=by_offer[int(o[1:])].person, mentee=request.person, kind=request.kind,
            started_on=started, request=request, run=run))
    MentoringRequest.unscoped.filter(pk__in=[int(m[1:]) for m, _, _ in optimal]).update(
        status=RequestStatus.MATCHED)
    return made


def _leaders_mentor(rng, leader: Person, offers, today: dt.date) -> MentoringRelationship:
    """The demo leader's mentor: someone in another integrated care system."""
    placements = placements_on()
    home = placements.get(leader.organisation_id)
    others = [o for o in offers if o.person_id != leader.pk and placements.get(
        o.person.organisation_id) and placements[o.person.organisation_id].system_id != (
        home.system_id if home else None)]
    mentor = rng.choice(others).person
    relationship = MentoringRelationship.objects.create(
        mentor=mentor, mentee=leader, kind=SupportKind.MENTOR,
        started_on=today - dt.timedelta(days=120))
    _life(rng, relationship, today)
    return relationship


@transaction.atomic
def build(seed: int, stdout=None, reset: bool = False) -> None:
    if reset:
        delete()
    people = demo_people()
    if not people.exists() or MentoringOffer.unscoped.filter(person__in=people).exists():
        return
    rng = random.Random(seed + 71)
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["leader", "programme.manager"])}
    leader = Person.unscoped.filter(user=users.get("leader")).first()
    region = Region.objects.filter(code=NORTH_WEST).first()
    north_west = set(organisation_ids_in_region(region.pk)) if region else set()
    senior = list(people.filter(pay_band__in=SENIOR_BANDS).exclude(pk=getattr(leader, "pk", 0))
                  .select_related("organisation").order_by("pk"))
    local = [p for p in senior if p.organisation_id in north_west]
    elsewhere = [p for p in senior if p.organisation_id not in north_west]
    rng.shuffle(local)
    rng.shuffle(elsewhere)
    offers = _offers(rng, local[:max(6, len(local) // 6)] + elsewhere[:max(3, len(elsewhere) // 8)])
    taken = {o.person_id for o in offers}
    askers = [p for p in local if p.pk not in taken]
    today = timezone.localdate()
    nw_offers = [o for o in offers if o.person.organisation_id in north_west]
    past = _requests(rng, askers[:12], timezone.now() - dt.timedelta(days=100))
    made = _run(rng, users.get("programme.manager"), nw_offers, past,
                today - dt.timedelta(days=90)) if nw_offers and past else []
    for relationship in made:
        _life(rng, relationship, today)
    for relationship in made[:2]:
        relationship.ended_on = today - dt.timedelta(days=7)
        relationship.save(update_fields=["ended_on"])
        EndReview.objects.create(relationship=relationship, by=relationship.mentee,
                                 goals_met=GoalsMet.SOME, would_recommend=True,
                                 comments="It helped me see the system as a whole")
    waiting = _requests(rng, askers[12:20], timezone.now() - dt.timedelta(days=5))
    if leader is not None and offers:
        _leaders_mentor(rng, leader, offers, today)
    say(stdout, f"{len(offers)} mentoring offers, {len(past) + len(waiting)} requests "
                f"({len(waiting)} waiting), {len(made)} pairs from a past North West run.")

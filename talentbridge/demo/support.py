"""Demo support for chief executives and board members, and the leadership compact.
Deterministic for a seed; idempotent.

For the North West (the demo `regional.lead`'s region): check-ins with most chief executives
over the last year (a few report high pressure at their two latest), support offers taken up,
declined and waiting, and every kind of early warning the data allows: a new chief executive
without a mentor or coach (if no North West chief executive started three to twelve months
ago, the first one's start is moved to five months ago), chief executives of segment 4 or 5
organisations left without a recent check-in (segments come from the tenure demo), high
pressure twice in a row; turnover and departures by mutual agreement come from the tenure
demo's post holdings, so without it those two kinds do not show.

The compact: six commitments (four by NHS England for every leader, two by NHS England North
West for its leaders), and two pulse rounds (last spring's, closed, and this one, open)
answered by about 70% of chief executives and board members, so the figures show.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import transaction
from django.utils import timezone

from engine.support.warnings import add_months
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import placements_on
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import BoardPostKind
from talentbridge.support.models import CheckIn
from talentbridge.support.models import Commitment
from talentbridge.support.models import CommitmentStatus
from talentbridge.support.models import OfferKind
from talentbridge.support.models import OfferStatus
from talentbridge.support.models import PulseAnswer
from talentbridge.support.models import PulseRound
from talentbridge.support.models import SupportOffer
from talentbridge.tenure.models import OversightSegment

from .generator import demo_people
from .steps import say

REGION = "Y62"
OWNER = "NHS England"
REGION_OWNER = "NHS England North West"
#: (title, measure, national?, mean agreement 1 to 5, status)
COMMITMENTS = (
    ("Time and space to lead", "Leaders agree they have protected time for leading", True,
     2.8, CommitmentStatus.ON_TRACK),
    ("Support through difficult decisions", "Leaders agree they are supported when they "
     "make difficult decisions", True, 3.1, CommitmentStatus.ON_TRACK),
    ("Air cover from national bodies", "Leaders agree national bodies back them in public",
     True, 2.4, CommitmentStatus.AT_RISK),
    ("Fair and compassionate exits", "No chief executive leaves without a conversation "
     "about support first", True, 3.0, CommitmentStatus.NOT_STARTED),
    ("A coach or mentor for every new chief executive", "New chief executives with a coach "
     "or mentor within three months", False, 3.6, CommitmentStatus.MET),
    ("Quarterly check-ins with the regional director", "Chief executives checked in with "
     "each quarter", False, 3.3, CommitmentStatus.ON_TRACK),
)
ROUND_NAMES = ("Demo pulse: last round", "Demo pulse: this round")
NOTES = ("Board relationships strained after the CQC visit.", "Winter pressures on the "
         "emergency department; asked for help with system partners.", "Settling in well.",
         "Financial recovery plan is taking most of their time.", "Wants a peer to talk to.")
WANTS = ("Time with a peer chief executive", "Coaching", "Air cover on the reconfiguration",
         "Nothing at present", "HR advice on a senior case")


def delete() -> int:
    people = demo_people()
    count = CheckIn.unscoped.filter(leader__in=people).count()
    CheckIn.unscoped.filter(leader__in=people).delete()
    SupportOffer.unscoped.filter(leader__in=people).delete()
    PulseRound.objects.filter(name__in=ROUND_NAMES).delete()
    Commitment.objects.filter(title__in=[c[0] for c in COMMITMENTS],
                              owner__in=(OWNER, REGION_OWNER)).delete()
    return count


def _north_west_chiefs() -> list[BoardPost]:
    region = Region.objects.filter(code=REGION).first()
    if region is None:
        return []
    organisations = [o for o, p in placements_on().items() if p.region_id == region.pk]
    return list(BoardPost.objects.filter(
        kind=BoardPostKind.CHIEF_EXECUTIVE, incumbent__isnull=False,
        organisation_id__in=organisations, incumbent__in=demo_people())
        .order_by("organisation__ods_code", "pk"))


def build(seed: int, stdout=None, reset: bool = False) -> None:
    started = time.perf_counter()
    chiefs = _north_west_chiefs()
    if not chiefs:
        say(stdout, "Support: no North West chief executives in the demo, so no support data.")
        return
    with transaction.atomic():
        if CheckIn.unscoped.filter(leader__in=demo_people()).exists() or \
                PulseRound.objects.filter(name__in=ROUND_NAMES).exists():
            if not reset:
                say(stdout, "Demo support data already exists. Nothing changed.")
                return
            say(stdout, f"Deleted {delete()} demo check-ins.")
        rng = random.Random(f"support-{seed}")
        today = timezone.localdate()
        new_chief = _new_chief_executive(chiefs, today)
        quiet = _intensive_support(chiefs, today)
        check_ins = _check_ins(rng, chiefs, today, skip={new_chief.pk, *quiet})
        offers = _offers(rng, chiefs, today, skip=new_chief.incumbent_id)
        answers = _compact(rng, today)
    say(stdout, f"Built {check_ins} check-ins, {offers} support offers and {answers} pulse "
                f"answers in {time.perf_counter() - started:.1f} s.")


def _new_chief_executive(chiefs: list[BoardPost], today: dt.date) -> BoardPost:
    """A North West chief executive three to twelve months in post (warning a)."""
    for post in chiefs:
        if post.started_on and add_months(today, -12) < post.started_on <= add_months(today,
                                                                                     -3):
            return post
    post = chiefs[0]
    post.started_on = add_months(today, -5)
    post.save(update_fields=["started_on"])
    return post


def _intensive_support(chiefs: list[BoardPost], today: dt.date) -> set[int]:
    """Posts of organisations in segment 4 or 5 today, whose chief executives get no recent
    check-in (warning b); none without the tenure demo's segments."""
    latest: dict[int, int] = {}
    for organisation_id, segment in OversightSegment.objects.filter(
            organisation_id__in=[p.organisation_id for p in chiefs],
            effective_from__lte=today).order_by("effective_from").values_list(
            "organisation_id", "segment"):
        latest[organisation_id] = segment
    return {p.pk for p in chiefs if latest.get(p.organisation_id) in (4, 5)}


def _check_ins(rng: random.Random, chiefs: list[BoardPost], today: dt.date,
               skip: set[int]) -> int:
    rows = []
    for index, post in enumerate(chiefs):
        if post.pk in skip or rng.random() < 0.2:
            continue
        high_twice = index % 5 == 1  # a few report high pressure at their two latest
        count = rng.randint(2, 4)
        for n in range(count):
            held_on = today - dt.timedelta(days=30 + 80 * (count - 1 - n) + rng.randint(0, 20))
            pressure = (rng.choice((4, 5)) if high_twice and n >= count - 2
                        else rng.choice((1, 2, 2, 3, 3, 4)))
            rows.append(CheckIn(leader_id=post.incumbent_id, held_on=held_on,
                                pressure=pressure, support_wanted=rng.choice(WANTS),
                                notes=rng.choice(NOTES)))
    CheckIn.unscoped.bulk_create(rows)
    return len(rows)


def _offers(rng: random.Random, chiefs: list[BoardPost], today: dt.date, skip: int) -> int:
    rows = []
    statuses = (OfferStatus.TAKEN_UP, OfferStatus.DECLINED, OfferStatus.PENDING,
                OfferStatus.TAKEN_UP)
    for post in [p for p in chiefs if p.incumbent_id != skip]:
        offered = today - dt.timedelta(days=rng.randint(20, 300))
        status = statuses[len(rows) % len(statuses)]
        rows.append(SupportOffer(
            leader_id=post.incumbent_id, kind=rng.choice(OfferKind.values), offered_on=offered,
            status=status, answered_on=(None if status == OfferStatus.PENDING
                                        else offered + dt.timedelta(days=rng.randint(1, 14)))))
    SupportOffer.unscoped.bulk_create(rows)
    return len(rows)


def _compact(rng: random.Random, today: dt.date) -> int:
    region = Region.objects.filter(code=REGION).first()
    commitments = [Commitment.objects.create(
        title=title, owner=OWNER if national else REGION_OWNER,
        region=None if national else region, measure=measure,
        due_on=add_months(today, 6 + 3 * i), status=status,
        evidence="Reported at the regional board in March." if status == "met" else "")
        for i, (title, measure, national, _, status) in enumerate(COMMITMENTS)]
    means = {c.pk: spec[3] for c, spec in zip(commitments, COMMITMENTS, strict=True)}
    rounds = [PulseRound.objects.create(name=ROUND_NAMES[0], opens_on=add_months(today, -6),
                                        closes_on=add_months(today, -5)),
              PulseRound.objects.create(name=ROUND_NAMES[1], opens_on=today - dt.timedelta(
                  days=10), closes_on=today + dt.timedelta(days=20))]
    placements = placements_on()
    leaders = {}
    for post in BoardPost.objects.filter(incumbent__in=demo_people()).select_related(
            "incumbent").order_by("pk"):
        leaders.setdefault(post.incumbent_id, post.incumbent.organisation_id)
    answers = []
    for pulse in rounds:
        for person_id, organisation_id in leaders.items():
            if rng.random() > 0.7:
                continue
            in_region = getattr(placements.get(organisation_id), "region_id", None) == (
                region.pk if region else None)
            for commitment in commitments:
                if commitment.region_id is not None and not in_region:
                    continue
                value = round(rng.gauss(means[commitment.pk], 1.0))
                answers.append(PulseAnswer(round=pulse, commitment=commitment,
                                           leader_id=person_id,
                                           agreement=min(5, max(1, value))))
    PulseAnswer.unscoped.bulk_create(answers, batch_size=2000)
    return len(answers)

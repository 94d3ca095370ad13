"""Demo career conversations, talent profiles and LCF assessments, built on the base demo data
(people, line management and demo sign-ins).

Deterministic for a seed, idempotent (existing demo conversations are left alone unless
`reset`), and fast (bulk writes; a few seconds for 20,000 leaders):

- a TalentProfile for every demo leader;
- a recorded career conversation for about 40% of them, held by their line manager, with a
  Scope for Growth placement (impact × growth), aspiration, readiness, mobility, LCF
  development needs, a plan and a next review date; some also have an older conversation, and
  a few a new one still being prepared. The profile follows the latest recorded one;
- LCF assessments (self, line manager and 3–6 anonymous multi-raters) for a few hundred of
  them; strengths on the profile follow the rule in assessment_services;
- the demo users: `manager` holds a recorded conversation with `leader` (with private notes
  and `leader`'s reflection) and a prepared one with another report; `leader` has an open
  assessment with their self-assessment, `manager`'s and three raters' answers, and two
  invitations not yet answered.

Line managers mostly have no sign-in, and a conversation must be held by a user, so each
line manager who holds a demo conversation gets an *inactive* user record named after them
(username `demo.holder.<person id>`, no usable password): it only says who held it. Demo
conversations are recognised by their person being a demo person. `delete()` removes them,
the rounds, the profiles and the holder records; call it before the base demo deletes its
users (they are protected references).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from talentbridge.talent.conversations.assessment_services import strength_mask
from talentbridge.talent.conversations.assessment_services import summarise
from talentbridge.talent.frameworks import GrowthCategory
from talentbridge.talent.frameworks import ImpactLevel
from talentbridge.talent.frameworks import LcfDomain
from talentbridge.talent.frameworks import LcfFrequency
from talentbridge.talent.frameworks import TravelReach
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import DomainRating
from talentbridge.talent.models import RaterKind
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models.conversations import ConversationStatus
from talentbridge.talent.models.conversations import domains_to_mask

from .generator import demo_people as people
from .steps import say
from .users import DEMO_USERNAMES

HOLDER_PREFIX = "demo.holder."
CONVERSATION_SHARE = 0.40
ASSESSED = 300
BATCH = 2000

ROLES_WANTED = ("Director of Nursing", "Chief Operating Officer", "Chief Executive",
                "Director of Finance", "Medical Director", "Director of Strategy",
                "Chief People Officer", "Deputy Director of Operations", "Divisional Director",
                "Director of Transformation", "Chief Nurse", "Associate Director of Quality")
ASPIRATIONS = (
    "To lead {role_lc} services across more than one organisation within three years",
    "To move into a board role and shape strategy for the whole system",
    "To deepen my specialist leadership and be recognised nationally in the profession",
    "To broaden into operational management to prepare for an executive role",
    "To take on a system-wide transformation programme as a stretch assignment",
)
PLANS = (
    "Shadow an executive director for six months; join the system leadership programme; "
    "lead the next winter plan.",
    "Board observer placement at a neighbouring trust; mentoring from a chief executive; "
    "finance for non-finance directors.",
    "Secondment to the integrated care board's strategy team; coaching on influencing "
    "across organisations.",
    "Stretch project on health inequalities; join the aspiring directors talent pool; "
    "360 feedback in the spring.",
)
PREPARATIONS = (
    "Strong delivery this year; evidence of compassionate leadership in the team survey.",
    "Has led the quality improvement programme well; ready to discuss next steps.",
    "Wants to talk about a move; I'd like to explore breadth before stretch.",
)
REFLECTIONS = (
    "I am proud of the ward accreditation results. I want to grow into a role with more "
    "system working, and I need support with finance and governance.",
    "I would like to understand what a director role would ask of me and where my gaps are.",
)
PRIVATE = (
    "Mentioned caring responsibilities at home; keep travel modest for the next year.",
    "Discussed a health condition in confidence; agreed adjustments to the development plan.",
    "Considering leaving the NHS if no progression in the next two years.",
)
FREQUENCIES = [f.value for f in LcfFrequency]


def demo_people():
    return people()


def demo_conversations():
    return CareerConversation.unscoped.filter(person__in=demo_people())


def delete() -> tuple[int, int]:
    """Delete demo conversations, assessment rounds, talent profiles and holder records, and
    any conversation or round that names a demo user."""



    people = demo_people()
    n_conversations = demo_conversations().count()
    n_rounds = AssessmentRound.unscoped.filter(person__in=people).count()
    CareerConversation.unscoped.filter(person__in=people).delete()
    AssessmentRound.unscoped.filter(person__in=people).delete()
    CareerConversation.unscoped.filter(held_by__username__in=DEMO_USERNAMES).delete()
    AssessmentRound.unscoped.filter(opened_by__username__in=DEMO_USERNAMES).delete()
    TalentProfile.unscoped.filter(person__in=people).delete()
    get_user_model().objects.filter(username__startswith=HOLDER_PREFIX).delete()
    return n_conversations, n_rounds


def build(seed: int, stdout=None, reset: bool = False) -> None:
    started = time.perf_counter()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}
    if "leader" not in users or "manager" not in users:
        say(stdout, "Career conversations: no demo sign-ins yet, so nothing to build (build "
                    "the base demo data first).")
        return
    with transaction.atomic():
        if demo_conversations().exists():
            if not reset:
                say(stdout, "Demo career conversations already exist. Nothing changed.")
                return
            n_conversations, n_rounds = delete()
            say(stdout, f"Deleted {n_conversations} demo career conversations and {n_rounds} "
                        "assessments.")
        counts = _build(random.Random(f"conversations-{seed}"), users)
    say(stdout, f"Built {counts['profiles']} talent profiles, {counts['conversations']} career "
                f"conversations and {counts['rounds']} LCF assessments "
                f"({counts['ratings']} ratings) in {time.perf_counter() - started:.1f} s.")


def _build(rng: random.Random, users: dict) -> dict:
    today = timezone.localdate()
    people = list(demo_people().order_by("pk").values(
        "pk", "given_name", "family_name", "job_title", "line_manager_id", "user_id",
        "pay_band"))
    by_pk = {p["pk"]: p for p in people}
    readiness = {r.code: r.pk for r in ReadinessLevel.objects.filter(is_active=True)}
    user_by_person = {p["pk"]: p["user_id"] for p in people if p["user_id"]}
    leader = next(p for p in people if p["user_id"] == users["leader"].pk)
    manager = next(p for p in people if p["user_id"] == users["manager"].pk)

    managed = [p for p in people if p["line_manager_id"] and p["pk"] != leader["pk"]]
    chosen = rng.sample(managed, min(len(managed), round(CONVERSATION_SHARE * len(people))))
    chosen = [leader, *chosen]
    # Holders: the demo user of a line manager who has one, otherwise an inactive record.
    # Records left over from demo people deleted since (base demo reset) go first.
    from talentbridge.talent.models import AssessmentRound
    from talentbridge.talent.models import CareerConversation

    user_model = get_user_model()
    (user_model.objects.filter(username__startswith=HOLDER_PREFIX)
     .exclude(pk__in=CareerConversation.unscoped.values("held_by_id"))
     .exclude(pk__in=AssessmentRound.unscoped.values("opened_by_id")).delete())
    needed = sorted({p["line_manager_id"] for p in chosen} - set(user_by_person))
    holders = [user_model(username=f"{HOLDER_PREFIX}{pk}", first_name=by_pk[pk]["given_name"],
                          last_name=by_pk[pk]["family_name"], is_active=False,
                          password="!demo-holder-no-sign-in")  # noqa: S106 - unusable
               for pk in needed]
    user_model.objects.bulk_create(holders, batch_size=BATCH)
    holder_of = dict(user_by_person)
    holder_of.update({int(u.username.removeprefix(HOLDER_PREFIX)): u.pk for u in
                      user_model.objects.filter(username__startswith=HOLDER_PREFIX)
                      .only("pk", "username")})

    conversations, latest = _conversations(rng, chosen, holder_of, readiness, today,
                                           leader, manager)
    CareerConversation.objects.bulk_create(conversations, batch_size=BATCH)
    profiles = _profiles(people, latest, today)
    rounds, ratings = _assessments(rng, chosen, holder_of, leader, manager, users, profiles,
                                   today)

    TalentProfile.objects.bulk_create(profiles.values(), batch_size=BATCH)
    return {"profiles": len(profiles), "conversations": len(conversations),
            "rounds": rounds, "ratings": ratings}


def _record_values(rng: random.Random, person: dict, readiness: dict, held_on: dt.date,
                   today: dt.date) -> dict:
    role = rng.choice(ROLES_WANTED)
    growth = rng.choices(list(GrowthCategory), weights=[3, 3, 4])[0]
    ready = rng.choices(["ready_now", "1_2_years", "3_plus_years", "not_seeking"],
                        weights=[15, 40, 35, 10])[0]
    reach = rng.choices(list(TravelReach), weights=[35, 35, 20, 10])[0]
    needs = sorted(rng.sample(LcfDomain.values, rng.choice((1, 2, 2, 3))))
    return {
        "held_on": held_on,
        "impact_level": rng.choices(list(ImpactLevel), weights=[25, 55, 20])[0],
        "growth_category": growth,
        "aspiration": rng.choice(ASPIRATIONS).format(role_lc=role.lower()),
        "aspiration_role": role if ready != "not_seeking" else "",
        "readiness_id": readiness.get(ready),
        "open_to_other_organisations": rng.random() < 0.55,
        "open_to_other_sectors": rng.random() < 0.15,
        "travel_reach": reach,
        "open_to_relocation": rng.random() < 0.12,
        "development_needs": needs,
        "development_plan": rng.choice(PLANS),
        "next_review_on": max(held_on + dt.timedelta(days=rng.choice((180, 270, 365))),
                              today + dt.timedelta(days=rng.randint(14, 200))),
        "manager_preparation": rng.choice(PREPARATIONS),
        "individual_reflection": rng.choice(REFLECTIONS) if rng.random() < 0.6 else "",
        "private_notes": rng.choice(PRIVATE) if rng.random() < 0.15 else "",
    }


def _conversations(rng, chosen, holder_of, readiness, today, leader, manager):
    rows, latest = [], {}
    for person in chosen:
        holder = holder_of[person["line_manager_id"]]
        held_on = today - dt.timedelta(days=rng.randint(7, 330))
        values = _record_values(rng, person, readiness, held_on, today)
        if person is leader:
            values.update(
                held_on=today - dt.timedelta(days=21), impact_level=ImpactLevel.ESTABLISHED,
                growth_category=GrowthCategory.STRETCH, aspiration_role="Deputy Chief Nurse",
                aspiration="To become a deputy chief nurse in Greater Manchester within two "
                           "years, then a director of nursing",
                readiness_id=readiness.get("1_2_years"), open_to_other_organisations=True,
                travel_reach=TravelReach.WITHIN_SYSTEM, development_needs=[2, 4],
                development_plan="Board observer placement at a neighbouring trust; system "
                                 "leadership programme; lead the surgical division's "
                                 "workforce plan.",
                next_review_on=today + dt.timedelta(days=160),
                individual_reflection=REFLECTIONS[0],
                manager_preparation="Outstanding year on the surgical wards; ready to discuss "
                                    "a deputy role and what it needs.",
                private_notes="Talked about her father's illness; she may need flexibility "
                              "over the next six months. Agreed not to share this.")
        rows.append(CareerConversation(person_id=person["pk"], held_by_id=holder,
                                       status=ConversationStatus.RECORDED, **values))
        latest[person["pk"]] = values
        if rng.random() < 0.25:  # an older one
            older = _record_values(rng, person, readiness, held_on - dt.timedelta(days=365),
                                   today)
            older["next_review_on"] = held_on
            rows.append(CareerConversation(person_id=person["pk"], held_by_id=holder,
                                           status=ConversationStatus.RECORDED, **older))
        elif person["line_manager_id"] == manager["pk"] and person is not leader:
            rows.append(CareerConversation(
                person_id=person["pk"], held_by_id=holder, status=ConversationStatus.PREPARING,
                manager_preparation="Next quarter: talk about the ward manager secondment."))
    return rows, latest


def _profiles(people, latest, today) -> dict:
    profiles = {}
    for person in people:
        values = latest.get(person["pk"])
        if values is None:
            profiles[person["pk"]] = TalentProfile(person_id=person["pk"])
            continue
        profiles[person["pk"]] = TalentProfile(
            person_id=person["pk"], readiness_id=values["readiness_id"],
            impact_level=values["impact_level"], growth_category=values["growth_category"],
            aspiration_role=values["aspiration_role"],
            open_to_other_organisations=values["open_to_other_organisations"],
            open_to_other_sectors=values["open_to_other_sectors"],
            travel_reach=values["travel_reach"], open_to_relocation=values["open_to_relocation"],
            development_need_mask=domains_to_mask(values["development_needs"]),
            last_conversation_on=values["held_on"])
    return profiles


def _answers(rng: random.Random, level: float) -> dict[int, str]:
    """Six answers around a person's level (1–4), with the odd "no chance to demonstrate"."""
    out = {}
    for domain in LcfDomain.values:
        if rng.random() < 0.08:
            out[domain] = LcfFrequency.NO_CHANCE
            continue
        score = min(4, max(1, round(rng.gauss(level, 0.6))))
        out[domain] = {4: LcfFrequency.ALMOST_ALWAYS, 3: LcfFrequency.FREQUENTLY,
                       2: LcfFrequency.OCCASIONALLY, 1: LcfFrequency.RARELY_OR_NEVER}[score]
    return out


def _assessments(rng, chosen, holder_of, leader, manager, users, profiles, today):
    assessed = [leader, *rng.sample(chosen[1:], min(ASSESSED - 1, len(chosen) - 1))]
    rounds = []
    for person in assessed:
        is_leader = person is leader
        opened = today - dt.timedelta(days=10 if is_leader else rng.randint(20, 300))
        rounds.append(AssessmentRound(
            person_id=person["pk"], opened_by_id=holder_of[person["line_manager_id"]],
            opened_on=opened, closes_on=today + dt.timedelta(days=18) if is_leader
            else opened + dt.timedelta(days=28)))
    AssessmentRound.objects.bulk_create(rounds, batch_size=BATCH)
    rounds = list(AssessmentRound.unscoped.filter(
        person_id__in=[p["pk"] for p in assessed]).order_by("pk"))
    round_of = {r.person_id: r for r in rounds}
    assessments, answers = [], []
    now = timezone.now()
    for person in assessed:
        r = round_of[person["pk"]]
        is_leader = person is leader
        level = 3.0 if is_leader else rng.uniform(2.2, 3.7)
        entries = [(RaterKind.SELF, person["user_id"], _answers(rng, level + 0.3)),
                   (RaterKind.LINE_MANAGER, holder_of[person["line_manager_id"]],
                    _answers(rng, level))]
        n_raters = 3 if is_leader else rng.randint(3, 6)
        for _ in range(n_raters):
            kind = rng.choice([RaterKind.PEER, RaterKind.DIRECT_REPORT, RaterKind.OTHER])
            entries.append((kind, None, _answers(rng, level)))
        if is_leader:
            entries += [(RaterKind.PEER, None, None), (RaterKind.OTHER, None, None)]
        for index, (kind, user_id, given) in enumerate(entries):
            multi = kind not in (RaterKind.SELF, RaterKind.LINE_MANAGER)
            secret = f"demo-{r.person_id}-{index}-{rng.random()}"  # never sent: unusable
            assessments.append(Assessment(
                round=r, rater_kind=kind, rater_user_id=user_id,
                invited_email=f"rater{index}.{r.person_id}@demo.talentbridge.invalid"
                if multi else "",
                token_hash=hashlib.sha256(secret.encode()).hexdigest() if multi else None,
                invited_at=now if multi else None,
                submitted_at=now if given is not None else None))
            answers.append(given)
    Assessment.objects.bulk_create(assessments, batch_size=BATCH)
    if assessments and assessments[0].pk is None:  # pragma: no cover - old databases only
        assessments = list(Assessment.unscoped.filter(round__in=rounds).order_by("pk"))
    ratings = [DomainRating(assessment_id=a.pk, domain=d, frequency=f)
               for a, given in zip(assessments, answers, strict=True) if given
               for d, f in given.items()]
    DomainRating.objects.bulk_create(ratings, batch_size=BATCH)
    # Strengths from the others' answers (the same rule as assessment_services).
    others: dict[int, list] = {}
    for a, given in zip(assessments, answers, strict=True):
        if given and a.rater_kind not in (RaterKind.SELF, RaterKind.LINE_MANAGER):
            others.setdefault(a.round.person_id, []).append(given)
    for person_id, given in others.items():  # only closed rounds publish a result
        released = round_of[person_id].closes_on < today
        profiles[person_id].strength_mask = strength_mask(
            summarise({}, {}, given, released=released))
    return len(rounds), len(ratings)

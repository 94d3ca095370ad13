"""Demo learning log: the demo leader's private entries (two reflections and a learning
review), one shared with their line manager (the `manager` demo user, when they manage the
leader) and one with their current mentor or coach (only when the mentoring demo made a
running relationship: otherwise no share is made), and about thirty anonymised lessons across
the six Leadership Competency Framework domains in the library. Synthetic text: no real
people, places or organisations. Deterministic for a seed; idempotent.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from talentbridge.learning.models import Entry
from talentbridge.learning.models import EntryKind
from talentbridge.learning.models import Lesson
from talentbridge.learning.models import Share
from talentbridge.learning.models import ShareRoute
from talentbridge.mentoring.services import current_relationships
from talentbridge.people.models import Person
from talentbridge.talent.frameworks import LcfDomain

#: (title, text, tags) of the library's lessons, by domain; synthetic.
LESSON_SEEDS = {
    LcfDomain.OUTCOMES: [
        ("Measure what patients notice", "We tracked a waiting list target and missed that "
         "people were waiting longer between appointments. Asking a few patients each week "
         "showed the gap sooner than the dashboard did.", "waiting lists, measures"),
        ("A pilot is not a plan", "A small pilot worked because the team chose it. Spreading "
         "it without that choice failed. Next time I would let each team adapt it first.",
         "improvement, spread"),
        ("Stop one thing before starting another", "We added a new pathway without retiring "
         "the old one, and staff ran both. Decide what stops on the day something starts.",
         "capacity, pathways"),
    ],
    LcfDomain.STRATEGY: [
        ("Say the trade-offs out loud", "Our plan promised everything. When money tightened "
         "nobody knew what to drop. Naming the trade-offs early made later choices calmer.",
         "planning, priorities"),
        ("Test the strategy on a busy Tuesday", "A strategy that only works on a quiet day "
         "is not a strategy. Walking it through an ordinary busy day showed its gaps.",
         "strategy, operations"),
        ("Bring finance in at the start", "We designed a service change and costed it last. "
         "Costing it with the designers would have saved two months.", "finance, change"),
    ],
    LcfDomain.EQUALITY: [
        ("Look at who is not in the room", "Our engagement sessions ran in working hours. "
         "Night staff never came. Moving one session changed what we heard.",
         "engagement, inclusion"),
        ("Ask why the numbers differ", "Recruitment figures showed a gap between groups at "
         "interview. Reviewing shortlisting together, not blaming panels, narrowed it.",
         "recruitment, fairness"),
        ("Interpreters need booking time", "Appointments for people needing an interpreter "
         "were cancelled more often. The booking system gave too little notice.",
         "access, systems"),
    ],
    LcfDomain.GOVERNANCE: [
        ("Risks need owners, not just scores", "Our risk register had scores but no one acting "
         "on them. Giving each risk a named owner and a date made it move.", "risk, assurance"),
        ("Assurance is not reassurance", "A report said all was well because nobody had "
         "asked a harder question. Ask what evidence would show it is not.",
         "board, assurance"),
        ("Minutes should show the decision", "We could not tell later why a decision was "
         "made. Recording the options and the reason helped the next team.",
         "governance, decisions"),
    ],
    LcfDomain.CULTURE: [
        ("Thank people for raising concerns", "Someone raised a worry that turned out to be "
         "nothing. I was short with them. The next concern came much later than it should "
         "have.", "speaking up, culture"),
        ("Ask what made it hard, not who", "After a missed referral we started by asking who. "
         "The answer was a form that hid the key field. Asking what made it hard found the "
         "fix.", "just culture, learning"),
        ("Rest is part of the rota", "I praised a team for covering every gap. Within months "
         "two people were off sick. I now ask how people are resting.", "wellbeing, rotas"),
    ],
    LcfDomain.PARTNERS: [
        ("Meet partners before you need them", "Our first conversation with the local "
         "council was during a crisis. A standing monthly call made the next crisis easier.",
         "partnerships, local authority"),
        ("Share the problem, not just the ask", "Asking a partner for beds got a no. "
         "Explaining the whole flow problem got a joint plan.", "system working, flow"),
        ("Community groups know first", "A community group warned us about a gap in services "
         "months before our data did. We now meet them every quarter.",
         "communities, listening"),
    ],
}
#: Extra openings that make 30 lessons from the 18 seeds, deterministically.
VARIANTS = ("What I would tell my earlier self", "A second look")

ENTRIES = [
    {"kind": EntryKind.REFLECTION, "title": "A difficult board question",
     "lcf_domain": LcfDomain.GOVERNANCE, "days_ago": 40,
     "what_happened": "I was asked at the board why a waiting list had grown and I did not "
                      "have the answer ready.",
     "what_i_learnt": "I had relied on a summary without checking the trend underneath it.",
     "do_differently": "Read the detail before the meeting and say plainly what I do not "
                       "know yet.", "tags": "board, preparation"},
    {"kind": EntryKind.REFLECTION, "title": "Feedback that landed badly",
     "lcf_domain": LcfDomain.CULTURE, "days_ago": 21,
     "what_happened": "I gave feedback to a colleague in a corridor between meetings.",
     "what_i_learnt": "The place and the rush said more than the words did.",
     "do_differently": "Make time and a private space, and ask how they see it first.",
     "tags": "feedback, conversations"},
    {"kind": EntryKind.LEARNING_REVIEW, "title": "A delayed discharge",
     "lcf_domain": LcfDomain.OUTCOMES, "days_ago": 7,
     "what_happened": "A patient's discharge was delayed by two days after a handover gap.",
     "circumstances": "Two wards were short of staff and the usual coordinator was away.",
     "pressures": "Bed pressures were high and the daily target was discussed every hour.",
     "information": "The care package update arrived by e-mail to one inbox nobody covered.",
     "system_factors": "The handover template had no place for pending care packages.",
     "choices_made": "I prioritised admissions over checking discharges, which made sense "
                     "with the information on the board that morning.",
     "what_i_learnt": "The gap was in how information reached the ward, not one person.",
     "do_differently": "Ask for a shared inbox and a line on the handover template.",
     "tags": "discharge, handover"},
]


def _leader() -> Person | None:
    user = get_user_model().objects.filter(username="leader").first()
    return Person.unscoped.select_related("line_manager").filter(user=user).first() if user \
        else None


def _demo_lesson_titles() -> list[str]:
    titles = [t for seeds in LESSON_SEEDS.values() for t, _, _ in seeds]
    return titles + [f"{VARIANTS[i % 2]}: {t}" for i, t in enumerate(titles[:12])]


def delete() -> int:
    leader = _leader()
    removed = Entry.unscoped.filter(person=leader).delete()[0] if leader else 0
    return removed + Lesson.objects.filter(title__in=_demo_lesson_titles()).delete()[0]


def _lessons(rng: random.Random) -> int:
    rows = [(domain, title, text, tags) for domain, seeds in LESSON_SEEDS.items()
            for title, text, tags in seeds]
    rows += [(d, f"{VARIANTS[i % 2]}: {t}", x, g) for i, (d, t, x, g) in enumerate(rows[:12])]
    existing = set(Lesson.objects.filter(title__in=[r[1] for r in rows])
                   .values_list("title", flat=True))
    month = timezone.localdate().replace(day=1)
    lessons = [Lesson(title=title, text=text, lcf_domain=domain, tags=tags,
                      published_month=(month - dt.timedelta(days=31 * rng.randrange(12))
                                       ).replace(day=1))
               for domain, title, text, tags in rows if title not in existing]
    Lesson.objects.bulk_create(lessons)
    return len(lessons)


def _entries(leader: Person) -> list[Entry]:
    today = timezone.localdate()
    entries = []
    for values in ENTRIES:
        values = dict(values)
        days_ago = values.pop("days_ago")
        entries.append(Entry.objects.create(
            person=leader, happened_on=today - dt.timedelta(days=days_ago), **values))
    return entries


def _shares(leader: Person, entries: list[Entry], stdout) -> None:
    if leader.line_manager_id:
        Share.objects.create(entry=entries[1], person_id=leader.line_manager_id,
                             route=ShareRoute.LINE_MANAGER)
    relationship = current_relationships(leader.pk).first()
    if relationship is None:
        if stdout is not None:
            stdout.write("learning: the demo leader has no current mentor or coach, so no "
                         "entry is shared with one.")
        return
    Share.objects.create(entry=entries[2], person_id=relationship.mentor_id,
                         route=ShareRoute.MENTOR, relationship=relationship)


def build(seed: int, stdout=None, reset: bool = False) -> None:
    rng = random.Random(f"{seed}-learning")
    with transaction.atomic():
        if reset:
            delete()
        made = _lessons(rng)
        leader = _leader()
        if leader is not None and not Entry.unscoped.filter(person=leader).exists():
            _shares(leader, _entries(leader), stdout)
    if stdout is not None:
        stdout.write(f"learning: {made} lessons published; the demo leader's log is ready.")

"""Demo development plans, built after the conversations, opportunities and succession demos
(and the programmes demo, when there is one).

Deterministic for a seed, idempotent (existing demo plans are left alone unless `reset`):

- a plan for about a third of the demo leaders with a recorded career conversation, for the
  demo `leader` and for every direct report of the demo `manager`;
- 2 to 5 actions each, linked to an LCF domain from their conversation's development needs, to
  that conversation, to an opportunity they expressed interest in, to a development programme
  (those the programmes demo made, read as they are; none are made here) or free text;
- some actions done, some dropped, some in progress with a per cent and progress notes, and
  some overdue; the demo `leader` always has one done, one in progress and one overdue, and an
  action for their lowest-rated LCF domain.

Demo plans are recognised by their person being a demo person; `delete()` removes them with
their actions and updates.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from talentbridge.opportunities.codes import InterestStatus
from talentbridge.opportunities.models import Interest
from talentbridge.people.models import Person
from talentbridge.plans.gaps import lcf_gaps
from talentbridge.plans.models import ActionUpdate
from talentbridge.plans.models import DevelopmentPlan
from talentbridge.plans.models import PlanAction
from talentbridge.plans.models import Progress
from talentbridge.programmes.models import Programme
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models.conversations import ConversationStatus

from .generator import demo_people
from .steps import build_once
from .steps import delete_counted

PLAN_SHARE = 0.33
#: Actions per LCF domain, in the words a leader would write.
DOMAIN_ACTIONS = {
    1: ("Lead a quality improvement project on patient flow",
        "Present the integrated performance report to the board"),
    2: ("Draft the directorate's five-year strategy with the strategy team",
        "Shadow the director of strategy through the planning round"),
    3: ("Sponsor a staff network and act on its recommendations",
        "Lead the directorate's health inequalities review"),
    4: ("Observe the audit committee for two cycles",
        "Complete finance for non-finance directors"),
    5: ("Hold listening events with every team in the division",
        "Complete just and learning culture training and coach two managers"),
    6: ("Represent the trust at the place-based partnership board",
        "Co-design a service change with a patient group"),
}
FREE_ACTIONS = ("Find a mentor who is an executive director",
                "Write a reflective log each month", "Take on a system-wide project")
SUCCESS = ("Feedback from the sponsor that the work was board-ready",
           "A plan agreed and started, with measures reported quarterly",
           "Confident to lead the same work without support")
NOTES = ("Started; agreed the scope with my manager", "Halfway: first findings shared",
         "Slower than hoped because of winter pressures", "Good feedback from the team")


def demo_plans():
    return DevelopmentPlan.unscoped.filter(person__in=demo_people())


def delete() -> int:
    plans = demo_plans()
    return delete_counted(plans, ActionUpdate.unscoped.filter(action__plan__in=plans),
                          PlanAction.unscoped.filter(plan__in=plans))


def _named(username: str) -> Person | None:
    return demo_people().filter(user__username=username).first()


def _chosen(rng: random.Random) -> list[Person]:
    recorded = (CareerConversation.unscoped.filter(person__in=demo_people(),
                                                   status=ConversationStatus.RECORDED)
                .values_list("person_id", flat=True).distinct().order_by("person_id"))
    ids = {pk for pk in recorded if rng.random() < PLAN_SHARE}
    leader, manager = _named("leader"), _named("manager")
    if leader is not None:
        ids.add(leader.pk)
    if manager is not None:
        ids.update(demo_people().filter(line_manager=manager).values_list("pk", flat=True))
    return list(demo_people().filter(pk__in=ids).select_related("user").order_by("pk"))


def _latest_conversations(people: list[Person]) -> dict[int, CareerConversation]:
    latest = {}
    for conversation in (CareerConversation.unscoped.filter(
            person__in=people, status=ConversationStatus.RECORDED).order_by("held_on", "pk")):
        latest[conversation.person_id] = conversation
    return latest


def _interests(people: list[Person]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for person_id, opportunity_id in (Interest.unscoped.filter(
            person__in=people, status=InterestStatus.ACTIVE)
            .order_by("pk").values_list("person_id", "opportunity_id")):
        found.setdefault(person_id, []).append(opportunity_id)
    return found


def _progress(rng: random.Random, index: int, forced: tuple) -> str:
    if index < len(forced):
        return forced[index]
    return rng.choices([Progress.NOT_STARTED, Progress.IN_PROGRESS, Progress.DONE,
                        Progress.DROPPED], [30, 40, 25, 5])[0]


def _action(rng, plan, today, progress, *, overdue: bool, link: dict) -> PlanAction:
    domain = link.get("lcf_domain")
    title = rng.choice(DOMAIN_ACTIONS[domain] if domain else FREE_ACTIONS)
    if overdue:
        due = today - dt.timedelta(days=rng.randint(3, 40))
    elif progress in (Progress.DONE, Progress.DROPPED):
        due = today - dt.timedelta(days=rng.randint(0, 50))
    else:
        due = today + dt.timedelta(days=rng.randint(5, 300))
    due = max(due, plan.starts_on)
    finished = progress in (Progress.DONE, Progress.DROPPED)
    percent = {Progress.DONE: 100, Progress.IN_PROGRESS: rng.choice((20, 40, 50, 70)),
               Progress.NOT_STARTED: None, Progress.DROPPED: None}[progress]
    return PlanAction(plan=plan, title=title, success=rng.choice(SUCCESS), due_on=due,
                      progress=progress, percent=percent,
                      finished_on=min(today, due + dt.timedelta(days=3)) if finished else None,
                      **link)


def _links(rng, person, conversation, interests, programmes) -> list[dict]:
    needs = list(conversation.development_needs) if conversation else []
    links = []
    for domain in needs or [rng.randint(1, 6)]:
        links.append({"lcf_domain": domain,
                      "conversation": conversation if conversation and rng.random() < 0.6
                      else None})
    for opportunity_id in interests[:1]:
        links.append({"opportunity_id": opportunity_id})
    if programmes and rng.random() < 0.4:
        links.append({"programme": rng.choice(programmes)})
    if rng.random() < 0.3:
        links.append({})
    rng.shuffle(links)
    return links


def _plan_actions(rng, plan, person, today, context, forced) -> list[PlanAction]:
    conversation = context["conversations"].get(person.pk)
    links = _links(rng, person, conversation, context["interests"].get(person.pk, []),
                   context["programmes"])[:rng.randint(2, 5)]
    while len(links) < max(2, len(forced)):
        links.append({"lcf_domain": rng.randint(1, 6)})
    if forced and context["leader_gap"]:
        links.insert(0, {"lcf_domain": context["leader_gap"], "conversation": conversation})
    actions = []
    for index, link in enumerate(links):
        progress = _progress(rng, index, forced)
        overdue = (progress in (Progress.NOT_STARTED, Progress.IN_PROGRESS)
                   and (index == 2 and forced or rng.random() < 0.15))
        actions.append(_action(rng, plan, today, progress, overdue=overdue, link=link))
    return actions


def _updates(rng, actions: list[PlanAction], today: dt.date) -> list[ActionUpdate]:
    updates = []
    for action in actions:
        if action.progress == Progress.NOT_STARTED:
            continue
        for step in range(rng.randint(1, 2)):
            updates.append(ActionUpdate(
                action=action, written_on=max(action.plan.starts_on, today - dt.timedelta(
                    days=rng.randint(1, 60) * (2 - step))),
                progress=action.progress, percent=action.percent, note=rng.choice(NOTES)))
    return updates


def build(seed: int, stdout=None, reset: bool = False) -> None:
    build_once(stdout, reset, "development plans", demo_plans(), delete,
               lambda: _build(random.Random(f"plans-{seed}"), timezone.localdate()),
               needs=demo_people(),
               missing="Development plans: no demo people yet, so nothing to build.")


def _build(rng: random.Random, today: dt.date) -> str:
    people = _chosen(rng)
    context = {"conversations": _latest_conversations(people),
               "interests": _interests(people),
               "programmes": list(Programme.objects.order_by("name"))}
    leader = _named("leader")
    gaps = lcf_gaps(leader.user, leader) if leader is not None and leader.user else []
    context["leader_gap"] = gaps[0].domain if gaps else None
    plans = DevelopmentPlan.unscoped.bulk_create([
        DevelopmentPlan(person=p, starts_on=today - dt.timedelta(days=rng.randint(90, 300)))
        for p in people])
    actions = []
    for plan, person in zip(plans, people, strict=True):
        forced = ((Progress.IN_PROGRESS, Progress.DONE, Progress.NOT_STARTED)
                  if leader is not None and person.pk == leader.pk else ())
        actions += _plan_actions(rng, plan, person, today, context, forced)
    PlanAction.unscoped.bulk_create(actions)
    ActionUpdate.unscoped.bulk_create(_updates(rng, actions, today))
    return f"Built {len(plans)} development plans with {len(actions)} actions"

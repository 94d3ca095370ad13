"""The lifecycle of people as a property: random sequences of leaders' feeds, moves (now, in
the past, in the future), the daily `apply_due_moves` on a simulated date, mergers, changes of
a leader's visibility choice, erasures and "left" answers on the "Left or moved?" list, with
the rules checked after every step against a small model written here, independently of the
policy code:

1. nobody sees a person the rules forbid: for each talent lead and organisation administrator,
   `Person.objects.visible_to(user)` is exactly the set the model says
   (docs/access-policy.md);
2. no record the rules keep is lost: every person the feeds created and nobody erased exists,
   employed where the model says, with one current career entry there, one entry more per
   applied move (none deleted), and their conversation and assessment round;
3. an erased person leaves no person row, no career entries and no NHS identifier behind;
4. an import never deletes someone its feed leaves out (they go on "Left or moved?");
5. after each daily run, nobody who has not left is still employed by an organisation whose
   merger has taken effect (unless a move of theirs is waiting or they joined it that day).

The world: organisations A1 and A2 in system S1, B1 in S2, C1 in S3; a talent lead and an
organisation administrator of each organisation, a system talent lead of S1 and of S2, a
national talent lead and an administrator. Feeds are imported by the administrator; moves are
recorded by the administrator. Dates: feeds and immediate moves use the real today (the app's
today); the simulated date only moves forward, for `apply_due_moves(today=...)`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine
from hypothesis.stateful import invariant
from hypothesis.stateful import precondition
from hypothesis.stateful import rule
from hypothesis.stateful import run_state_machine_as_test

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import User
from talentbridge.data_rights.erasure import erase_person
from talentbridge.organisations.models import Organisation
from talentbridge.people import services as people_services
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Person
from talentbridge.people.moves import MoveError
from talentbridge.people.moves import apply_due_moves
from talentbridge.people.moves import move_person
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_user
from talentbridge.staff_record import services as feed_services
from talentbridge.staff_record.mergers import apply_merger
from talentbridge.staff_record.models import FeedStatus
from talentbridge.staff_record.tests.feeds import csv_bytes
from talentbridge.staff_record.tests.feeds import row
from talentbridge.talent.conversations.tests.factories import ensure_readiness
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models.conversations import ConversationStatus

pytestmark = pytest.mark.django_db

ORGS = {"A1": "S1", "A2": "S1", "B1": "S2", "C1": "S3"}
POOL = [f"90{n:04d}" for n in range(1, 9)]  # synthetic NHS identifiers
CHOICES = ["organisation", "system", "national"]
SYSTEM_OR_WIDER = {"system", "national"}
HIRED = dt.timedelta(days=400)  # new people started in post this long before today


#: What the machine did, by outcome (LIFECYCLE_STATS=1 prints it after the run).
SEEN: Counter[str] = Counter()


def _saw(what: str) -> None:
    SEEN[what] += 1


def _name(ident: str) -> str:
    return "".join("ABCDEFGHIJ"[int(d)] for d in ident).capitalize()


def _feed_row(ident: str, start: dt.date) -> list[str]:
    return row(ident, "Ada", _name(ident), email=f"leader.{ident}@nhs.net",
               title="Director of Operations", band="8d", group="08",
               start=start.isoformat())


def build_world() -> SimpleNamespace:
    ensure_readiness()
    region = make_region()
    systems = {code: make_system(code, region) for code in sorted(set(ORGS.values()))}
    orgs = {code: make_org(code, systems[system]) for code, system in ORGS.items()}
    w = SimpleNamespace(orgs=orgs, systems=systems, viewers={})
    for code, org in orgs.items():
        w.viewers[f"talent lead {code}"] = make_user(
            f"tl{code.lower()}", role=Role.ORGANISATION_TALENT_LEAD, scope=org)
        w.viewers[f"organisation administrator {code}"] = make_user(
            f"oa{code.lower()}", role=Role.ORGANISATION_ADMINISTRATOR, scope=org)
    for code in ("S1", "S2"):
        w.viewers[f"system talent lead {code}"] = make_user(
            f"stl{code.lower()}", role=Role.SYSTEM_TALENT_LEAD, scope=systems[code])
    w.viewers["national talent lead"] = make_user("ntl", role=Role.NATIONAL_LEAD)
    w.admin = make_user("admin", role=Role.ADMINISTRATOR, email="admin@nhs.net")
    w.viewers["administrator"] = w.admin
    return w


# ---- the model ----------------------------------------------------------------------------


@dataclass
class Leader:
    pk: int
    org: str
    began: dt.date
    choice: str = "organisation"
    left: bool = False
    entries: int = 1
    pending: tuple[str, dt.date] | None = None  # (to organisation, effective on)


@dataclass
class Model:
    today: dt.date  # the app's today: feeds and immediate moves
    sim: dt.date  # the simulated date for apply_due_moves
    people: dict[str, Leader] = field(default_factory=dict)
    erased: dict[str, int] = field(default_factory=dict)  # identifier -> erased person's pk
    merged: dict[str, tuple[str, dt.date]] = field(default_factory=dict)
    absent: dict[str, set[str]] = field(default_factory=dict)  # org -> left out by its last feed

    def open_orgs(self) -> list[str]:
        return [code for code in ORGS if code not in self.merged]

    def sees(self, viewer: str, leader: Leader) -> bool:
        """docs/access-policy.md, for viewers who are not themselves a person."""
        if viewer == "administrator":
            return True
        if viewer.startswith("organisation administrator"):
            return False
        national = leader.choice == "national"
        wider = leader.choice in SYSTEM_OR_WIDER
        if viewer.startswith("talent lead "):
            own = viewer.removeprefix("talent lead ")
            return (leader.org == own or national
                    or (wider and ORGS[leader.org] == ORGS[own]))
        if viewer.startswith("system talent lead "):
            return national or (wider and ORGS[leader.org] == viewer.split()[-1])
        return national  # national talent lead

    def move_problem(self, leader: Leader, to: str, on: dt.date, *, feed: bool = False) -> str:
        """Why the moves service refuses this move (docs/moves.md), or "". A feed listing
        someone who left the NHS brings them back (docs/staff-record.md)."""
        if leader.left and not feed:
            return "left"
        if to == leader.org:
            return "same organisation"
        if to in self.merged and self.merged[to][1] <= on:
            return "merged"
        if on <= leader.began:
            return "not after the current employment began"
        if leader.pending is not None:
            return "a move is waiting"
        return ""

    def apply_move(self, leader: Leader, to: str, on: dt.date) -> None:
        leader.org, leader.began, leader.entries, leader.pending = to, on, leader.entries + 1, None


# ---- the machine --------------------------------------------------------------------------


class Lifecycle(RuleBasedStateMachine):
    world: SimpleNamespace  # built once per test, see the test below

    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        today = timezone.localdate()
        self.model = Model(today=today, sim=today)

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    def _person(self, ident: str) -> Person:
        return Person.unscoped.get(pk=self.model.people[ident].pk)

    def _org(self, code: str) -> Organisation:
        return Organisation.objects.get(pk=self.world.orgs[code].pk)  # a merger closes it

    # -- feeds --

    def _feed_plan(self, org: str, idents: list[str]) -> tuple[list[list[str]], str]:
        """The feed's rows, and why the model expects it refused ("" if applied)."""
        rows, refusal = [], ""
        for ident in idents:
            leader = self.model.people.get(ident)
            if leader is None:
                rows.append(_feed_row(ident, self.model.today - HIRED))
            elif leader.org == org:
                if leader.began > self.model.today:
                    continue  # joined on a simulated later date: not in today's staff record
                rows.append(_feed_row(ident, leader.began))
            else:
                refusal = refusal or self.model.move_problem(leader, org, self.model.today,
                                                             feed=True)
                rows.append(_feed_row(ident, self.model.today))
        return rows, refusal

    @rule(org=st.sampled_from(list(ORGS)),
          idents=st.lists(st.sampled_from(POOL), min_size=1, max_size=5, unique=True))
    def import_feed(self, org, idents):
        if org in self.model.merged and self.model.merged[org][1] <= self.model.today:
            return  # closed: its staff record has gone to its successor
        rows, refusal = self._feed_plan(org, idents)
        if not rows:
            return
        before = {i: leader.pk for i, leader in self.model.people.items()}
        feed = feed_services.start_feed_import(self.world.admin, csv_bytes(rows),
                                               organisation=self._org(org),
                                               filename="leaders.csv")
        feed.refresh_from_db()
        expected = FeedStatus.REJECTED if refusal else FeedStatus.APPLIED
        assert feed.status == expected, (refusal, feed.status, feed.errors, feed.message)
        _saw(f"feed {'refused: ' + refusal if refusal else 'applied'}")
        if refusal:
            return
        listed = {r[0] for r in rows}
        for ident in listed:
            self._feed_applied(org, ident)
        self.model.absent[org] = {i for i, leader in self.model.people.items()
                                  if leader.org == org and not leader.left
                                  and i not in listed}
        for ident, pk in before.items():  # (4) nobody left out was deleted
            assert Person.unscoped.filter(pk=pk).exists(), ident

    def _feed_applied(self, org: str, ident: str) -> None:
        leader = self.model.people.get(ident)
        if leader is None:
            person = Person.unscoped.get(nhs_identifier=ident)
            self.model.people[ident] = Leader(pk=person.pk, org=org,
                                              began=self.model.today - HIRED)
            self.model.erased.pop(ident, None)
            CareerConversation.objects.create(
                person=person, held_by=self.world.admin, held_on=self.model.today,
                status=ConversationStatus.RECORDED, next_review_on=self.model.today + HIRED)
            AssessmentRound.objects.create(
                person=person, opened_by=self.world.admin, opened_on=self.model.today,
                closes_on=self.model.today + dt.timedelta(days=30))
        else:
            if leader.left:
                _saw("a leaver came back through a feed")
            leader.left = False  # back in the staff record
            if leader.org != org:
                self.model.apply_move(leader, org, self.model.today)

    # -- moves --

    @precondition(lambda self: self.model.people)
    @rule(data=st.data(), to=st.sampled_from(list(ORGS)),
          days=st.integers(min_value=-60, max_value=40))
    def record_a_move(self, data, to, days):
        ident = data.draw(st.sampled_from(sorted(self.model.people)))
        leader = self.model.people[ident]
        on = self.model.sim + dt.timedelta(days=days)
        problem = self.model.move_problem(leader, to, on)
        try:
            move_person(self.world.admin, self._person(ident), to_organisation=self._org(to),
                        effective_on=on)
        except MoveError as error:
            assert problem, (ident, to, on, error.messages)
            _saw(f"move refused: {problem}")
            return
        assert not problem, (ident, to, on, problem)
        _saw("move applied now" if on <= self.model.today else "move pending")
        if on <= self.model.today:
            self.model.apply_move(leader, to, on)
        else:
            leader.pending = (to, on)

    @rule(days=st.integers(min_value=1, max_value=30))
    def a_day_passes(self, days):
        self.model.sim += dt.timedelta(days=days)
        apply_due_moves(today=self.model.sim)
        due = sorted((leader.pending[1], leader.pk, ident)
                     for ident, leader in self.model.people.items()
                     if leader.pending is not None and leader.pending[1] <= self.model.sim
                     and not leader.left)
        for _, _, ident in due:
            _saw("a due move applied")
            leader = self.model.people[ident]
            self.model.apply_move(leader, *leader.pending)
        self._move_stragglers()
        self._nobody_is_left_behind_in_a_merged_organisation()

    def _move_stragglers(self) -> None:
        """Whoever joined an organisation after its merger was recorded follows it to the
        successor once the merger has taken effect (from the day after they joined, if
        later)."""
        mergers = sorted(((on, n, merged, into) for n, (merged, (into, on))
                          in enumerate(self.model.merged.items())), key=lambda m: m[:2])
        for on, _, merged, into in mergers:
            if on > self.model.sim:
                continue
            for leader in sorted(self.model.people.values(), key=lambda p: p.pk):
                if leader.org != merged or leader.left or leader.pending is not None:
                    continue
                day = max(on, leader.began + dt.timedelta(days=1))
                if day <= self.model.sim:
                    _saw("a straggler followed a merger")
                    self.model.apply_move(leader, into, day)

    def _nobody_is_left_behind_in_a_merged_organisation(self) -> None:
        for code, (_, on) in self.model.merged.items():
            if on > self.model.sim:
                continue
            stranded = set(Person.unscoped.filter(
                organisation=self._org(code), left_nhs_on__isnull=True,
            ).values_list("nhs_identifier", flat=True))
            waiting = {i for i, leader in self.model.people.items()
                       if leader.pending or leader.began + dt.timedelta(days=1) > self.model.sim}
            assert not stranded - waiting, (code, sorted(stranded - waiting))

    @rule(merged=st.sampled_from(list(ORGS)), into=st.sampled_from(list(ORGS)),
          days=st.integers(min_value=-20, max_value=30))
    def merge(self, merged, into, days):
        if merged == into or {merged, into} & set(self.model.merged):
            return
        on = self.model.sim + dt.timedelta(days=days)
        movers = [(i, leader) for i, leader in self.model.people.items()
                  if leader.org == merged and not leader.left]
        refused = (any(self.model.move_problem(leader, into, on) for _, leader in movers)
                   or any(to == merged and arrives >= on
                          for to, arrives in self.model.merged.values())
                   or any(leader.pending is not None and leader.pending[0] == merged
                          and leader.pending[1] >= on and not leader.left
                          for leader in self.model.people.values()))
        try:
            apply_merger(self.world.admin, self._org(merged), self._org(into), effective_on=on)
        except MoveError as error:
            assert refused, error.messages
            _saw("merger refused")
            return
        assert not refused
        _saw("merger applied now" if on <= self.model.today else "merger pending")
        self.model.merged[merged] = (into, on)
        for _, leader in movers:
            if on <= self.model.today:
                self.model.apply_move(leader, into, on)
            else:
                leader.pending = (into, on)

    # -- the person's choice, erasure, "left" --

    @precondition(lambda self: self.model.people)
    @rule(data=st.data(), choice=st.sampled_from(CHOICES))
    def change_choice(self, data, choice):
        ident = data.draw(st.sampled_from(sorted(self.model.people)))
        person = self._person(ident)
        people_services.update_profile(User.objects.get(pk=person.user_id), person,
                                       {"visibility": choice})
        self.model.people[ident].choice = choice
        _saw("choice changed")

    @precondition(lambda self: self.model.people)
    @rule(data=st.data())
    def erase(self, data):
        ident = data.draw(st.sampled_from(sorted(self.model.people)))
        erase_person(self.world.admin, self._person(ident), reason="Asked to be erased")
        self.model.erased[ident] = self.model.people.pop(ident).pk
        _saw("erased")
        for absent in self.model.absent.values():
            absent.discard(ident)

    @precondition(lambda self: any(self._missing(org) for org in self.model.absent))
    @rule(data=st.data())
    def confirm_left(self, data):
        org = data.draw(st.sampled_from(sorted(o for o in self.model.absent
                                               if self._missing(o))))
        ident = data.draw(st.sampled_from(sorted(self._missing(org))))
        admin = self.world.viewers[f"organisation administrator {org}"]
        on_list = feed_services.missing_people(User.objects.get(pk=admin.pk), self._org(org))
        assert {a.person.nhs_identifier for a in on_list} == self._missing(org)
        feed_services.answer_missing(admin, self._org(org), self.model.people[ident].pk,
                                     answer="left",
                                     left_on=self.model.today - dt.timedelta(days=1))
        self.model.people[ident].left = True
        _saw("confirmed left")

    def _missing(self, org: str) -> set[str]:
        return {i for i in self.model.absent.get(org, set())
                if i in self.model.people and self.model.people[i].org == org
                and not self.model.people[i].left}

    # -- the rules, after every step --

    @invariant()
    def nobody_sees_whom_the_rules_forbid(self):
        for name, user in self.world.viewers.items():
            fresh = User.objects.get(pk=user.pk)  # grants are cached on the user object
            seen = set(Person.objects.visible_to(fresh).filter(
                nhs_identifier__isnull=False).values_list("nhs_identifier", flat=True))
            expected = {i for i, leader in self.model.people.items()
                        if self.model.sees(name, leader)}
            assert seen == expected, (name, sorted(seen - expected), sorted(expected - seen))

    @invariant()
    def no_record_the_rules_keep_is_lost(self):
        for ident, leader in self.model.people.items():
            person = Person.unscoped.filter(pk=leader.pk).select_related("organisation").first()
            assert person is not None, f"{ident} was lost"
            assert person.organisation.ods_code == leader.org, (ident, leader)
            assert (person.left_nhs_on is not None) == leader.left, ident
            entries = CareerHistoryEntry.unscoped.filter(person_id=leader.pk)
            current = list(entries.filter(ended_on__isnull=True))
            assert [e.organisation_id for e in current] == [person.organisation_id], ident
            assert entries.count() == leader.entries, (ident, entries.count(), leader)
            assert CareerConversation.unscoped.filter(person_id=leader.pk).exists(), ident
            assert AssessmentRound.unscoped.filter(person_id=leader.pk).exists(), ident

    @invariant()
    def the_erased_leave_nothing(self):
        for ident, pk in self.model.erased.items():
            assert not Person.unscoped.filter(pk=pk).exists(), ident
            assert not Person.unscoped.filter(
                Q(nhs_identifier=ident) | Q(work_email__contains=ident)).exists(), ident
            assert not CareerHistoryEntry.unscoped.filter(person_id=pk).exists(), ident


def test_the_lifecycle_keeps_its_rules(settings, tmp_path):
    settings.STAFF_RECORD_STORAGE_DIR = tmp_path / "staff-record"
    Lifecycle.world = build_world()
    run_state_machine_as_test(Lifecycle, settings=settings_for_the_machine)
    if os.environ.get("LIFECYCLE_STATS"):
        print(dict(sorted(SEEN.items())))


#: Modest, to keep the suite quick; LIFECYCLE_EXAMPLES=150 (and LIFECYCLE_STEPS) explore
#: further on demand.
settings_for_the_machine = settings(
    max_examples=int(os.environ.get("LIFECYCLE_EXAMPLES", "8")),
    stateful_step_count=int(os.environ.get("LIFECYCLE_STEPS", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def test_an_import_reports_what_the_model_expects_for_a_refused_move(settings, tmp_path):
    """The model's reading of a refused move in a feed, on one fixed case: someone who
    started in post today elsewhere cannot move here today."""
    settings.STAFF_RECORD_STORAGE_DIR = tmp_path / "staff-record"
    w = build_world()
    today = timezone.localdate()
    data = csv_bytes([_feed_row("900001", today)])
    first = feed_services.start_feed_import(w.admin, data, organisation=w.orgs["A1"],
                                            filename="leaders.csv")
    first.refresh_from_db()
    assert first.status == FeedStatus.APPLIED
    moved = feed_services.start_feed_import(w.admin, data, organisation=w.orgs["B1"],
                                            filename="leaders.csv")
    moved.refresh_from_db()
    assert moved.status == FeedStatus.REJECTED
    assert "not after" in " ".join(str(e) for e in moved.errors)
    with pytest.raises(ValidationError):
        move_person(w.admin, Person.unscoped.get(nhs_identifier="900001"),
                    to_organisation=w.orgs["B1"], effective_on=today)

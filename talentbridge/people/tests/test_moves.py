"""Moves between employers, through the service: applied now, recorded for later, refused with
a message naming the problem (and nothing changed), applied by the daily task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditEvent
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Move
from talentbridge.people.models import Person
from talentbridge.people.move_policy import may_record_move
from talentbridge.people.moves import MoveError
from talentbridge.people.moves import apply_due_moves
from talentbridge.people.moves import cancel_move
from talentbridge.people.moves import move_person
from talentbridge.people.tests.factories import make_career_entry
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTED = TODAY - dt.timedelta(days=400)


@pytest.fixture
def world():
    w = make_world()
    alice = w.alice_person
    alice.started_in_post = STARTED
    alice.save()
    make_career_entry(alice, w.rj1, role_title="Director of Operations", started_on=STARTED,
                      ended_on=None)
    return w


def fresh(person: Person) -> Person:
    return Person.unscoped.select_related("organisation", "line_manager").get(pk=person.pk)


def snapshot(person: Person) -> tuple:
    p = fresh(person)
    entries = list(CareerHistoryEntry.unscoped.filter(person=p)
                   .values_list("organisation_id", "started_on", "ended_on"))
    return (p.organisation_id, p.job_title, p.started_in_post, p.line_manager_id, entries,
            Move.unscoped.count())


def test_a_move_dated_today_is_applied_at_once(world):
    manager = make_person(world.rx1, given_name="Mia")
    move = move_person(world.admin, world.alice_person, to_organisation=world.rx1,
                       effective_on=TODAY, job_title="Chief Operating Officer", pay_band="vsm",
                       line_manager=manager)
    alice = fresh(world.alice_person)
    assert move.applied_at is not None
    assert (alice.organisation, alice.job_title, alice.pay_band, alice.started_in_post,
            alice.line_manager) == (world.rx1, "Chief Operating Officer", "vsm", TODAY, manager)
    history = {e.organisation_id: e for e in CareerHistoryEntry.unscoped.filter(person=alice)}
    assert history[world.rj1.pk].ended_on == TODAY - dt.timedelta(days=1)
    assert (history[world.rx1.pk].started_on, history[world.rx1.pk].ended_on,
            history[world.rx1.pk].role_title) == (TODAY, None, "Chief Operating Officer")
    assert AuditEvent.objects.filter(detail__event="move", detail__move=move.pk).count() == 2
    [message] = mail.outbox
    assert message.to == [alice.work_email] and "Barts Health NHS Trust" in message.body


def test_job_details_not_given_stay_and_the_old_line_manager_is_cleared(world):
    old_manager = make_person(world.rj1, given_name="Olu")
    report = make_person(world.rj1, line_manager=world.alice_person)
    world.alice_person.line_manager = old_manager
    world.alice_person.save()
    move_person(world.admin, world.alice_person, to_organisation=world.rj2,
                effective_on=TODAY - dt.timedelta(days=3))
    alice = fresh(world.alice_person)
    assert (alice.organisation, alice.job_title, alice.line_manager) == (
        world.rj2, "Director of Operations", None)
    assert fresh(report).line_manager is None


def test_a_future_move_waits_for_its_date_then_the_daily_task_applies_it_once(world):
    day = TODAY + dt.timedelta(days=30)
    move = move_person(world.admin, world.alice_person, to_organisation=world.rx1,
                       effective_on=day)
    assert move.applied_at is None and fresh(world.alice_person).organisation == world.rj1
    assert "will take effect on" in mail.outbox[0].body
    assert apply_due_moves(TODAY) == []
    assert apply_due_moves(day) == [move.pk]
    assert fresh(world.alice_person).organisation == world.rx1
    assert apply_due_moves(day + dt.timedelta(days=1)) == []
    assert CareerHistoryEntry.unscoped.filter(person=world.alice_person).count() == 2


def test_a_cancelled_move_is_never_applied(world):
    move = move_person(world.admin, world.alice_person, to_organisation=world.rx1,
                       effective_on=TODAY + dt.timedelta(days=5))
    cancel_move(world.bob, move)
    assert apply_due_moves(TODAY + dt.timedelta(days=5)) == []
    assert fresh(world.alice_person).organisation == world.rj1
    assert mail.outbox[-1].subject.endswith("was cancelled")


@pytest.mark.parametrize(("case", "field", "words"), [
    ("before", "effective_on", "is not after"),
    ("same", "to_organisation", "already works at"),
    ("closed", "to_organisation", "closed on"),
    ("left", "person", "left the NHS on"),
    ("manager", "line_manager", "must be in the new organisation"),
    ("band", "pay_band", '"band 99" is not a band'),
    ("before the NHS", "effective_on", "before Alice Ashworth could have worked in the NHS"),
])
def test_a_bad_move_names_the_problem_and_changes_nothing(world, case, field, words):
    alice = world.alice_person
    to, day, extra = world.rx1, TODAY, {}
    if case == "before":
        day = STARTED - dt.timedelta(days=1)
    elif case == "same":
        to = world.rj1
    elif case == "closed":
        to = make_org("RZZ", world.system, closed_on=TODAY - dt.timedelta(days=10))
    elif case == "left":
        alice.left_nhs_on = TODAY - dt.timedelta(days=1)
        alice.save()
    elif case == "before the NHS":  # no start date known: the NHS's own is the bound
        alice.started_in_post = None
        alice.save()
        alice.career_history.all().delete()
        day = dt.date(1900, 1, 1)
    elif case == "manager":
        extra["line_manager"] = world.bob_person
    else:
        extra["pay_band"] = "band 99"
    before = snapshot(alice)
    with pytest.raises(MoveError) as error:
        move_person(world.admin, alice, to_organisation=to, effective_on=day, **extra)
    assert words in " ".join(error.value.message_dict[field])
    assert snapshot(alice) == before and not mail.outbox


def test_a_second_pending_move_is_refused(world):
    move_person(world.admin, world.alice_person, to_organisation=world.rx1,
                effective_on=TODAY + dt.timedelta(days=5))
    with pytest.raises(MoveError, match="cancel it first"):
        move_person(world.admin, world.alice_person, to_organisation=world.rj2,
                    effective_on=TODAY + dt.timedelta(days=9))


@pytest.mark.parametrize(("who", "allowed"), [
    ("admin", True), ("bob", True), ("releasing_admin", True), ("receiving_lead", True),
    ("receiving_admin", True), ("charlie", False), ("alice", False), ("system_lead", False),
    ("other_org_lead", False),
])
def test_who_may_record_a_move(world, who, allowed):
    users = {
        "releasing_admin": lambda: make_user("ra", Role.ORGANISATION_ADMINISTRATOR, world.rj1),
        "receiving_lead": lambda: make_user("rl", Role.ORGANISATION_TALENT_LEAD, world.rx1),
        "receiving_admin": lambda: make_user("rc", Role.ORGANISATION_ADMINISTRATOR, world.rx1),
        "system_lead": lambda: make_user("sl", Role.SYSTEM_TALENT_LEAD, world.system),
        "other_org_lead": lambda: make_user("ol", Role.ORGANISATION_TALENT_LEAD, world.rj2),
    }
    actor = users[who]() if who in users else getattr(world, who)
    assert may_record_move(actor, world.rj1.pk, world.rx1.pk) is allowed
    before = snapshot(world.alice_person)
    if not allowed:
        with pytest.raises(PermissionDenied):
            move_person(actor, world.alice_person, to_organisation=world.rx1,
                        effective_on=TODAY)
        assert snapshot(world.alice_person) == before
        return
    move_person(actor, world.alice_person, to_organisation=world.rx1, effective_on=TODAY)
    assert fresh(world.alice_person).organisation == world.rx1


def test_the_daily_task_skips_people_who_left_and_managers_who_moved_away(world):
    day = TODAY + dt.timedelta(days=10)
    manager = make_person(world.rx1, given_name="Mia")
    move_person(world.admin, world.alice_person, to_organisation=world.rx1, effective_on=day,
                line_manager=manager)
    leaver = make_person(world.rj1, started_in_post=STARTED)
    move_person(world.admin, leaver, to_organisation=world.rx1, effective_on=day)
    Person.unscoped.filter(pk=leaver.pk).update(left_nhs_on=day - dt.timedelta(days=2))
    Person.unscoped.filter(pk=manager.pk).update(organisation=world.rj2)
    assert len(apply_due_moves(day)) == 1
    alice = fresh(world.alice_person)
    assert (alice.organisation, alice.line_manager) == (world.rx1, None)
    assert fresh(leaver).organisation == world.rj1
    event = AuditEvent.objects.get(detail__event="move", target_type="people.person",
                                   target_id=str(alice.pk))
    assert (event.channel, event.actor) == ("task", None)

"""The demo NHS: deterministic, realistic in shape, and every role can sign in."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from talentbridge.demo.generator import build_demo
from talentbridge.demo.generator import demo_people
from talentbridge.demo.roles import BAND_RANK
from talentbridge.demo.roles import CEO_RANK
from talentbridge.demo.users import DEMO_USERS
from talentbridge.demo.users import demo_password
from talentbridge.people.codes import ETHNIC_MINORITY_CATEGORIES
from talentbridge.people.codes import WHITE_CATEGORIES
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics

LEADERS = 600
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return build_demo(seed=2026, leaders=LEADERS)


def fingerprint() -> Counter:
    return Counter(demo_people().values_list(
        "work_email", "pay_band", "organisation__ods_code", "characteristics__ethnic_category"))


def test_the_same_seed_gives_the_same_people_after_a_reset(demo):
    first = fingerprint()
    assert sum(first.values()) == LEADERS
    again = build_demo(seed=2026, leaders=LEADERS)
    assert not again.created and "already exists" in again.message
    rebuilt = build_demo(seed=2026, leaders=LEADERS, reset=True)
    assert rebuilt.created
    assert fingerprint() == first
    build_demo(seed=2027, leaders=LEADERS, reset=True)
    assert fingerprint() != first


def test_every_role_has_a_demo_user_with_a_working_password_and_the_right_scope(demo):
    for spec in DEMO_USERS:
        user = authenticate(username=spec.username, password=demo_password())
        assert user is not None, spec.username
        assert not user.is_staff and not user.is_superuser
        assignments = list(user.role_assignments.all())
        if spec.role is None:
            assert assignments == []
        else:
            [assignment] = assignments
            assert assignment.role == spec.role
            assert assignment.scope_level == spec.scope_level
            target = assignment.organisation or assignment.system or assignment.region
            code = getattr(target, "ods_code", None) or getattr(target, "code", None)
            assert code == spec.scope_code
        assert Person.unscoped.filter(user=user).exists() == spec.has_person
    leader = Person.unscoped.get(user__username="leader")
    manager = Person.unscoped.get(user__username="manager")
    assert leader.organisation.ods_code == "R0A"
    assert leader.line_manager == manager
    assert manager.reports.count() >= 2
    # The manager sees the people they manage through the one access policy.
    assert Person.objects.visible_to(manager.user).filter(pk=leader.pk).exists()
    assert [s.username for s in demo.sign_ins] == [u.username for u in DEMO_USERS]


def test_ethnic_minority_share_falls_from_8a_to_vsm(demo):
    rows = ProtectedCharacteristics.unscoped.filter(person__in=demo_people()).values_list(
        "person__pay_band", "ethnic_category")
    known: Counter = Counter()
    minority: Counter = Counter()
    for band, code in rows:
        if code in WHITE_CATEGORIES or code in ETHNIC_MINORITY_CATEGORIES:
            known[band] += 1
            minority[band] += code in ETHNIC_MINORITY_CATEGORIES
    share = {band: minority[band] / known[band] for band in known}
    assert share["8a"] > share["vsm"]
    assert 0.12 < share["8a"] < 0.30
    assert share["vsm"] < 0.20


def test_career_entries_end_after_they_start_and_the_current_role_is_last(demo):
    entries = CareerHistoryEntry.unscoped.filter(person__in=demo_people())
    assert entries.count() >= LEADERS * 2
    latest: dict[int, tuple] = {}
    for person_id, started, ended, kind, org_id in entries.values_list(
            "person_id", "started_on", "ended_on", "kind", "organisation_id"):
        assert ended is None or ended >= started
        if person_id not in latest or started > latest[person_id][0]:
            latest[person_id] = (started, ended, kind, org_id)
    people = dict(demo_people().values_list("pk", "organisation_id"))
    for person_id, (_started, ended, kind, org_id) in latest.items():
        assert (ended, kind, org_id) == (None, "substantive", people[person_id])


def test_line_managers_work_in_the_same_organisation_at_a_higher_level(demo):
    people = {p["pk"]: p for p in demo_people().values(
        "pk", "organisation_id", "pay_band", "line_manager_id")}

    def rank(person) -> int:
        if person["line_manager_id"] is None:
            return CEO_RANK
        return BAND_RANK[person["pay_band"]]

    chief_executives = [p for p in people.values() if p["line_manager_id"] is None]
    assert len(chief_executives) == len({p["organisation_id"] for p in people.values()})
    for person in people.values():
        if person["line_manager_id"] is None:
            assert person["pay_band"] == "vsm"
            continue
        manager = people[person["line_manager_id"]]
        assert manager["organisation_id"] == person["organisation_id"]
        assert rank(manager) > rank(person)


def test_most_leaders_have_worked_in_another_organisation(demo):
    moved = set()
    for person_id, org_id, own_org_id, sector in CareerHistoryEntry.unscoped.filter(
            person__in=demo_people()).values_list(
            "person_id", "organisation_id", "person__organisation_id", "sector"):
        if (org_id is not None and org_id != own_org_id) or sector != "nhs":
            moved.add(person_id)
    assert len(moved) >= LEADERS / 2


def test_the_command_prints_the_sign_ins_and_leaves_existing_data_alone(capsys):
    call_command("demo_data", seed=5, leaders=LEADERS)
    out = capsys.readouterr().out
    for spec in DEMO_USERS:
        assert spec.username in out
    assert demo_password() in out
    built = demo_people().count()
    # the leaders, the new starter the leaders' feed added, and the chairs and non-executive
    # directors the boards needed
    assert built > LEADERS + 1
    call_command("demo_data", seed=5, leaders=LEADERS)
    assert "already exists" in capsys.readouterr().out
    assert demo_people().count() == built

"""Organisation mergers: everyone moves at once, all or nothing; administrators only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.core.management import call_command
from django.utils import timezone

from talentbridge.accounts.grants import forget
from talentbridge.accounts.models import Role
from talentbridge.organisations.models import Organisation
from talentbridge.people.codes import Visibility
from talentbridge.people.models import Move
from talentbridge.people.models import OrganisationMerger
from talentbridge.people.models import Person
from talentbridge.people.move_policy import may_record_merger
from talentbridge.people.moves import MoveError
from talentbridge.people.moves import apply_due_moves
from talentbridge.people.moves import move_person
from talentbridge.people.tests import factories as f
from talentbridge.staff_record import merger_api
from talentbridge.staff_record.mergers import apply_merger

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def nhs():
    region = f.make_region()
    old_system, new_system = f.make_system("QAA", region), f.make_system("QBB", region)
    old, new = f.make_org("TA1", old_system), f.make_org("TB1", new_system)
    admin = f.make_user("admin", Role.ADMINISTRATOR)
    boss = f.make_person(old, given_name="Bea", job_title="Chief Executive")
    report = f.make_person(old, given_name="Raj", line_manager=boss, job_title="Director")
    return old, new, admin, boss, report


def fresh(person):
    return Person.unscoped.get(pk=person.pk)


def test_a_merger_moves_everyone_with_their_jobs_and_line_managers(nhs):
    old, new, admin, boss, report = nhs
    moves = apply_merger(admin, old, new, effective_on=TODAY)
    assert len(moves) == 2
    assert {(p.organisation_id, p.job_title) for p in (fresh(boss), fresh(report))} == {
        (new.pk, "Chief Executive"), (new.pk, "Director")}
    assert fresh(report).line_manager_id == boss.pk
    assert Organisation.objects.get(pk=old.pk).closed_on == TODAY - dt.timedelta(days=1)
    assert OrganisationMerger.objects.get(merged=old).into == new


def test_a_future_merger_moves_people_on_its_date(nhs):
    old, new, admin, boss, report = nhs
    day = TODAY + dt.timedelta(days=7)
    apply_merger(admin, old, new, effective_on=day)
    assert fresh(boss).organisation_id == old.pk
    assert len(apply_due_moves(day)) == 2
    assert fresh(report).organisation_id == new.pk
    assert fresh(report).line_manager_id == boss.pk


def test_a_merger_is_all_or_nothing_and_names_who_cannot_move(nhs):
    old, new, admin, boss, report = nhs
    report.started_in_post = TODAY
    report.save()
    with pytest.raises(MoveError) as error:
        apply_merger(admin, old, new, effective_on=TODAY)
    assert report.full_name in " ".join(error.value.messages)
    assert fresh(boss).organisation_id == old.pk
    assert not Move.unscoped.exists() and not OrganisationMerger.objects.exists()
    assert Organisation.objects.get(pk=old.pk).closed_on is None


def test_a_move_to_a_merged_organisation_is_refused(nhs):
    old, new, admin, boss, report = nhs
    apply_merger(admin, old, new, effective_on=TODAY - dt.timedelta(days=1))
    other = f.make_org("TC1")
    person = f.make_person(other)
    with pytest.raises(MoveError, match="merged into"):
        move_person(admin, person, to_organisation=old, effective_on=TODAY)


@pytest.mark.parametrize("role", [Role.ORGANISATION_ADMINISTRATOR, Role.ORGANISATION_TALENT_LEAD,
                                  Role.SYSTEM_TALENT_LEAD, None])
def test_only_an_administrator_merges(nhs, role):
    old, new, admin, boss, report = nhs
    scope = old.memberships.first().system if role == Role.SYSTEM_TALENT_LEAD else old
    user = f.make_user("someone", role, scope if role else None)
    assert may_record_merger(user) is False
    assert may_record_merger(admin) is True
    with pytest.raises(PermissionDenied):
        apply_merger(user, old, new, effective_on=TODAY)
    assert fresh(boss).organisation_id == old.pk


def test_system_visibility_follows_the_people_after_a_merger(nhs):
    old, new, admin, boss, report = nhs
    boss.visibility = Visibility.SYSTEM
    boss.save()
    neighbour_lead = f.make_user("nl", Role.ORGANISATION_TALENT_LEAD,
                               f.make_org("TB2", new.memberships.first().system))
    assert not Person.objects.visible_to(neighbour_lead).filter(pk=boss.pk).exists()
    apply_merger(admin, old, new, effective_on=TODAY)
    forget(neighbour_lead)
    assert Person.objects.visible_to(neighbour_lead).filter(pk=boss.pk).exists()


def test_the_command_merges_and_reports_errors(nhs):
    old, new, admin, boss, report = nhs
    with pytest.raises(CommandError, match='no organisation with ODS code "NOPE"'):
        call_command("apply_merger", "NOPE", "TB1", TODAY.isoformat(), "--as", "admin")
    call_command("apply_merger", "ta1", "TB1", TODAY.isoformat(), "--as", "admin")
    assert fresh(boss).organisation_id == new.pk


def test_the_api_handler_merges_and_names_an_unknown_code(nhs, rf):
    old, new, admin, boss, report = nhs
    request = rf.post("/api/v1/staff-record/mergers")
    request.auth = admin
    with pytest.raises(ValidationError) as error:
        merger_api.record_merger(request, merger_api.MergerIn(
            merged="NOPE", into="TB1", effective_on=TODAY))
    assert error.value.message_dict == {"merged": ['There is no organisation with ODS code '
                                                   '"NOPE"']}
    answer = merger_api.record_merger(request, merger_api.MergerIn(
        merged="TA1", into="TB1", effective_on=TODAY))
    assert answer.status_code == 201
    assert answer.value == {"merged": "TA1", "into": "TB1", "effective_on": TODAY,
                            "people": 2, "applied": True}


def test_someone_who_joins_before_a_recorded_merger_takes_effect_follows_it(nhs):
    """Found by the lifecycle machine (people/tests/test_lifecycle_properties.py): the
    merger's moves are made when it is recorded, so whoever joined the merging organisation
    afterwards stayed employed by a closed organisation, out of sight of its successor."""
    old, new, admin, boss, report = nhs
    elsewhere = f.make_org("TC1", f.make_system("QCC", f.make_region()))
    newcomer = f.make_person(elsewhere, given_name="Nia", started_in_post=TODAY - dt.timedelta(
        days=300))
    day = TODAY + dt.timedelta(days=7)
    apply_merger(admin, old, new, effective_on=day)
    move_person(admin, newcomer, to_organisation=old, effective_on=TODAY)
    lead = f.make_user("lead", Role.ORGANISATION_TALENT_LEAD, scope=new)
    apply_due_moves(day)
    assert fresh(newcomer).organisation_id == new.pk
    assert [e.organisation_id for e in fresh(newcomer).career_history.filter(
        ended_on__isnull=True)] == [new.pk]
    assert Person.objects.visible_to(lead).filter(pk=newcomer.pk).exists()
    assert apply_due_moves(day) == []  # nothing twice


def test_an_organisation_cannot_merge_before_another_merges_into_it(nhs):
    """Found by the lifecycle machine: A merging into B on a date after B itself merged left
    A's people employed by a closed organisation."""
    old, new, admin, boss, report = nhs
    successor = f.make_org("TC1")
    apply_merger(admin, old, new, effective_on=TODAY + dt.timedelta(days=28))
    with pytest.raises(MoveError, match=r"TA1\) is merging into it on") as error:
        apply_merger(admin, new, successor, effective_on=TODAY + dt.timedelta(days=27))
    assert "date this merger after them" in " ".join(error.value.messages)
    assert OrganisationMerger.objects.filter(merged=new).exists() is False
    assert Organisation.objects.get(pk=new.pk).closed_on is None
    apply_merger(admin, new, successor, effective_on=TODAY + dt.timedelta(days=29))
    apply_due_moves(TODAY + dt.timedelta(days=29))
    assert {fresh(boss).organisation_id, fresh(report).organisation_id} == {successor.pk}


def test_an_organisation_cannot_merge_before_someone_moves_into_it(nhs):
    old, new, admin, boss, report = nhs
    move_person(admin, boss, to_organisation=new, effective_on=TODAY + dt.timedelta(days=10))
    with pytest.raises(MoveError, match=r"1 person is due to arrive at .* \(TB1\)"):
        apply_merger(admin, new, f.make_org("TC1"), effective_on=TODAY + dt.timedelta(days=10))
    assert not OrganisationMerger.objects.exists()

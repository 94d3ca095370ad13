"""Board Member References: made when an incumbent leaves a board post, completed by the
holding organisation, requested by a later NHS employer's chair or people director, supplied;
the person is told; every step audited; bad requests change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.audit.models import AuditEvent
from talentbridge.board import references
from talentbridge.board.models import BoardReference
from talentbridge.board.models import FpptRecord
from talentbridge.board.models import ReferenceRequest
from talentbridge.notifications.models import Notification
from talentbridge.people.tests.factories import make_person

from .factories import board_world
from .factories import start_records

pytestmark = pytest.mark.django_db

SECTIONS = {"roles_and_dates": "Director of finance, 2022 to 2026", "investigations": "None",
            "fitness_concerns": "None", "settlement_agreements": "None", "grievances": "None",
            "other_information": ""}


@pytest.fixture
def w():
    w = board_world()
    start_records(w)
    w.finance_post.incumbent = None
    w.finance_post.save()
    w.reference = BoardReference.unscoped.get(person=w.fay_person)
    return w


def test_leaving_a_board_post_makes_a_reference_and_marks_the_fppt_record(w):
    assert w.reference.organisation == w.rj1
    assert w.reference.left_on == dt.date.today()
    assert "Director of finance" in w.reference.roles_and_dates
    assert FpptRecord.unscoped.get(person=w.fay_person).left_board_on == dt.date.today()
    assert AuditEvent.objects.filter(target_type="board.boardreference",
                                     target_id=str(w.reference.pk), action="create").exists()


def test_changing_an_incumbent_makes_a_reference_for_the_one_who_left(w):
    w.chair_post.incumbent = w.rita
    w.chair_post.save()
    assert BoardReference.unscoped.filter(person=w.chris_person, organisation=w.rj1).exists()
    assert not BoardReference.unscoped.filter(person=w.rita).exists()


def _complete(w):
    references.complete(w.petra, w.reference, declaration=True, **SECTIONS)


def test_the_holding_organisation_completes_and_supplies_and_the_person_is_told(w):
    _complete(w)
    asked = references.request_reference(w.rex, work_email=w.fay_person.work_email,
                                          requesting_organisation_id=w.rx1.pk)
    assert Notification.objects.visible_to(w.chris).filter(
        subject__contains="has been requested").exists()
    assert Notification.objects.visible_to(w.fay).filter(
        subject="TalentBridge: your Board Member Reference was requested").exists()
    with pytest.raises(references.ReferenceNotFound):
        references.get_reference(w.rex, w.reference.pk)
    references.supply(w.dora, asked)
    asked.refresh_from_db()
    assert asked.status == "supplied" and asked.supplied_by == w.dora
    assert references.get_reference(w.rex, w.reference.pk) == w.reference
    assert Notification.objects.visible_to(w.fay).filter(
        subject="TalentBridge: your Board Member Reference was supplied").exists()
    assert Notification.objects.visible_to(w.rex).filter(subject__contains="supplied").exists()
    steps = set(AuditEvent.objects.filter(detail__person=w.fay_person.pk)
                .values_list("target_type", "action"))
    assert {("board.boardreference", "create"), ("board.boardreference", "update"),
            ("board.referencerequest", "create"), ("board.referencerequest", "update"),
            ("board.boardreference", "view")} <= steps


def test_a_draft_reference_cannot_be_supplied(w):
    asked = references.request_reference(w.rex, work_email=w.fay_person.work_email,
                                          requesting_organisation_id=w.rx1.pk)
    with pytest.raises(ValidationError) as error:
        references.supply(w.chris, asked)
    assert "Complete the reference" in error.value.message_dict["status"][0]
    asked.refresh_from_db()
    assert asked.status == "requested"


def test_a_request_for_someone_who_never_sat_on_a_board_names_them_and_changes_nothing(w):
    never = make_person(w.rx1, given_name="Nina", family_name="Never")
    with pytest.raises(ValidationError) as error:
        references.request_reference(w.rex, work_email=never.work_email,
                                     requesting_organisation_id=w.rx1.pk)
    message = error.value.message_dict["work_email"][0]
    assert f'No Board Member Reference is held for "{never.work_email}"' in message
    assert "never" not in message or "sitting on an NHS board" in message
    assert not ReferenceRequest.unscoped.exists()
    assert not Notification.objects.visible_to(w.chris).exists()


def test_a_request_for_a_sitting_member_says_they_have_not_left(w):
    with pytest.raises(ValidationError) as error:
        references.request_reference(w.rex, work_email=w.petra_person.work_email,
                                     requesting_organisation_id=w.rx1.pk)
    assert "still holds a board post" in error.value.message_dict["work_email"][0]


def test_only_another_organisations_chair_or_people_director_requests(w):
    with pytest.raises(PermissionDenied):
        references.request_reference(w.bob, work_email=w.fay_person.work_email,
                                     requesting_organisation_id=w.rj1.pk)
    with pytest.raises(ValidationError) as error:
        references.request_reference(w.chris, work_email=w.fay_person.work_email,
                                     requesting_organisation_id=w.rj1.pk)
    assert f'organisation "{w.rj1.pk}"' in error.value.message_dict[
        "requesting_organisation_id"][0]
    assert not ReferenceRequest.unscoped.exists()


def test_the_person_never_completes_or_supplies_their_own_reference(w):
    w.finance_post.incumbent = w.fay_person
    w.finance_post.save()
    w.people_post.incumbent = w.fay_person  # she is now the people director
    w.people_post.save()
    with pytest.raises(PermissionDenied):
        references.complete(w.fay, w.reference, declaration=True, **SECTIONS)

"""FPPT records through the services: starting a year, checks, the self-attestation, the
sign-off (by the chair; the chair's own by the senior independent director), refusals that
change nothing, the submission summary, and reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.audit.models import AuditEvent
from talentbridge.board import fppt
from talentbridge.board.checklist import add_default_items
from talentbridge.board.models import Conclusion
from talentbridge.board.models import FpptCheck
from talentbridge.board.models import FpptItem
from talentbridge.board.models import FpptRecord
from talentbridge.board.reminders import send_fppt_reminders
from talentbridge.notifications.models import Notification

from .factories import YEAR
from .factories import board_world
from .factories import complete_checks
from .factories import start_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return board_world()


def test_the_default_checklist_is_the_framework_list():
    add_default_items(FpptItem)  # what the migration seeds (a transactional flush empties it)
    names = list(FpptItem.objects.filter(active=True).values_list("name", flat=True))
    assert len(names) == 14
    assert names[0] == "Employment history, with gaps explained"
    assert "Companies House disqualified directors register" in names
    assert names[-1] == "Chair's overall conclusion: fit and proper"


def test_the_chair_starts_a_record_for_every_current_board_member(w):
    made = start_records(w)
    assert set(made) == {w.carol.pk, w.chris_person.pk, w.petra_person.pk, w.sid_person.pk,
                         w.fay_person.pk}
    assert made[w.chris_person.pk].member_is_chair
    assert FpptCheck.unscoped.filter(record=made[w.fay_person.pk]).count() == 14
    again = fppt.start_year(w.chris, w.rj1, year=YEAR, due_on=dt.date(YEAR, 12, 31))
    assert again == []


def test_someone_outside_the_board_cannot_start_records(w):
    with pytest.raises(PermissionDenied):
        fppt.start_year(w.bob, w.rj1, year=YEAR, due_on=dt.date(YEAR, 12, 31))
    assert not FpptRecord.unscoped.exists()


def test_a_check_records_date_outcome_evidence_and_who_checked(w):
    record = start_records(w)[w.fay_person.pk]
    check = FpptCheck.unscoped.get(record=record, item__code="dbs")
    fppt.record_check(w.petra, check, date_completed=dt.date(2026, 2, 3),
                      outcome="satisfactory", evidence_ref="HR/DBS/2026/17")
    check.refresh_from_db()
    assert (check.date_completed, check.outcome, check.evidence_ref, check.checked_by) == (
        dt.date(2026, 2, 3), "satisfactory", "HR/DBS/2026/17", w.petra)


def test_a_bad_check_names_the_field_and_value_and_changes_nothing(w):
    record = start_records(w)[w.fay_person.pk]
    check = FpptCheck.unscoped.get(record=record, item__code="dbs")
    with pytest.raises(ValidationError) as error:
        fppt.record_check(w.petra, check, date_completed="2026-02-03", outcome="great",
                          evidence_ref="x" * 201)
    assert '"great"' in error.value.message_dict["outcome"][0]
    assert "it has 201" in error.value.message_dict["evidence_ref"][0]
    check.refresh_from_db()
    assert check.outcome == "" and check.evidence_ref == ""


def test_nobody_records_checks_on_their_own_record(w):
    record = start_records(w)[w.petra_person.pk]
    check = FpptCheck.unscoped.get(record=record, item__code="dbs")
    with pytest.raises(PermissionDenied):
        fppt.record_check(w.petra, check, date_completed=dt.date(2026, 2, 3),
                          outcome="satisfactory", evidence_ref="")


def test_the_member_attests_and_the_checklist_item_is_done(w):
    record = start_records(w)[w.fay_person.pk]
    with pytest.raises(ValidationError) as error:
        fppt.attest(w.fay, record, statement="", confirm=False)
    assert "confirm" in error.value.message_dict
    fppt.attest(w.fay, record, statement="Nothing to declare", confirm=True)
    record.refresh_from_db()
    assert record.attested_on is not None
    assert FpptCheck.unscoped.get(record=record, item__member_attests=True).is_done
    with pytest.raises(PermissionDenied):
        fppt.attest(w.chris, record, statement="", confirm=True)


def test_the_chair_signs_off_a_member_once_every_check_is_done(w):
    record = start_records(w)[w.fay_person.pk]
    with pytest.raises(ValidationError) as error:
        fppt.sign_off(w.chris, record, conclusion="fit", signed_off_on=dt.date(2026, 3, 2))
    assert "still to do" in error.value.message_dict["conclusion"][0]
    complete_checks(record, w.petra)
    fppt.sign_off(w.chris, record, conclusion="fit", signed_off_on=dt.date(2026, 3, 2))
    record.refresh_from_db()
    assert (record.conclusion, record.signed_off_by) == (Conclusion.FIT, w.chris)
    assert FpptCheck.unscoped.get(record=record, item__code="chair-conclusion").is_done
    assert AuditEvent.objects.filter(target_type="board.fpptrecord", target_id=str(record.pk),
                                     detail__what="sign-off").exists()


@pytest.mark.parametrize("who", ["petra", "dora"])
def test_a_sign_off_by_someone_not_the_chair_names_them_and_changes_nothing(w, who):
    record = start_records(w)[w.fay_person.pk]
    complete_checks(record, w.petra)
    user = getattr(w, who)
    with pytest.raises(ValidationError) as error:
        fppt.sign_off(user, record, conclusion="fit", signed_off_on=dt.date(2026, 3, 2))
    message = error.value.message_dict["signed_off_by"][0]
    assert f'"{user.get_full_name()}" is not the chair of' in message
    record.refresh_from_db()
    assert record.conclusion == "" and record.signed_off_by is None


@pytest.mark.parametrize("who", ["sid", "bob", "rex"])
def test_someone_who_may_not_see_the_record_cannot_sign_it_off(w, who):
    record = start_records(w)[w.fay_person.pk]
    complete_checks(record, w.petra)
    with pytest.raises(fppt.RecordNotFound):
        fppt.sign_off(getattr(w, who), record, conclusion="fit",
                      signed_off_on=dt.date(2026, 3, 2))
    record.refresh_from_db()
    assert record.conclusion == ""


def test_the_chairs_own_assessment_is_signed_off_by_the_senior_independent_director(w):
    record = start_records(w)[w.chris_person.pk]
    complete_checks(record, w.petra)
    with pytest.raises(ValidationError) as error:
        fppt.sign_off(w.chris, record, conclusion="fit", signed_off_on=dt.date(2026, 3, 2))
    assert "senior independent director" in error.value.message_dict["signed_off_by"][0]
    fppt.sign_off(w.sid, record, conclusion="fit", signed_off_on=dt.date(2026, 3, 2))
    record.refresh_from_db()
    assert record.signed_off_by == w.sid


def test_the_submission_gives_outcomes_to_the_board_and_counts_to_the_regional_lead(w):
    made = start_records(w)
    complete_checks(made[w.fay_person.pk], w.petra)
    fppt.sign_off(w.chris, made[w.fay_person.pk], conclusion="fit",
                  signed_off_on=dt.date(2026, 3, 2))
    counts, members = fppt.submission(w.chris, w.rj1, year=YEAR)
    assert (counts.members, counts.fit, counts.not_fit, counts.outstanding) == (5, 1, 0, 4)
    assert {m.person_id for m in members} == set(made)
    counts, members = fppt.submission(w.rhona, w.rj1, year=YEAR)
    assert members is None and counts.members == 5
    assert [c.organisation for c in fppt.submission_organisations(w.rhona, year=YEAR)] == [w.rj1]
    with pytest.raises(fppt.RecordNotFound):
        fppt.submission(w.bob, w.rj1, year=YEAR)


def test_reminders_tell_the_keepers_and_the_member_once(w):
    start_records(w, due_on=dt.date(2026, 6, 10))
    told = send_fppt_reminders(dt.date(2026, 6, 1))
    assert told > 0
    subjects = set(Notification.objects.visible_to(w.fay).values_list("subject", flat=True))
    assert "Make your annual fit and proper person self-attestation" in subjects
    assert Notification.objects.visible_to(w.chris).filter(
        subject__startswith="FPPT checks falling due").count() == 1
    assert Notification.objects.visible_to(w.dora).exists()
    assert send_fppt_reminders(dt.date(2026, 6, 2)) == 0
    assert not Notification.objects.visible_to(w.bob).exists()

"""Departed board members' FPPT records and references are kept until they are 75 (date of
birth known) or for the period after leaving (not known), then erased by the daily sweep; a
sitting member's records are never due."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.board.models import BoardReference
from talentbridge.board.models import FpptRecord
from talentbridge.data_rights import retention
from talentbridge.data_rights.erasure import erase_expired
from talentbridge.people.models import ProtectedCharacteristics

from .factories import board_world
from .factories import start_records

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def _born(person, day):
    ProtectedCharacteristics.unscoped.update_or_create(person=person,
                                                       defaults={"date_of_birth": day})


def _leave(post, left_on):
    person_id = post.incumbent_id
    post.incumbent = None
    post.save()
    FpptRecord.unscoped.filter(person_id=person_id).update(left_board_on=left_on)
    BoardReference.unscoped.filter(person_id=person_id).update(left_on=left_on)
    return person_id


@pytest.fixture
def w():
    w = board_world()
    start_records(w)
    return w


def test_kept_until_75_when_the_date_of_birth_is_known(w):
    _born(w.fay_person, dt.date(1950, 5, 1))  # 76 on TODAY
    _born(w.sid_person, dt.date(1970, 5, 1))  # 56
    fay = _leave(w.finance_post, dt.date(2026, 1, 10))
    sid = _leave(w.ned_post, dt.date(2026, 1, 10))
    report = erase_expired(TODAY)
    assert report[retention.DEPARTED_BOARD_MEMBERS] == 2  # her record and her reference
    assert not FpptRecord.unscoped.filter(person_id=fay).exists()
    assert not BoardReference.unscoped.filter(person_id=fay).exists()
    assert FpptRecord.unscoped.filter(person_id=sid).exists()
    assert BoardReference.unscoped.filter(person_id=sid).exists()


def test_without_a_date_of_birth_kept_for_the_period_after_leaving(w, settings):
    settings.TALENTBRIDGE_RETENTION = {retention.DEPARTED_BOARD_MEMBERS: 365}
    fay = _leave(w.finance_post, dt.date(2025, 5, 1))
    sid = _leave(w.ned_post, dt.date(2025, 7, 1))
    assert retention.due(TODAY)[retention.DEPARTED_BOARD_MEMBERS] == 2
    erase_expired(TODAY)
    assert not FpptRecord.unscoped.filter(person_id=fay).exists()
    assert FpptRecord.unscoped.filter(person_id=sid).exists()


def test_a_sitting_members_record_is_never_due(w):
    _born(w.chris_person, dt.date(1940, 1, 1))
    erase_expired(TODAY)
    assert FpptRecord.unscoped.filter(person=w.chris_person).exists()

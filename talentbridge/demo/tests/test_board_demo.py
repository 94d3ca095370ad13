"""The board demo: this year's FPPT record for every incumbent of a demo organisation's board
posts (some signed off, some with checks still to do), references for some recent leavers;
idempotent, and nothing without posts."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from talentbridge.board.checklist import add_default_items
from talentbridge.board.models import BoardDelegate
from talentbridge.board.models import BoardReference
from talentbridge.board.models import FpptCheck
from talentbridge.board.models import FpptItem
from talentbridge.board.models import FpptRecord
from talentbridge.demo import board
from talentbridge.demo.plan import DEMO_EMAIL_DOMAIN
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_user
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.tests.factories import make_post

pytestmark = pytest.mark.django_db

_n = itertools.count()


def demo_person(org, **fields):
    n = next(_n)
    return make_person(org, work_email=f"demo.{n}@{DEMO_EMAIL_DOMAIN}", **fields)


def test_every_incumbent_gets_this_years_record_and_some_leavers_a_reference():
    add_default_items(FpptItem)  # a transactional test's flush empties the migration's rows
    system = make_system("QMJ", make_region())
    orgs = [make_org(code, system) for code in ("R0A", "RJ2", "RJ3", "RJ4")]
    org_admin = make_user("org.admin")
    for org in orgs:
        for kind in BoardPostKind.values:
            make_post(org, kind, incumbent=demo_person(org))
        for _ in range(20):
            demo_person(org, pay_band="9")
    assert not FpptRecord.unscoped.exists()
    board.build(seed=1)
    year = timezone.localdate().year
    assert FpptRecord.unscoped.filter(year=year).count() == 4 * len(BoardPostKind.values)
    signed = FpptRecord.unscoped.exclude(conclusion="").count()
    assert 0 < signed < FpptRecord.unscoped.count()
    assert FpptCheck.unscoped.filter(date_completed__isnull=True).exists()
    assert FpptCheck.unscoped.exclude(evidence_ref="").exists()
    assert BoardDelegate.objects.get(user=org_admin).organisation == orgs[0]
    references = BoardReference.unscoped.count()
    assert references > 0
    board.build(seed=1)
    assert FpptRecord.unscoped.count() == 4 * len(BoardPostKind.values)
    assert BoardReference.unscoped.count() == references


def test_without_board_posts_it_builds_nothing():
    system = make_system("QMJ", make_region())
    demo_person(make_org("RJ1", system))
    board.build(seed=1)
    assert not FpptRecord.unscoped.exists()

"""Every staff record list runs as many queries with 100 rows as with 10 (`assert_flat`): the
organisations an administrator manages (each with its latest feed and how many are missing
from it) and their imports, a feed's rejected rows (page, API) and the "Left or moved?" list
(page, API)."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import counting
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.staff_record.models import FeedAbsence
from talentbridge.staff_record.models import FeedImport
from talentbridge.staff_record.models import FeedStatus

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def _applied(org, name="leaders.csv") -> FeedImport:
    return FeedImport.objects.create(organisation=org, source_filename=name,
                                     file_hash=str(next(_numbers)), status=FeedStatus.APPLIED,
                                     finished_at=timezone.now())


@adds_rows(_numbers)
def add_organisations(w, number):
    """Trusts the organisation administrator manages, each with an applied feed that missed
    one of its people."""
    org = make_org(f"T{number:04d}", w.system, name=f"ZEDSHIRE TRUST {number}")
    RoleAssignment.objects.create(user=w.oadmin, role=Role.ORGANISATION_ADMINISTRATOR,
                                  scope_level=ScopeLevel.ORGANISATION, organisation=org)
    FeedAbsence.objects.create(feed=_applied(org), person=make_person(org))


@adds_rows(_numbers)
def add_imports(w, number):
    _applied(w.rj1, name=f"zed-{number}.csv")


def add_rejected_rows(feed):
    def add(n):
        start = len(feed.errors)
        feed.errors = [*feed.errors, *({"row": row, "column": "NHS Work Email",
                                        "value": f"zed{row}@gmail.com",
                                        "reason": "Not an NHS address"}
                                       for row in range(start + 2, start + 2 + n))]
        feed.error_count = len(feed.errors)
        feed.save()
    return add


def add_missing(w, feed):
    def add(n):
        for _ in range(n):
            FeedAbsence.objects.create(feed=feed, person=make_person(w.rj1, given_name="Zed"))
    return add


def test_my_organisations(client, w):
    client.force_login(w.oadmin)
    assert_flat(client, "/staff-record/", add_organisations(w),
                row_marker=counting("not in the latest feed"))


def test_their_imports(client, w):
    client.force_login(w.oadmin)
    assert_flat(client, "/staff-record/", add_imports(w), row_marker=counting("zed-"))


@pytest.mark.parametrize("path", ["/staff-record/imports/{pk}/",
                                  "/api/v1/staff-record/feeds/{pk}"])
def test_a_feeds_rejected_rows(client, w, path):
    feed = FeedImport.objects.create(organisation=w.rj1, source_filename="bad.csv",
                                     file_hash="bad", status=FeedStatus.REJECTED,
                                     finished_at=timezone.now())
    client.force_login(w.oadmin)
    assert_flat(client, path.format(pk=feed.pk), add_rejected_rows(feed),
                row_marker=counting("@gmail.com"))


@pytest.mark.parametrize("path", ["/staff-record/organisations/RJ1/missing/",
                                  "/api/v1/staff-record/organisations/RJ1/missing"])
def test_the_left_or_moved_list(client, w, path):
    feed = _applied(w.rj1)
    client.force_login(w.oadmin)
    assert_flat(client, path, add_missing(w, feed),
                row_marker=None if "api" in path else counting(">Zed "))

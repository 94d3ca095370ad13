"""Every support list runs as many queries with 100 rows as with 10: early warnings (page and
API), the leaders a regional lead supports, a leader's check-ins and offers (the regional
lead's page, the leader's own and the API), and the leadership compact's commitments and
their figures (page, download, API) and the pulse a leader answers. Rows name people and
organisations, so a lookup per row would show."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.utils import timezone

from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import flat_test
from talentbridge.core.tests.queries import signed_in
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.tests.factories import make_post
from talentbridge.support import compact
from talentbridge.support import services
from talentbridge.support.models import OfferKind
from talentbridge.support.tests.factories import support_world
from talentbridge.tenure.tests.factories import make_segment

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


w = pytest.fixture(support_world, name="w")


def _new_chief_executives(w):
    """``add_rows``: trusts in London in oversight segment 4 whose chief executive started
    four months ago with no mentor, coach or check-in (two early warnings each), each also a
    leader the regional lead supports."""
    def add(n):
        started = timezone.localdate() - dt.timedelta(days=120)
        for _ in range(n):
            org = make_org(f"RN{next(_numbers)}", w.system)
            make_segment(org, started - dt.timedelta(days=365), 4)
            make_post(org, BoardPostKind.CHIEF_EXECUTIVE, started_on=started,
                      incumbent=make_person(org, job_title="Chief Executive"))
    return add


@pytest.mark.parametrize("path, marker", [
    ("/support/", lambda text: int(re.search(r"(\d+) early warnings", text).group(1))),
    ("/api/v1/support/warnings", lambda text: text.count('"person_id"')),
    ("/support/leaders/", None),
])
def test_warnings_and_leaders_stay_flat(client, w, path, marker):
    """The warnings page shows 20 a page, and counts them all ("Showing 1 to 20 of 200 early
    warnings")."""
    assert_flat(signed_in(client, w.regional, path), path, _new_chief_executives(w),
                row_marker=marker)


def _support_of(w):
    """``add_rows``: check-ins with carol, each with an offer of coaching."""
    def add(n):
        for i in range(n):
            day = timezone.localdate() - dt.timedelta(days=next(_numbers))
            services.record_check_in(w.regional, w.carol, held_on=day, pressure=1 + i % 5,
                                     notes="Talked about the winter plan")
            services.offer_support(w.regional, w.carol, kind=OfferKind.COACHING,
                                   offered_on=day, details="Six sessions")
    return add


test_check_ins_and_offers_stay_flat = flat_test(_support_of, [
    ("regional", "/support/leaders/{carol}/", None),
    ("carol_user", "/support/me/", None),
    ("regional", "/api/v1/support/leaders/{carol}", lambda text: text.count('"held_on"')),
], path_args=lambda w: {"carol": w.carol.pk})


def _commitments(w):
    """``add_rows``: London's commitments, in a pulse round carol and nina answer."""
    def add(n):
        if compact.open_round_on() is None:
            compact.open_round(w.national, name="Autumn", opens_on=timezone.localdate(),
                               closes_on=timezone.localdate() + dt.timedelta(days=14))
        for _ in range(n):
            compact.save_commitment(w.national, None, {
                "title": f"Peer support number {next(_numbers)}", "owner": "NHS England",
                "region": w.region, "measure": "Leaders who say so",
                "due_on": dt.date(2027, 3, 31)})
    return add


test_the_compact_stays_flat = flat_test(_commitments, [
    ("national", "/support/compact/", lambda text: text.count('id="commitment-')),
    ("national", "/support/compact/download.csv", lambda text: len(text.strip().splitlines())),
    ("national", "/api/v1/support/compact", None),
    ("carol_user", "/support/compact/pulse/", lambda text: text.count('type="radio"')),
])

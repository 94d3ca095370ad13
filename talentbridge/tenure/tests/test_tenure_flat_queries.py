"""Every tenure list runs as many queries with 100 rows as with 10: an organisation's board
post holdings (page, download, API) and oversight segments (page, API), and the holders who
left without a reason recorded. Each holding names its holder, post and organisation, so a
lookup per row would show."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import signed_in
from talentbridge.succession.models import BoardPostKind
from talentbridge.tenure.tests.factories import make_segment
from talentbridge.tenure.tests.factories import many_holdings
from talentbridge.tenure.tests.factories import tenure_world

pytestmark = pytest.mark.django_db


w = pytest.fixture(tenure_world, name="w")


def _left_holdings(w):
    """``add_rows``: directors of finance at RJ1 who left after a year, no reason given."""
    def add(n):
        many_holdings(w.rj1, [365] * n, kind=BoardPostKind.FINANCE)
    return add


def _segments(w):
    """``add_rows``: RJ1's oversight segment, one a month further back."""
    def add(n):
        for _ in range(n):
            w.months = getattr(w, "months", 0) + 1
            make_segment(w.rj1, dt.date(2025, 1, 1) - dt.timedelta(days=31 * w.months),
                         1 + w.months % 4)
    return add


@pytest.mark.parametrize("path, marker", [
    ("/tenure/organisations/RJ1/", lambda text: text.count('id="holding-')),
    ("/tenure/organisations/RJ1/download.csv", lambda text: len(text.strip().splitlines())),
    ("/api/v1/tenure/organisations/RJ1/holdings?limit=100", None),
    ("/tenure/reasons/", lambda text: text.count("/exit/")),
])
def test_holdings_stay_flat(client, w, path, marker):
    assert_flat(signed_in(client, w.bob, path), path, _left_holdings(w), row_marker=marker)


@pytest.mark.parametrize("path", ["/tenure/organisations/RJ1/",
                                  "/api/v1/tenure/organisations/RJ1/segments"])
def test_oversight_segments_stay_flat(client, w, path):
    assert_flat(signed_in(client, w.bob, path), path, _segments(w))

"""The insights demo: two snapshots a year apart and their event files, deterministic for a
seed, idempotent, and every figures page shows real figures for the demo analyst's region."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from talentbridge.accounts.models import Role
from talentbridge.demo import insights as demo
from talentbridge.insights.models import EventFile
from talentbridge.insights.models import WorkforceSnapshot
from talentbridge.insights.tests.conftest import (  # noqa: F401  (autouse: files in a
    _insights_storage,  # temporary folder and a fresh cache, as for the insights tests)
)
from talentbridge.insights.tests.pages import row
from talentbridge.insights.tests.pages import table
from talentbridge.organisations.models import Region
from talentbridge.organisations.reference import load_reference_data
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text

pytestmark = pytest.mark.django_db
STAFF = 20_000


@pytest.fixture
def built():
    load_reference_data()
    demo.build(2026, None, staff=STAFF)


def _hashes():
    return sorted(WorkforceSnapshot.objects.ready().values_list("as_of", "content_hash"))


def test_two_snapshots_a_year_apart_and_six_event_files(built):
    snapshots = WorkforceSnapshot.objects.ready().order_by("as_of")
    assert [s.as_of for s in snapshots] == [dt.date(2025, 10, 1), dt.date(2026, 10, 1)]
    assert snapshots[0].rows == STAFF and snapshots[1].rows > STAFF
    assert snapshots[0].organisations > 150
    assert EventFile.objects.ready().count() == 6
    first = _hashes()
    assert "already exists" in demo.build(2026, None)
    assert _hashes() == first
    demo.build(2026, None, reset=True, staff=STAFF)
    assert _hashes() == first  # the same seed gives the same data


def test_every_page_shows_real_figures_for_the_demo_analyst(built, client):
    analyst = make_user("nw.analyst", role=Role.ANALYST, scope=Region.objects.get(code="Y62"))
    client.force_login(analyst)
    pipeline = client.get(reverse("insights:dashboard"))
    assert "North West (Y62)" in page_text(pipeline)
    # With 20,000 staff the region's senior levels are small enough that the linked control
    # hides some of them; the whole workforce's ethnic minority share is shown.
    whole = row(table(pipeline, "Headcount and share by level"), "Whole workforce")
    assert whole[4].endswith("%")
    assert row(table(pipeline, "Change from 1 October 2025"), "Band 8a")
    wres = client.get(reverse("insights:wres"))
    ratios = table(wres, "Relative likelihoods")
    assert sum(1 for r in ratios[1:] if r[1] != "not shown") >= 3
    progression = client.get(reverse("insights:progression"))
    assert row(table(progression, "Promotion from"), "Whole workforce")[7] != "not shown"
    projection = client.get(reverse("insights:projection"))
    assert "When the top reflects the workforce" in page_text(projection)

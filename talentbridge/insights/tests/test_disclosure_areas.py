"""Each viewer's pipeline counts come from one publication for their widest area."""

from __future__ import annotations

import pytest

from engine.insights import linked
from engine.insights import published
from talentbridge.insights import figures
from talentbridge.insights import policy
from talentbridge.insights import scopes
from talentbridge.insights.models import WorkforceSnapshot
from talentbridge.insights.tests.pages import row
from talentbridge.insights.tests.pages import table
from talentbridge.insights.tests.test_pages_insights import PIPELINE
from talentbridge.insights.tests.test_pages_insights import _get
from talentbridge.insights.tests.workforce import AS_OF
from talentbridge.insights.tests.workforce import import_both


@pytest.fixture
def data(nhs):
    return import_both(nhs)


def test_the_area_is_the_widest_the_viewer_may_see(nhs, data):
    qop = scopes.parse("system:QOP")
    r0a = scopes.parse("organisation:R0A")
    assert policy.universe(nhs.national, r0a, AS_OF).key == "england"
    assert policy.universe(nhs.analyst, r0a, AS_OF).key == "region:Y62"
    assert policy.universe(nhs.analyst, qop, AS_OF).key == "region:Y62"
    assert policy.universe(nhs.org_lead, r0a, AS_OF).key == "organisation:R0A"


def test_a_count_reads_the_same_however_the_viewer_reaches_it(client, nhs, data):
    # The North West's systems in the region's breakdown and on their own pages.
    breakdown = table(_get(client, nhs.analyst, scope="region:Y62"),
                      "Ethnic minority share by integrated care system")
    for code in ("QOP", "QYG"):
        page = table(_get(client, nhs.analyst, scope=f"system:{code}"), PIPELINE)
        assert row(breakdown, code)[2] == row(page, "Whole workforce")[6]


def test_a_small_count_under_a_region_is_not_pinned_by_what_the_analyst_sees(nhs, data):
    # RM3's 8a has 5 White and 3 ethnic minority staff (both hidden); its system QOP and the
    # region show rounded counts. With everything the analyst can request, no count is pinned.
    snapshot = WorkforceSnapshot.objects.ready().order_by("-as_of").first()
    area = scopes.parse("region:Y62")
    pub = figures.publication(snapshot, area)
    assert pub.shown("organisation:RM3", "8a", "ethnicity:white") == "*"
    orgs = figures._by_organisation(str(figures._path(snapshot)), snapshot.content_hash,
                                    "ethnicity")["scope"].unique().to_list()
    hierarchy = published.Hierarchy.build(orgs, scopes.Geography(snapshot.as_of).org_map,
                                          tuple(scopes.KINDS), root="region:Y62")
    kind, shown = pub.publication.kind_and_shown
    lo, hi = linked.attacker_bounds(kind, shown, published.equations(hierarchy))
    assert not ((lo == hi) & (pub.publication.values > 0)).any()


def test_wres_1_and_the_pipeline_show_the_same_whole_workforce(client, nhs, data):
    # One count, two pages: the whole workforce by ethnic group reads the same on both.
    for scope in ("region:Y62", "system:QOP", "organisation:R0A"):
        pipeline = row(table(_get(client, nhs.analyst, scope=scope), PIPELINE),
                       "Whole workforce")
        wres1 = row(table(_get(client, nhs.analyst, "insights:wres", scope=scope),
                          "WRES 1: staff in each band by ethnicity"), "Whole workforce")
        # pipeline: white, %, minority, %, unknown, total; WRES 1: white, minority, unknown,
        # total
        assert [pipeline[1], pipeline[3], pipeline[5], pipeline[6]] == wres1[1:5]

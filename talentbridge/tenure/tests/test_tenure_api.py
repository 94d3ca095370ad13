"""/api/v1/tenure: figures in the documented shape through the disclosure rules, named holdings
only for those who may see the organisation's succession plans, recording an exit, importing
segments all-or-nothing, and bad input naming the field and value."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests.signing_in import api_as
from talentbridge.people.tests.factories import make_user
from talentbridge.tenure.models import OversightSegment
from talentbridge.tenure.models import PostHolding
from talentbridge.tenure.tests.factories import many_holdings
from talentbridge.tenure.tests.factories import tenure_world

API = "/api/v1/tenure"


@pytest.fixture
def w(db):
    w = tenure_world()
    w.regional = make_user("reg", role=Role.REGIONAL_LEAD, scope=w.region)
    return w


def test_survival_below_england_is_controlled(client, w):
    many_holdings(w.rj1, [300] * 9)
    body = api_as(client, w.regional).get(f"{API}/survival?scope=Y56").json()
    [everyone] = body["groups"]
    # carol in post (1, hidden) and nine who left: the nine are hidden too, as 10 less them
    # would give carol's count away
    assert (everyone["holdings"], everyone["exits"], everyone["in_post"]) == (10, "*", "*")
    assert everyone["median_years"] == pytest.approx(300 / 365.25)
    assert set(everyone["in_post_at_years"]) == {"1", "2", "3", "5", "10"}


def test_national_figures_are_refused_to_a_regional_lead(client, w):
    response = api_as(client, w.regional).get(f"{API}/survival?scope=ENGLAND")
    assert response.status_code == 403
    unknown = client.get(f"{API}/turnover?scope=NOPE1")
    assert unknown.status_code == 400 and '"NOPE1"' in str(unknown.json())


def test_holdings_are_named_only_for_those_who_may_see_the_plans(client, w):
    body = api_as(client, w.regional).get(f"{API}/organisations/RJ1/holdings").json()
    assert body["count"] == 1 and body["items"][0]["person"] == "Carol Chief"
    assert AuditEvent.objects.filter(action="view", detail__what="board post holdings").exists()
    other = make_user("sam", role=Role.SYSTEM_TALENT_LEAD, scope=w.other_system)
    client.defaults.pop("HTTP_AUTHORIZATION")
    assert api_as(client, other).get(f"{API}/organisations/RJ1/holdings").status_code == 403


def test_recording_an_exit_and_an_exit_before_the_start(client, w):
    url = f"{API}/holdings/{w.carol_holding.pk}/exit"
    bad = api_as(client, w.bob).post(url, {"ended_on": "2021-03-01", "reason": "retirement"},
                                     content_type="application/json")
    assert bad.status_code == 400
    assert "2021-03-01" in str(bad.json()) and "2022-04-01" in str(bad.json())
    assert PostHolding.unscoped.get(pk=w.carol_holding.pk).in_post
    good = client.post(url, {"ended_on": "2025-03-01", "reason": "another_nhs_role",
                             "interim_followed": False}, content_type="application/json")
    assert good.status_code == 200, good.json()
    assert good.json()["exit_reason"] == "another_nhs_role"
    assert good.json()["ended_on"] == "2025-03-01"


def test_an_import_with_a_bad_row_lists_it_and_saves_nothing(client, w):
    csv = ("organisation_code,effective_from,segment,framework_year\n"
           "RJ1,2025-04-01,2,2025/26\nRJ1,2025-07-01,0,2025/26\n")
    response = api_as(client, w.admin).post(f"{API}/segments/import", {"csv": csv},
                                            content_type="application/json")
    assert response.status_code == 400
    assert 'Line 3, segment "0"' in str(response.json())
    assert not OversightSegment.objects.exists()
    ok = client.post(f"{API}/segments/import", {"csv": csv.replace(",0,", ",3,")},
                     content_type="application/json")
    assert ok.json() == {"saved": 2, "created": 2}
    segments = client.get(f"{API}/organisations/RJ1/segments").json()
    assert [s["segment"] for s in segments] == [3, 2]
    assert segments[0]["effective_from"] == str(dt.date(2025, 7, 1))

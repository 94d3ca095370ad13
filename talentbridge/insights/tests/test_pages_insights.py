"""The figures pages show the hand-worked values of the small workforce in workforce.py:
exact for England, disclosure-controlled below it (counts 1-7 as *, others to the nearest 5,
shares from rounded counts, secondary suppression), in tables, charts, exports and the API."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from talentbridge.accounts.models import ApiToken
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import page_text

from .pages import row
from .pages import table
from .workforce import import_both

pytestmark = pytest.mark.django_db

PIPELINE = "Headcount and share by level"
HEAD = ["Level", "White: headcount", "White: % of known", "Ethnic minority: headcount",
        "Ethnic minority: % of known", "Not stated / not known: headcount", "Total headcount",
        "Declared (%)"]


@pytest.fixture
def data(nhs):
    return import_both(nhs)


def _get(client, user, page="insights:dashboard", **params):
    client.force_login(user)
    return client.get(reverse(page), params)


def test_england_figures_are_exact(client, nhs, data):
    response = _get(client, nhs.national)
    assert response.status_code == 200
    rows = table(response, PIPELINE)
    assert rows[0] == HEAD
    # 8a: White 23+5+30 = 58, ethnic minority 11+3+20 = 34: 34/92 = 37.0%
    assert row(rows, "Band 8a") == ["Band 8a", "58", "63.0%", "34", "37.0%", "0", "92",
                                    "100.0%"]
    # VSM: the two ethnic minority VSMs at RJ1 (board members are their own level)
    assert row(rows, "Very senior manager (VSM)")[1:6] == ["0", "0.0%", "2", "100.0%", "0"]
    assert row(rows, "Board")[1:] == ["8", "50.0%", "8", "50.0%", "0", "16", "100.0%"]
    # whole workforce: 160 White, 105 ethnic minority, 2 not stated: 105/265 = 39.6%;
    # declared 265/267 = 99.3%
    assert row(rows, "Whole workforce")[1:] == ["160", "60.4%", "105", "39.6%", "2", "267",
                                                "99.3%"]
    text = page_text(response)
    assert "Staff: 267" in text and "Ethnic minority share, whole workforce: 39.6%" in text


def test_an_organisation_s_figures_are_controlled_as_worked_by_hand(client, nhs, data):
    response = _get(client, nhs.org_lead, scope="organisation:R0A")
    rows = table(response, PIPELINE)
    # 8a: 23 -> 25, 11 -> 10, total 34 -> 35; shares from rounded counts: 25/35, 10/35
    assert row(rows, "Band 8a")[1:] == ["25", "71.4%", "10", "28.6%", "0", "35", "100.0%"]
    # 8b: 12 -> 10, 9 -> 10, 21 -> 20
    assert row(rows, "Band 8b")[1:] == ["10", "50.0%", "10", "50.0%", "0", "20", "100.0%"]
    # 8d: 8 White -> 10 beside 0 and 0: shares from the shown counts, 10/10 and 0/10
    assert row(rows, "Band 8d")[1:] == ["10", "100.0%", "0", "0.0%", "0", "10", "100.0%"]
    # board: 8 and 8 -> 10 and 10 (16 -> 15): shares from the shown counts, 10/20 = 50.0%
    assert row(rows, "Board")[1:] == ["10", "50.0%", "10", "50.0%", "0", "15", "100.0%"]
    # whole workforce 55 / 30 / 2: the 2 is hidden (1 to 7); 55 and 30 are shown, since with
    # them the 2 is still anything from 1 to 7 (the linked audit finds no count pinned).
    # Shares from the shown counts: 55/85 and 30/85. Declared (%) is not given beside a
    # hidden count.
    assert row(rows, "Whole workforce")[1:] == ["55", "64.7%", "30", "35.3%", "*", "85",
                                                "not shown"]
    text = page_text(response)
    assert "Ethnic minority share, whole workforce: 35.3%" in text
    assert "Ethnic minority share, board: 50.0%" in text
    assert "counts of 1 to 7 are shown as *" in text


def test_the_chart_shows_the_table_s_figures_without_inline_styles(client, nhs, data):
    response = _get(client, nhs.org_lead, scope="organisation:R0A")
    html = response.content.decode()
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    svg = html[start:html.index("</svg>", start)]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert not re.search(r"\sstyle=", svg)  # presentation attributes only (CSP)
    for label, value in (("Band 8a", "28.6%"), ("Band 8b", "50.0%"), ("Board", "50.0%"),
                         ("Band 8d", "0.0%")):
        assert label in svg and value in svg
    assert not re.search(r"\sstyle=", html[html.index("<main"):html.index("</main>")])


def test_change_between_snapshots(client, nhs, data):
    response = _get(client, nhs.national)
    rows = table(response, "Change from 1 October 2025 to 1 October 2026")
    eighta_minority = [r for r in rows if r[:2] == ["Band 8a", "Ethnic minority"]][0]
    # 2025: 33 of 87 (four White and one ethnic minority were at band 7) = 37.9%;
    # 2026: 34 of 92 = 37.0%: -1.0 percentage points
    assert eighta_minority[2:] == ["33", "37.9%", "34", "37.0%", "-1.0"]


def test_the_breakdown_lists_the_areas_one_level_down(client, nhs, data):
    rows = table(_get(client, nhs.national), "Ethnic minority share by region in England")
    london = row(rows, "Y56")
    # London: 70 White, 62 ethnic minority: 132 -> 130, 62 -> 60: 60/130 = 46.2%
    assert london[1:4] == ["London", "130", "46.2%"]
    north_west = row(rows, "Y62")
    # North West: 90 / 43 / 2: the 2 is hidden; with the others shown (90, 45) nothing can
    # be pinned, so the share comes from them: 45/135 = 33.3%
    assert north_west[1:4] == ["North West", "135", "33.3%"]
    systems = table(_get(client, nhs.analyst, scope="region:Y62"),
                    "Ethnic minority share by integrated care system")
    assert [r[0] for r in systems[1:]] == ["QYG", "QOP"]


def test_wres_for_an_organisation(client, nhs, data):
    response = _get(client, nhs.org_lead, "insights:wres", scope="organisation:R0A")
    rows = table(response, "Relative likelihoods")
    # WRES 2: the exact counts 12/40 and 10/50 are published as 10/40 and 10/50, and the
    # ratio comes from those: (10/40) / (10/50) = 1.25, 95% CI 0.58 to 2.70 (log method)
    assert row(rows, rows[1][0])[1:] == ["1.25", "0.58", "2.70", "No", "10", "40", "10", "50"]
    assert rows[1][0].startswith("WRES 2")
    # WRES 3: 3 ethnic minority staff entered the process: fewer than 8, so not shown
    wres3 = [r for r in rows if r[0].startswith("WRES 3")][0]
    assert wres3[1:] == ["not shown", "not shown", "not shown", "", "*", "30", "0", "55"]
    nine = table(response, "WRES 9")
    # from the pipeline's shown counts: board 10 of 10 + 10 = 50.0%; workforce 30 of 55 + 30
    # = 35.3%; difference +14.7 points
    assert [r[1] for r in nine[1:]] == ["+50.0", "+35.3", "+14.7"]
    assert "0 of the 1 relative likelihoods shown are outside 0.80 to 1.25" in page_text(response)
    assert "No non-mandatory training file covers the year" in page_text(response)


def test_wres_for_england_uses_only_event_files_that_cover_england(client, nhs, data):
    # The event files are R0A's own: they are used for R0A, never for England.
    response = _get(client, nhs.national, "insights:wres")
    rows = table(response, "Relative likelihoods")
    assert rows[1][1:5] == ["not shown", "not shown", "not shown", ""]
    assert "No recruitment file covers the year" in page_text(response)
    r0a = table(_get(client, nhs.national, "insights:wres", scope="organisation:R0A"),
                "Relative likelihoods")
    assert r0a[1][1] == "1.25"  # below England: from the rounded counts 10/40 and 10/50
    nine = table(response, "WRES 9")  # from the snapshot: exact for England
    # board 8 of 16 = 50.0%; workforce 105 of 265 = 39.6%
    assert [r[1] for r in nine[1:]] == ["+50.0", "+39.6", "+10.4"]


def test_progression_between_the_snapshots(client, nhs, data):
    response = _get(client, nhs.national, "insights:progression")
    rows = table(response, "Promotion from 1 October 2025 to 1 October 2026")
    # everyone: White 4 of 140 promoted, ethnic minority 1 of 95: (4/140)/(1/95) = 2.71
    overall = row(rows, "Whole workforce")
    assert overall[1:8] == ["4", "140", "2.9%", "1", "95", "1.1%", "2.71"]
    assert row(rows, "Band 7")[1:7] == ["4", "4", "100.0%", "1", "1", "100.0%"]


def test_the_projection_gives_shares_per_level_per_year_and_the_parity_year(client, nhs, data):
    response = _get(client, nhs.national, "insights:projection", years=3,
                    equalise_promotion="white", programme_per_year=2)
    text = page_text(response)
    assert "Current trends:" in text and "Scenario: equal promotion rates" in text
    rows = table(response, "Projected ethnic minority share at each level")
    years = {r[1] for r in rows[1:]}
    assert years == {"2026", "2027", "2028", "2029"}
    first = [r for r in rows if r[:3] == ["Current trends", "2026", "Band 8a"]][0]
    assert first[3:] == ["92", "92", "37.0%"]  # year 0 is the snapshot itself
    controlled = table(_get(client, nhs.org_lead, "insights:projection",
                            scope="organisation:R0A"), "Projected ethnic minority share")
    for r in controlled[1:]:
        assert r[3] in {"*", "0"} or int(r[3].replace(",", "")) % 5 == 0


def test_narrowing_england_to_a_kind_of_organisation_is_controlled(client, nhs, data):
    response = _get(client, nhs.national, kind="acute")
    assert row(table(response, PIPELINE), "Band 8a")[1] == "60"  # 58 rounded


def test_exports_hold_the_page_s_controlled_figures_and_are_audited(client, nhs, data):
    client.force_login(nhs.org_lead)
    query = "?page=pipeline&scope=organisation:R0A"
    response = client.get(reverse("insights:export", args=["pipeline", "csv"]) + query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="insights-pipeline-organisation-R0A-2026-10-01.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == HEAD
    assert rows[1] == ["Band 8a", "25", "71.4", "10", "28.6", "0", "35", "100.0"]
    # declared % from the shown counts: not given beside hidden ones
    assert rows[-1] == ["Whole workforce", "55", "64.7", "30", "35.3", "*", "85", ""]
    xlsx = client.get(reverse("insights:export", args=["pipeline", "xlsx"]) + query)
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[1] == ["Band 8a", 25, 71.4, 10, 28.6, 0, 35, 100.0]
    assert AuditEvent.objects.filter(action="export", target_id="pipeline").count() == 2
    wres_csv = client.get(reverse("insights:export", args=["ratios", "csv"])
                          + "?page=wres&scope=organisation:R0A")
    assert "1.25" in wres_csv.content.decode()


def test_no_page_export_or_api_response_shows_a_person(client, nhs, data):
    client.force_login(nhs.admin)
    _, key = ApiToken.issue(nhs.admin, "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    bodies = [
        client.get(reverse(name), {"scope": scope}).content
        for name in ("insights:dashboard", "insights:wres", "insights:progression",
                     "insights:projection")
        for scope in ("england", "organisation:R0A")
    ]
    bodies += [client.get(f"/api/v1/insights/{what}?scope=organisation:R0A", **auth).content
               for what in ("pipeline", "wres", "progression", "projection")]
    bodies.append(client.get(reverse("insights:export", args=["pipeline", "csv"])
                             + "?page=pipeline").content)
    for body in bodies:
        assert b"R0A-8a-" not in body and b"1980-01-01" not in body


def test_the_api_gives_the_same_controlled_figures_keyed_by_scope(client, nhs, data):
    _, key = ApiToken.issue(nhs.org_lead, "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = client.get("/api/v1/insights/pipeline?scope=organisation:R0A", **auth).json()
    assert body["disclosure_controlled"] is True
    r0a = body["figures"]["R0A"]
    assert r0a["8a"]["headcount"] == 35 and r0a["8a"]["declared_pct"] == 100.0
    assert r0a["8a"]["categories"]["minority"]["headcount"] == 10
    assert r0a["8a"]["categories"]["minority"]["share"] == 0.2857
    assert r0a["all"]["categories"]["minority"] == {
        "headcount": 30, "share": 0.3529, "headcount_previous": 30, "share_previous": 0.3529,
        "share_change_pp": 0.0}
    wres = client.get("/api/v1/insights/wres?scope=organisation:R0A", **auth).json()
    assert wres["figures"]["R0A"]["indicator_2"]["ratio"] == 1.25
    assert wres["figures"]["R0A"]["indicator_2"]["counts"]["top_events"] == 10
    assert wres["figures"]["R0A"]["indicator_3"]["suppressed"] is True
    # England is exact, and not the organisation lead's to see
    assert client.get("/api/v1/insights/pipeline", **auth).status_code == 403
    _, national_key = ApiToken.issue(nhs.national, "n")
    england = client.get("/api/v1/insights/pipeline",
                         HTTP_AUTHORIZATION=f"Bearer {national_key}").json()
    assert england["disclosure_controlled"] is False
    assert england["figures"]["ENGLAND"]["8a"]["categories"]["minority"]["headcount"] == 34
    scopes = client.get("/api/v1/insights/scopes", **auth).json()
    assert [s["key"] for s in scopes] == ["organisation:R0A"]

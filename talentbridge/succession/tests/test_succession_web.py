"""The succession pages as a talent lead uses them: the chart, naming a successor through the
search-and-radios chooser, the refusals, the system map, bench strength and downloads."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from talentbridge.core.tests.signing_in import sign_in
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.models import Readiness
from talentbridge.succession.models import Successor
from talentbridge.succession.tests.factories import make_post
from talentbridge.succession.tests.factories import make_successor
from talentbridge.succession.tests.factories import succession_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return succession_world()


def test_the_chart_shows_posts_incumbents_risk_and_successors_by_readiness(client, w):
    make_successor(w.ceo, w.rita, Readiness.NOW, emergency_cover=True)
    make_post(w.rj1, BoardPostKind.CHAIR)
    text = page_text(sign_in(client, w.bob).get("/succession/organisations/RJ1/"))
    assert "Chief executive Kind of post Chief executive Held by Carol Chief" in text
    assert "Vacancy risk Low Cover Covered 1 successor named" in text
    assert "Ready now Rita Rowe, Chief Operating Officer, Lewisham and Greenwich NHS Trust " \
           "(same system) Emergency cover" in text
    assert "Held by Vacant" in text and "Vacancy risk High Cover Not covered" in text
    assert "2 posts found" in text


def test_a_talent_lead_adds_a_successor_with_the_chooser(client, w):
    sign_in(client, w.bob)
    page = client.get(f"/succession/posts/{w.ceo.pk}/successors/add/?q=rita")
    assert "1 person found" in page_text(page)
    response = client.post(f"/succession/posts/{w.ceo.pk}/successors/add/?q=rita",
                           {"person": w.rita.pk, "readiness": "1-2"})
    assert response.status_code == 302
    text = page_text(client.get(response["Location"]))
    assert "Rita Rowe has been added to the succession plan for Chief executive" in text
    assert "Ready in 1 to 2 years Rita Rowe" in text


def test_a_successor_who_has_not_allowed_the_organisation_is_refused_naming_them(client, w):
    sign_in(client, w.admin)
    response = client.post(f"/succession/posts/{w.ceo.pk}/successors/add/?q=otto",
                           {"person": w.otto.pk, "readiness": "now"})
    assert response.status_code == 400
    assert ("Otto Owen has not allowed Guy's and St Thomas' NHS Foundation Trust to see their "
            "profile") in error_summary(response)
    assert not Successor.unscoped.exists()


def test_the_incumbent_is_refused_and_nothing_changes(client, w):
    sign_in(client, w.bob)
    response = client.post(f"/succession/posts/{w.ceo.pk}/successors/add/",
                           {"person": w.carol.pk, "readiness": "now"})
    assert response.status_code == 400
    assert "Carol Chief holds this post (Chief executive), so cannot be its successor" in (
        error_summary(response))
    assert not Successor.unscoped.exists()


def test_readers_may_not_change_a_plan(client, w):
    sign_in(client, w.sybil)
    assert client.get(f"/succession/posts/{w.ceo.pk}/successors/add/").status_code == 403
    page = client.get("/succession/organisations/RJ1/")
    assert "Add a successor" not in page_text(page)
    # carol chose "my organisation only": the system lead sees her name, not her profile
    assert "Held by Carol Chief" in page_text(page)
    assert f'href="/people/{w.carol.pk}/"' not in page.content.decode()
    client.logout()
    html = sign_in(client, w.bob).get("/succession/organisations/RJ1/").content.decode()
    assert f'href="/people/{w.carol.pk}/"' in html  # her organisation's talent lead may


def test_the_system_map_shows_every_post_s_risk_and_cover(client, w):
    make_post(w.rj2, BoardPostKind.CHIEF_EXECUTIVE, interim=True, incumbent=w.otto)
    make_successor(w.ceo, w.rita, Readiness.NOW)
    text = page_text(sign_in(client, w.bob).get("/succession/systems/QMJ/"))
    assert "1 of 2 posts are covered" in text
    assert "Guy's and St Thomas' NHS Foundation Trust Chief executive Carol Chief Not expected " \
           "Low Covered" in text
    assert "Lewisham and Greenwich NHS Trust Chief executive Otto Owen (interim) Not expected " \
           "High Not covered" in text


def test_setting_the_risk_by_hand_needs_a_reason(client, w):
    sign_in(client, w.bob)
    response = client.post(f"/succession/posts/{w.ceo.pk}/risk/", {"risk": "high"})
    assert response.status_code == 400
    assert "Give a reason for setting the vacancy risk by hand" in error_summary(response)
    response = client.post(f"/succession/posts/{w.ceo.pk}/risk/",
                           {"risk": "high", "reason": "Approached by another trust"})
    text = page_text(client.get(response["Location"]))
    assert "Vacancy risk High (set by hand) Approached by another trust" in text


def test_bench_strength_page_and_a_bad_scope(client, w):
    make_successor(w.ceo, w.rita, Readiness.NOW)
    sign_in(client, w.bob)
    text = page_text(client.get("/succession/bench-strength/?scope=QMJ"))
    assert "All board posts Scope Posts" in text
    assert "North Central London 1 100% 0% 0% 100% 0% 100% 0 0" in text
    # one level down, each organisation of the system by its name
    assert "By organisation Organisation Posts" in text
    assert "Guy's and St Thomas' NHS Foundation Trust 1 100%" in text
    response = client.get("/succession/bench-strength/?scope=XX9")
    assert response.status_code == 400
    assert '"XX9" is not the ODS code of an organisation' in error_summary(response)


def test_downloads_have_real_dates(client, w):
    w.ceo.expected_vacancy_on = dt.date(2027, 6, 30)
    w.ceo.vacancy_reason = "retirement"
    w.ceo.save()
    make_successor(w.ceo, w.rita, Readiness.NOW)
    sign_in(client, w.bob)
    csv = client.get("/succession/organisations/RJ1/download.csv").content.decode()
    assert "2027-06-30,Retirement" in csv and "Rita Rowe" in csv
    workbook = load_workbook(io.BytesIO(client.get(
        "/succession/organisations/RJ1/download.xlsx").content))
    sheet = workbook["Succession"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Expected vacancy") + 1).value
    assert cell.date() == dt.date(2027, 6, 30)


def test_succession_is_in_the_header_for_talent_leads_only(client, w):
    assert "Succession" in page_text(sign_in(client, w.bob).get("/succession/"))
    client.logout()
    sign_in(client, w.alice)
    assert client.get("/succession/").status_code == 403
    assert ">Succession<" not in client.get("/people/me/").content.decode()


def test_changing_a_post_s_details_and_a_reason_without_a_date(client, w):
    sign_in(client, w.bob)
    response = client.post(f"/succession/posts/{w.ceo.pk}/edit/", {
        "started_on_day": "1", "started_on_month": "4", "started_on_year": "2022",
        "vacancy_reason": "retirement"})
    assert response.status_code == 400
    assert "Give the date the post is expected to fall vacant" in error_summary(response)
    response = client.post(f"/succession/posts/{w.ceo.pk}/edit/", {
        "interim": "on", "started_on_day": "1", "started_on_month": "4",
        "started_on_year": "2022", "expected_vacancy_on_day": "31",
        "expected_vacancy_on_month": "3", "expected_vacancy_on_year": "2040",
        "vacancy_reason": "end_of_term"})
    text = page_text(client.get(response["Location"]))
    assert "Held by Carol Chief (interim)" in text
    assert "Expected vacancy 31 March 2040 (end of term) Vacancy risk High" in text

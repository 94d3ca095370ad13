"""The tenure pages through Django's test client: figures a talent lead can read, an
organisation's holdings for those who may see its succession plans, recording an exit,
importing segments all-or-nothing, and refusals naming the field and value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests.signing_in import sign_in
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text
from talentbridge.tenure.models import OversightSegment
from talentbridge.tenure.models import PostHolding
from talentbridge.tenure.tests.factories import make_segment
from talentbridge.tenure.tests.factories import many_holdings
from talentbridge.tenure.tests.factories import tenure_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = tenure_world()
    w.regional = make_user("reg", role=Role.REGIONAL_LEAD, scope=w.region)
    return w


def test_a_regional_lead_sees_their_regions_survival_table_and_chart(client, w):
    many_holdings(w.rj1, [200 * k for k in range(1, 12)])
    response = sign_in(client, w.regional).get("/tenure/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Chief executives still in post, by everyone, London" in text
    assert "<svg" in response.content.decode()
    # 12 holdings below England, rounded to 10; the one in post is hidden, so the 11 who
    # left are hidden too (else 10 less 11 would give it away); the median is shown (n >= 8)
    assert "Everyone 10 * * 3.3" in text


def test_a_scope_the_user_does_not_lead_is_refused_naming_it(client, w):
    response = sign_in(client, w.bob).get("/tenure/?scope=ENGLAND")
    assert response.status_code == 400
    assert 'You may not see the tenure figures of England ("ENGLAND")' in error_summary(response)
    unknown = client.get("/tenure/?scope=ZZZ9")
    assert unknown.status_code == 400 and '"ZZZ9"' in error_summary(unknown)


def test_leaders_without_a_talent_role_do_not_see_tenure(client, w):
    assert sign_in(client, w.alice).get("/tenure/").status_code == 403


def test_turnover_and_segment_pages_show_tables(client, w):
    make_segment(w.rj1, dt.date(2025, 4, 1), 4)
    many_holdings(w.rj1, [300] * 9)
    sign_in(client, w.admin)
    turnover = page_text(client.get("/tenure/turnover/?scope=ENGLAND"))
    assert "Organisations by how many chief executives they had in five years" in turnover
    segments = client.get("/tenure/segments/?scope=ENGLAND")
    assert "Segment 4" in page_text(segments) and "<svg" in segments.content.decode()


def test_the_owner_sees_holdings_and_records_why_a_holder_left(client, w):
    sign_in(client, w.bob)
    page = client.get("/tenure/organisations/RJ1/")
    assert "Carol Chief" in page_text(page)
    event = AuditEvent.objects.filter(action="view", detail__what="board post holdings").get()
    assert event.detail["people"] == [w.carol.pk]
    response = client.post(f"/tenure/holdings/{w.carol_holding.pk}/exit/", {
        "ended_on_day": "30", "ended_on_month": "9", "ended_on_year": "2025",
        "reason": "retirement", "interim_followed": "yes"})
    assert response.status_code == 302
    after = page_text(client.get(response["Location"]))
    assert "Why Carol Chief left has been recorded" in after
    assert "30 September 2025 Substantive Yes Retirement Yes" in after
    w.ceo.refresh_from_db()
    assert w.ceo.incumbent is None


def test_an_exit_before_the_start_is_refused_on_the_page_and_nothing_changes(client, w):
    response = sign_in(client, w.bob).post(f"/tenure/holdings/{w.carol_holding.pk}/exit/", {
        "ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "2020",
        "reason": "dismissal", "interim_followed": "no"})
    assert response.status_code == 400
    summary = error_summary(response)
    assert "2020-01-01" in summary and "2022-04-01" in summary
    holding = PostHolding.unscoped.get(pk=w.carol_holding.pk)
    assert holding.in_post and holding.exit_reason == ""


def test_a_system_lead_reads_holdings_but_cannot_record_exits(client, w):
    sign_in(client, w.sybil)
    page = page_text(client.get("/tenure/organisations/RJ1/"))
    assert "Carol Chief" in page and "Record that they left" not in page
    assert client.get(f"/tenure/holdings/{w.carol_holding.pk}/exit/").status_code == 403


def test_another_systems_lead_sees_segments_but_not_who_held_the_posts(client, w):
    other = make_user("sam", role=Role.SYSTEM_TALENT_LEAD, scope=w.other_system)
    make_segment(w.rj1, dt.date(2025, 4, 1), 2)
    text = page_text(sign_in(client, other).get("/tenure/organisations/RJ1/"))
    assert "Carol Chief" not in text and "2025/26" in text
    assert client.get(f"/tenure/holdings/{w.carol_holding.pk}/exit/").status_code == 404


def test_reasons_not_recorded_are_listed_for_the_owner(client, w):
    many_holdings(w.rj1, [100])
    text = page_text(sign_in(client, w.bob).get("/tenure/reasons/"))
    assert "1 holder found" in text


def _upload(client, content: str):
    return client.post("/tenure/segments/import/", {
        "file": SimpleUploadedFile("segments.csv", content.encode(), "text/csv")})


def test_importing_segments_saves_every_row(client, w):
    response = _upload(sign_in(client, w.admin),
                       "organisation_code,effective_from,segment,framework_year\n"
                       "RJ1,2025-04-01,5,2025/26\nrj2,2025-07-01,1,2025/26\n")
    assert response.status_code == 302
    assert OversightSegment.objects.get(organisation=w.rj1).segment == 5
    assert OversightSegment.objects.count() == 2


def test_an_import_with_bad_rows_reports_every_one_and_saves_nothing(client, w):
    response = _upload(sign_in(client, w.admin),
                       "organisation_code,effective_from,segment,framework_year\n"
                       "RJ1,2025-04-01,2,2025/26\n"
                       "XXX9,2025-04-01,2,2025/26\n"
                       "RJ2,2025-04-01,7,2025/26\n"
                       "RJ2,2024-04-01,5,2024/25\n")
    assert response.status_code == 400
    text = page_text(response)
    assert '"XXX9" is not the ODS code of an organisation' in text
    assert 'The segment must be a whole number from 1 to 5 ("7" is not)' in text
    assert "Segment 5 was used only in 2025/26, not 2024/25" in text
    assert "3 rows were rejected, so nothing was saved" in error_summary(response)
    assert OversightSegment.objects.count() == 0


def test_only_administrators_import_segments(client, w):
    assert sign_in(client, w.regional).get("/tenure/segments/import/").status_code == 403


def test_downloads_are_the_figures_on_the_page(client, w):
    many_holdings(w.rj1, [300] * 9)
    sign_in(client, w.admin)
    csv = client.get("/tenure/survival/download.csv?scope=ENGLAND").content.decode()
    assert csv.splitlines()[1].startswith("Everyone,10,9,1,")
    holdings = client.get("/tenure/organisations/RJ1/download.xlsx")
    assert holdings.status_code == 200 and holdings["Content-Type"].startswith(
        "application/vnd.openxmlformats")

"""The board pages, exports and API: what each user sees, a sign-off refused with the signer
named, a reference request for someone never on a board refused with the address named, and
exports whose dates are real date cells."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest

from talentbridge.accounts.models import ApiToken
from talentbridge.board.models import FpptRecord
from talentbridge.board.models import ReferenceRequest
from talentbridge.people.tests.factories import make_person

from .factories import YEAR
from .factories import board_world
from .factories import complete_checks
from .factories import start_records

pytestmark = pytest.mark.django_db

API = "/api/v1/board"


@pytest.fixture
def w():
    w = board_world()
    w.records = start_records(w)
    return w


def post(client, user, path, body):
    _, key = ApiToken.issue(user, "tests", scopes=["read", "write"])
    return client.post(API + path, data=json.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")


def get(client, user, path, **params):
    client.force_login(user)
    return client.get(path, params)


def test_the_chair_sees_the_boards_records_and_others_do_not(client, w):
    page = get(client, w.chris, "/board/fppt/", organisation=w.rj1.pk, year=YEAR)
    assert page.status_code == 200
    assert "Fay Finance" in page.content.decode()
    assert "Fay Finance" not in get(client, w.rex, "/board/fppt/").content.decode()
    record = w.records[w.fay_person.pk]
    assert get(client, w.rex, f"/board/fppt/{record.pk}/").status_code == 404
    for outsider in (w.bob, w.orla, w.admin):
        assert get(client, outsider, "/board/fppt/").status_code == 404
        assert get(client, outsider, f"/board/fppt/{record.pk}/").status_code == 404


def test_the_member_sees_only_their_attestation(client, w):
    record = w.records[w.fay_person.pk]
    page = get(client, w.fay, f"/board/fppt/{record.pk}/")
    assert page.status_code == 302 and page["Location"].endswith("/attest/")
    page = client.post(f"/board/fppt/{record.pk}/attest/", {"confirm": "on"})
    assert page.status_code == 302
    record.refresh_from_db()
    assert record.attested_on == dt.date.today()
    other = w.records[w.petra_person.pk]
    assert get(client, w.fay, f"/board/fppt/{other.pk}/").status_code == 404


def test_a_sign_off_through_the_api_by_someone_not_the_chair_names_them(client, w):
    record = w.records[w.fay_person.pk]
    complete_checks(record, w.petra)
    answer = post(client, w.petra, f"/fppt/{record.pk}/sign-off",
                  {"conclusion": "fit", "signed_off_on": "2026-03-02"})
    assert answer.status_code == 400
    error = next(e for e in answer.json()["errors"] if e["field"] == "signed_off_by")
    assert error["value"] == "Petra People"
    assert '"Petra People" is not the chair' in error["message"]
    record.refresh_from_db()
    assert record.conclusion == ""
    answer = post(client, w.chris, f"/fppt/{record.pk}/sign-off",
                  {"conclusion": "fit", "signed_off_on": "2026-03-02"})
    assert answer.status_code == 200 and answer.json()["conclusion"] == "fit"


def test_a_sign_off_on_the_page_by_someone_not_the_chair_is_refused(client, w):
    record = w.records[w.fay_person.pk]
    complete_checks(record, w.petra)
    client.force_login(w.petra)
    page = client.post(f"/board/fppt/{record.pk}/", {
        "conclusion": "fit", "signed_off_on_day": "2", "signed_off_on_month": "3",
        "signed_off_on_year": "2026"})
    assert page.status_code == 400
    assert '&#34;Petra People&#34; is not the chair' in page.content.decode() or \
        '"Petra People" is not the chair' in page.content.decode()
    record.refresh_from_db()
    assert record.conclusion == ""


def test_a_reference_request_for_someone_never_on_a_board_names_the_address(client, w):
    never = make_person(w.rx1, given_name="Nina", family_name="Never")
    answer = post(client, w.rex, "/reference-requests",
                  {"work_email": never.work_email, "requesting_organisation": "RX1"})
    assert answer.status_code == 400
    error = answer.json()["errors"][0]
    assert (error["field"], error["value"]) == ("work_email", never.work_email)
    assert "sitting on an NHS board" in error["message"]
    assert not ReferenceRequest.unscoped.exists()


def test_the_api_lists_records_with_checks_for_board_readers_only(client, w):
    answer = get(client, w.dora, API + "/fppt", organisation="RJ1")
    body = answer.json()
    assert answer.status_code == 200 and body["count"] == 5
    assert len(body["items"][0]["checks"]) == 14
    assert get(client, w.bob, API + "/fppt").json()["count"] == 0
    assert get(client, w.rhona, API + "/submissions", year=YEAR).json()[0]["members"] == 5
    one = get(client, w.rhona, f"{API}/submissions/RJ1/{YEAR}").json()
    assert one["members_outcomes"] is None


def test_the_xlsx_export_has_real_date_cells(client, w):
    record = w.records[w.fay_person.pk]
    complete_checks(record, w.petra, day=dt.date(2026, 2, 14))
    answer = get(client, w.chris, "/board/fppt/export.xlsx", organisation=w.rj1.pk, year=YEAR)
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    header = [c.value for c in sheet[1]]
    column = header.index("Date completed")
    dates = [row[column].value for row in sheet.iter_rows(min_row=2) if row[column].value]
    assert dates and all(isinstance(d, dt.datetime) for d in dates)
    assert dates[0].date() == dt.date(2026, 2, 14)
    assert get(client, w.bob, "/board/fppt/export.csv",
               organisation=w.rj1.pk, year=YEAR).status_code == 404


def test_the_submission_csv_gives_each_members_outcome(client, w):
    answer = get(client, w.chris, f"/board/submissions/RJ1/{YEAR}/export.csv")
    text = answer.content.decode()
    assert "Board member,Board post,Self-attestation,Conclusion,Signed off on" in text
    assert text.count("Not yet signed off") == FpptRecord.unscoped.filter(year=YEAR).count()


def test_the_people_director_names_a_delegate_who_then_sees_the_records(client, w):
    client.force_login(w.petra)
    page = client.post("/board/delegates/RJ1/", {"username": "bob"})
    assert page.status_code == 302
    assert get(client, w.bob, "/board/fppt/").status_code == 200
    client.force_login(w.petra)
    page = client.post("/board/delegates/RJ1/", {"username": "nobody-here"})
    assert page.status_code == 400 and "There is no active user" in page.content.decode()
    client.force_login(w.dora)  # a delegate does not name delegates
    assert "Name a delegate" not in client.get("/board/delegates/RJ1/").content.decode()


def test_a_reference_is_completed_and_supplied_on_its_page(client, w):
    w.finance_post.incumbent = None
    w.finance_post.save()
    reference = w.fay_person.board_references.get()
    answer = post(client, w.rex, "/reference-requests",
                  {"work_email": w.fay_person.work_email, "requesting_organisation": "RX1"})
    assert answer.status_code == 201
    client.force_login(w.dora)
    page = client.post(f"/board/references/{reference.pk}/", {
        "roles_and_dates": "Director of finance, 2022 to 2026", "declaration": "on"})
    assert page.status_code == 302
    asked = ReferenceRequest.unscoped.get()
    page = client.post(f"/board/references/{reference.pk}/", {"supply": str(asked.pk)})
    assert page.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "supplied"
    text = get(client, w.rex, f"/board/references/{reference.pk}/").content.decode()
    assert "Director of finance, 2022 to 2026" in text

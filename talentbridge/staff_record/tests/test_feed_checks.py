"""Reading and checking a leaders' feed, row by row: every kind of rejection names its row,
column and value, and a file with any rejected row gives no rows to apply."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.staff_record import feed
from talentbridge.staff_record.feed import FeedRefused
from talentbridge.staff_record.feed import Known
from talentbridge.staff_record.feed import check_rows
from talentbridge.staff_record.feed import read_feed

from .feeds import HEADER
from .feeds import TEAM
from .feeds import csv_bytes
from .feeds import row
from .feeds import xlsx_bytes

TODAY = dt.date(2026, 12, 6)


def check(rows, header=None, known: Known | None = None):
    _, body = read_feed(csv_bytes(rows, header), "feed.csv")
    return check_rows(body, known or Known(today=TODAY))


def messages(rejections) -> list[str]:
    return [r.message for r in rejections]


def test_a_good_file_gives_every_row_clean():
    clean, rejected = check(TEAM)
    assert rejected == []
    assert [(r.nhs_identifier, r.pay_band, r.staff_group, r.line_manager) for r in clean] == [
        ("100001", "vsm", "08", ""), ("100002", "9", "03", "100001"),
        ("100003", "8d", "08", "100001")]
    assert clean[0].started_in_post == dt.date(2024, 4, 1)
    assert clean[0].work_email == "ada.fenwick@nhs.net"


def test_headers_match_ignoring_case_and_spaces_and_other_names():
    header = ["nhs identifier", "FIRST NAME", "surname", "Work_Email", "job title",
              "Pay Band", "staffgroup", "START DATE", "line manager nhs id"]
    clean, rejected = check(TEAM, header)
    assert rejected == [] and len(clean) == 3


@pytest.mark.parametrize(("values", "column", "value", "reason"), [
    ({"email": "not-an-address"}, "NHS Work Email", "not-an-address",
     "not a valid e-mail address"),
    ({"email": "ada@gmail.com"}, "NHS Work Email", "ada@gmail.com", "not an NHS work address"),
    ({"band": "10"}, "Band", "10", "unknown band"),
    ({"band": "8e"}, "Band", "8e", "unknown band"),
    ({"group": "11"}, "Staff Group", "11", "unknown staff group"),
    ({"group": "Porters"}, "Staff Group", "Porters", "unknown staff group"),
    ({"start": "2026-13-01"}, "Start Date in Post", "2026-13-01", "not a date"),
    ({"start": "2027-01-01"}, "Start Date in Post", "2027-01-01", "in the future"),
    ({"title": ""}, "Job Title", "", "a value is required"),
    ({"email": ""}, "NHS Work Email", "", "a value is required"),
    ({"manager": "999999"}, "Line Manager NHS Identifier", "999999",
     "line manager not found: not in this file nor a current person of the organisation"),
    ({"manager": "100009"}, "Line Manager NHS Identifier", "100009",
     "a person cannot be their own line manager"),
])
def test_each_rejection_names_the_row_column_and_value(values, column, value, reason):
    clean, rejected = check([*TEAM, row("100009", "Dee", "Irwin", **values)])
    assert clean == []
    assert len(rejected) == 1, messages(rejected)
    r = rejected[0]
    assert (r.row, r.column, r.value) == (5, column, value)
    assert reason in r.reason
    assert r.message.startswith(f'Row 5, {column} "{value}": ')


def test_a_missing_identifier_is_rejected():
    _, rejected = check([row("", "Dee", "Irwin")])
    assert messages(rejected) == ['Row 2, NHS Identifier "": a value is required']


def test_duplicate_identifiers_and_emails_in_the_file_are_rejected_naming_the_first():
    _, rejected = check([
        *TEAM, row("100001", "Dee", "Irwin"),
        row("100010", "Eve", "Jones", email="bea.grant@nhs.net")])
    assert messages(rejected) == [
        'Row 5, NHS Identifier "100001": duplicate NHS identifier in the file (row 2 has it '
        'too)',
        'Row 6, NHS Work Email "bea.grant@nhs.net": duplicate e-mail in the file (row 3 has it '
        'too)']


def test_an_email_another_person_already_has_is_rejected():
    known = Known(today=TODAY, emails={"ada.fenwick@nhs.net": "777777"})
    _, rejected = check(TEAM, known=known)
    assert messages(rejected) == ['Row 2, NHS Work Email "ada.fenwick@nhs.net": duplicate '
                                  'e-mail: another person already has it']


def test_a_line_manager_may_be_a_current_person_not_in_the_file():
    known = Known(today=TODAY, organisation_identifiers=frozenset({"555555"}))
    clean, rejected = check([row("100009", "Dee", "Irwin", manager="555555")], known=known)
    assert rejected == [] and clean[0].line_manager == "555555"


def test_every_rejected_row_is_reported_not_just_the_first():
    _, rejected = check([row("1", band="X"), row("2", "Bo", "Bo", band="Y"),
                         row("3", "Cy", "Cy", group="99", start="yesterday")])
    assert [(r.row, r.column) for r in rejected] == [
        (2, "Band"), (3, "Band"), (4, "Staff Group"), (4, "Start Date in Post")]


@pytest.mark.parametrize(("text", "code"), [("Band 8a", "8a"), ("8C", "8c"), ("vsm", "vsm"),
                                            ("Very senior manager (VSM)", "vsm"), ("5", "5")])
def test_bands_are_read_as_written_in_esr(text, code):
    assert feed.parse_band(text) == code


def test_staff_group_by_code_or_name():
    assert feed.parse_staff_group("3") == "03"
    assert feed.parse_staff_group("nursing and midwifery registered") == "03"


def test_a_file_of_another_type_is_refused():
    with pytest.raises(FeedRefused, match='must be a CSV or XLSX file, not "feed.pdf"'):
        read_feed(b"%PDF-1.4", "feed.pdf")


def test_a_file_not_in_utf8_is_refused_with_how_to_fix_it():
    with pytest.raises(FeedRefused, match="is not UTF-8 text.*save the report as CSV UTF-8"):
        read_feed(csv_bytes(TEAM).replace(b"Fenwick", "Fénwick".encode("latin-1")), "f.csv")


def test_a_missing_column_is_refused_naming_it():
    header = [h for h in HEADER if h != "Band"]
    with pytest.raises(FeedRefused, match="no column for Band"):
        read_feed(csv_bytes([r[:5] + r[6:] for r in TEAM], header), "feed.csv")


def test_an_empty_file_is_refused():
    with pytest.raises(FeedRefused, match="is empty"):
        read_feed(b"\n\n", "feed.csv")


def test_a_broken_workbook_is_refused():
    with pytest.raises(FeedRefused, match="not an XLSX workbook"):
        read_feed(b"PK\x03\x04 not really", "feed.xlsx")


def test_an_xlsx_feed_reads_like_the_csv_including_date_cells():
    rows = [[*r[:7], dt.datetime(2024, 4, 1), r[8]] for r in TEAM]
    rows[0][0] = 100001  # a number cell, as Excel stores identifiers
    _, body = read_feed(xlsx_bytes(rows), "feed.xlsx")
    clean, rejected = check_rows(body, Known(today=TODAY))
    assert rejected == []
    assert clean[0].nhs_identifier == "100001"
    assert clean[0].started_in_post == dt.date(2024, 4, 1)


def test_professional_background_comes_from_the_staff_group():
    assert feed.background_for("01") == "medicine"
    assert feed.background_for("03") == "nursing"
    assert feed.background_for("08") == "other"


@pytest.mark.parametrize("text, band", [("Consultant", "consultant"),
                                        ("Specialty Doctor", "specialty_doctor"),
                                        ("Specialist", "specialty_doctor"),
                                        ("Resident doctor", "resident_doctor"),
                                        ("Band 8A", "8a"), ("VSM", "vsm")])
def test_medical_grades_and_bands_are_read_in_a_staff_record_s_words(text, band):
    """A trust's feed lists its consultants and other doctors with their grade."""
    assert feed.parse_band(text) == band

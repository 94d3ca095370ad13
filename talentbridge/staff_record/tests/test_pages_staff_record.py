"""The staff record pages as an organisation administrator uses them: upload a feed, follow
its import, see rejected rows in an NHS error summary, retry a failed one, and answer the
"Left or moved?" list. Without JavaScript: plain forms and links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talentbridge.core.tests.signing_in import client_for
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text
from talentbridge.staff_record import services
from talentbridge.staff_record.models import FeedImport

from .feeds import TEAM
from .feeds import csv_bytes
from .feeds import row
from .feeds import stopped_import

pytestmark = pytest.mark.django_db


def post_feed(client, rows, name="leaders.csv", organisation="RJ1", data=None):
    return client.post(reverse("staff_record:upload"), {
        "organisation": organisation,
        "file": SimpleUploadedFile(name, data if data is not None else csv_bytes(rows))},
        follow=True)


def test_the_navigation_offers_the_staff_record_to_organisation_administrators(w):
    response = client_for(w.oadmin).get(reverse("staff_record:home"))
    assert 'href="/staff-record/"' in response.content.decode()
    text = page_text(response)
    assert "Riverside Teaching Hospitals" in text and "Hilltop" not in text
    leader = client_for(make_user("plain"))
    assert 'href="/staff-record/"' not in leader.get("/people/").content.decode()
    assert leader.get(reverse("staff_record:home")).status_code == 403


def test_uploading_a_feed_shows_what_it_did(w):
    response = post_feed(client_for(w.oadmin), TEAM)
    text = page_text(response)
    assert response.status_code == 200
    assert "Applied" in text and "3 created, 0 updated, 0 moved here, 0 unchanged" in text
    assert Person.unscoped.filter(organisation=w.rj1).count() == 3


def test_a_rejected_feed_lists_every_row_in_an_error_summary(w):
    response = post_feed(client_for(w.oadmin), [*TEAM, row("100004", "Dee", "Irwin",
                                                           email="dee@gmail.com", band="8e")])
    summary = error_summary(response)
    assert "There is a problem with the file" in summary
    assert 'Row 5, NHS Work Email "dee@gmail.com": not an NHS work address' in summary
    assert 'Row 5, Band "8e": unknown band' in summary
    assert "Rejected rows (2)" in page_text(response)
    assert not Person.unscoped.exists()


def test_a_file_of_the_wrong_type_is_refused_on_the_form(w):
    response = post_feed(client_for(w.oadmin), None, name="leaders.txt", data=b"hello")
    assert 'The selected file must be a CSV or XLSX file, not "leaders.txt"' in error_summary(
        response)
    assert not FeedImport.objects.exists()


def test_a_file_in_another_encoding_is_rejected_with_how_to_fix_it(w):
    response = post_feed(client_for(w.oadmin), None,
                         data=csv_bytes(TEAM).replace(b"Ada", "Adé".encode("latin-1")))
    assert "is not UTF-8 text" in page_text(response)
    assert ("save the report as CSV UTF-8 and upload it again. Nothing was changed."
            in page_text(response))


def test_another_organisations_feed_cannot_be_uploaded(w):
    response = post_feed(client_for(w.oadmin), TEAM, organisation="RX1")
    assert "Select an organisation you administer" in error_summary(response)
    assert not FeedImport.objects.exists()


def test_an_import_of_another_organisation_looks_absent(w):
    feed = services.start_feed_import(w.xadmin, csv_bytes(TEAM), organisation=w.rx1,
                                      filename="leaders.csv")
    assert client_for(w.oadmin).get(reverse("staff_record:import", args=[feed.pk])
                                    ).status_code == 404


def test_a_failed_import_can_be_retried_from_its_page(w):
    feed = stopped_import(w)
    client = client_for(w.oadmin)
    page = page_text(client.get(reverse("staff_record:import", args=[feed.pk])))
    assert "The worker stopped while this was running" in page and "Retry this import" in page
    response = client.post(reverse("staff_record:retry", args=[feed.pk]), follow=True)
    assert "3 created" in page_text(response)


def test_the_left_or_moved_page_records_that_someone_left(w):
    client = client_for(w.oadmin)
    post_feed(client, TEAM)
    post_feed(client, TEAM[:2])
    cal = Person.unscoped.get(nhs_identifier="100003")
    assert "1 person not in the latest feed" in page_text(client.get(
        reverse("staff_record:home")))
    page = page_text(client.get(reverse("staff_record:missing", args=["RJ1"])))
    assert "Cal Hughes" in page and "Ada Fenwick" not in page
    answer = reverse("staff_record:missing-answer", args=["RJ1", cal.pk])
    response = client.post(answer, {"answer": "left"})
    assert "Enter the date they left the NHS" in error_summary(response)
    response = client.post(answer, {"answer": "left", "left_on_day": "30",
                                    "left_on_month": "11", "left_on_year": "2026"}, follow=True)
    assert "Recorded for Cal Hughes: left the NHS" in page_text(response)
    cal.refresh_from_db()
    assert cal.left_nhs_on == dt.date(2026, 11, 30)
    assert "Cal Hughes" not in page_text(client.get(reverse("staff_record:missing",
                                                            args=["RJ1"])))


def test_other_users_are_refused_the_pages(w):
    assert client_for(w.xadmin).get(reverse("staff_record:missing", args=["RJ1"])
                                    ).status_code == 403

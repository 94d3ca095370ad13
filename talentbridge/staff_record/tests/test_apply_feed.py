"""Applying a leaders' feed: people created, updated, moved here and given line managers, all
or nothing; the same file twice changes nothing; people left out are listed, not deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from talentbridge.audit.models import AuditEvent
from talentbridge.core import work
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import make_person
from talentbridge.staff_record import services
from talentbridge.staff_record.models import Answer
from talentbridge.staff_record.models import FeedImport
from talentbridge.staff_record.models import FeedStatus

from .feeds import TEAM
from .feeds import csv_bytes
from .feeds import row
from .feeds import stopped_import
from .feeds import xlsx_bytes

pytestmark = pytest.mark.django_db


def upload(w, rows, *, who=None, org=None, name="leaders.csv", data=None) -> FeedImport:
    feed = services.start_feed_import(who or w.oadmin, data or csv_bytes(rows),
                                      organisation=org or w.rj1, filename=name)
    feed.refresh_from_db()
    return feed


def person(ident: str) -> Person:
    return Person.unscoped.get(nhs_identifier=ident)


def current_entries(p: Person) -> list[tuple]:
    return [(e.organisation.ods_code, e.role_title, e.started_on)
            for e in CareerHistoryEntry.unscoped.filter(person=p, ended_on__isnull=True)]


def test_a_feed_creates_people_with_their_posts_and_line_managers(w):
    feed = upload(w, TEAM)
    assert feed.status == FeedStatus.APPLIED, feed.errors
    assert feed.summary == {"created": 3, "updated": 0, "moved": 0, "unchanged": 0,
                            "missing": 0, "invited": 3}
    ada, bea, cal = person("100001"), person("100002"), person("100003")
    assert (ada.organisation, ada.job_title, ada.pay_band, ada.staff_group) == (
        w.rj1, "Chief Executive", "vsm", "08")
    assert ada.visibility == "organisation" and ada.line_manager is None
    assert bea.line_manager == ada and cal.line_manager == ada
    assert bea.professional_background == "nursing"
    assert current_entries(cal) == [("RJ1", "Director of Finance", dt.date(2024, 4, 1))]
    assert feed.message.startswith("3 created, 0 updated, 0 moved here")
    assert feed.message.endswith("Invitations sent to 3 new people.")


def test_the_same_file_twice_changes_nothing_the_second_time(w):
    upload(w, TEAM)
    before = {p.pk: p.updated_at for p in Person.unscoped.all()}
    entries = CareerHistoryEntry.unscoped.count()
    again = upload(w, TEAM)
    assert again.status == FeedStatus.APPLIED
    assert again.summary["unchanged"] == 3 and again.changed_nothing
    assert again.message.startswith("No changes")
    assert {p.pk: p.updated_at for p in Person.unscoped.all()} == before
    assert CareerHistoryEntry.unscoped.count() == entries


def test_a_changed_row_updates_the_person_and_a_new_post_starts_a_new_entry(w):
    upload(w, TEAM)
    changed = [TEAM[0], row("100002", "Bea", "Grant", title="Chief Nurse", band="vsm",
                            group="03", start="2025-10-01", manager="100001",
                            email="bea.grant@riverside.nhs.uk"), TEAM[2]]
    feed = upload(w, changed)
    assert feed.summary == {"created": 0, "updated": 1, "moved": 0, "unchanged": 2,
                            "missing": 0}
    bea = person("100002")
    assert (bea.job_title, bea.pay_band, bea.started_in_post, bea.work_email) == (
        "Chief Nurse", "vsm", dt.date(2025, 10, 1), "bea.grant@riverside.nhs.uk")
    assert current_entries(bea) == [("RJ1", "Chief Nurse", dt.date(2025, 10, 1))]
    ended = CareerHistoryEntry.unscoped.get(person=bea, ended_on__isnull=False)
    assert (ended.role_title, ended.ended_on) == ("Director of Nursing", dt.date(2025, 9, 30))


def test_a_new_line_manager_is_an_update(w):
    upload(w, TEAM)
    feed = upload(w, [*TEAM[:2], row("100003", "Cal", "Hughes", title="Director of Finance",
                                     group="Administrative and Clerical", manager="100002")])
    assert feed.summary["updated"] == 1
    assert person("100003").line_manager == person("100002")


def test_any_rejected_row_changes_nothing(w):
    feed = upload(w, [*TEAM, row("100004", "Dee", "Irwin", band="12")])
    assert feed.status == FeedStatus.REJECTED
    assert feed.errors == [{"row": 5, "column": "Band", "value": "12",
                            "reason": "unknown band: use 1 to 9, 8a to 8d, VSM, consultant, "
                                      "specialty doctor or resident doctor"}]
    assert "nothing was changed" in feed.message
    assert not Person.unscoped.filter(nhs_identifier__startswith="1000").exists()


def test_people_left_out_are_listed_not_deleted_and_can_be_answered(w):
    upload(w, TEAM)
    stays = make_person(w.rj1, given_name="Gus", family_name="Kerr", nhs_identifier="100007")
    feed = upload(w, TEAM[:2])
    assert feed.summary["missing"] == 2
    missing = services.missing_people(w.oadmin, w.rj1)
    assert [a.person.nhs_identifier for a in missing] == ["100003", "100007"]
    assert Person.unscoped.filter(nhs_identifier="100003", organisation=w.rj1).exists()

    services.answer_missing(w.oadmin, w.rj1, person("100003").pk, answer=Answer.LEFT,
                            left_on=dt.date(2026, 11, 30))
    services.answer_missing(w.oadmin, w.rj1, stays.pk, answer=Answer.STILL_HERE)
    assert person("100003").left_nhs_on == dt.date(2026, 11, 30)
    assert services.missing_people(w.oadmin, w.rj1) == []
    assert AuditEvent.objects.filter(target_id=str(stays.pk), action="update").exists()


def test_moved_stays_listed_until_the_new_employers_feed_moves_them(w):
    upload(w, TEAM)
    upload(w, TEAM[:2])
    cal = person("100003")
    services.answer_missing(w.oadmin, w.rj1, cal.pk, answer=Answer.MOVED)
    assert [a.answer for a in services.missing_people(w.oadmin, w.rj1)] == ["moved"]
    assert person("100003").left_nhs_on is None

    upload(w, [row("100003", "Cal", "Hughes", title="Chief Finance Officer", band="9",
                   group="08", start="2026-11-01")], who=w.xadmin, org=w.rx1)
    assert services.missing_people(w.oadmin, w.rj1) == []


def test_someone_who_left_the_nhs_and_joins_another_organisation_is_moved_there(w):
    """Found by the lifecycle machine (people/tests/test_lifecycle_properties.py): the new
    employer's whole feed was rejected, because the moves service refuses to move someone
    who left, and only the former employer could undo "left"."""
    upload(w, TEAM)
    upload(w, TEAM[:2])
    today = timezone.localdate()
    services.answer_missing(w.oadmin, w.rj1, person("100003").pk, answer=Answer.LEFT,
                            left_on=today - dt.timedelta(days=10))
    feed = upload(w, [row("100003", "Cal", "Hughes", title="Chief Finance Officer", band="9",
                          group="08", start=(today - dt.timedelta(days=2)).isoformat())],
                  who=w.xadmin, org=w.rx1)
    assert feed.status == FeedStatus.APPLIED, feed.errors
    assert feed.summary["moved"] == 1
    cal = person("100003")
    assert (cal.organisation, cal.left_nhs_on, cal.job_title) == (
        w.rx1, None, "Chief Finance Officer")
    assert current_entries(cal) == [("RX1", "Chief Finance Officer",
                                     today - dt.timedelta(days=2))]


def test_a_row_for_a_person_employed_elsewhere_moves_them_from_its_start_date(w):
    upload(w, TEAM)
    feed = upload(w, [row("100002", "Bea", "Grant", title="Chief Nurse", band="vsm",
                          group="03", start="2026-11-01", email="bea.grant@hilltop.nhs.uk")],
                  who=w.xadmin, org=w.rx1)
    assert feed.status == FeedStatus.APPLIED, feed.errors
    assert feed.summary["moved"] == 1
    bea = person("100002")
    assert (bea.organisation, bea.job_title, bea.started_in_post, bea.work_email) == (
        w.rx1, "Chief Nurse", dt.date(2026, 11, 1), "bea.grant@hilltop.nhs.uk")
    assert current_entries(bea) == [("RX1", "Chief Nurse", dt.date(2026, 11, 1))]
    old = CareerHistoryEntry.unscoped.get(person=bea, organisation=w.rj1)
    assert old.ended_on == dt.date(2026, 10, 31)
    assert bea.moves.get().effective_on == dt.date(2026, 11, 1)


def test_a_move_dated_before_the_current_post_is_rejected_and_changes_nothing(w):
    upload(w, TEAM)
    feed = upload(w, [row("900001", "Hal", "Lowe"),
                      row("100002", "Bea", "Grant", start="2020-01-01")],
                  who=w.xadmin, org=w.rx1)
    assert feed.status == FeedStatus.REJECTED
    [problem] = feed.errors
    assert (problem["row"], problem["column"], problem["value"]) == (
        3, "Start Date in Post", "2020-01-01")
    assert "move was refused" in problem["reason"]
    assert person("100002").organisation == w.rj1
    assert not Person.unscoped.filter(nhs_identifier="900001").exists()


def test_new_people_are_invited_and_the_uploader_told(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(w, TEAM)
    by_address = {(m.to[0], m.subject) for m in mail.outbox}
    assert ("ada.fenwick@nhs.net", "You have been invited to TalentBridge") in by_address
    assert ("cal.hughes@nhs.net", "You have been invited to TalentBridge") in by_address
    assert ("oadmin@riverside.nhs.uk", "Leaders' feed applied: leaders.csv") in by_address
    assert person("100001").user is not None


def test_the_uploader_is_told_when_a_feed_is_rejected(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(w, [row("", "Dee", "Irwin")])
    assert [m.subject for m in mail.outbox] == ["Leaders' feed rejected: leaders.csv"]


def test_an_xlsx_feed_is_applied(w):
    rows = [[*r[:7], dt.datetime(2024, 4, 1), r[8]] for r in TEAM]
    feed = upload(w, None, data=xlsx_bytes(rows), name="leaders.xlsx")
    assert feed.status == FeedStatus.APPLIED, feed.errors
    assert feed.summary["created"] == 3


def test_a_feed_import_is_audited_with_the_people_it_changed(w):
    feed = upload(w, TEAM)
    event = AuditEvent.objects.get(target_type="staff_record.feedimport",
                                   target_id=str(feed.pk), action="update")
    ids = sorted(Person.unscoped.values_list("pk", flat=True))
    assert event.detail["created_ids"] == ids and event.detail["people"] == ids


def test_a_stopped_import_is_marked_failed_and_retried(w):
    feed = stopped_import(w)
    work.mark_stale_work_failed()
    feed.refresh_from_db()
    assert feed.status == FeedStatus.FAILED and "Retry it" in feed.message
    assert services.can_retry(w.oadmin, feed)
    services.retry_import(w.oadmin, feed)
    feed.refresh_from_db()
    assert feed.status == FeedStatus.APPLIED and feed.summary["created"] == 3


@pytest.mark.parametrize(("name", "data", "message"), [
    ("leaders.pdf", b"%PDF", 'must be a CSV or XLSX file, not "leaders.pdf"'),
    ("leaders.csv", b"", "The selected file is empty"),
])
def test_bad_files_are_refused_before_anything_is_kept(w, name, data, message):
    with pytest.raises(ValidationError, match=message):
        services.start_feed_import(w.oadmin, data, organisation=w.rj1, filename=name)
    assert not FeedImport.objects.exists()


def test_a_file_too_large_is_refused(w, monkeypatch):
    monkeypatch.setattr(services, "MAX_FEED_BYTES", 100)
    with pytest.raises(ValidationError, match="must be smaller than 100 bytes"):
        services.start_feed_import(w.oadmin, csv_bytes(TEAM), organisation=w.rj1,
                                   filename="leaders.csv")


def test_an_email_another_person_has_in_other_capitals_is_rejected(w):
    make_person(w.rx1, given_name="Zed", family_name="Young", work_email="Ada.Fenwick@nhs.net")
    feed = upload(w, TEAM)
    assert feed.status == FeedStatus.REJECTED
    assert [(e["row"], e["column"]) for e in feed.errors] == [(2, "NHS Work Email")]
    assert "another person already has it" in feed.errors[0]["reason"]

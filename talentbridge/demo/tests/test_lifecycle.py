"""The demo shows the people lifecycle: feeds, an organisation administrator with an invitation
and a correction request waiting, moves between systems, notifications and a data export."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest

from talentbridge.demo import lifecycle
from talentbridge.demo import opportunities
from talentbridge.demo import talent
from talentbridge.demo.generator import build_demo
from talentbridge.demo.generator import demo_people
from talentbridge.demo.tests.building import base_demo_and
from talentbridge.demo.users import DEMO_USERS
from talentbridge.demo.users import demo_password
from talentbridge.notifications.models import Notification
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Move
from talentbridge.staff_record.feed import Known
from talentbridge.staff_record.feed import check_rows
from talentbridge.staff_record.feed import read_feed
from talentbridge.staff_record.models import FeedImport

pytestmark = pytest.mark.django_db


def _talent_opportunities_and_lifecycle(seed: int, out) -> None:
    for part in (talent, opportunities, lifecycle):
        part.build(seed, out)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    yield from base_demo_and(django_db_blocker, lambda: None, 600,
                             _talent_opportunities_and_lifecycle)


def page(client, username: str, url: str) -> str:
    assert client.login(username=username, password=demo_password())
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_demo_person_has_a_plainly_synthetic_nhs_identifier(demo):
    identifiers = list(demo_people().values_list("nhs_identifier", flat=True))
    assert len(identifiers) == len(set(identifiers)) == 601  # 600 leaders and the new starter
    assert all(i.startswith("DEMO-") for i in identifiers)


def test_the_organisation_administrator_sees_feeds_invitations_and_corrections(demo, client):
    assert "org.admin" in [u.username for u in DEMO_USERS]
    home = page(client, "org.admin", "/staff-record/")
    assert lifecycle.APPLIED_FEED in home and lifecycle.REJECTED_FEED in home
    rejected = FeedImport.objects.get(source_filename=lifecycle.REJECTED_FEED)
    assert rejected.status == "rejected" and rejected.error_count == 4
    shown = page(client, "org.admin", f"/staff-record/imports/{rejected.pk}/")
    for text in ("not an NHS work address", "unknown band", "in the future",
                 "line manager not found"):
        assert text in shown
    applied = FeedImport.objects.get(source_filename=lifecycle.APPLIED_FEED)
    assert applied.status == "applied" and applied.summary["created"] == 1
    missing = page(client, "org.admin", "/staff-record/organisations/R0A/missing/")
    [absence] = [a for a in applied.absences.all() if a.answer == ""]
    assert absence.person.full_name in missing
    users = page(client, "org.admin", "/accounts/users/?status=invited")
    assert "Jordan Ellis" in users
    queue = page(client, "org.admin", "/my-data/corrections/queue/")
    assert demo_people().get(user__username="leader").full_name in queue
    assert "job title" in queue.lower()


def test_a_newcomer_can_download_an_example_feed_that_passes_the_checks(demo, client):
    upload = page(client, "org.admin", "/staff-record/upload/")
    assert "/staff-record/example.csv" in upload
    example = client.get("/staff-record/example.csv")
    assert example["Content-Type"].startswith("text/csv")
    headers, rows = read_feed(example.content, "example.csv")
    assert headers[:3] == ["NHS Identifier", "Given Name", "Family Name"]
    clean, rejected = check_rows(rows, Known(today=dt.date.today()))
    assert len(clean) == 2 and rejected == []


def test_a_leader_moved_between_systems_and_another_move_waits(demo):
    moved = Move.unscoped.get(applied_at__isnull=False, person__in=demo_people())
    systems = {m.organisation_id: m.system_id for m in OrganisationMembership.objects.filter(
        organisation__in=[moved.from_organisation, moved.to_organisation])}
    assert systems[moved.from_organisation_id] != systems[moved.to_organisation_id]
    history = set(CareerHistoryEntry.unscoped.filter(person=moved.person)
                  .values_list("organisation_id", flat=True))
    assert {moved.from_organisation_id, moved.to_organisation_id} <= history
    waiting = Move.unscoped.get(applied_at__isnull=True, person__in=demo_people())
    assert waiting.effective_on > moved.effective_on and waiting.person != moved.person


def test_the_leader_has_notifications_and_can_download_their_data(demo, client):
    mine = Notification.unscoped.filter(recipient__username="leader")
    kinds = set(mine.values_list("kind", flat=True))
    assert {"nomination", "conversation_review_due", "correction_update"} <= kinds
    assert mine.filter(read_at__isnull=True).exists()
    assert mine.filter(read_at__isnull=False).exists()
    listed = page(client, "leader", "/notifications/")
    assert "Your career conversation is due for review" in listed
    assert client.login(username="leader", password=demo_password())
    response = client.get("/my-data/download/")
    assert response.status_code == 200
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    assert data["career conversations"]
    assert data["correction requests"] and data["notifications"]


def test_a_reset_removes_the_lifecycle_demo_and_builds_it_again(demo):
    lifecycle.build(2026)  # already there: nothing changes
    assert FeedImport.objects.count() == 2
    build_demo(seed=2026, leaders=600, reset=True)
    assert not FeedImport.objects.exists() and not Move.unscoped.exists()
    _talent_opportunities_and_lifecycle(2026, None)
    assert FeedImport.objects.count() == 2

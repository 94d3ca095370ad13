"""Who has looked at my record: from the audit trail, with the viewer's role then, never the
person's own looks, names only when the setting says so; paged; the person's alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.people import services as people_services
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_text

pytestmark = pytest.mark.django_db

API = "/api/v1/people/me/views"


@pytest.fixture
def w():
    return make_world()


def items(client, user, query=""):
    client.force_login(user)
    response = client.get(API + query)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_look_by_her_talent_lead_is_listed_with_his_role_and_organisation(client, w):
    people_services.get_person(w.bob, w.alice_person.pk)
    body = items(client, w.alice)
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["roles"] == ["Organisation talent lead, Guy's and St Thomas' NHS Foundation "
                             "Trust"]
    assert item["what"] == "Viewed: your profile"
    assert "name" not in item or item["name"] is None
    assert body["names_shown"] is False


def test_her_own_looks_are_left_out(client, w):
    people_services.get_person(w.alice, w.alice_person.pk)
    record(actor=w.alice, action=AuditAction.EXPORT, target=w.alice_person)
    assert items(client, w.alice)["count"] == 0


def test_lists_that_named_her_count_and_others_do_not(client, w):
    record_read(actor=w.admin, request=None, people=[w.charlie_person.pk, w.alice_person.pk],
                what="a search result")
    record_read(actor=w.admin, request=None,
                people=[w.charlie_person.pk, 1000 + w.alice_person.pk])
    record(actor=w.admin, action=AuditAction.VIEW_CHARACTERISTICS, target=w.alice_person,
           reason="Checking a complaint")
    record(actor=w.admin, action=AuditAction.UPDATE, target=w.alice_person)  # a change
    body = items(client, w.alice)
    assert body["count"] == 2
    assert {i["what"] for i in body["items"]} == {
        "Viewed: a search result", "Viewed protected characteristics: your profile"}
    assert all(i["roles"] == ["Administrator, England"] for i in body["items"])


def test_the_role_shown_is_the_one_held_at_the_time(client, w):
    """A role that ended since still shows for the look made while it was held; a role begun
    after the look does not."""
    dana = make_user("dana", role=Role.SYSTEM_TALENT_LEAD, scope=w.system)
    looked = record(actor=dana, action=AuditAction.VIEW, target=w.alice_person)
    RoleAssignment.objects.filter(user=dana).update(ends_at=timezone.now())
    later = timezone.now() + dt.timedelta(seconds=1)
    RoleAssignment.objects.create(user=dana, role=Role.REGIONAL_LEAD, scope_level="region",
                                  region=w.region, starts_at=later)
    (item,) = items(client, w.alice)["items"]
    assert item["roles"] == [f"System talent lead, {w.system.name}"]
    assert item["when"].startswith(looked.occurred_at.date().isoformat())


def test_a_viewer_with_several_roles_has_each_listed(client, w):
    RoleAssignment.objects.create(user=w.bob, role=Role.ANALYST, scope_level="region",
                                  region=w.region)
    people_services.get_person(w.bob, w.alice_person.pk)
    (item,) = items(client, w.alice)["items"]
    assert len(item["roles"]) == 2
    assert "Analyst, London" in item["roles"]


def test_names_are_shown_only_when_the_setting_is_on(client, w, settings):
    w.bob.first_name, w.bob.last_name = "Bob", "Bennett"
    w.bob.save()
    people_services.get_person(w.bob, w.alice_person.pk)
    client.force_login(w.alice)
    assert "Bob Bennett" not in page_text(client.get("/my-data/views/"))
    settings.TALENTBRIDGE_SHOW_VIEWER_NAMES = True
    assert items(client, w.alice)["items"][0]["name"] == "Bob Bennett"
    assert "Bob Bennett" in page_text(client.get("/my-data/views/"))


def test_the_list_is_paged(client, w):
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=w.bob, actor_label="bob", action=AuditAction.VIEW,
                   target_type="people.person", target_id=str(w.alice_person.pk),
                   channel="web") for _ in range(55))
    body = items(client, w.alice, "?limit=20&offset=40")
    assert (body["count"], len(body["items"])) == (55, 15)
    client.force_login(w.alice)
    text = page_text(client.get("/my-data/views/"))
    assert "Showing 1 to 50 of 55 looks" in text
    assert "Page 2 of 2" in text
    assert "Showing 51 to 55 of 55 looks" in page_text(client.get("/my-data/views/?page=2"))


def test_each_person_sees_only_the_looks_at_their_own_record(client, w):
    people_services.get_person(w.bob, w.alice_person.pk)
    for user in (w.bob, w.charlie):
        assert items(client, user)["count"] == 0  # their own list, which is empty
    client.force_login(w.admin)
    assert client.get(API).status_code == 404  # no profile, so no list
    assert client.get("/my-data/views/").status_code == 404

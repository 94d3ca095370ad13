"""The account administration pages and API: users and their roles, giving and ending roles,
deactivating, who holds which role, inviting a person."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import User
from talentbridge.accounts.tests.worlds import accounts_world
from talentbridge.core.tests.confirming import assert_asks_first
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return accounts_world()


def signed_in(client, user):
    client.force_login(user)
    return client


def test_an_organisation_administrator_lists_only_their_people(client, world):
    page = signed_in(client, world.olive).get("/accounts/users/")
    links = page.content.decode()
    assert f'href="/accounts/users/{world.dan.pk}/"' in links
    assert f'href="/accounts/users/{world.alice.pk}/"' in links
    assert f'href="/accounts/users/{world.charlie.pk}/"' not in links
    assert f'href="/accounts/users/{world.admin.pk}/"' not in links
    assert "4 users found" in page_text(page)
    assert "Organisation talent lead" in page_text(page)  # bob's current role
    assert "No role" in page_text(page)  # alice holds none: said in words, not "None"
    assert "None" not in page_text(page)
    alice = page_text(signed_in(client, world.olive).get(f"/accounts/users/{world.alice.pk}/"))
    assert "They hold no role." in alice and "None" not in alice


def test_an_administrator_lists_and_searches_everyone(client, world):
    client = signed_in(client, world.admin)
    assert "charlie" in page_text(client.get("/accounts/users/"))
    found = page_text(client.get("/accounts/users/?text=Dawes"))
    assert "dan" in found and "charlie" not in found


def test_people_who_administer_no_accounts_are_refused(client, world):
    client = signed_in(client, world.bob)
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/accounts/roles/").status_code == 403
    assert client.get(f"/accounts/users/{world.dan.pk}/").status_code == 403


def test_a_user_of_another_organisation_looks_like_no_user(client, world):
    assert signed_in(client, world.olive).get(
        f"/accounts/users/{world.charlie.pk}/").status_code == 404


def test_giving_a_role_offers_only_what_one_may_give(client, world):
    client = signed_in(client, world.olive)
    page = client.get(f"/accounts/users/{world.dan.pk}/").content.decode()
    assert 'value="organisation_talent_lead"' in page
    assert 'value="system_talent_lead"' not in page
    assert f'value="organisation:{world.rj1.pk}"' in page
    assert f'value="organisation:{world.rx1.pk}"' not in page
    done = client.post(f"/accounts/users/{world.dan.pk}/roles/", {
        "role": "organisation_talent_lead", "scope": f"organisation:{world.rj1.pk}"})
    assert done.status_code == 302
    assert "Organisation talent lead" in page_text(client.get(done.url))
    refused = client.post(f"/accounts/users/{world.dan.pk}/roles/", {
        "role": "system_talent_lead", "scope": f"system:{world.system.pk}"})
    assert refused.status_code == 400
    assert "system_talent_lead" in error_summary(refused)  # not offered, so not accepted
    herself = client.post(f"/accounts/users/{world.olive.pk}/roles/", {
        "role": "analyst", "scope": f"organisation:{world.rj1.pk}"})
    assert herself.status_code == 403
    assert "You cannot change your own roles" in error_summary(herself)
    elsewhere = client.post(f"/accounts/users/{world.charlie.pk}/roles/", {
        "role": "analyst", "scope": f"organisation:{world.rj1.pk}"})
    assert elsewhere.status_code == 404  # charlie is not one of olive's people
    assert list(RoleAssignment.objects.filter(user=world.dan).values_list("role", flat=True)) \
        == ["organisation_talent_lead"]


def test_ending_a_role_and_deactivating_from_the_page(client, world):
    client = signed_in(client, world.olive)
    bob_role = RoleAssignment.objects.get(user=world.bob)
    client.post(f"/accounts/roles/{bob_role.pk}/end/")
    assert "Roles ended" in page_text(client.get(f"/accounts/users/{world.bob.pk}/"))
    no_reason = client.post(f"/accounts/users/{world.dan.pk}/deactivate/", {"reason": ""})
    assert no_reason.status_code == 400
    assert "Enter reason" in error_summary(no_reason) or "reason" in error_summary(no_reason)
    client.post(f"/accounts/users/{world.dan.pk}/deactivate/", {"reason": "Left the trust"})
    assert not User.objects.get(pk=world.dan.pk).is_active
    assert "Deactivated" in page_text(client.get("/accounts/users/?status=deactivated"))
    client.post(f"/accounts/users/{world.dan.pk}/reactivate/", {"reason": "Came back"})
    assert User.objects.get(pk=world.dan.pk).is_active


def test_who_holds_which_role(client, world):
    client = signed_in(client, world.admin)
    text = page_text(client.get("/accounts/roles/?role=organisation_administrator"))
    assert "olive" in text and "bob" not in text
    assert "bob" in page_text(client.get("/accounts/roles/?scope_level=organisation"))


def test_the_navigation_offers_users_to_administrators_of_accounts(client, world):
    assert 'href="/accounts/users/"' in signed_in(client, world.olive).get(
        "/accessibility/").content.decode()
    assert 'href="/accounts/users/"' not in signed_in(client, world.bob).get(
        "/accessibility/").content.decode()


def test_inviting_from_the_person_page(client, world, django_capture_on_commit_callbacks):
    client = signed_in(client, world.olive)
    page = page_text(client.get(f"/people/{world.newcomer.pk}/account/"))
    assert "No account" in page and "Invite Nia Newton" in page
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/people/{world.newcomer.pk}/account/invite/")
    assert "An invitation has been sent to Nia Newton" in page_text(client.get(done.url))
    assert mail.outbox[-1].to == ["Nia.Newton@example.nhs.uk"]
    assert Person.unscoped.get(pk=world.newcomer.pk).user.username == "nia.newton@example.nhs.uk"
    admin_view = signed_in(client, world.admin).get(f"/people/{world.charlie_person.pk}/")
    assert "Invite" not in page_text(admin_view)  # charlie has an account


# ---- the API -------------------------------------------------------------------------------


def auth(user) -> dict:
    _, key = ApiToken.issue(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, url, body, user):
    return client.post(url, data=json.dumps(body), content_type="application/json",
                       **auth(user))


def test_the_api_lists_users_within_scope(client, world):
    listed = client.get("/api/v1/users", **auth(world.olive)).json()
    usernames = {u["username"] for u in listed["items"]}
    assert {"dan", "alice", "bob", "olive"} <= usernames and "charlie" not in usernames
    one = client.get(f"/api/v1/users/{world.bob.pk}", **auth(world.olive)).json()
    assert one["status"] == "active"
    assert one["roles"][0]["role"] == "organisation_talent_lead"
    assert client.get(f"/api/v1/users/{world.charlie.pk}", **auth(world.olive)).status_code \
        == 404
    assert client.get("/api/v1/users", **auth(world.bob)).status_code == 403


def test_the_api_gives_roles_within_scope_only(client, world):
    refused = post(client, f"/api/v1/users/{world.dan.pk}/roles",
                   {"role": "system_talent_lead", "scope_level": "system",
                    "scope_id": world.system.pk}, world.olive)
    assert refused.status_code == 403
    assert "system talent lead" in refused.json()["detail"]
    elsewhere = post(client, f"/api/v1/users/{world.dan.pk}/roles",
                     {"role": "analyst", "scope_level": "organisation",
                      "scope_id": world.rx1.pk}, world.olive)
    assert elsewhere.status_code == 403
    assert not RoleAssignment.objects.filter(user=world.dan).exists()
    given = post(client, f"/api/v1/users/{world.dan.pk}/roles",
                 {"role": "analyst", "scope_level": "organisation", "scope_id": world.rj1.pk},
                 world.olive)
    assert given.status_code == 201
    ended = post(client, f"/api/v1/roles/{given.json()['id']}/end", {}, world.olive)
    assert ended.status_code == 200 and ended.json()["ended"] is True


def test_the_api_deactivates_and_invites(client, world, django_capture_on_commit_callbacks):
    assert post(client, f"/api/v1/users/{world.dan.pk}/deactivate", {}, world.olive
                ).status_code == 422
    done = post(client, f"/api/v1/users/{world.dan.pk}/deactivate", {"reason": "Left"},
                world.olive)
    assert done.status_code == 200 and done.json()["status"] == "deactivated"
    with django_capture_on_commit_callbacks(execute=True):
        invited = post(client, f"/api/v1/people/{world.newcomer.pk}/invite", {}, world.olive)
    assert invited.status_code == 200
    assert invited.json()["invited"] is True
    assert invited.json()["username"] == "nia.newton@example.nhs.uk"
    again = post(client, f"/api/v1/people/{world.newcomer.pk}/invite", {}, world.olive)
    assert again.json()["invited"] is False
    assert post(client, f"/api/v1/people/{world.charlie_person.pk}/invite", {}, world.olive
                ).status_code == 404


def test_ending_a_role_asks_first_and_only_the_confirmation_ends_it(client, world):
    client = signed_in(client, world.olive)
    bob_role = RoleAssignment.objects.get(user=world.bob)
    url = f"/accounts/roles/{bob_role.pk}/end/"
    text = assert_asks_first(client, url, button="End the role",
                             back=f"/accounts/users/{world.bob.pk}/",
                             question="end bob's role as Organisation talent lead – "
                                      "Guy's and St Thomas' NHS Foundation Trust")
    assert "They lose what the role lets them see and do" in text
    assert RoleAssignment.objects.current().filter(pk=bob_role.pk).exists()
    client.post(url)
    assert not RoleAssignment.objects.current().filter(pk=bob_role.pk).exists()

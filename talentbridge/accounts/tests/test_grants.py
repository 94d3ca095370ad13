"""One Grants object per request: built from two queries, shared by every app's policy and the
navigation, and on `request.grants` for both signed-in pages and API tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentbridge.accounts.grants import ANONYMOUS
from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import GrantsMiddleware
from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.models import Role
from talentbridge.insights import policy as insights_policy
from talentbridge.opportunities import policy as opportunities_policy
from talentbridge.people.models import Person
from talentbridge.people.policy import Action
from talentbridge.people.policy import can
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world
from talentbridge.talent.reviews import policy as review_policy

pytestmark = pytest.mark.django_db


def test_grants_are_built_once_from_two_queries_and_shared_by_every_policy():
    w = make_world()
    bob = w.bob  # alice's organisation talent lead
    with CaptureQueriesContext(connection) as queries:
        grants = grants_for(bob)
    assert len(queries) == 2  # the current role assignments; the user's own profile
    assert grants.lead_organisation_ids == {w.alice_person.organisation_id}
    with CaptureQueriesContext(connection) as again:
        assert grants_for(bob) is grants
        assert review_policy.roles_for(bob) is grants
        assert opportunities_policy.grants_for(bob) is grants
        insights_policy.grants_for(bob)
    assert len(again) == 0


def test_policies_accept_the_grants_in_place_of_the_user():
    w = make_world()
    grants = grants_for(w.bob)
    assert isinstance(grants, Grants)
    assert can(grants, Action.VIEW_PROFILE, w.alice_person)
    assert Person.objects.visible_to(grants).filter(pk=w.alice_person.pk).exists()
    assert not can(grants_for(w.charlie), Action.VIEW_PROFILE, w.alice_person)


def test_managed_people_are_read_once_and_only_when_a_rule_asks():
    w = make_world()
    boss = make_user("boss")
    boss_person = make_person(w.rj1, user=boss)
    direct = make_person(w.rj1, line_manager=boss_person)
    second = make_person(w.rj1, line_manager=direct)
    third = make_person(w.rj1, line_manager=second)
    grants = grants_for(boss)
    with CaptureQueriesContext(connection) as queries:
        assert grants.direct_report_ids == {direct.pk}
        assert grants.managed_person_ids == {direct.pk, second.pk}
    assert len(queries) == 2
    assert can(boss, Action.VIEW_PROFILE, second)
    assert not can(boss, Action.VIEW_PROFILE, third)


def test_signed_out_and_inactive_users_hold_nothing():
    assert grants_for(AnonymousUser()) is ANONYMOUS
    assert grants_for(None) is ANONYMOUS
    admin = make_user("root", role=Role.ADMINISTRATOR)
    admin.is_active = False
    assert grants_for(admin) is ANONYMOUS


def test_request_grants_is_the_session_user_s_on_pages_and_the_token_user_s_on_the_api(rf):
    w = make_world()
    captured = {}

    def view(request):
        captured["grants"] = request.grants
        return None

    middleware = GrantsMiddleware(view)
    page = rf.get("/people/")
    page.user = w.bob
    middleware(page)
    assert captured["grants"].user_id == w.bob.pk
    assert captured["grants"].lead_organisation_ids == {w.alice_person.organisation_id}
    api = rf.get("/api/v1/people/me")
    api.user = AnonymousUser()
    middleware(api)
    api.auth = w.alice  # django-ninja sets this once the token is checked, before the handler
    assert captured["grants"].user_id == w.alice.pk

"""The learning log's access matrix: who reads, changes and shares an entry, for every role
and at every stage of a share, on the policy, every page and every API operation. Each rule
fails here when it is loosened (scripts/check_policy_mutations.py loosens them one at a time).

An entry holds a marker string in every text field; wherever someone may not read it, the
answer is "not found" and the marker appears nowhere in what they get back.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from talentbridge.accounts.models import ApiToken
from talentbridge.learning import policy
from talentbridge.learning import services
from talentbridge.learning.models import Entry
from talentbridge.learning.models import Share
from talentbridge.learning.models import ShareRoute
from talentbridge.learning.tests.factories import MARKER
from talentbridge.learning.tests.factories import learning_world
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return learning_world()


def _share(w, reader_person, route) -> Share:
    return services.share_entry(w.alice, w.entry, person_id=reader_person.pk, route=route)


def _end(relationship) -> None:
    relationship.ended_on = timezone.localdate() - dt.timedelta(days=1)
    relationship.save()


def _move_line_manager(w) -> None:
    w.alice_person.line_manager = None
    w.alice_person.save()


#: (stage of the world, who, may read the entry)
READ_MATRIX = [
    ("unshared", "alice", True),       # the author
    ("unshared", "mo", False),         # her line manager, not shared with
    ("unshared", "meg", False),        # her mentor, not shared with
    ("unshared", "cora", False),       # her former coach
    ("unshared", "bob", False),        # RJ1's organisation talent lead
    ("unshared", "sybil", False),      # system talent lead
    ("unshared", "reggie", False),     # regional talent lead
    ("unshared", "nat", False),        # national talent lead
    ("unshared", "pam", False),        # programme manager
    ("unshared", "ana", False),        # analyst
    ("unshared", "orla", False),       # RJ1's organisation administrator
    ("unshared", "admin", False),      # administrator
    ("unshared", "charlie", False),    # a leader elsewhere
    ("mentor", "meg", True),           # shared with her mentor
    ("mentor", "mo", False),           # ... which does not give her manager access
    ("mentor", "admin", False),
    ("mentor revoked", "meg", False),  # revoked: at once
    ("mentoring ended", "meg", False),  # the relationship ended: the share stops
    ("manager", "mo", True),           # shared with her line manager, her choice
    ("manager", "meg", False),
    ("manager moved", "mo", False),    # no longer her line manager
]


def _stage(w, stage: str) -> None:
    if stage == "mentoring ended":
        _share(w, w.meg_person, ShareRoute.MENTOR)
        _end(w.relationship)
    elif stage.startswith("mentor"):
        share = _share(w, w.meg_person, ShareRoute.MENTOR)
        if stage == "mentor revoked":
            services.revoke_share(w.alice, w.entry, share.pk)
    elif stage.startswith("manager"):
        _share(w, w.mo_person, ShareRoute.LINE_MANAGER)
        if stage == "manager moved":
            _move_line_manager(w)


def _faces(client: Client, pk: int) -> dict[str, object]:
    """Every learning page and API operation that could hold the entry, as this user."""
    return {
        "entry page": client.get(f"/learning/entries/{pk}/"),
        "edit page": client.get(f"/learning/entries/{pk}/edit/"),
        "share page": client.get(f"/learning/entries/{pk}/share/"),
        "delete page": client.get(f"/learning/entries/{pk}/delete/"),
        "my log": client.get("/learning/"),
        "shared with me": client.get("/learning/shared-with-me/"),
        "lessons": client.get("/learning/lessons/"),
        "API entry": client.get(f"/api/v1/learning/entries/{pk}"),
        "API my entries": client.get("/api/v1/learning/entries"),
        "API shared with me": client.get("/api/v1/learning/shared-with-me"),
    }


def api_client(user) -> Client:
    _, key = ApiToken.issue(user, "matrix")
    return Client(headers={"Authorization": f"Bearer {key}"})


def _changes(client: Client, api: Client, pk: int) -> dict[str, int]:
    """Every change someone other than the author might try: each must be refused."""
    body = {"happened_on": "2026-01-01", "what_happened": "overwritten"}
    return {
        "edit": client.post(f"/learning/entries/{pk}/edit/", {
            "happened_on_day": "1", "happened_on_month": "1", "happened_on_year": "2026",
            "what_happened": "overwritten"}).status_code,
        "delete": client.post(f"/learning/entries/{pk}/delete/").status_code,
        "share": client.post(f"/learning/entries/{pk}/share/",
                             {"person": "mentor:1"}).status_code,
        "API put": api.put(f"/api/v1/learning/entries/{pk}", body,
                              content_type="application/json").status_code,
        "API delete": api.delete(f"/api/v1/learning/entries/{pk}").status_code,
        "API share": api.post(f"/api/v1/learning/entries/{pk}/shares",
                                 {"person_id": 1, "route": "mentor"},
                                 content_type="application/json").status_code,
    }


@pytest.mark.parametrize(("stage", "who", "reads"), READ_MATRIX)
def test_who_reads_an_entry_at_each_stage_of_a_share(w, stage, who, reads):
    _stage(w, stage)
    user = getattr(w, who)
    assert policy.can_read(user, w.entry) is reads
    assert policy.can_change(user, w.entry) is (who == "alice")
    client = Client()
    client.force_login(user)
    faces = _faces(client, w.entry.pk)
    assert faces["entry page"].status_code == (200 if reads else 404)
    assert faces["API entry"].status_code == (200 if reads else 404)
    if reads:
        assert MARKER in faces["entry page"].content.decode()
        assert MARKER in faces["API entry"].content.decode()
    if who != "alice":
        for name in ("edit page", "share page", "delete page"):
            assert faces[name].status_code == 404, name
        shown = {n: MARKER in r.content.decode() for n, r in faces.items() if n not in (
            "entry page", "API entry", "shared with me", "API shared with me")}
        assert not any(shown.values()), shown
        listed = MARKER in faces["shared with me"].content.decode()
        assert listed is reads
        assert (MARKER in faces["API shared with me"].content.decode()) is reads
        assert set(_changes(client, api_client(user), w.entry.pk).values()) == {404}
        w.entry.refresh_from_db()
        assert w.entry.what_happened.endswith(MARKER)


def test_only_the_author_lists_her_own_entries(w):
    _share(w, w.meg_person, ShareRoute.MENTOR)
    assert list(services.my_entries(w.alice)) == [w.entry]
    assert Share.objects.visible_to(w.alice).count() == 1
    for who in ("mo", "meg", "bob", "admin", "orla", "charlie"):
        assert not Entry.objects.visible_to(getattr(w, who)).exists(), who
        assert not Share.objects.visible_to(getattr(w, who)).exists(), who


#: (who the author tries to share with, by which route, allowed)
SHARE_MATRIX = [
    ("meg_person", ShareRoute.MENTOR, True),        # her current mentor
    ("cora_person", ShareRoute.MENTOR, False),      # her coach, whose relationship ended
    ("mo_person", ShareRoute.LINE_MANAGER, True),   # her line manager
    ("mo_person", ShareRoute.MENTOR, False),        # her line manager is not her mentor
    ("meg_person", ShareRoute.LINE_MANAGER, False),  # her mentor is not her line manager
    ("bob_person", ShareRoute.LINE_MANAGER, False),  # a talent lead
    ("charlie_person", ShareRoute.MENTOR, False),   # anyone else
    ("alice_person", ShareRoute.MENTOR, False),     # herself
]


@pytest.mark.parametrize(("reader", "route", "allowed"), SHARE_MATRIX)
def test_whom_the_author_may_share_with(w, reader, route, allowed):
    person = getattr(w, reader)
    assert bool(policy.may_share_with(w.alice_person, person, route)) is allowed
    response = api_client(w.alice).post(f"/api/v1/learning/entries/{w.entry.pk}/shares",
                           {"person_id": person.pk, "route": route},
                           content_type="application/json")
    assert response.status_code == (201 if allowed else 400)
    assert Share.unscoped.filter(entry=w.entry, person=person).exists() is allowed


def test_a_signed_out_user_and_a_user_without_a_profile_keep_no_log(w):
    nobody = make_user("nobody")
    for user in (AnonymousUser(), nobody):
        assert not policy.can_read(user, w.entry)
        assert not policy.keeps_a_log(user)
        assert not policy.can_publish_lesson(user)
        assert not policy.can_report_lesson(user)
        assert not policy.can_read_lessons(user)
        assert not policy.can_remove_lesson(user)
    client = Client()
    client.force_login(nobody)
    assert client.get("/learning/").status_code == 403
    assert client.get("/learning/lessons/").status_code == 403


#: (who, reads lessons, publishes and reports, removes)
LESSON_MATRIX = [
    ("alice", True, True, False), ("meg", True, True, False), ("bob", True, True, False),
    ("ana", True, True, False), ("orla", True, True, False),
    ("admin", True, False, True),  # the administrator has no profile: moderates only
]


@pytest.mark.parametrize(("who", "reads", "publishes", "removes"), LESSON_MATRIX)
def test_who_reads_publishes_and_removes_lessons(w, who, reads, publishes, removes):
    user = getattr(w, who)
    assert policy.can_read_lessons(user) is reads
    assert policy.can_publish_lesson(user) is publishes
    assert policy.can_report_lesson(user) is publishes
    assert policy.can_remove_lesson(user) is removes

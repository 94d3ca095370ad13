"""Changing who holds a board post: the plan's owners record that the holder left or appoint
a new holder; the leaver's Board Member Reference follows; others are refused; bad dates are
refused naming the field, and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.audit.models import AuditEvent
from talentbridge.board.models import BoardReference
from talentbridge.core.tests.signing_in import sign_in
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import Successor
from talentbridge.succession.tests.factories import make_successor
from talentbridge.succession.tests.factories import succession_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return succession_world()


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month),
            f"{name}_year": str(day.year)}


def _appoint(client, w, person, started_on: dt.date, interim: bool = False):
    data = {"person_id": str(person.pk), **_date("started_on", started_on)}
    if interim:
        data["interim"] = "on"
    return client.post(f"/succession/posts/{w.ceo.pk}/holder/", data)


def test_the_owner_appoints_a_new_chief_executive_and_the_old_one_gets_a_reference(client, w):
    make_successor(w.ceo, w.rita)
    sign_in(client, w.bob)
    response = _appoint(client, w, w.rita, dt.date(2026, 4, 1), interim=True)
    assert response.status_code == 302
    text = page_text(client.get(response["Location"]))
    assert "Rita Rowe now holds Chief executive" in text
    assert "Held by Rita Rowe (interim)" in text
    post = BoardPost.objects.get(pk=w.ceo.pk)
    assert (post.incumbent, post.started_on, post.interim) == (w.rita, dt.date(2026, 4, 1),
                                                               True)
    reference = BoardReference.unscoped.get(person=w.carol, organisation=w.rj1)
    assert (reference.started_on, reference.left_on) == (dt.date(2022, 4, 1),
                                                         dt.date(2026, 4, 1))
    assert not Successor.unscoped.filter(post=post, person=w.rita).exists()
    event = AuditEvent.objects.filter(target_id=str(post.pk), action="update").last()
    assert event.detail["person"] == w.rita.pk and event.detail["removed_as_successor"]


def test_the_owner_records_that_the_holder_left_and_the_post_falls_vacant(client, w):
    sign_in(client, w.admin)
    response = client.post(f"/succession/posts/{w.ceo.pk}/holder/",
                           {"left": "1", **_date("left_on", dt.date(2026, 3, 31))})
    assert response.status_code == 302
    assert "Carol Chief has left Chief executive: the post is vacant" in page_text(
        client.get(response["Location"]))
    post = BoardPost.objects.get(pk=w.ceo.pk)
    assert post.incumbent is None and post.started_on is None
    assert BoardReference.unscoped.get(person=w.carol).left_on == dt.date(2026, 3, 31)


@pytest.mark.parametrize("who", ["sybil", "alice"])
def test_others_may_not_change_who_holds_a_post_and_nothing_changes(client, w, who):
    sign_in(client, getattr(w, who))
    assert client.get(f"/succession/posts/{w.ceo.pk}/holder/").status_code in (403, 404)
    assert _appoint(client, w, w.rita, dt.date(2026, 4, 1)).status_code in (403, 404)
    response = client.post(f"/succession/posts/{w.ceo.pk}/holder/",
                           {"left": "1", **_date("left_on", dt.date(2026, 3, 31))})
    assert response.status_code in (403, 404)
    assert BoardPost.objects.get(pk=w.ceo.pk).incumbent == w.carol
    assert not BoardReference.unscoped.exists()


@pytest.mark.parametrize("started_on, shown", [
    (dt.date(1948, 7, 4), "1948-07-04"),
    (None, None),  # filled in below: a year and a day from today
])
def test_a_start_date_outside_the_nhs_s_years_is_refused_naming_it(client, w, started_on,
                                                                     shown):
    started_on = started_on or timezone.localdate() + dt.timedelta(days=366)
    sign_in(client, w.bob)
    response = _appoint(client, w, w.rita, started_on)
    assert response.status_code == 400
    assert (f"The date they started ({shown or started_on.isoformat()}) must be between "
            "5 July 1948") in error_summary(response)
    assert BoardPost.objects.get(pk=w.ceo.pk).incumbent == w.carol
    assert not BoardReference.unscoped.exists()


def test_a_leaving_date_before_the_holder_started_is_refused_naming_it(client, w):
    sign_in(client, w.bob)
    response = client.post(f"/succession/posts/{w.ceo.pk}/holder/",
                           {"left": "1", **_date("left_on", dt.date(2021, 1, 1))})
    assert response.status_code == 400
    assert "The date they left (2021-01-01) must not be before they started (2022-04-01)" in (
        error_summary(response))
    assert BoardPost.objects.get(pk=w.ceo.pk).incumbent == w.carol


def test_someone_the_owner_may_not_see_cannot_be_appointed(client, w):
    sign_in(client, w.bob)
    response = _appoint(client, w, w.charlie, dt.date(2026, 4, 1))
    assert response.status_code == 400
    assert f"Choose new holder from the list (\"{w.charlie.pk}\" is not one of" in (
        error_summary(response))
    assert BoardPost.objects.get(pk=w.ceo.pk).incumbent == w.carol


def test_the_page_names_the_holder_and_a_typed_name_finds_the_new_holder(client, w):
    sign_in(client, w.bob)
    text = page_text(client.get(f"/succession/posts/{w.ceo.pk}/holder/"))
    assert "Held by Carol Chief. When they leave, a Board Member Reference is made" in text
    assert "Record that Carol Chief left" in text
    response = client.post(f"/succession/posts/{w.ceo.pk}/holder/", {
        "person": "Rita Rowe", **_date("started_on", dt.date(2026, 4, 1))})
    assert response.status_code == 302
    assert BoardPost.objects.get(pk=w.ceo.pk).incumbent == w.rita

"""The move pages: "Record a move" on a person's page, "Moving to X on date", cancelling."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.core.forms import nhs_date
from talentbridge.core.tests.confirming import assert_asks_first
from talentbridge.people.models import Move
from talentbridge.people.models import Person
from talentbridge.people.moves import move_person
from talentbridge.people.tests import factories as f
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world():
    return f.make_world()


def form_data(day: dt.date, **fields) -> dict:
    return {"to_organisation": "RX1", "effective_on_day": day.day,
            "effective_on_month": day.month, "effective_on_year": day.year, **fields}


def test_a_talent_lead_records_a_future_move_shown_on_the_persons_page(client, world):
    client.force_login(world.bob)
    page = client.get(f"/people/{world.alice_person.pk}/")
    assert "Record a move to another organisation" in page_text(page)
    day = TODAY + dt.timedelta(days=14)
    response = client.post(f"/people/{world.alice_person.pk}/moves/new/",
                           form_data(day, job_title="Chief Operating Officer"), follow=True)
    assert f"will move on {nhs_date(day)}" in page_text(response)
    text = page_text(client.get(f"/people/{world.alice_person.pk}/"))
    assert f"Moving to Barts Health NHS Trust (RX1) on {nhs_date(day)}" in text
    # alice herself sees it on her own page
    client.force_login(world.alice)
    assert "Moving to Barts Health NHS Trust" in page_text(client.get("/people/me/"))


def test_a_bad_move_shows_the_problem_and_changes_nothing(client, world):
    client.force_login(world.bob)
    response = client.post(f"/people/{world.alice_person.pk}/moves/new/",
                           form_data(TODAY, line_manager=world.bob_person.work_email))
    assert "must be in the new organisation" in error_summary(response)
    response = client.post(f"/people/{world.alice_person.pk}/moves/new/",
                           form_data(TODAY, to_organisation="NOPE"))
    assert 'No organisation you can choose for organisation they move to matches "NOPE"' in (
        error_summary(response))
    assert not Move.unscoped.exists()


def test_a_move_today_leaves_the_old_talent_lead_without_a_private_profile(client, world):
    client.force_login(world.bob)
    response = client.post(f"/people/{world.alice_person.pk}/moves/new/", form_data(TODAY),
                           follow=True)
    assert "has moved to Barts Health NHS Trust" in page_text(response)
    assert response.redirect_chain[-1][0] == "/people/"
    assert client.get(f"/people/{world.alice_person.pk}/").status_code == 404


def test_the_receiving_lead_cancels_a_pending_move_others_do_not_see_it(client, world):
    move = move_person(world.admin, world.alice_person, to_organisation=world.rx1,
                       effective_on=TODAY + dt.timedelta(days=3))
    colleague = f.make_user("colleague", Role.ORGANISATION_TALENT_LEAD, world.rj2)
    f.make_person(world.rj2, user=colleague)
    client.force_login(colleague)
    assert client.get(f"/people/{world.alice_person.pk}/").status_code == 404
    assert client.post(f"/people/{world.alice_person.pk}/moves/{move.pk}/cancel/"
                       ).status_code == 404
    receiving = f.make_user("rx1lead", Role.ORGANISATION_TALENT_LEAD, world.rx1)
    client.force_login(receiving)
    response = client.post(f"/people/{world.alice_person.pk}/moves/{move.pk}/cancel/",
                           follow=True)
    assert "move to Barts Health NHS Trust has been cancelled" in page_text(response)
    assert Move.unscoped.get(pk=move.pk).status == "cancelled"
    assert Person.unscoped.get(pk=world.alice_person.pk).organisation == world.rj1


def test_a_leader_cannot_record_their_own_move(client, world):
    client.force_login(world.alice)
    assert "Record a move" not in page_text(client.get("/people/me/"))
    assert client.get(f"/people/{world.alice_person.pk}/moves/new/").status_code == 403


def test_cancelling_a_move_asks_first_and_only_the_confirmation_cancels(client, world):
    move = move_person(world.admin, world.alice_person, to_organisation=world.rx1,
                       effective_on=TODAY + dt.timedelta(days=3))
    url = f"/people/{world.alice_person.pk}/moves/{move.pk}/cancel/"
    client.force_login(f.make_user("rx1lead", Role.ORGANISATION_TALENT_LEAD, world.rx1))
    assert_asks_first(client, url, button="Cancel the move",
                      back=f"/people/{world.alice_person.pk}/",
                      question="cancel Alice Ashworth's move to Barts Health NHS Trust")
    assert Move.unscoped.get(pk=move.pk).status != "cancelled"
    client.post(url)
    assert Move.unscoped.get(pk=move.pk).status == "cancelled"

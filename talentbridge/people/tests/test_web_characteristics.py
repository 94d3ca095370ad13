"""Protected characteristics: mine to see and change; an administrator's view needs a reason."""

import datetime as dt

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_as
from talentbridge.people.tests.factories import page_text

MINE = "/people/me/characteristics/"


@pytest.fixture
def world(db):
    world = make_world()
    ProtectedCharacteristics.objects.create(person=world.alice_person, ethnic_category="N",
                                            sex="2", date_of_birth=dt.date(1980, 5, 17))
    return world


def admin_url(person):
    return f"/people/{person.pk}/characteristics/"


def answers(**overrides):
    data = {"ethnic_category": "H", "sex": "2", "disability": "N", "sexual_orientation": "Z",
            "religion": "not_stated", "date_of_birth_day": "17", "date_of_birth_month": "5",
            "date_of_birth_year": "1980"}
    data.update(overrides)
    return data


def test_my_page_explains_why_and_who_sees_them(client, world):
    response, text = page_as(client, world.alice, MINE)
    assert "Why we ask" in text and "fair" in text
    assert "Only you can see your own answers" in text
    assert "small groups are hidden" in text
    html = " ".join(response.content.decode().split())
    assert 'value="N" selected' in html  # her current answer is chosen
    assert "no-store" in response["Cache-Control"]


def test_i_can_change_my_answers_and_it_is_audited(client, world):
    client.force_login(world.alice)
    response = client.post(MINE, answers())
    assert response.status_code == 302
    characteristics = ProtectedCharacteristics.unscoped.get(person=world.alice_person)
    assert characteristics.ethnic_category == "H" and characteristics.sexual_orientation == "Z"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE_CHARACTERISTICS,
                                     actor__username="alice").exists()


def test_bad_answers_are_refused_naming_the_field(client, world):
    client.force_login(world.alice)
    response = client.post(MINE, answers(sex="7", date_of_birth_month="Smarch"))
    summary = error_summary(response)
    assert 'Choose sex from the list ("7" is not one of the options)' in summary
    assert "Date of birth must be a real date" in summary
    assert ProtectedCharacteristics.unscoped.get(person=world.alice_person).ethnic_category == "N"


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_others_never_see_my_characteristics_on_my_profile(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get(f"/people/{world.alice_person.pk}/")
    text = page_text(response)
    assert "Black or Black British" not in text and "17 May 1980" not in text
    assert "View protected characteristics" not in text


def test_my_own_profile_links_to_my_characteristics_page(client, world):
    client.force_login(world.alice)
    text = page_text(client.get(f"/people/{world.alice_person.pk}/"))
    assert "View or change my protected characteristics" in text
    assert "View protected characteristics" not in text


def test_an_administrator_needs_a_reason(client, world):
    client.force_login(world.admin)
    detail = client.get(f"/people/{world.alice_person.pk}/")
    assert "View protected characteristics" in page_text(detail)
    response = client.post(admin_url(world.alice_person), {"reason": "   "})
    assert response.status_code == 200
    assert ("Give a reason for viewing this person's protected characteristics"
            in error_summary(response))
    assert "Black or Black British" not in page_text(response)
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_CHARACTERISTICS).exists()


def test_an_administrator_with_a_reason_sees_them_and_it_is_audited(client, world):
    client.force_login(world.admin)
    response = client.post(admin_url(world.alice_person),
                           {"reason": "Correcting an import error, ticket 1234"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Black or Black British – African" in text and "17 May 1980" in text
    assert "Correcting an import error, ticket 1234" in text
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditAction.VIEW_CHARACTERISTICS)
    assert event.actor.username == "admin"
    assert event.reason == "Correcting an import error, ticket 1234"


def test_the_administrator_view_rejects_get(client, world):
    client.force_login(world.admin)
    assert client.get(admin_url(world.alice_person)).status_code == 405


def test_a_colleague_who_is_not_an_administrator_gets_403(client, world):
    client.force_login(world.bob)
    response = client.post(admin_url(world.alice_person), {"reason": "curious"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_CHARACTERISTICS).exists()


def test_an_outsider_gets_404(client, world):
    client.force_login(world.charlie)
    assert client.post(admin_url(world.alice_person), {"reason": "curious"}).status_code == 404

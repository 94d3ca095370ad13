"""Adding and removing roles in my career history."""

import datetime as dt

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests.confirming import assert_asks_first
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_career_entry
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text

ADD = "/people/me/career/add/"


def remove_url(entry):
    return f"/people/me/career/{entry.pk}/remove/"


def role(**overrides):
    data = {"role_title": "Deputy Chief Nurse", "ods_code": "rx1", "organisation_name": "",
            "sector": "nhs", "kind": "substantive",
            "started_on_day": "1", "started_on_month": "4", "started_on_year": "2018",
            "ended_on_day": "31", "ended_on_month": "3", "ended_on_year": "2021"}
    data.update(overrides)
    return data


def test_it_adds_an_nhs_role_by_ods_code(client, world):
    client.force_login(world.alice)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, role())
    assert response.status_code == 302 and response["Location"] == "/people/me/"
    entry = CareerHistoryEntry.unscoped.get(person=world.alice_person)
    assert entry.organisation == world.rx1 and entry.started_on == dt.date(2018, 4, 1)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, actor__username="alice").exists()
    text = page_text(client.get("/people/me/"))
    assert "Deputy Chief Nurse" in text and "Barts Health NHS Trust" in text
    assert "1 April 2018 to 31 March 2021" in text


def test_it_adds_a_role_outside_the_nhs(client, world):
    client.force_login(world.alice)
    client.post(ADD, role(ods_code="", organisation_name="Camden Council",
                          sector="local_government", ended_on_day="", ended_on_month="",
                          ended_on_year=""))
    entry = CareerHistoryEntry.unscoped.get(person=world.alice_person)
    assert entry.organisation is None and entry.organisation_name == "Camden Council"
    assert entry.sector == "local_government" and entry.ended_on is None


@pytest.mark.parametrize(("overrides", "message"), [
    ({"ods_code": "XYZ"}, 'There is no NHS organisation with ODS code "XYZ"'),
    ({"ods_code": ""}, "Enter the ODS code of the NHS organisation, or the name"),
    ({"organisation_name": "Camden Council"}, "Enter either an ODS code or an organisation "
                                              'name, not both (you entered "rx1"'),
    ({"ended_on_year": "2017"},
     "Date ended (31 March 2017) must be on or after date started (1 April 2018)"),
    ({"role_title": "x" * 151}, "Role title must be 150 characters or fewer"),
    ({"kind": "permanent"}, '"permanent" is not one of the options'),
    ({"started_on_day": "", "started_on_month": "", "started_on_year": ""},
     "Enter date started"),
])
def test_bad_input_is_refused_with_a_message_and_adds_nothing(client, world, overrides,
                                                              message):
    client.force_login(world.alice)
    response = client.post(ADD, role(**overrides))
    assert response.status_code == 200
    assert message in error_summary(response)
    assert not CareerHistoryEntry.unscoped.exists()


def test_it_removes_my_role_by_post_only(client, world):
    entry = make_career_entry(world.alice_person, world.rj2)
    client.force_login(world.alice)
    assert client.get(remove_url(entry)).status_code == 200  # asks first
    assert CareerHistoryEntry.unscoped.exists()
    response = client.post(remove_url(entry), follow=True)
    assert "has been removed from your career history" in page_text(response)
    assert not CareerHistoryEntry.unscoped.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, actor__username="alice").exists()


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_nobody_else_can_remove_my_roles_here(client, world, who):
    entry = make_career_entry(world.alice_person, world.rj2)
    client.force_login(getattr(world, who))
    assert client.get(remove_url(entry)).status_code == 404
    assert client.post(remove_url(entry)).status_code == 404
    assert CareerHistoryEntry.unscoped.count() == 1


def test_someone_without_a_profile_is_told_so(client, world):
    client.force_login(make_user("dora"))
    assert "You do not have a talent profile" in page_text(client.get(ADD))
    assert CareerHistoryEntry.unscoped.count() == 0


def test_colleagues_see_my_career_history_and_outsiders_do_not(client, world):
    make_career_entry(world.alice_person, world.rj2, role_title="Head of Nursing")
    client.force_login(world.bob)
    assert "Head of Nursing" in page_text(client.get(f"/people/{world.alice_person.pk}/"))
    client.force_login(world.charlie)
    assert client.get(f"/people/{world.alice_person.pk}/").status_code == 404


def test_removing_a_role_asks_first_and_only_the_confirmation_removes_it(client, world):
    entry = make_career_entry(world.alice_person, role_title="Ward Sister")
    client.force_login(world.alice)
    assert_asks_first(client, remove_url(entry), back="/people/me/", button="Remove the role",
                      question="remove Ward Sister from your career history")
    assert CareerHistoryEntry.unscoped.filter(pk=entry.pk).exists()
    client.post(remove_url(entry))
    assert not CareerHistoryEntry.unscoped.filter(pk=entry.pk).exists()

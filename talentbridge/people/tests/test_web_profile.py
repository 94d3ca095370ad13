"""My profile page and editing a profile."""

import datetime as dt

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text


def edit_url(person):
    return f"/people/{person.pk}/edit/"


def profile_data(**overrides):
    data = {
        "given_name": "Alice", "family_name": "Ashworth-Jones",
        "job_title": "Chief Operating Officer",
        "pay_band": "vsm", "staff_group": "08", "professional_background": "operations",
        "started_in_post_day": "1", "started_in_post_month": "4", "started_in_post_year": "2024",
        "started_in_nhs_day": "", "started_in_nhs_month": "", "started_in_nhs_year": "",
        "visibility": "system",
    }
    data.update(overrides)
    return data


def test_my_profile_shows_my_details_and_links(client, world):
    client.force_login(world.alice)
    response = client.get("/people/me/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Alice Ashworth" in text and "Director of Operations" in text
    assert "Guy's and St Thomas' NHS Foundation Trust" in text
    assert "Change my details" in text and "Add a role to my career history" in text
    assert "View or change my protected characteristics" in text


def test_my_profile_says_so_when_there_is_no_person_record(client, world):
    client.force_login(make_user("dora", role="analyst", scope=world.region))
    response = client.get("/people/me/")
    assert response.status_code == 200
    text = page_text(response)
    assert "You do not have a talent profile" in text
    assert "Analyst – London" in text


def test_my_profile_lists_my_roles(client, world):
    client.force_login(world.bob)
    text = page_text(client.get("/people/me/"))
    assert "Organisation talent lead – Guy's and St Thomas' NHS Foundation Trust" in text
    client.force_login(world.alice)
    assert "You have no talent management roles" in page_text(client.get("/people/me/"))


def test_my_profile_needs_sign_in(client, world):
    response = client.get("/people/me/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_the_edit_form_explains_each_visibility_choice(client, world):
    client.force_login(world.alice)
    response = client.get(edit_url(world.alice_person))
    assert response.status_code == 200
    text = page_text(response)
    assert "Who can see my profile" in text
    assert "My organisation only" in text and "integrated care system" in text
    assert "Talent leads across the NHS in England" in text
    assert 'name="started_in_post_day"' in response.content.decode()


def test_editing_my_profile_saves_and_is_audited(client, world):
    client.force_login(world.alice)
    response = client.post(edit_url(world.alice_person), profile_data())
    assert response.status_code == 302 and response["Location"] == "/people/me/"
    person = Person.unscoped.get(pk=world.alice_person.pk)
    assert person.family_name == "Ashworth-Jones" and person.pay_band == "vsm"
    assert person.started_in_post == dt.date(2024, 4, 1) and person.visibility == "system"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.actor.username == "alice" and event.target_id == str(person.pk)
    assert "visibility" in event.detail["fields"]
    page = client.get("/people/me/")
    assert "Your profile has been saved" in page_text(page)
    assert "1 April 2024" in page_text(page)


def lead_data(**overrides):
    """What the talent lead's edit form holds: everything but the person's own choices."""
    data = profile_data(**overrides)
    del data["visibility"]
    return data


def test_the_organisation_talent_lead_may_edit(client, world):
    client.force_login(world.bob)
    response = client.post(edit_url(world.alice_person), lead_data(job_title="COO"))
    assert response.status_code == 302
    assert response["Location"] == f"/people/{world.alice_person.pk}/"
    assert Person.unscoped.get(pk=world.alice_person.pk).job_title == "COO"


def test_a_line_manager_who_can_see_but_not_edit_gets_403(client, world):
    manager_user = make_user("mo")
    manager = make_person(world.rj1, user=manager_user)
    report = make_person(world.rj1, line_manager=manager)
    client.force_login(manager_user)
    assert client.get(f"/people/{report.pk}/").status_code == 200
    assert client.get(edit_url(report)).status_code == 403
    assert client.post(edit_url(report), profile_data()).status_code == 403


def test_an_outsider_gets_404_and_changes_nothing(client, world):
    client.force_login(world.charlie)
    assert client.get(edit_url(world.alice_person)).status_code == 404
    assert client.post(edit_url(world.alice_person), profile_data()).status_code == 404
    assert client.get("/people/999999/edit/").status_code == 404
    assert Person.unscoped.get(pk=world.alice_person.pk).family_name == "Ashworth"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"family_name": "x" * 101}, "Family name must be 100 characters or fewer"),
    ({"given_name": ""}, "Enter given name"),
    ({"pay_band": "band 12"}, 'Choose band or grade from the list ("band 12" is not one of'),
    ({"visibility": "everyone"}, '"everyone" is not one of the options'),
    ({"started_in_post_month": "13"}, "Started in post must be a real date"),
    ({"started_in_post_year": "24"}, "Started in post must include a year with 4 numbers"),
    ({"started_in_post_day": "", "started_in_post_month": ""},
     "Started in post must include a day and month"),
    ({"started_in_post_year": "2999"}, "Started in post must be today or in the past"),
    ({"started_in_nhs_day": "1", "started_in_nhs_month": "5", "started_in_nhs_year": "2024"},
     "Started in the NHS (1 May 2024) must be on or before started in post (1 April 2024)"),
    ({"started_in_nhs_day": "1", "started_in_nhs_month": "1", "started_in_nhs_year": "1900"},
     "Started in the NHS (1 January 1900) must be on or after 5 July 1948, when the NHS "
     "began"),
    ({"started_in_nhs_day": "1", "started_in_nhs_month": "1", "started_in_nhs_year": "2999"},
     "Started in the NHS (1 January 2999) must be today or in the past"),
])
def test_bad_input_shows_the_error_summary_and_changes_nothing(client, world, overrides,
                                                               message):
    client.force_login(world.alice)
    response = client.post(edit_url(world.alice_person), profile_data(**overrides))
    assert response.status_code == 200
    assert "There is a problem" in error_summary(response)
    assert message in error_summary(response)
    assert "<title>Error:" in response.content.decode()
    person = Person.unscoped.get(pk=world.alice_person.pk)
    assert person.family_name == "Ashworth" and person.visibility == "organisation"
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


# ---- the leader's own choice of who may see their profile -------------------------------


def test_the_talent_lead_does_not_see_visibility_as_a_field(client, world):
    client.force_login(world.bob)
    response = client.get(edit_url(world.alice_person))
    assert response.status_code == 200
    assert 'name="visibility"' not in response.content.decode()
    assert "This is Alice Ashworth's own choice: only they can change it" in page_text(response)


def test_a_talent_lead_who_sends_a_visibility_is_refused_and_nothing_changes(client, world):
    client.force_login(world.bob)
    response = client.post(edit_url(world.alice_person),
                           profile_data(job_title="COO", visibility="national"))
    assert response.status_code == 200
    assert ('Who can see this profile ("national") is Alice Ashworth\'s own choice: only they '
            "can change it" in error_summary(response))
    person = Person.unscoped.get(pk=world.alice_person.pk)
    assert (person.visibility, person.job_title) == ("organisation", "Director of Operations")
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_the_leader_changes_their_own_visibility(client, world):
    client.force_login(world.alice)
    response = client.get(edit_url(world.alice_person))
    assert 'name="visibility"' in response.content.decode()
    response = client.post(edit_url(world.alice_person), profile_data(visibility="national"))
    assert response.status_code == 302
    assert Person.unscoped.get(pk=world.alice_person.pk).visibility == "national"

"""A person's profile page."""


from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text


def detail_url(person):
    return f"/people/{person.pk}/"


def test_the_owner_sees_her_profile(client, world):
    client.force_login(world.alice)
    response = client.get(detail_url(world.alice_person))
    assert response.status_code == 200
    assert "Alice Ashworth" in page_text(response)


def test_a_colleague_sees_it_and_the_view_is_audited(client, world):
    client.force_login(world.bob)
    response = client.get(detail_url(world.alice_person))
    assert response.status_code == 200
    text = page_text(response)
    assert "Alice Ashworth" in text and "Band 8d" in text and "My organisation only" in text
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, actor__username="bob",
                                     target_id=str(world.alice_person.pk)).exists()


def test_an_outsider_gets_404_as_for_a_person_who_does_not_exist(client, world):
    client.force_login(world.charlie)
    assert client.get(detail_url(world.alice_person)).status_code == 404
    assert client.get("/people/999999/").status_code == 404


def test_a_line_manager_sees_reports_without_change_links(client, world):
    manager_user = make_user("mo")
    manager = make_person(world.rj1, user=manager_user)
    report = make_person(world.rj1, line_manager=manager, given_name="Rita")
    client.force_login(manager_user)
    response = client.get(detail_url(report))
    assert response.status_code == 200
    assert "Rita" in page_text(response)
    assert f"/people/{report.pk}/edit/" not in response.content.decode()

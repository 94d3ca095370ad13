"""Finding people: only people in the user's scope, filtered and paginated."""

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_as
from talentbridge.people.tests.factories import page_text

SEARCH = "/people/"


@pytest.fixture
def world(db):
    world = make_world()
    # Someone in the other system who chose national visibility, and one who did not.
    world.nadia = make_person(world.rx1, given_name="Nadia", family_name="Nationwide",
                              visibility="national", pay_band="9")
    world.priya = make_person(world.rx1, given_name="Priya", family_name="Private")
    return world


def test_the_owner_finds_only_herself(client, world):
    client.force_login(world.alice)
    text = page_text(client.get(SEARCH))
    assert "Alice Ashworth" in text
    assert "Bob Bennett" not in text and "Nadia" not in text and "Charlie" not in text


def test_a_colleague_talent_lead_finds_people_in_scope(client, world):
    _, text = page_as(client, world.bob, SEARCH)
    assert "Alice Ashworth" in text and "Nadia Nationwide" in text
    assert "Priya" not in text and "Charlie Carter" not in text
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH, actor__username="bob").exists()


def test_an_outsider_does_not_find_alice(client, world):
    client.force_login(world.charlie)
    text = page_text(client.get(SEARCH, {"name": "alice"}))
    assert "Alice" not in text.replace('value="alice"', "")
    assert "No people found" in text


def test_it_filters_by_name_organisation_system_band_and_staff_group(client, world):
    client.force_login(world.admin)
    assert "Nadia Nationwide" in page_text(client.get(SEARCH, {"name": "nation"}))
    text = page_text(client.get(SEARCH, {"organisation": "rj1"}))
    assert "Alice Ashworth" in text and "Nadia" not in text
    text = page_text(client.get(SEARCH, {"system": "QMF"}))
    assert "Nadia" in text and "Priya" in text and "Alice" not in text
    text = page_text(client.get(SEARCH, {"pay_band": "9"}))
    assert "Nadia" in text and "Priya" not in text
    text = page_text(client.get(SEARCH, {"staff_group": "03"}))
    assert "No people found" in text


@pytest.mark.parametrize(("query", "message"), [
    ({"organisation": "XYZ"}, 'No organisation you can choose for organisation matches "XYZ"'),
    ({"organisation_id": "0"}, 'Choose organisation from the list ("0" is not one of the options)'),
    ({"name": "x" * 101}, "Name must be 100 characters or fewer"),
    ({"pay_band": "12"}, '"12" is not one of the options'),
    ({"system": "QQQ"}, '"QQQ" is not one of the options'),
])
def test_bad_search_input_shows_the_error_summary(client, world, query, message):
    client.force_login(world.admin)
    response = client.get(SEARCH, query)
    assert response.status_code == 200
    assert message in error_summary(response)
    assert "Alice Ashworth" not in page_text(response)


def test_it_pages_results_50_at_a_time(client, world, django_assert_max_num_queries):
    for n in range(60):
        make_person(world.rj2, given_name=f"Zed{n:02d}", family_name="Zulu", visibility="system")
    client.force_login(world.bob)
    with django_assert_max_num_queries(12):
        first = client.get(SEARCH, {"name": "zulu"})
    text = page_text(first)
    assert "Showing 1 to 50 of 60 people" in text
    assert "?name=zulu&amp;page=2" in first.content.decode()
    second = page_text(client.get(SEARCH, {"name": "zulu", "page": 2}))
    assert "Showing 51 to 60 of 60 people" in second and "Zed59" in second


def test_search_needs_sign_in(client, world):
    assert client.get(SEARCH).status_code == 302

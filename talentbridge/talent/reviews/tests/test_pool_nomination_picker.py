"""Nominating to a pool at national scale: a national talent lead who may nominate over 500
people finds one whose surname starts with Z by typing, without JavaScript (the matches come
back as radios) — the old drop-down of the first 500 names could not reach them — and the
suggestions never name a person the user may not see."""

from __future__ import annotations

import itertools
import json

import pytest

from talentbridge.accounts.models import Role
from talentbridge.people.codes import Visibility
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews.tests.factories import review_world

CROWD = 520
_emails = itertools.count(1)


def crowd(organisation, count: int, *, family_prefix: str = "Abbott",
          visibility: str = Visibility.NATIONAL) -> list[Person]:
    """``count`` leaders in one insert, surnames early in the alphabet."""
    people = []
    for i in range(count):
        n = next(_emails)
        people.append(Person(
            given_name=f"Crowd{i:04d}", family_name=f"{family_prefix}{i:04d}",
            work_email=f"crowd.{n}@example.nhs.uk", organisation=organisation,
            job_title="Deputy director", pay_band="8d", staff_group="1",
            professional_background="operations", visibility=visibility))
    return Person.unscoped.bulk_create(people)


def national_world():
    """The review world, a national talent lead, a national pool, 520 leaders who chose
    England and, last in the alphabet, Zara Zeta (deputy chief nurse at RJ2) and Zed Zimmer
    at RX1, who chose "my organisation only" (the national lead may not see him)."""
    w = review_world()
    w.nora = make_user("nora", role=Role.NATIONAL_LEAD, first_name="Nora", last_name="North")
    w.pool = pool_services.create_pool(
        w.nora, name="Aspiring chief nurses — England", purpose="Chief nurse pipeline",
        entry_criteria="Deputy chief nurse or equivalent", scope_level="england")
    crowd(w.rj1, CROWD)
    w.zara = make_person(w.rj2, given_name="Zara", family_name="Zeta",
                         job_title="Deputy chief nurse", visibility=Visibility.NATIONAL)
    w.zed = make_person(w.rx1, given_name="Zed", family_name="Zimmer",
                        visibility=Visibility.ORGANISATION)
    return w


@pytest.fixture
def w(db):
    return national_world()


def test_the_old_drop_down_of_500_names_could_not_reach_zara(w):
    first_500 = list(pool_services.nominable_people(w.nora, w.pool)[:500])
    assert w.zara not in first_500
    assert pool_services.nominable_people(w.nora, w.pool).filter(pk=w.zara.pk).exists()


def test_a_national_lead_nominates_zara_by_typing_z_without_javascript(client, w):
    client.force_login(w.nora)
    page = client.get(f"/talent/pools/{w.pool.pk}/nominate/").content.decode()
    assert 'name="person"' in page and "<select" not in page and "Crowd0001" not in page

    response = client.post(f"/talent/pools/{w.pool.pk}/nominate/",
                           {"person": "Z", "statement": "Ready for a chief nurse role"})
    assert response.status_code == 400
    text = page_text(response)
    assert 'Choose who you are nominating from the matches for "Z"' in text
    assert "Zara Zeta" in text and "Deputy chief nurse" in text
    assert "Zed Zimmer" not in text  # not someone she may see
    page = response.content.decode()
    assert f'name="person_id" type="radio" value="{w.zara.pk}"' in page or (
        f'value="{w.zara.pk}"' in page and 'type="radio"' in page)
    assert not PoolNomination.unscoped.exists()

    response = client.post(f"/talent/pools/{w.pool.pk}/nominate/", {
        "person": "Z", "person_id": str(w.zara.pk), "statement": "Ready for a chief nurse role"})
    assert response.status_code == 302
    nomination = PoolNomination.unscoped.get()
    assert nomination.person == w.zara and nomination.pool == w.pool
    assert "Zara Zeta has been nominated" in page_text(client.get(response.url))


def test_a_leader_chooses_herself_from_the_short_list_without_typing(client, w):
    """Few to choose from (a leader may nominate only herself) are listed up front; the
    national lead's 522 are not."""
    client.force_login(w.alice)
    response = client.get(f"/talent/pools/{w.pool.pk}/nominate/")
    text, page = page_text(response), response.content.decode()
    assert "Or choose from this list" in text and "Alice Ashworth" in text
    assert page.count('type="radio"') == 1
    response = client.post(f"/talent/pools/{w.pool.pk}/nominate/",
                           {"person_id": str(w.alice_person.pk), "statement": "I am ready"})
    assert response.status_code == 302
    assert PoolNomination.unscoped.get().person == w.alice_person
    client.force_login(w.nora)
    page = client.get(f"/talent/pools/{w.pool.pk}/nominate/").content.decode()
    assert 'type="radio"' not in page and "Or choose from this list" not in page


def test_a_full_name_that_names_one_person_needs_no_second_step(client, w):
    client.force_login(w.nora)
    response = client.post(f"/talent/pools/{w.pool.pk}/nominate/",
                           {"person": "  zara   ZETA ", "statement": "Ready"})
    assert response.status_code == 302
    assert PoolNomination.unscoped.get().person == w.zara


def test_too_many_matches_say_so_and_ask_for_more_of_the_name(client, w):
    client.force_login(w.nora)
    response = client.post(f"/talent/pools/{w.pool.pk}/nominate/",
                           {"person": "Abbott", "statement": "Ready"})
    assert response.status_code == 400
    text = page_text(response)
    assert "Only the first 20 matches are shown" in text and "type more of the name" in text
    assert response.content.decode().count('type="radio"') == 20


@pytest.mark.parametrize(("data", "message"), [
    ({"person_id": "999999"},
     'Choose who you are nominating from the list ("999999" is not one of the options)'),
    ({"person_id": "zara"},
     'Choose who you are nominating from the list ("zara" is not one of the options)'),
    ({"person": "Qwerty"},
     'No person you can choose for who you are nominating matches "Qwerty"'),
    ({"person": ""}, "Enter who you are nominating"),
])
def test_a_bad_choice_is_refused_naming_the_field_and_value(client, w, data, message):
    client.force_login(w.nora)
    response = client.post(f"/talent/pools/{w.pool.pk}/nominate/",
                           {"statement": "Ready", **data})
    assert response.status_code == 400
    assert message in error_summary(response)
    assert not PoolNomination.unscoped.exists()


def test_a_person_the_lead_may_not_see_cannot_be_chosen_by_id(client, w):
    client.force_login(w.nora)
    response = client.post(f"/talent/pools/{w.pool.pk}/nominate/",
                           {"person_id": str(w.zed.pk), "statement": "Ready"})
    assert response.status_code == 400
    assert f'("{w.zed.pk}" is not one of the options)' in error_summary(response)
    assert not PoolNomination.unscoped.exists()


def _suggested(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return [match["name"] for match in json.loads(response.content)["results"]]


def test_suggestions_name_only_people_the_user_may_see(client, w):
    """Zed Zimmer (RX1, "my organisation only") is never suggested to the national lead,
    neither for the pool nor by the general people picker; an administrator, who sees
    everyone, is offered him."""
    client.force_login(w.nora)
    assert _suggested(client, f"/talent/pools/{w.pool.pk}/nominate/people/?q=Z") == [
        "Zara Zeta"]
    assert _suggested(client, "/people/suggestions/?q=z") == ["Zara Zeta"]
    assert _suggested(client, "/people/suggestions/?q=zimmer") == []
    client.force_login(w.admin)
    assert _suggested(client, "/people/suggestions/?q=Z") == ["Zara Zeta", "Zed Zimmer"]


def test_suggestions_show_name_job_and_organisation_only_and_stop_at_20(client, w):
    client.force_login(w.nora)
    answer = json.loads(client.get(
        f"/talent/pools/{w.pool.pk}/nominate/people/?q=zeta").content)
    assert answer == {"results": [{"id": str(w.zara.pk), "name": "Zara Zeta",
                                   "detail": f"Deputy chief nurse, {w.rj2.display_name}"}],
                      "more": False}
    answer = json.loads(client.get("/people/suggestions/?q=crowd").content)
    assert len(answer["results"]) == 20 and answer["more"] is True
    assert json.loads(client.get("/people/suggestions/?q=").content)["results"] == []


def test_suggestions_need_a_signed_in_user_who_may_see_the_pool(client, w):
    response = client.get(f"/talent/pools/{w.pool.pk}/nominate/people/?q=Z")
    assert response.status_code == 302 and "/accounts/" in response.url
    assert client.get("/people/suggestions/?q=Z").status_code == 302

""""My profile" is one place: every page of a leader's own things shows the same secondary
navigation with the current page marked; "Change" lands on the question it changes; and
someone without a leader's profile gets a page saying what they can do instead."""

from __future__ import annotations

import re

import pytest

from talentbridge.accounts.models import Role

from .factories import make_user
from .factories import make_world
from .factories import page_text

pytestmark = pytest.mark.django_db

MY_PROFILE_PAGES = {
    "/people/me/": "Profile, who can see it and career history",
    "/talent/me/": "Talent profile, conversations and assessments",
    "/people/me/characteristics/": "Protected characteristics",
    "/talent/placements/mine/": "Talent review placements",
    "/talent/pools/mine/": "Talent pools and nominations",
    "/opportunities/mine/": "Opportunities, offers and placements",
    "/plans/me/": "Development plan",
    "/programmes/mine/": "Development programmes",
    "/opportunities/preferences/": "Mobility and development needs",
    "/learning/": "Learning log",
    "/support/me/": "Support: check-ins and offers",
    "/my-data/": "Your data: a copy, who looked, corrections",
}
NAV = re.compile(r'<nav class="nhsuk-contents-list"[^>]*aria-label="My profile"[^>]*>(.*?)</nav>',
                 re.S)


def my_profile_nav(html: str) -> tuple[list[str], list[str]]:
    """(every page's name, the pages marked current) in the page's "My profile" navigation."""
    found = NAV.search(html)
    assert found, "no My profile navigation"
    items = re.findall(r"<li class=\"nhsuk-contents-list__item\"([^>]*)>\s*<(?:a|span)[^>]*>"
                       r"([^<]*)<", found.group(1))
    return ([text.strip() for _, text in items],
            [text.strip() for marks, text in items if 'aria-current="page"' in marks])


@pytest.mark.parametrize("path", MY_PROFILE_PAGES)
def test_every_my_profile_page_shows_the_same_navigation_with_itself_marked(client, path):
    world = make_world()
    client.force_login(world.alice)
    response = client.get(path)
    assert response.status_code == 200
    names, current = my_profile_nav(response.content.decode())
    assert names == list(MY_PROFILE_PAGES.values())
    assert current == [MY_PROFILE_PAGES[path]]
    assert "My profile" in page_text(response)


def test_adding_a_career_role_stays_within_my_profile(client):
    world = make_world()
    client.force_login(world.alice)
    names, current = my_profile_nav(client.get("/people/me/career/add/").content.decode())
    assert current == ["Profile, who can see it and career history"]


def test_someone_elses_talent_page_has_no_my_profile_navigation(client):
    world = make_world()
    client.force_login(world.bob)  # RJ1's talent lead, looking at alice
    html = client.get(f"/talent/people/{world.alice_person.pk}/").content.decode()
    assert not NAV.search(html)


def test_the_visibility_change_link_lands_on_the_visibility_question(client):
    world = make_world()
    client.force_login(world.alice)
    me = client.get("/people/me/").content.decode()
    edit = f"/people/{world.alice_person.pk}/edit/"
    assert f'href="{edit}#visibility"' in me
    assert f'href="{edit}#id_job_title"' in me  # every other row lands on its own field
    form = client.get(edit).content.decode()
    assert re.search(r'<fieldset[^>]*id="visibility"', form)
    assert re.search(r'id="visibility"(?:.|\n)*?name="visibility"', form)
    assert 'id="id_job_title"' in form


def test_a_talent_leads_change_link_lands_where_visibility_is_explained(client):
    world = make_world()
    client.force_login(world.bob)
    detail = client.get(f"/people/{world.alice_person.pk}/").content.decode()
    assert f'href="/people/{world.alice_person.pk}/edit/#visibility"' in detail
    form = client.get(f"/people/{world.alice_person.pk}/edit/").content.decode()
    assert re.search(r'<h2[^>]*id="visibility"[^>]*>Who can see this profile</h2>', form)


@pytest.mark.parametrize("path", ["/people/me/", "/talent/me/", "/opportunities/preferences/",
                                  "/talent/placements/mine/", "/people/me/characteristics/"])
def test_someone_without_a_profile_is_shown_their_roles_and_work_not_an_error(client, path):
    world = make_world()
    client.force_login(make_user("rita", role=Role.REGIONAL_LEAD, scope=world.region))
    response = client.get(path)
    assert response.status_code == 200
    text = page_text(response)
    assert "My account" in text and "You do not have a talent profile" in text
    assert "Regional talent lead – London" in text  # their role and its scope
    html = response.content.decode()
    assert 'href="/talent/search/"' in html and 'href="/opportunities/runs/"' in html
    assert 'href="/insights/"' in html
    assert not NAV.search(html)  # none of a leader's pages apply


def test_an_analyst_without_a_profile_is_not_offered_people_work(client):
    world = make_world()
    client.force_login(make_user("ann", role=Role.ANALYST, scope=world.region))
    html = client.get("/people/me/").content.decode()
    assert 'href="/insights/"' in html
    assert 'href="/talent/search/"' not in html and 'href="/talent/reviews/"' not in html

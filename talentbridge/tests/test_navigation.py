"""The header shows each role the places it can use, and nothing it cannot."""

import pytest
from django.test import Client

from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.django_db


def _links(user) -> str:
    client = Client()
    client.force_login(user)
    html = client.get("/accessibility/").content.decode()
    return html[html.index("nhsuk-header__navigation"):html.index("</nav>",
                                                                   html.index("nhsuk-header__navigation"))]


def test_a_leader_sees_no_insights_audit_or_tokens():
    nav = _links(make_user("leader"))
    assert 'href="/people/me/"' in nav
    assert 'href="/insights/"' not in nav
    assert 'href="/audit/"' not in nav
    assert 'href="/accounts/tokens/"' not in nav


def test_an_analyst_sees_insights_but_not_administration():
    system = make_system()
    nav = _links(make_user("analyst", role="analyst", scope=system))
    assert 'href="/insights/"' in nav
    assert 'href="/audit/"' not in nav


def test_an_administrator_sees_audit_and_tokens_stay_in_the_account_menu():
    make_org("RJ1")
    nav = _links(make_user("admin", role="administrator"))
    assert 'href="/audit/"' in nav
    assert 'href="/accounts/tokens/"' not in nav  # "Your API tokens", beside "Sign out"


def test_your_data_is_in_my_profile_and_administrators_have_the_corrections_queue(client):
    org = make_org("RJ1")
    leader = make_user("leader")
    make_person(org, user=leader)
    nav = _links(leader)
    assert 'href="/my-data/"' not in nav  # one of My profile's pages, not a header section
    assert 'href="/my-data/corrections/queue/"' not in nav
    client.force_login(leader)
    assert 'href="/my-data/"' in client.get("/people/me/").content.decode()
    nav = _links(make_user("olga", role="organisation_administrator", scope=org))
    assert 'href="/my-data/corrections/queue/"' in nav
    assert 'href="/my-data/corrections/queue/"' in _links(make_user("admin",
                                                                     role="administrator"))


def test_succession_is_offered_to_talent_leads_analysts_and_administrators_only():
    org = make_org("RJ1")
    assert 'href="/succession/"' in _links(make_user("lead", role="organisation_talent_lead",
                                                     scope=org))
    assert 'href="/succession/"' in _links(make_user("ana", role="analyst", scope=org))
    assert 'href="/succession/"' in _links(make_user("admin", role="administrator"))
    assert 'href="/succession/"' not in _links(make_user("olga",
                                                         role="organisation_administrator",
                                                         scope=org))
    assert 'href="/succession/"' not in _links(make_user("leader"))

"""The header shows each role the places it can use, and nothing it cannot."""

import pytest
from django.test import Client

from talentbridge.people.tests.factories import make_org, make_system, make_user

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


def test_an_administrator_sees_audit_and_tokens():
    make_org("RJ1")
    nav = _links(make_user("admin", role="administrator"))
    assert 'href="/audit/"' in nav
    assert 'href="/accounts/tokens/"' in nav

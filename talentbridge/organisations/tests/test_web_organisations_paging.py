"""A system's organisations page: "Showing 1 to N of Z organisations" and the next page shows
the rest, while the leader counts by band still cover every organisation in the system."""

import pytest

from talentbridge.core.tests.paging import two_pages
from talentbridge.organisations import views
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_world


@pytest.mark.django_db
def test_a_systems_organisations_page(client, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    world = make_world()
    make_org("RAL", world.system, name="ROYAL FREE LONDON NHS FOUNDATION TRUST")
    client.force_login(world.bob)
    first, second = two_pages(client, "/organisations/systems/QMJ/", 3, "organisations",
                              param="organisations_page")
    assert "Barts" not in first + second
    assert "Guy's and St Thomas'" in first and "Royal Free London" in second

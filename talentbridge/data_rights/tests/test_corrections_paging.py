"""The correction request lists page: the organisation administrators' queue and a leader's
own requests say "Showing 1 to N of Z" and the next page shows the rest; a request from
another organisation's leader is neither listed nor counted in the queue."""

from __future__ import annotations

import pytest

from talentbridge.core.tests.paging import two_pages
from talentbridge.data_rights import corrections
from talentbridge.data_rights import views
from talentbridge.people.tests.factories import make_world

from .test_corrections import ask
from .world import add_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    add_staff(w)
    return w


def test_the_queue_and_my_requests_page(client, monkeypatch, w):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for wanted in ("alice.one@nhs.net", "alice.two@nhs.net", "alice.three@nhs.net"):
        ask(w, wanted=wanted)
    corrections.request_correction(w.charlie, area="name", requested_correction="Charles")
    client.force_login(w.olga)
    first, second = two_pages(client, "/my-data/corrections/queue/", 3, "requests")
    assert "Charles" not in first + second
    client.force_login(w.alice)
    two_pages(client, "/my-data/corrections/", 3, "requests")

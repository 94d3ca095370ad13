"""Every demo role's home lists work waiting for that user in the demo, and every item's link
opens, for that user, the page where the work is done."""

from __future__ import annotations

import re
from html import unescape

import pytest

from talentbridge.demo import lifecycle
from talentbridge.demo import opportunities
from talentbridge.demo import talent
from talentbridge.demo.tests.building import demo_fixture
from talentbridge.demo.users import DEMO_USERNAMES
from talentbridge.demo.users import demo_password

pytestmark = pytest.mark.django_db

#: The smallest demo in which every role has its people, reviews, pools and opportunities.
LEADERS = 600

#: What the page an item links to must show (the work itself), by the item's words.
WORK_PAGES = (
    (r"^Opportunit(y|ies) to publish or send back$", "Publish"),
    (r"^Match runs? finished since you last looked$", "Match runs"),
    (r"^Nominations? to decide for ", "Nominations awaiting a decision"),
    (r"^Members? of .* due for review$", "Members"),
    (r"^Talent review in progress: .* \((placing people|calibrating)\)$", "The grid"),
    (r"^Correction requests? to deal with$", "Correction requests"),
    (r"^Leaders' feeds? finished since you last looked$", "Upload a leaders' feed"),
    (r"\"Left or moved\?\" list$", "Left or moved?"),
    (r"^Invitations? not accepted yet$", "Invited"),
    (r"^Unread notifications?$", "Mark all as read"),
    (r"^Career conversations? to record$", "Record the conversation"),
    (r"^Career conversations? to prepare for$", "reflection"),
    (r"^Your career conversations? (is|are) due for review$", "Career conversation"),
    (r"due for review$", "Start a career conversation"),
    (r"^Assessments? collecting colleagues' feedback \(360\)$", "Remind raters"),
    (r"^(Self|Line manager) assessments? to give$", "Frequently"),
    (r"^Offers? of (an )?opportunit(y|ies) to answer$", "Send my answer"),
    (r"^Placements? to approve for your organisation$", "decision"),
)


demo = demo_fixture(lambda: None, LEADERS, talent, opportunities, lifecycle)


def waiting_on_home(html: str) -> list[tuple[str, str, int]]:
    """(link, words, how many) of each row of the home's "What is waiting for you" table."""
    rows = re.findall(r'<th scope="row" class="nhsuk-table__header"><a href="([^"]+)">([^<]+)'
                      r'</a></th>\s*<td class="[^"]*">(\d+)</td>', html)
    return [(unescape(href), unescape(text), int(count)) for href, text, count in rows]


def work_page_marker(text: str) -> str:
    for pattern, marker in WORK_PAGES:
        if re.search(pattern, text):
            return marker
    raise AssertionError(f"No work page known for the waiting item {text!r}")


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_each_demo_roles_home_lists_its_waiting_work_linked_to_where_it_is_done(
        demo, client, username):
    assert client.login(username=username, password=demo_password())
    response = client.get("/")
    assert response.status_code == 200
    waiting = waiting_on_home(response.content.decode())
    assert waiting, f"nothing waits for {username} in the demo"
    for href, text, count in waiting:
        assert count >= 1
        page = client.get(href)
        assert page.status_code == 200, (username, text, href)
        assert work_page_marker(text) in unescape(page.content.decode()), (username, text, href)

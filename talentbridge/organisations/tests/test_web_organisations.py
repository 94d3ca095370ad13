"""Organisation and integrated care system pages."""

import datetime as dt
import re

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.organisations.models import KindSource
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.people.tests.factories import assert_shows
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_as
from talentbridge.people.tests.factories import page_text

LIST = "/organisations/"
SYSTEMS = "/organisations/systems/"


@pytest.fixture
def world(db):
    world = make_world()
    # A system that merged into QMJ last year, and a trust that moved over.
    world.old_system = make_system("QRV", world.region, name="NHS Old Test Integrated Care Board",
                                   closed_on=dt.date(2026, 3, 31), merged_into=world.system)
    world.moved = make_org("RAL", world.old_system, name="ROYAL FREE LONDON NHS FOUNDATION TRUST",
                           valid_to=dt.date(2026, 3, 31))
    OrganisationMembership.objects.create(organisation=world.moved, system=world.system,
                                          region=world.region, valid_from=dt.date(2026, 4, 1))
    world.closed = make_org("RQX", world.other_system, name="HOMERTON HEALTHCARE NHS TRUST",
                            closed_on=dt.date(2025, 1, 31))
    return world


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_everyone_signed_in_sees_the_list(client, world, who):
    response, text = page_as(client, getattr(world, who), LIST)
    assert "RJ1" in text and "Guy's and St Thomas' NHS Foundation Trust" in text
    assert "Closed on 31 January 2025" in text
    assert "<caption" in response.content.decode()


def test_the_list_needs_sign_in(client, world):
    assert client.get(LIST).status_code == 302


def test_it_filters_by_region_system_and_kind(client, world):
    north = make_region("Y63", "North East and Yorkshire")
    make_org("RR8", make_system("QWO", north), name="LEEDS TEACHING HOSPITALS NHS TRUST",
             kind="acute")
    make_org("RX9", world.system, name="LONDON AMBULANCE SERVICE NHS TRUST", kind="ambulance")
    client.force_login(world.alice)
    text = page_text(client.get(LIST, {"region": "Y63"}))
    assert "Leeds" in text and "RJ1" not in text
    text = page_text(client.get(LIST, {"system": "QMJ"}))
    assert "RJ1" in text and "RAL" in text and "RX1" not in text and "Leeds" not in text
    text = page_text(client.get(LIST, {"kind": "ambulance"}))
    assert "London Ambulance Service NHS Trust" in text and "RJ1" not in text


def test_an_unknown_filter_value_is_named(client, world):
    client.force_login(world.alice)
    response = client.get(LIST, {"kind": "castle"})
    assert '"castle" is not one of the options' in error_summary(response)


def test_the_list_does_not_query_per_row(client, world, django_assert_max_num_queries):
    for n in range(30):
        make_org(f"T{n:02d}", world.system)
    client.force_login(world.alice)
    # 30 rows in fewer queries than rows: the list's own (filters, count, page, memberships)
    # and the header's (session, user, grants, profile, board post, unread count)
    with django_assert_max_num_queries(11):
        response = client.get(LIST)
    assert "T29" in page_text(response)


def test_the_detail_shows_membership_history_counts_and_visible_leaders(client, world):
    make_person(world.rj1, given_name="Hidden", family_name="Leader", pay_band="9")
    _, text = page_as(client, world.bob, "/organisations/rj1/")
    assert_shows(text, "Guy's and St Thomas' NHS Foundation Trust",
                 "NHS North Central London Integrated Care Board", "1 July 2022",
                 # alice and bob; the other leader: small counts are "*" even for the
                 # organisation's lead
                 "Band 8d *", "Band 9 *",
                 "Alice Ashworth", "Hidden Leader")  # bob leads RJ1


def test_an_outsider_sees_counts_but_not_the_people(client, world):
    _, text = page_as(client, world.charlie, "/organisations/RJ1/")
    assert "Band 8d *" in text and "Band 8d 2" not in text
    assert "Alice Ashworth" not in text and "Bob Bennett" not in text
    assert "There are no leaders here whose profiles you can see" in text


def test_the_owner_sees_herself_among_the_leaders(client, world):
    client.force_login(world.alice)
    text = page_text(client.get("/organisations/RJ1/"))
    assert "Alice Ashworth" in text and "Bob Bennett" not in text


def test_a_moved_organisation_shows_both_memberships(client, world):
    client.force_login(world.alice)
    text = page_text(client.get("/organisations/RAL/"))
    assert "NHS Old Test Integrated Care Board" in text and "31 March 2026" in text
    assert "1 April 2026" in text


def test_an_unknown_organisation_is_404(client, world):
    client.force_login(world.alice)
    assert client.get("/organisations/ZZZ/").status_code == 404


def test_an_administrator_corrects_the_kind_and_it_is_audited(client, world):
    client.force_login(world.admin)
    assert "Correct the kind of organisation" in page_text(client.get("/organisations/RJ1/"))
    response = client.post("/organisations/RJ1/kind/", {"kind": "mental_health"}, follow=True)
    assert "is now recorded as: Mental health and learning disability trust" in \
        page_text(response)
    org = Organisation.objects.get(ods_code="RJ1")
    assert org.kind == "mental_health" and org.kind_source == KindSource.ADMINISTRATOR
    event = AuditEvent.objects.get(action=AuditAction.UPDATE,
                                   target_type="organisations.organisation")
    assert event.detail["kind"] == {"from": "acute", "to": "mental_health"}


def test_a_bad_kind_is_refused(client, world):
    client.force_login(world.admin)
    response = client.post("/organisations/RJ1/kind/", {"kind": "castle"})
    assert '"castle" is not one of the options' in error_summary(response)
    assert Organisation.objects.get(ods_code="RJ1").kind == "acute"


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_non_administrators_cannot_correct_the_kind(client, world, who):
    client.force_login(getattr(world, who))
    assert "Correct the kind" not in page_text(client.get("/organisations/RJ1/"))
    assert client.post("/organisations/RJ1/kind/", {"kind": "ambulance"}).status_code == 403
    assert Organisation.objects.get(ods_code="RJ1").kind == "acute"


def test_systems_are_grouped_by_region_with_merged_ones_marked(client, world):
    make_system("QWO", make_region("Y63", "North East and Yorkshire"),
                name="NHS West Yorkshire Integrated Care Board")
    _, text = page_as(client, world.charlie, SYSTEMS)
    assert text.index("London") < text.index("North East and Yorkshire")
    assert "Merged into North Central London on 31 March 2026" in text
    # Open systems come before the merged one within London.
    assert text.index("North Central London") < text.index("Old Test")


def test_a_system_shows_its_organisations_counts_and_visible_leaders(client, world):
    make_person(world.rj2, given_name="Sam", family_name="Systemwide", visibility="system")
    _, text = page_as(client, world.bob, "/organisations/systems/qmj/")
    assert_shows(text, "Guy's and St Thomas' NHS Foundation Trust",
                 "Lewisham and Greenwich NHS Trust", "Royal Free London",
                 "Formed from", "NHS Old Test Integrated Care Board", "Band 8d *",
                 "Sam Systemwide", "Alice Ashworth", hidden=("Band 8d 3",))


def test_an_outsider_sees_no_leaders_in_another_system(client, world):
    make_person(world.rj2, given_name="Sam", family_name="Systemwide", visibility="system")
    client.force_login(world.charlie)
    text = page_text(client.get("/organisations/systems/QMJ/"))
    assert "Sam Systemwide" not in text and "Alice Ashworth" not in text
    assert "Band 8d *" in text


def test_an_unknown_system_is_404(client, world):
    client.force_login(world.alice)
    assert client.get("/organisations/systems/QZZ/").status_code == 404


# --- Band counts play the attacker: a leader hidden from the viewer -------------------------


def _band_cells(text: str) -> str:
    start = text.index("by band or grade")
    return text[start:text.index("Leaders you can see", start)]


@pytest.mark.parametrize("band", ["9", "8d", "VSM"])
def test_a_hidden_leaders_band_cannot_be_read_from_the_counts(client, world, band):
    """charlie sees nobody at RJ1; alice sees only herself. Adding one leader whom neither can
    see, in any band, changes nothing on either page, so the count minus the leaders listed
    does not give the hidden leader's band."""
    pages = {}
    for who in ("charlie", "alice"):
        client.force_login(getattr(world, who))
        pages[who] = (_band_cells(page_text(client.get("/organisations/RJ1/"))),
                      _band_cells(page_text(client.get("/organisations/systems/QMJ/"))))
    make_person(world.rj1, given_name="Hidden", family_name="Leader", pay_band=band,
                visibility="organisation")
    for who in ("charlie", "alice"):
        client.force_login(getattr(world, who))
        after = (_band_cells(page_text(client.get("/organisations/RJ1/"))),
                 _band_cells(page_text(client.get("/organisations/systems/QMJ/"))))
        if band == "8d":  # 2 -> 3 people: "*" before and after
            assert after == pages[who]
        # a band that had nobody now shows "*": someone is there, not who, and never an
        # exact small count to subtract the listed leaders from
        for cells in after:
            assert "Hidden Leader" not in cells
            assert re.search(r"\s[1-7]\s", cells.split("by band or grade", 1)[1]) is None


def test_counts_of_eight_or_more_are_rounded_and_administrators_see_them_exact(client, world):
    for n in range(10):
        make_person(world.rj1, given_name=f"Nurse{n}", family_name="Leader", pay_band="8c")
    client.force_login(world.bob)
    text = page_text(client.get("/organisations/RJ1/"))
    assert "Band 8c 10" in text and "rounded to the nearest 5" in text
    make_person(world.rj1, given_name="Eleventh", family_name="Leader", pay_band="8c")
    make_person(world.rj1, given_name="Twelfth", family_name="Leader", pay_band="8c")
    assert "Band 8c 10" in page_text(client.get("/organisations/RJ1/"))  # 12 is still 10
    client.force_login(world.admin)
    text = page_text(client.get("/organisations/RJ1/"))
    assert "Band 8c 12" in text and "Band 8d 2" in text
    assert "rounded to the nearest 5" not in text

"""A leader's whole lifecycle in a real browser, every step through the pages a user would use.

Riverside's organisation administrator uploads a leaders' feed with a mistake, reads the
rejected row, uploads the corrected file; the new leader, Imogen Testwood, accepts her
invitation, keeps her profile to "My organisation only" and has a career conversation with her
line manager; Hilltop (in another integrated care system) takes her on through its own feed;
Riverside's talent lead can no longer find her, Hilltop's can and looks at her profile; she
downloads her data and finds the conversation and Hilltop's talent lead's look in it. The
accessibility baseline (axe, WCAG 2.2 AA) on every key page.

Only the starting world comes from factories: the two trusts, their organisation
administrators and talent leads, and her line manager (a current person of Riverside).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.accounts.models import Role
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import PASSWORD
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.staff_record.tests.feeds import build_world
from talentbridge.staff_record.tests.feeds import csv_bytes
from talentbridge.staff_record.tests.feeds import row
from talentbridge.talent.conversations.tests.factories import ensure_readiness

pytestmark = pytest.mark.browser

NEW_PASSWORD = "lantern orchard velvet kestrel"  # noqa: S105 (synthetic, for this test)
IMOGEN = row("200002", "Imogen", "Testwood", title="Director of Strategy", band="8d",
             group="Administrative and Clerical", start="2024-04-01", manager="900001")
FEED_A = [row("200001", "Rafe", "Quillby", title="Director of Estates", band="9",
              group="Estates and Ancillary", manager="900001"), IMOGEN]


@pytest.fixture
def journey(transactional_db, _audit_trail_emptied) -> SimpleNamespace:
    """Riverside (RJ1, system QMJ) and Hilltop (RX1, system QMF), each with its organisation
    administrator (oadmin, xadmin) and talent lead (lead_a, lead_c); Mo, a leader at Riverside
    who will be Imogen's line manager."""
    cache.clear()  # sign-in throttling counts failures in the cache
    ensure_readiness()
    w = build_world()
    w.lead_a = make_user("lead_a", role=Role.ORGANISATION_TALENT_LEAD, scope=w.rj1,
                         first_name="Lara", last_name="Riverside")
    w.lead_c = make_user("lead_c", role=Role.ORGANISATION_TALENT_LEAD, scope=w.rx1,
                         first_name="Hana", last_name="Hilltop")
    w.mo = make_user("mo", first_name="Mo", last_name="Manager")
    make_person(w.rj1, user=w.mo, given_name="Mo", family_name="Manager",
                nhs_identifier="900001", started_in_post=dt.date(2020, 4, 1))
    return w


def sign_in(page: Page, username: str, password: str) -> None:
    """Sign in through the sign-in page, as a user would."""
    page.context.clear_cookies()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/sign-in/" not in url)


def as_user(page: Page, sign_in_as, user) -> None:
    page.context.clear_cookies()
    sign_in_as(user)


def upload_feed(page: Page, path) -> None:
    page.goto("/staff-record/")
    page.get_by_role("link", name="Upload a leaders' feed").click()
    page.get_by_label("Leaders' feed (CSV or XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()


def uploads_a_feed_with_a_bad_row_then_the_corrected_file(page: Page, w, axe_check, tmp_path):
    # Riverside's organisation administrator signs in and uploads a feed with an unknown band
    sign_in(page, w.oadmin.username, PASSWORD)
    wrong = tmp_path / "riverside-leaders-wrong.csv"
    wrong.write_bytes(csv_bytes([*FEED_A, row("200003", "Dee", "Irwin", band="8e")]))
    upload_feed(page, wrong)
    # The page names the rejected row, column and value, and nothing was created
    expect(page.locator(".nhsuk-error-summary")).to_contain_text('Row 4, Band "8e"')
    rejected = page.get_by_role("table", name="Rejected rows")
    expect(rejected.get_by_role("rowheader")).to_have_text(["4"])
    expect(rejected.get_by_role("cell").first).to_have_text("Band")
    expect(rejected.get_by_role("cell").nth(1)).to_have_text("8e")
    axe_check(page)
    assert not Person.unscoped.filter(nhs_identifier__startswith="2000").exists()

    # They fix the file and upload it again: the people are created and invited
    right = tmp_path / "riverside-leaders.csv"
    right.write_bytes(csv_bytes(FEED_A))
    upload_feed(page, right)
    expect(page.locator(".nhsuk-tag")).to_have_text("Applied")
    expect(page.get_by_text("2 created, 0 updated")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Invitations sent to 2 new people")
    axe_check(page)


def invitation_path(email: str) -> str:
    [message] = [m for m in mail.outbox if email in m.to]
    return re.search(r"(/accounts/invitation/[^/\s]+/)", message.body).group(1)


def imogen_accepts_her_invitation_and_keeps_her_profile_private(page: Page, axe_check):
    page.context.clear_cookies()
    page.goto(invitation_path("imogen.testwood@nhs.net"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Welcome to TalentBridge, Imogen Testwood")
    axe_check(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("banner")).to_contain_text("Imogen Testwood")

    # She chooses "My organisation only" for who can see her profile
    page.goto("/people/me/")
    page.get_by_role("link", name="Change my details").click()
    page.get_by_role("radio", name="My organisation only").check()
    axe_check(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile has been saved")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("My organisation only")


def her_line_manager_records_a_career_conversation(page: Page, sign_in_as, w, imogen, axe_check):
    today = timezone.localdate()
    as_user(page, sign_in_as, w.mo)
    page.goto(f"/talent/people/{imogen.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Imogen Testwood")
    page.get_by_role("button", name="Start a career conversation").click()
    held = page.get_by_role("group", name="Date of the conversation")
    review = page.get_by_role("group", name="Next review date")
    for group, day in ((held, today), (review, today + dt.timedelta(days=120))):
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))
    page.get_by_role("radio", name="Established impact").check()
    page.get_by_role("radio", name=re.compile("^Stretch")).check()
    page.get_by_label("Next role wanted").fill("Chief Strategy Officer")
    page.get_by_role("radio", name="Ready in 1 to 2 years").check()
    page.get_by_role("radio", name="Within my region").check()
    axe_check(page)
    page.get_by_role("button", name="Record the conversation").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("has been recorded")


def hilltop_takes_her_on_through_its_feed(page: Page, w, axe_check, tmp_path):
    # Hilltop's organisation administrator uploads Hilltop's feed, which lists her, from today
    sign_in(page, w.xadmin.username, PASSWORD)
    feed = tmp_path / "hilltop-leaders.csv"
    feed.write_bytes(csv_bytes([row("200002", "Imogen", "Testwood", title="Chief Strategy Officer",
                                    band="9", group="Administrative and Clerical",
                                    start=timezone.localdate().isoformat())]))
    upload_feed(page, feed)
    expect(page.locator(".nhsuk-tag")).to_have_text("Applied")
    expect(page.get_by_text("0 created, 0 updated, 1 moved here")).to_be_visible()
    axe_check(page)


def search_for_imogen(page: Page):
    page.goto("/people/")
    page.get_by_label("Name", exact=True).fill("Testwood")
    page.get_by_role("button", name="Search").click()
    return page.get_by_role("main")


def only_hilltops_talent_lead_finds_her(page: Page, sign_in_as, w, imogen, axe_check):
    # Riverside's talent lead searches for her: not found, and her page does not exist for him
    as_user(page, sign_in_as, w.lead_a)
    main = search_for_imogen(page)
    expect(page.get_by_role("status").filter(has_text="found")).to_have_text("No people found")
    expect(main).not_to_contain_text("Imogen")
    axe_check(page)
    response = page.goto(f"/people/{imogen.pk}/")
    assert response is not None and response.status == 404

    # Hilltop's talent lead searches: found, and opens her profile
    as_user(page, sign_in_as, w.lead_c)
    search_for_imogen(page)
    expect(page.get_by_role("status").filter(has_text="found")).to_have_text("1 person found")
    page.get_by_role("link", name="Imogen Testwood").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imogen Testwood")
    expect(page.get_by_role("main")).to_contain_text("Chief Strategy Officer")
    expect(page.get_by_role("main")).to_contain_text(w.rx1.display_name)
    axe_check(page)


def imogen_downloads_her_data(page: Page, axe_check) -> dict:
    sign_in(page, "imogen.testwood@nhs.net", NEW_PASSWORD)
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My profile").click()
    page.get_by_role("link", name="Your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as archive:
        assert "index.html" in archive.namelist()
        return json.loads(archive.read("data.json"))


def test_a_leader_from_feed_to_move_to_download_of_her_data(
        page: Page, journey, sign_in_as, axe_check, tmp_path):
    w = journey
    uploads_a_feed_with_a_bad_row_then_the_corrected_file(page, w, axe_check, tmp_path)
    imogen = Person.unscoped.get(nhs_identifier="200002")
    imogen_accepts_her_invitation_and_keeps_her_profile_private(page, axe_check)
    her_line_manager_records_a_career_conversation(page, sign_in_as, w, imogen, axe_check)
    hilltop_takes_her_on_through_its_feed(page, w, axe_check, tmp_path)
    only_hilltops_talent_lead_finds_her(page, sign_in_as, w, imogen, axe_check)

    data = imogen_downloads_her_data(page, axe_check)
    profile = data["profile"]
    assert (profile["employing organisation ODS code"], profile["started in post"],
            profile["who can see my profile"]) == (
        "RX1", timezone.localdate().isoformat(), "My organisation only")
    [conversation] = data["career conversations"]
    assert conversation["held by"] == "Mo Manager"
    assert conversation["next role wanted"] == "Chief Strategy Officer"
    viewer_roles = [role for view in data["who viewed my record"] for role in view["roles"]]
    assert f"Organisation talent lead, {w.rx1.display_name}" in viewer_roles

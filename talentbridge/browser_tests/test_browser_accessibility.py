"""The accessibility baseline on each main page, as the user who would normally see it: no
axe-core violation of impact "serious" or "critical" against WCAG 2.2 AA (see conftest)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.accounts import services as account_services

pytestmark = pytest.mark.browser


def _nothing(page: Page, world: SimpleNamespace) -> None:
    pass


@dataclass(frozen=True)
class MainPage:
    name: str
    user: str | None  # an attribute of the world, or None for someone not signed in
    path: Callable[[SimpleNamespace], str]
    heading: Callable[[SimpleNamespace], str]
    status: int = 200
    shows: str = ""  # text the page's main content must show, so that tables are checked too
    prepare: Callable[[Page, SimpleNamespace], None] = field(default=_nothing)


def _search_the_audit_trail_once(page: Page, world: SimpleNamespace) -> None:
    """So that the audit page has an event (this search) to list."""
    page.goto("/audit/")


def _issue_a_token(page: Page, world: SimpleNamespace) -> None:
    account_services.issue_token(world.admin, "Workforce import from ESR", scopes=["read"])


MAIN_PAGES = [
    MainPage("sign-in", None, lambda w: "/accounts/sign-in/",
             lambda w: "Sign in to TalentBridge"),
    MainPage("home", "alice", lambda w: "/", lambda w: "Your work",
             shows="What is waiting for you"),
    MainPage("my-profile", "alice", lambda w: "/people/me/", lambda w: "Alice Ashworth"),
    MainPage("edit-profile", "alice", lambda w: f"/people/{w.alice_person.pk}/edit/",
             lambda w: "Change my details"),
    MainPage("characteristics", "alice", lambda w: "/people/me/characteristics/",
             lambda w: "My protected characteristics"),
    MainPage("people-search", "bob", lambda w: "/people/?name=&organisation=RJ1",
             lambda w: "Find people", shows="Dana Smith"),
    MainPage("person", "bob", lambda w: f"/people/{w.alice_person.pk}/",
             lambda w: "Alice Ashworth"),
    MainPage("erase-person", "admin", lambda w: f"/people/{w.alice_person.pk}/erase/",
             lambda w: "Erase this person", shows="What will be erased"),
    MainPage("organisations", "bob", lambda w: "/organisations/", lambda w: "Organisations",
             shows="RX1"),
    MainPage("organisation", "admin", lambda w: "/organisations/RJ1/",
             lambda w: w.rj1.display_name, shows="Alice Ashworth"),
    MainPage("systems", "bob", lambda w: "/organisations/systems/",
             lambda w: "Integrated care systems", shows="QMF"),
    MainPage("system", "bob", lambda w: "/organisations/systems/QMJ/",
             lambda w: w.system.name, shows="Dana Smith"),
    MainPage("audit", "admin", lambda w: "/audit/", lambda w: "Audit trail",
             shows="Audit events, newest first", prepare=_search_the_audit_trail_once),
    MainPage("tokens", "admin", lambda w: "/accounts/tokens/", lambda w: "API tokens",
             shows="Workforce import from ESR", prepare=_issue_a_token),
    MainPage("change-password", "alice", lambda w: "/accounts/password/",
             lambda w: "Change your password"),
    MainPage("forgotten-password", None, lambda w: "/accounts/password/forgotten/",
             lambda w: "Reset your password"),
    MainPage("not-found", "alice", lambda w: "/no-such-page/", lambda w: "Page not found",
             status=404),
]


@pytest.mark.parametrize("main_page", MAIN_PAGES, ids=[p.name for p in MAIN_PAGES])
def test_main_page_meets_the_accessibility_baseline(page: Page, world, sign_in_as, axe_check,
                                                     main_page: MainPage):
    # Given the user who would see this page, signed in
    if main_page.user is not None:
        sign_in_as(getattr(world, main_page.user))
    main_page.prepare(page, world)

    # When they open it
    response = page.goto(main_page.path(world))

    # Then it is the page expected, and it meets the accessibility baseline
    assert response is not None and response.status == main_page.status, (
        f"{main_page.path(world)} answered {response and response.status}")
    expect(page.get_by_role("heading", level=1)).to_have_text(main_page.heading(world))
    if main_page.shows:
        expect(page.get_by_role("main")).to_contain_text(main_page.shows)
    axe_check(page)


BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><title>Broken</title></head>
<body><main><h1>Broken</h1>
<form><input type="text" name="unlabelled"></form>
<p style="color: #777; background: #888">Hard to read</p>
</main></body></html>"""


def test_the_baseline_catches_serious_violations(page: Page, live_server, axe_check):
    # Given a page with an unlabelled input and text that is too faint to read
    page.route(f"{live_server.url}/broken/", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=BROKEN_PAGE))
    page.goto("/broken/")

    # When it is checked, then the check fails and names both rules and where they failed
    with pytest.raises(AssertionError) as failure:
        axe_check(page)
    message = str(failure.value)
    assert "label (critical)" in message
    assert "color-contrast (serious)" in message
    assert "at ['input']" in message


def test_the_baseline_catches_a_content_security_policy_violation(page: Page, live_server,
                                                                  axe_check):
    # Given an accessible page whose inline script the Content Security Policy refuses
    page.route(f"{live_server.url}/inline-script/", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": "script-src 'self'"},
        body='<!DOCTYPE html><html lang="en-GB"><head><title>Script</title></head><body>'
             "<main><h1>Script</h1><script>document.title = 'ran';</script></main></body></html>"))
    page.goto("/inline-script/")

    # When it is checked, then the check fails and says why
    with pytest.raises(AssertionError, match="CSP violation"):
        axe_check(page)

"""Fixtures shared by every test under talentbridge/, chiefly the real-browser ones.

One headless Debian Chromium per test session (per xdist worker) — there must be exactly one
Playwright instance per process, which is why these live here rather than being imported into
each app's test module — a fresh browser context and page per test, pytest-django's live
server with committed data (transactional_db), and `axe_check`, the accessibility baseline
every browser test ends with: no axe-core violation of impact "serious" or "critical" against
WCAG 2.2 AA, no Content Security Policy violation and no uncaught JavaScript error.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import expect
from playwright.sync_api import sync_playwright

from talentbridge.audit.tests.trail import empty_audit_trail
from talentbridge.people.tests.factories import make_world

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM = os.environ.get("TALENTBRIDGE_CHROMIUM", "/usr/bin/chromium")

#: Why each flag: --no-sandbox because the tests run as root in a container, where Chromium's
#: sandbox cannot start; --disable-gpu because there is no GPU (software rendering only);
#: the rest stop Chromium phoning home (no network here but the package registries) and
#: doing first-run work, which keeps start-up fast and the runs deterministic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: WCAG 2.2 level AA, as axe-core tags its rules (2.0, 2.1 and 2.2, levels A and AA).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
BLOCKING_IMPACTS = {"serious", "critical"}

BUILT_CSS = (Path(settings.BASE_DIR) / "talentbridge" / "core" / "static" / "talentbridge"
             / "build" / "main.css")
TIMEOUT_MS = 15_000


def _missing(what: str) -> None:
    """In CI a missing prerequisite is a failure; on a developer's machine, a skip."""
    if os.environ.get("CI"):
        pytest.fail(what, pytrace=False)
    pytest.skip(what)


# --------------------------------------------------------------------------------------
# Browser, context and page
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        _missing(f"No Chromium at {CHROMIUM}: install Debian's (make browser, or "
                 "apt-get install chromium), or set TALENTBRIDGE_CHROMIUM")
    if not BUILT_CSS.exists():
        _missing(f"No built NHS CSS at {BUILT_CSS}: run `npm ci && npm run build` (make assets)")
    # Playwright's sync API keeps an asyncio event loop running in this thread while it is
    # started, and Django refuses ORM calls from a thread with a running loop unless told it
    # is safe. It is: the loop only drives the browser. Only while the browser runs, so that
    # a run without browser tests keeps Django's check.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="session")
def _app_warmed(django_db_setup, django_db_blocker) -> None:
    """Import the URLconf (every view, the API) and compile the layout's templates before the
    first test: its first page would otherwise wait for them, seconds on a busy machine."""
    with django_db_blocker.unblock():
        Client().get("/accounts/sign-in/")


@pytest.fixture
def javascript() -> bool:
    """Whether the page runs JavaScript. Parametrize a test on `javascript` to run it both ways."""
    return True


@pytest.fixture
def context(browser: Browser, live_server, _app_warmed, javascript: bool
            ) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                  java_script_enabled=javascript,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A page that keeps what went wrong in it: CSP violations and uncaught errors."""
    page = context.new_page()
    page.problems = []  # type: ignore[attr-defined]

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            page.problems.append(f"CSP violation: {message.text}")  # type: ignore[attr-defined]

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(  # type: ignore[attr-defined]
        f"Uncaught JavaScript error: {error}"))
    return page


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    """The people factories' world (`make_world`), for the tests that need nothing more; a test
    module or folder whose world has more defines its own ``world``."""
    return make_world()


@pytest.fixture(autouse=True)
def _commit_hooks_run_as_in_production() -> Iterator[None]:
    """`transaction.on_commit` callbacks (e-mails) run when the code's own transaction
    commits, not never (see talentbridge/core/tests/commits.py)."""
    from talentbridge.core.tests.commits import committing_as_in_production

    with committing_as_in_production():
        yield



@pytest.fixture
def _audit_trail_emptied(transactional_db) -> Iterator[None]:
    """Audit events are append-only, enforced by database triggers, and on SQLite the
    triggers also stop the flush that ends every transactional test. Empty the audit table
    with its triggers briefly lifted, just before that flush (this fixture depends on
    transactional_db, so it is torn down first)."""
    yield
    empty_audit_trail()


# --------------------------------------------------------------------------------------
# Signing in and the accessibility baseline
# --------------------------------------------------------------------------------------


@pytest.fixture
def sign_in_as(context: BrowserContext, live_server) -> Callable:
    """Give the browser a signed-in session for a user without using the sign-in page (tests
    of the sign-in page itself type into it)."""

    def sign_in(user) -> None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }])

    return sign_in


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v.get('helpUrl', '')}]")
        for node in v["nodes"]:
            lines.append(f"    at {node['target']}: {node.get('failureSummary', '')!r}")
    return "\n".join(lines)


_SCRIPT = re.compile(r"<script\b.*?</script>", re.IGNORECASE | re.DOTALL)


def _axe_violations(axe: Axe, page: Page) -> list[dict]:
    return axe.run(page, options=AXE_OPTIONS).response["violations"]


def _axe_violations_without_javascript(axe: Axe, browser: Browser, page: Page) -> list[dict]:
    """axe needs JavaScript (its promise never settles in a page with scripting off), so
    check a copy of what the JavaScript-less page shows: its DOM without scripts, served at
    the same address in a JavaScript-enabled context, so its styles load as before."""
    html = _SCRIPT.sub("", page.content())
    copy_context = browser.new_context(viewport=page.viewport_size, locale="en-GB")
    try:
        copy_context.route(page.url, lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=html))
        copy = copy_context.new_page()
        copy.goto(page.url, wait_until="load", timeout=TIMEOUT_MS)
        return _axe_violations(axe, copy)
    finally:
        copy_context.close()


@pytest.fixture
def axe_check(browser: Browser, javascript: bool) -> Callable[[Page], list[dict]]:
    """`axe_check(page)`: assert the page meets the accessibility baseline. Returns all the
    violations found (lesser ones are reported as warnings, not failures)."""
    axe = Axe()

    def check(page: Page) -> list[dict]:
        page.wait_for_load_state("load")
        violations = (_axe_violations(axe, page) if javascript
                      else _axe_violations_without_javascript(axe, browser, page))
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        lesser = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
        where = page.url
        if lesser:
            warnings.warn(f"axe: lesser violations on {where}:\n{describe_violations(lesser)}",
                          stacklevel=2)
        if blocking:
            raise AssertionError(f"axe: serious or critical WCAG 2.2 AA violations on "
                                 f"{where}:\n{describe_violations(blocking)}")
        problems = getattr(page, "problems", [])
        if problems:
            raise AssertionError(f"Problems on {where}:\n" + "\n".join(problems))
        return violations

    return check


@pytest.fixture(autouse=True)
def _seeded_rows_survive_flush(request):
    """A transactional test ends by emptying every table, migration-seeded rows included. So
    before any test that uses the database, put the talent app's readiness levels and grids
    back if a flush removed them (one cheap query when they are there)."""
    if "_django_db_helper" in request.fixturenames:
        request.getfixturevalue("_django_db_helper")
        from talentbridge.talent.models import ReviewGrid
        from talentbridge.talent.seed import ensure_seeded

        if not ReviewGrid.objects.exists():
            ensure_seeded()
    yield

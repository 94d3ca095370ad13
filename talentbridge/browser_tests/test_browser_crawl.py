"""A crawl of the demo as every demo role: the home page, every page in the header, and one
level down from each, checked for what a user would notice.

The demo world (a small one: LEADERS leaders and INSIGHTS_STAFF staff in the workforce
figures) is built once for the module through the demo's own builders, committed, and served
by this module's own live server; it is flushed when the module ends. pytest-django's
`live_server` is not used: every test using it is transactional and flushes the database when
it ends, which would empty the world after the first role. Each role's test runs inside the
usual rolled-back transaction, so what its pages write (audit events, sessions) goes with it.

Each role signs in through the sign-in page in a browser context of its own (1,280 px wide)
and visits pages by GET only (links, never forms), at most PER_PATTERN addresses of each
pattern (`/people/123/` and `/people/456/` are one pattern). On every page it collects:
an axe violation of impact serious or critical, a console error or uncaught JavaScript error,
a Content Security Policy violation, sideways scrolling (of the page, or of a region in it
such as a table too wide for its container), a status other than 200 (or being sent to sign
in), and text such as "None", "NaN" or a raw model label ("talent.talentreview 18"). All of
a role's problems fail its test together. Load times are reported (printed with `-s`, and
written to var/crawl-report.txt), never asserted.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from talentbridge.audit.tests.trail import empty_audit_trail
from talentbridge.demo import insights as insights_demo
from talentbridge.demo.extras import EXTRA_DEMOS
from talentbridge.demo.generator import build_demo
from talentbridge.demo.users import DEMO_USERS
from talentbridge.demo.users import demo_password
from talentbridge.talent.seed import ensure_seeded

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
    # axe's moderate and minor findings are warnings in the journeys; over a crawl of a few
    # hundred pages they would bury the summary. Serious and critical ones fail the crawl.
    pytest.mark.filterwarnings("ignore:axe. lesser violations"),
]

SEED = 2026
LEADERS = 400
INSIGHTS_STAFF = 10_000
PER_PATTERN = 2
TIMEOUT_MS = 15_000
SLOWEST = 10
#: How many levels of links below the header's pages to follow: one unless
#: TALENTBRIDGE_CRAWL_DEPTH says more (a deeper look, slower, for a run by hand).
DEPTH = int(os.environ.get("TALENTBRIDGE_CRAWL_DEPTH", "1"))
REPORT = Path(settings.BASE_DIR) / "var" / "crawl-report.txt"

#: Never followed: they sign out, leave for the identity provider, or hand over a file.
SKIP_PATH = re.compile(r"^/accounts/(sign-out|sso)/|\.(csv|xlsx|zip|json|pdf|ods)$|/download/")
#: A path segment that names one record: a number, or an ODS or system code ("R0A", "QOP").
RECORD_SEGMENT = re.compile(r".*\d.*|[A-Z][A-Z0-9]{1,5}")
#: Text that shows a value went missing or a model leaked, as a whole word.
BAD_TEXT = {
    # "None" but not the word in a sentence ("None shown yet", "None of these")
    "missing value": re.compile(r"\b(None(?! [a-z])|nan|NaN|undefined)\b"),
    "raw model label": re.compile(r"\b[a-z_]+\.[a-z_]+ \d+\b"),
}

#: Records each Content Security Policy violation in the page, where the crawl reads them.
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || "page"}:${event.lineNumber})`);
});
"""
#: How far the page scrolls sideways, the elements in <main> reaching past the viewport's edge
#: when it does, and the regions in <main> that scroll sideways themselves (a table too wide
#: for its container). An NHS table is 4 px wider than its container by design (its header
#: border bleeds 2 px each side), so a region scrolling by no more than that is not counted.
MEASURE_WIDTH = """
() => {
  const BLEED = 4;
  const root = document.documentElement;
  const edge = root.clientWidth + 1;
  const name = (el) => el.tagName.toLowerCase() + (el.className && el.className.trim
    ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const right = (el) => el.getBoundingClientRect().right;
  const wide = root.scrollWidth <= root.clientWidth ? [] : [...document.querySelectorAll("main *")]
    .filter((el) => right(el) > edge && !(el.parentElement && right(el.parentElement) > edge))
    .slice(0, 3)
    .map((el) => `${name(el)} (${Math.round(el.getBoundingClientRect().width)} px)`);
  const scrolling = [...document.querySelectorAll("main *")]
    .filter((el) => el.scrollWidth > el.clientWidth + BLEED
      && ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
    .slice(0, 3)
    .map((el) => `${name(el)} (${el.scrollWidth} px of content in ${el.clientWidth} px)`);
  return {scroll: root.scrollWidth, client: root.clientWidth, wide, scrolling};
}
"""


@dataclass
class Crawl:
    """One role's crawl: the addresses seen, the pages visited, their times and problems."""

    role: str
    origin: str
    seen: set[str] = field(default_factory=set)
    patterns: Counter = field(default_factory=Counter)
    times: list[tuple[float, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def fail(self, url: str, kind: str, detail: str = "") -> None:
        self.failures.append(f"[{self.role}] {kind}: {self.path(url)}"
                             + (f"\n    {detail}" if detail else ""))

    def path(self, url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def wanted(self, url: str) -> bool:
        """Whether to visit this address: same origin, not seen, not one that acts or
        downloads, and fewer than PER_PATTERN of its pattern visited."""
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin or SKIP_PATH.search(parts.path):
            return False
        path = self.path(url)
        if path in self.seen:
            return False
        pattern = url_pattern(path)
        if self.patterns[pattern] >= PER_PATTERN:
            return False
        self.seen.add(path)
        self.patterns[pattern] += 1
        return True


def url_pattern(path: str) -> str:
    """`/people/123/?page=2&q=x` -> `/people/*/?page&q`: one pattern for every record."""
    parts = urlsplit(path)
    segments = ["*" if RECORD_SEGMENT.fullmatch(s) else s for s in parts.path.split("/")]
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return "/".join(segments) + (f"?{'&'.join(keys)}" if keys else "")


# --------------------------------------------------------------------------------------
# The demo world and its server
# --------------------------------------------------------------------------------------


def _build_world() -> None:
    build_demo(seed=SEED, leaders=LEADERS)
    for module in EXTRA_DEMOS:
        if module is insights_demo:
            module.build(SEED, None, staff=INSIGHTS_STAFF)  # England-wide, but fewer staff
        else:
            module.build(SEED, None)


def _stop(server: LiveServer) -> None:
    """LiveServer.stop(), but letting the requests still being answered finish first: each
    closes its database connection as it ends, which must happen while the server's threads
    may still share the test's in-memory SQLite connection."""
    server.thread.terminate()
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(TIMEOUT_MS / 1000)
    for connection in server.thread.connections_override.values():
        connection.dec_thread_sharing()


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, _app_warmed, tmp_path_factory
              ) -> Iterator[str]:
    """The demo world, committed, served by a live server of this module; its address."""
    storage = override_settings(INSIGHTS_STORAGE_DIR=tmp_path_factory.mktemp("insights"))
    with storage, django_db_blocker.unblock():
        server = None
        try:
            started = time.perf_counter()
            _build_world()
            print(f"\nDemo world of {LEADERS} leaders built in "
                  f"{time.perf_counter() - started:.1f} s")
            server = LiveServer("localhost")
            yield server.url
        finally:  # the world is committed: leave the database empty, as a flush would
            if server is not None:
                _stop(server)
            empty_audit_trail()
            call_command("flush", verbosity=0, interactive=False)
            ensure_seeded()  # as every transactional test's flush is followed


@pytest.fixture(scope="module")
def report() -> Iterator[Callable[..., None]]:
    """Write a line to var/crawl-report.txt (begun afresh each run) and print it, unless
    `echo=False` (the list of every page visited goes only to the file)."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("w", encoding="utf-8") as out:
        def write(text: str, echo: bool = True) -> None:
            if echo:
                print(text)
            out.write(text + "\n")
            out.flush()

        yield write


# --------------------------------------------------------------------------------------
# Visiting one page
# --------------------------------------------------------------------------------------


def _open(page: Page, crawl: Crawl, url: str) -> bool:
    """Go to the page and check how it answered; whether it is an HTML page to check."""
    started = time.perf_counter()
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            crawl.skipped.append(f"{crawl.path(url)} (a download)")
        else:
            crawl.fail(url, "did not load", str(error).splitlines()[0])
        return False
    crawl.times.append((time.perf_counter() - started, crawl.path(url)))
    if response is None:
        crawl.fail(url, "no response")
        return False
    if not response.headers.get("content-type", "").startswith("text/html"):
        crawl.skipped.append(f"{crawl.path(url)} ({response.headers.get('content-type')})")
        return False
    if urlsplit(page.url).path == "/accounts/sign-in/":
        crawl.fail(url, "sent to sign in")
        return False
    if response.status != 200:
        crawl.fail(url, f"status {response.status}")
    return True


def _around(text: str, match: re.Match) -> str:
    return text[max(match.start() - 40, 0):match.end() + 40].replace("\n", " | ")


def _check_page(page: Page, crawl: Crawl, url: str, axe_check: Callable) -> None:
    csp = page.evaluate("window.__cspViolations || []")
    for violation in csp:
        crawl.fail(url, "CSP violation", violation)
    width = page.evaluate(MEASURE_WIDTH)
    if width["scroll"] > width["client"]:
        crawl.fail(url, "scrolls sideways at 1,280 px",
                   f"{width['scroll']} px wide in {width['client']} px; "
                   f"reaching past the edge: {', '.join(width['wide']) or 'outside <main>'}")
    if width["scrolling"]:
        crawl.fail(url, "a region scrolls sideways at 1,280 px", ", ".join(width["scrolling"]))
    text = page.inner_text("body")
    for kind, pattern in BAD_TEXT.items():
        if matches := list(pattern.finditer(text)):
            crawl.fail(url, f"{kind} shown {len(matches)} times", "\n    ".join(
                f"{m.group(0)!r} in ...{_around(text, m)}..." for m in matches[:3]))
    # axe_check also fails on the page's console problems: the crawl reports those itself
    problems, page.problems = page.problems, []  # type: ignore[attr-defined]
    try:
        axe_check(page)
    except AssertionError as error:
        crawl.fail(url, "axe", str(error))
    page.problems = problems + page.problems  # type: ignore[attr-defined]


def _visit(page: Page, crawl: Crawl, url: str, axe_check: Callable) -> list[str]:
    """Visit a page, check it, and return the links in its <main>."""
    page.problems = []  # type: ignore[attr-defined]  # console errors, filled by listeners
    if not _open(page, crawl, url):
        return []
    _check_page(page, crawl, url, axe_check)
    for problem in page.problems:  # type: ignore[attr-defined]
        crawl.fail(url, "console", problem)
    return page.eval_on_selector_all("main a[href]", "links => links.map((a) => a.href)")


def _listen(page: Page) -> None:
    page.problems = []  # type: ignore[attr-defined]

    def on_console(message) -> None:
        own_status = (message.location.get("url") == page.url
                      and message.text.startswith("Failed to load resource"))
        if message.type == "error" and not own_status:  # the page's status is reported apart
            page.problems.append(f"console error: {message.text}")  # type: ignore[attr-defined]

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(  # type: ignore[attr-defined]
        f"uncaught JavaScript error: {error}"))


# --------------------------------------------------------------------------------------
# The crawl
# --------------------------------------------------------------------------------------


def _sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo_password())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/sign-in/" not in url)


def _crawl(page: Page, crawl: Crawl, axe_check: Callable) -> None:
    """The home page, each page in the header, then each link in their <main> (and, with
    a DEPTH over 1, each link in those pages' <main>, and so on)."""
    home = f"{crawl.origin}/"
    crawl.wanted(home)
    below = _visit(page, crawl, home, axe_check)
    header = page.eval_on_selector_all("header a[href]", "links => links.map((a) => a.href)")
    for url in header:
        if crawl.wanted(url):
            below += _visit(page, crawl, url, axe_check)
    for _level in range(DEPTH):
        links, below = below, []
        for url in links:
            if crawl.wanted(url):
                below += _visit(page, crawl, url, axe_check)


def _summarise(crawl: Crawl, seconds: float, write: Callable[..., None]) -> None:
    write(f"\n== {crawl.role}: {len(crawl.times)} pages in {seconds:.1f} s, "
          f"{len(crawl.failures)} problems")
    write(f"   {SLOWEST} slowest (navigation to load):")
    for took, path in sorted(crawl.times, reverse=True)[:SLOWEST]:
        write(f"   {took * 1000:7.0f} ms  {path}")
    for skipped in crawl.skipped:
        write(f"   not a page: {skipped}")
    write("   every page visited, in order:", echo=False)
    for took, path in crawl.times:
        write(f"   {took * 1000:7.0f} ms  {path}", echo=False)
    for failure in crawl.failures:
        write(failure)


@pytest.mark.parametrize("username", [user.username for user in DEMO_USERS])
def test_every_page_a_role_reaches_has_no_problems(
        username: str, demo_site: str, browser: Browser, axe_check, report):
    cache.clear()  # sign-in throttling counts in the cache
    context = browser.new_context(base_url=demo_site, locale="en-GB",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RECORD_CSP)
    crawl = Crawl(username, demo_site)
    started = time.perf_counter()
    try:
        page = context.new_page()
        _listen(page)
        _sign_in(page, username)
        _crawl(page, crawl, axe_check)
    finally:
        context.close()
    _summarise(crawl, time.perf_counter() - started, report)
    assert crawl.times, f"{username} reached no page"
    assert not crawl.failures, (f"{len(crawl.failures)} problems as {username}:\n"
                                + "\n".join(crawl.failures))

"""The load test's simulated people (locust): each signs in through the real sign-in page as
one of the demo roles and then does what that role does most, reads and writes, with a few
seconds' thought between pages. Run by ``talentbridge loadtest`` (talentbridge/loadtest/cli.py),
which reads every request from the file named by ``TALENTBRIDGE_LOAD_REQUESTS``.

Every request is named by its kind of page ("person page", "review grid", ...), the name the
report groups by. Ids (people, opportunities, reviews) are read from the links on the list
pages, as a person would click them. Each simulated person comes from an address of their own
(``X-Forwarded-For`` through the trusted proxy), as behind a load balancer.
"""

from __future__ import annotations

import html
import os
import random
import re
import time

import gevent
from locust import HttpUser
from locust import between
from locust import constant
from locust import events
from locust import task
from locust.clients import HttpSession

PASSWORD = os.environ.get("TALENTBRIDGE_DEMO_PASSWORD") or "demo-password-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BURST_SIGN_INS = int(os.environ.get("TALENTBRIDGE_LOAD_BURST", "50"))
BURST_AT_SECONDS = float(os.environ.get("TALENTBRIDGE_LOAD_BURST_AT", "0"))
BURST_SECONDS = 5.0
_log = open(os.environ.get("TALENTBRIDGE_LOAD_REQUESTS", os.devnull), "a", buffering=1)  # noqa: SIM115
_addresses = iter(range(1, 1_000_000))


@events.request.add_listener
def _write(request_type, name, response_time, exception, start_time=None, **kwargs):
    """One line per request: when it started, its kind, how long (ms), and whether it failed."""
    started = start_time if start_time is not None else time.time() - response_time / 1000
    failed = "" if exception is None else type(exception).__name__
    _log.write(f"{started:.3f}\t{name}\t{response_time:.1f}\t{failed}\n")


def _address() -> str:
    n = next(_addresses)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def sign_in(client: HttpSession, username: str, name: str = "sign-in") -> bool:
    """Sign in through the page: read the CSRF token from the form, post it back."""
    with client.get("/accounts/sign-in/", name=f"{name} page", catch_response=True) as page:
        token = CSRF.search(page.text or "")
        if token is None:
            page.failure("no CSRF token on the sign-in page")
            return False
    with client.post("/accounts/sign-in/", name=name, allow_redirects=False,
                     catch_response=True,
                     data={"csrfmiddlewaretoken": token.group(1), "username": username,
                           "password": PASSWORD}) as answer:
        if answer.status_code != 302:
            answer.failure(f"sign-in answered {answer.status_code}, not a redirect home")
            return False
    return True


def visit(path: str, name: str):
    """A task that only opens one page."""
    def run(person: Person) -> None:
        person.page(path, name)
    run.__name__ = name
    return run


def _ids(html: str, pattern: str) -> list[int]:
    return sorted({int(found) for found in re.findall(pattern, html)})


class Person(HttpUser):
    """A signed-in person; subclasses are the roles and what each does most."""

    abstract = True
    wait_time = between(2, 6)
    #: The demo sign-ins this kind of person signs in as (one chosen for each person).
    usernames: tuple[str, ...] = ()

    def on_start(self):
        self.username = random.choice(self.usernames)
        self.client.headers["X-Forwarded-For"] = _address()
        self.people: list[int] = []
        sign_in(self.client, self.username)

    def page(self, path: str, name: str):
        return self.client.get(path, name=name)

    def post_form(self, path: str, name: str, data: dict):
        """Post a form as the browser does: the CSRF token read from the form's own page."""
        form = self.client.get(path, name=f"{name} form")
        token = CSRF.search(form.text or "")
        if token is None:
            return None
        return self.client.post(path, name=name, allow_redirects=False,
                                data={"csrfmiddlewaretoken": token.group(1), **data})

    def a_person(self) -> int | None:
        if not self.people:
            found = self.page("/people/?name=", "people search")
            self.people = _ids(found.text or "", r'href="/people/(\d+)/"')
        return random.choice(self.people) if self.people else None

    @task(2)
    def home(self):
        self.page("/", "home")

    @task(1)
    def notifications(self):
        self.page("/notifications/", "notifications")
        self.client.get("/api/v1/notifications", name="API read")


class Leader(Person):
    weight = 30
    usernames = ("leader",)

    @task(3)
    def profile(self):
        self.page("/people/me/", "my profile")
        self.client.get("/api/v1/people/me", name="API read")

    @task(2)
    def my_talent(self):
        self.page("/talent/me/", "my talent")

    @task(4)
    def opportunities(self):
        found = self.page("/opportunities/", "opportunities")
        ids = _ids(found.text or "", r'href="/opportunities/(\d+)/"')
        if ids:
            chosen = random.choice(ids)
            self.page(f"/opportunities/{chosen}/", "opportunity")
            if random.random() < 0.3:
                self.post_form(f"/opportunities/{chosen}/interest/", "express interest",
                               {"statement": "I would like to learn from this team.",
                                "preference_rank": ""})


class LineManager(Person):
    weight = 15
    usernames = ("manager",)

    @task(3)
    def team(self):
        if (person := self.a_person()) is not None:
            self.page(f"/people/{person}/", "person page")
            self.page(f"/talent/people/{person}/", "person's talent")

    @task(1)
    def my_talent(self):
        self.page("/talent/me/", "my talent")


class TalentLead(Person):
    """Organisation and system talent leads: searches, person pages, the review grids."""

    weight = 20
    usernames = ("org.lead", "org.lead", "system.lead")
    tasks = {visit("/talent/search/?name=", "talent search"): 3,
             visit("/opportunities/runs/", "match runs"): 1}

    def on_start(self):
        super().on_start()
        found = self.page("/talent/reviews/", "talent reviews")
        self.reviews = _ids(found.text or "", r'href="/talent/reviews/(\d+)/"')

    @task(3)
    def search_people(self):
        band = random.choice(["8a", "8b", "8c", "8d", "9", ""])
        found = self.page(f"/people/?pay_band={band}", "people search")
        self.people = _ids(found.text or "", r'href="/people/(\d+)/"') or self.people

    @task(4)
    def person(self):
        if (person := self.a_person()) is not None:
            self.page(f"/people/{person}/", "person page")
            self.client.get(f"/api/v1/people/{person}", name="API read")

    @task(2)
    def review_grid(self):
        if self.reviews:
            self.page(f"/talent/reviews/{random.choice(self.reviews)}/", "review grid")



class SeniorLead(Person):
    """Regional and national talent leads: talent search, insights, opportunities."""

    weight = 10
    usernames = ("regional.lead", "national.lead")
    tasks = {visit("/talent/search/?name=", "talent search"): 3,
             visit("/insights/", "insights"): 2, visit("/opportunities/", "opportunities"): 1}


class Analyst(Person):
    weight = 8
    usernames = ("analyst",)

    @task(3)
    def insights(self):
        self.page(random.choice(["/insights/", "/insights/wres/", "/insights/progression/"]),
                  "insights")

    @task(1)
    def export(self):
        found = self.page("/insights/", "insights")
        links = re.findall(r'href="(/insights/export/[^"]+\.csv\?[^"]*)"', found.text or "")
        if links:
            self.page(html.unescape(random.choice(links)), "insights export")

    @task(2)
    def api(self):
        self.client.get("/api/v1/insights/pipeline?scope=region:Y62", name="API read")


class ProgrammeManager(Person):
    weight = 5
    usernames = ("programme.manager",)
    tasks = {visit("/programmes/", "programmes"): 2, visit("/mentoring/", "mentoring"): 1}


class Administrator(Person):
    weight = 4
    usernames = ("org.admin", "admin")

    @task(2)
    def users(self):
        self.page("/accounts/users/", "users")

    @task(1)
    def feeds(self):
        if self.username == "org.admin":
            self.page("/staff-record/", "leaders' feeds")
        else:
            self.page("/audit/", "audit trail")


class Trivial(HttpUser):
    """The trivial page, asked for steadily all through the run: the baseline every other kind
    of page is compared with."""

    fixed_count = 1
    wait_time = constant(0.5)

    @task
    def health(self):
        self.client.get("/healthz", name="trivial page")


class SignInBurst(HttpUser):
    """Fifty people signing in within five seconds, once, part-way through the run: each on a
    connection and from an address of their own, each signing in through the page."""

    fixed_count = 1  # idle when TALENTBRIDGE_LOAD_BURST is 0
    wait_time = constant(3600)
    usernames = ("leader", "manager", "org.lead", "system.lead", "analyst")

    @task
    def burst(self):
        if BURST_AT_SECONDS:
            gevent.sleep(BURST_AT_SECONDS)
        sign_ins = []
        for n in range(BURST_SIGN_INS):
            sign_ins.append(gevent.spawn(self._one, self.usernames[n % len(self.usernames)]))
            gevent.sleep(BURST_SECONDS / BURST_SIGN_INS)
        gevent.joinall(sign_ins)

    def _one(self, username: str) -> None:
        client = HttpSession(self.host, request_event=self.environment.events.request,
                             user=self)
        client.headers["X-Forwarded-For"] = _address()
        sign_in(client, username, name="sign-in (burst)")

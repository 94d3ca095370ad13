"""Every learning list runs as many queries with 100 rows as with 10: the leader's own log
(page and API), the entries shared with a mentor or line manager (page and API), whom one
entry is shared with, and the library of lessons (page, a search and the API) and the
lessons reported to administrators. Shares rest on running mentoring relationships, so a
check per share would show."""

from __future__ import annotations

import itertools

import pytest

from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import flat_test
from talentbridge.core.tests.queries import signed_in
from talentbridge.learning import lessons
from talentbridge.learning import services
from talentbridge.learning.models import ShareRoute
from talentbridge.learning.tests.factories import learning_world
from talentbridge.learning.tests.factories import mentor
from talentbridge.learning.tests.factories import write_entry
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


w = pytest.fixture(learning_world, name="w")


def _titles(text: str) -> int:
    return text.count("Entry number")


@pytest.mark.parametrize("path, marker", [("/learning/", _titles),
                                          ("/api/v1/learning/entries?limit=100", None)])
def test_my_log_stays_flat(client, w, path, marker):
    def add(n):
        for _ in range(n):
            write_entry(w.alice_person, title=f"Entry number {next(_numbers)}")
    assert_flat(signed_in(client, w.alice, path), path, add, row_marker=marker)


@adds_rows(_numbers)
def _shared_with_meg_and_mo(w, number):
    """``add_rows``: alice's entries, each shared with meg (her mentor) and mo (her line
    manager)."""
    entry = write_entry(w.alice_person, title=f"Entry number {number}")
    services.share_entry(w.alice, entry, person_id=w.meg_person.pk,
                         route=ShareRoute.MENTOR)
    services.share_entry(w.alice, entry, person_id=w.mo_person.pk,
                         route=ShareRoute.LINE_MANAGER)


test_entries_shared_with_me_stay_flat = flat_test(_shared_with_meg_and_mo, [
    ("meg", "/learning/shared-with-me/", _titles),
    ("mo", "/learning/shared-with-me/", _titles),
    ("meg", "/api/v1/learning/shared-with-me?limit=100", None),
])


def test_whom_an_entry_is_shared_with_stays_flat(client, w):
    def add(n):
        for _ in range(n):
            number = next(_numbers)
            reader = make_person(w.rj2, user=make_user(f"reader{number}"),
                                 given_name="Reader", family_name=f"Number{number}")
            mentor(w.alice_person, reader)
            services.share_entry(w.alice, w.entry, person_id=reader.pk,
                                 route=ShareRoute.MENTOR)
    path = f"/learning/entries/{w.entry.pk}/"
    assert_flat(signed_in(client, w.alice, path), path, add,
                row_marker=lambda text: text.count("Reader Number"))


@adds_rows(_numbers)
def _lessons(w, *, reported: bool = False, number):
    lesson = lessons.publish(w.alice, lessons.check_draft(
        w.alice, title=f"Lesson number {number}",
        text="Escalate rota gaps early", tags="rota, winter"))
    if reported:
        lessons.report(w.charlie, lesson, reason="It names the ward")


@pytest.mark.parametrize("path", ["/learning/lessons/", "/learning/lessons/?q=rota",
                                  "/api/v1/learning/lessons?q=rota&limit=100"])
def test_the_library_stays_flat(client, w, path):
    assert_flat(signed_in(client, w.charlie, path), path, _lessons(w),
                row_marker=None if path.startswith("/api/")
                else lambda text: text.count("Lesson number"))


def test_reported_lessons_stay_flat(client, w):
    path = "/learning/lessons/reported/"
    assert_flat(signed_in(client, w.admin, path), path, _lessons(w, reported=True),
                row_marker=lambda text: text.count("It names the ward"))

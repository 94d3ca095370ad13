"""Every programmes list runs as many queries with 100 rows as with 10: the programmes a
manager runs (page and API), a programme's cohorts, a cohort's applications (page and API)
and places, and a leader's open cohorts and applications (page and API). The programmes
are run for a system, so a per-row lookup of where a programme runs would show."""

from __future__ import annotations

import itertools

import pytest

from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import flat_test
from talentbridge.core.tests.queries import signed_in
from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.programmes import services
from talentbridge.programmes.models import Decision
from talentbridge.programmes.models import ProgrammeScope
from talentbridge.programmes.tests.factories import make_cohort
from talentbridge.programmes.tests.factories import make_programme
from talentbridge.programmes.tests.factories import programme_world

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


w = pytest.fixture(programme_world, name="w")


@adds_rows(_numbers)
def _programmes(w, number):
    make_programme(f"Programme {number}", scope_level=ProgrammeScope.SYSTEM,
                   system=w.system)


@pytest.mark.parametrize("path, marker", [
    ("/programmes/", lambda text: text.count(" – run for ")),
    ("/api/v1/programmes", None),
])
def test_the_programmes_a_manager_runs_stay_flat(client, w, path, marker):
    assert_flat(signed_in(client, w.pm, path), path, _programmes(w), row_marker=marker)


def test_a_programmes_cohorts_stay_flat(client, w):
    def add(n):
        for _ in range(n):
            make_cohort(w.programme, f"Cohort {next(_numbers)}")
    path = f"/programmes/{w.programme.pk}/"
    assert_flat(signed_in(client, w.pm, path), path, add,
                row_marker=lambda text: text.count("/programmes/cohorts/"))


@adds_rows(_numbers)
def _applicants(w, *, select: bool = False, number):
    """``add_rows``: leaders at RJ2 who apply to the cohort (and, with ``select``, are
    selected: the cohort's places grow to take them)."""
    user = make_user(f"applicant{number}")
    make_person(w.rj2, user=user, visibility=Visibility.SYSTEM)
    made = services.apply(user, w.cohort, statement="I lead urgent care in the system.")
    if select:
        w.cohort.places += 1
        w.cohort.save(update_fields=["places"])
        services.decide(w.pm, made, decision=Decision.SELECTED)


@pytest.mark.parametrize("path, marker", [
    ("/programmes/cohorts/{cohort}/", None),
    ("/api/v1/programmes/cohorts/{cohort}/applications", None),
])
def test_a_cohorts_applications_stay_flat(client, w, path, marker):
    path = path.format(cohort=w.cohort.pk)
    assert_flat(signed_in(client, w.pm, path), path, _applicants(w, select=True),
                row_marker=marker)


@adds_rows(_numbers)
def _open_cohorts_applied_to(w, number):
    """``add_rows``: open cohorts of system programmes, alice applying to each."""
    programme = make_programme(f"Programme {number}",
                               scope_level=ProgrammeScope.SYSTEM, system=w.system)
    make_cohort(programme, "Cohort 1")
    services.apply(w.alice, make_cohort(programme, "Cohort 2"), statement="Me, please.")


test_a_leaders_programmes_stay_flat = flat_test(_open_cohorts_applied_to, [
    ("alice", "/programmes/mine/", lambda text: text.count("/apply/") + text.count(
        "Cohort 2")),
    ("bob", "/programmes/mine/", lambda text: text.count("/nominate/")),
    ("alice", "/api/v1/programmes/me/applications", None),
])


def test_a_sessions_attendance_stays_flat(client, w):
    session = services.add_session(w.pm, w.cohort, title="Leading through change",
                                   held_on=w.cohort.starts_on)
    path = f"/programmes/sessions/{session.pk}/attendance/"
    assert_flat(signed_in(client, w.pm, path), path, _applicants(w, select=True),
                row_marker=lambda text: text.count('value="attended"'))


def test_the_people_a_talent_lead_may_nominate_stay_flat(client, w):
    """The nomination picker's suggestions (the first 20 matches)."""
    def add(n):
        for _ in range(n):
            make_person(w.rj1)
    path = f"/programmes/cohorts/{w.cohort.pk}/nominate/people/?q=Testperson"
    assert_flat(signed_in(client, w.bob, path), path, add,
                row_marker=lambda text: text.count("Testperson"))

"""Every board list runs as many queries with 100 rows as with 10: FPPT records (page,
download, API), the checklist's items, the submissions of a region and of one organisation
(page, download, API), delegates, and Board Member References held, requested of the board
and requested by it (page and API). Each row names a person, a post and an organisation,
so a lookup per row would show."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from talentbridge.board import fppt
from talentbridge.board import references
from talentbridge.board.models import BoardReference
from talentbridge.board.tests.factories import YEAR
from talentbridge.board.tests.factories import board_world
from talentbridge.board.tests.factories import member
from talentbridge.board.tests.factories import start_records
from talentbridge.core.tests.flat_rows import adds_rows
from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import signed_in
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.tests.factories import make_post

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
SECTIONS = {"roles_and_dates": "Non-executive director, 2022 to 2026", "investigations": "None",
            "fitness_concerns": "None", "settlement_agreements": "None", "grievances": "None",
            "other_information": ""}


w = pytest.fixture(board_world, name="w")


def _members(w):
    """``add_rows``: more non-executive directors at RJ1, each with the year's FPPT record."""
    def add(n):
        for _ in range(n):
            make_post(w.rj1, BoardPostKind.NON_EXECUTIVE, incumbent=make_person(w.rj1))
        start_records(w)
    return add


def _csv_lines(text: str) -> int:
    return len(text.strip().splitlines())


@pytest.mark.parametrize("path", [
    "/board/fppt/?organisation={rj1}&year={year}",
    "/board/submissions/RJ1/{year}/",
    "/api/v1/board/fppt?organisation=RJ1&year={year}&limit=100",
    "/api/v1/board/submissions/RJ1/{year}",
])
def test_fppt_records_stay_flat(client, w, path):
    path = path.format(rj1=w.rj1.pk, year=YEAR)
    marker = (lambda text: text.count('"person_id"')) if "/api/v1/board/sub" in path else None
    assert_flat(signed_in(client, w.chris, path), path, _members(w), row_marker=marker)


@pytest.mark.parametrize("path", [
    "/board/fppt/export.csv?organisation={rj1}&year={year}",
    "/board/submissions/RJ1/{year}/export.csv",
])
def test_fppt_downloads_stay_flat(client, w, path):
    client.force_login(w.chris)
    assert_flat(client, path.format(rj1=w.rj1.pk, year=YEAR), _members(w),
                row_marker=_csv_lines)


@adds_rows(_numbers)
def _organisations(w, number):
    """``add_rows``: more trusts in the region, each whose chair started the year's FPPT."""
    org = make_org(f"RZ{number}", w.system)
    chair, _, _ = member(org, f"chair{number}", "Chair", f"Number{number}",
                         BoardPostKind.CHAIR)
    make_post(org, BoardPostKind.FINANCE, incumbent=make_person(org))
    fppt.start_year(chair, org, year=YEAR, due_on=dt.date(YEAR, 12, 31))


@pytest.mark.parametrize("path", [f"/board/submissions/?year={YEAR}",
                                  f"/api/v1/board/submissions?year={YEAR}"])
def test_a_regions_submissions_stay_flat(client, w, path):
    assert_flat(signed_in(client, w.rhona, path), path, _organisations(w))


def test_the_checklist_items_stay_flat(client, w):
    def add(n):
        for _ in range(n):
            fppt.add_item(w.admin, name=f"Check number {next(_numbers)}")
    client.force_login(w.admin)
    assert_flat(client, "/board/fppt/items/", add,
                row_marker=lambda text: text.count('name="toggle"'))


def test_delegates_stay_flat(client, w):
    def add(n):
        for _ in range(n):
            fppt.name_delegate(w.chris, w.rj1, username=make_user(f"d{next(_numbers)}").username)
    client.force_login(w.chris)
    assert_flat(client, "/board/delegates/RJ1/", add,
                row_marker=lambda text: text.count('name="remove"'))


def _references(w, *, requested: bool):
    """``add_rows``: members who left RJ1's board, their references completed; with
    ``requested``, each asked for by RX1's chair."""
    def add(n):
        for _ in range(n):
            person = make_person(w.rj1)
            post = make_post(w.rj1, BoardPostKind.NON_EXECUTIVE, incumbent=person)
            post.incumbent = None
            post.save()
            made = BoardReference.unscoped.get(person=person)
            references.complete(w.petra, made, declaration=True, **SECTIONS)
            if requested:
                references.request_reference(w.rex, work_email=person.work_email,
                                             requesting_organisation_id=w.rx1.pk)
    return add


@pytest.mark.parametrize("user, path", [
    ("petra", "/board/references/"),
    ("rex", "/board/references/"),
    ("petra", "/api/v1/board/references?limit=100"),
    ("petra", "/api/v1/board/reference-requests/incoming"),
])
def test_references_stay_flat(client, w, user, path):
    assert_flat(signed_in(client, getattr(w, user), path), path,
                _references(w, requested=True))

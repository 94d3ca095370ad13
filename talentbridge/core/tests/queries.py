"""Checking that a list page or list endpoint runs a number of queries that does not grow
with the length of its list: count the queries of one request with 10 rows, add 90 more,
and count again.

    def test_the_list_stays_flat(client, world):
        client.force_login(world.admin)
        assert_flat(client, "/people/", add_rows=lambda n: make_people(world, n))

``add_rows(n)`` adds ``n`` rows the signed-in user can see on that page (the first call adds
10, the second 90 more). The page must show them (``expect_rows``), so a page that shows
nothing cannot pass by accident.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Sequence

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .signing_in import api_as


def signed_in(client, user, path: str):
    """``client`` signed in as ``user`` the way ``path`` is reached: a session for a page,
    a bearer token for the API (``/api/...``)."""
    if path.startswith("/api/"):
        return api_as(client, user)
    client.force_login(user)
    return client


def count_queries(client, path: str, *, expect_status: int = 200) -> tuple[int, str]:
    """The number of queries one GET of ``path`` runs, and the response's text."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == expect_status, (path, response.status_code)
    return len(queries.captured_queries), response.content.decode()


def assert_flat(client, path: str, add_rows: Callable[[int], object], *,
                row_marker: Callable[[str], int] | None = None,
                expect_rows: tuple[int, int] | None = None) -> tuple[int, int]:
    """Assert GET ``path`` runs as many queries with 100 rows as with 10.

    ``row_marker(text)`` counts the rows a response shows (default: table rows, or for JSON
    the items); ``expect_rows`` is what it must count after 10 and after 100 rows (default:
    more after 100 than after 10, so the new rows were really listed). Returns both counts of
    queries (equal).
    """
    marker = row_marker or _rows
    add_rows(10)
    count_queries(client, path)  # warm per-process caches (content types, settings)
    few, text_few = count_queries(client, path)
    add_rows(90)
    many, text_many = count_queries(client, path)
    shown = marker(text_few), marker(text_many)
    if expect_rows is not None:
        assert shown == expect_rows, f"{path} showed {shown} rows, expected {expect_rows}"
    else:
        assert shown[1] > shown[0], f"{path} showed {shown[0]} then {shown[1]} rows"
    assert many == few, f"{path}: {few} queries with 10 rows, {many} with 100"
    return few, many


def flat_test(make_rows: Callable[[object], Callable[[int], object]],
              cases: Sequence[tuple[str, str, Callable[[str], int] | None]], *,
              path_args: Callable[[object], dict] = lambda w: {}) -> Callable:
    """A test, run for each ``(who, path, row_marker)`` of ``cases``, that ``path`` stays flat
    (`assert_flat`) for the world's user ``w.<who>``, signed in the way the path is reached
    (`signed_in`), as ``make_rows(w)`` adds rows. ``path`` is formatted with ``path_args(w)``
    (the ids of the world's records it names).

    A module makes its test with ``test_... = flat_test(...)``: pytest collects it under that
    name, and the module's ``w`` fixture serves it.
    """
    @pytest.mark.parametrize(("who", "path", "marker"), cases)
    def test_stays_flat(client, w, who, path, marker):
        path = path.format(**path_args(w))
        assert_flat(signed_in(client, getattr(w, who), path), path, make_rows(w),
                    row_marker=marker)

    return test_stays_flat


def counting(text: str) -> Callable[[str], int]:
    """A ``row_marker`` that counts a piece of text each row shows (a name, a link, ``"id"``
    in a picker's JSON), for lists that are not tables."""
    return lambda page: page.count(text)


def _rows(text: str) -> int:
    if text.lstrip().startswith(("{", "[")):
        data = json.loads(text)
        items = data.get("items", data) if isinstance(data, dict) else data
        return len(items)
    return text.count('<tr class="nhsuk-table__row"')

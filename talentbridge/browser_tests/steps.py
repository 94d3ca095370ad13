"""Steps the browser tests share (Playwright, a page and the `axe_check` accessibility baseline).

The browser, context, page, sign-in (`sign_in_as`) and axe fixtures are the shared ones in
talentbridge/conftest.py; the steps here are plain functions that take what they use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

#: Run a test twice: with JavaScript, and without it (plain forms and links only).
with_and_without_javascript = pytest.mark.parametrize(
    "javascript", [True, False], ids=["with-js", "without-js"])


def as_user(page: Page, sign_in_as: Callable, user) -> None:
    """Sign in as ``user`` afresh: the previous user's cookies are cleared first."""
    page.context.clear_cookies()
    sign_in_as(user)


def open_from_menu(page: Page, item: str) -> None:
    """From the home page, follow ``item`` in the header's Menu."""
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=item).click()


def open_page(page: Page, axe_check: Callable, path: str, link: str, heading: str) -> None:
    """Go to ``path``, follow its ``link`` and see the page called ``heading``, which meets
    the accessibility baseline."""
    page.goto(path)
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    axe_check(page)


def fill_date(page: Page, day: dt.date) -> None:
    """Type ``day`` into a date input's Day, Month and Year boxes."""
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def submit(page: Page, axe_check: Callable, button: str, confirmation: str) -> None:
    """Check the filled-in form meets the baseline, press ``button`` and see
    ``confirmation``."""
    axe_check(page)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(confirmation)).to_be_visible()

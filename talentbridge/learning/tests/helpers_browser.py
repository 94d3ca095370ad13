"""The learning log's steps in a real browser, shared by its own browser test and the
development journey (talentbridge/browser_tests): writing an entry from My profile, sharing it
with a mentor, and the mentor reading it under "Shared with me"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from playwright.sync_api import Page
from playwright.sync_api import expect

from talentbridge.browser_tests.steps import fill_date
from talentbridge.browser_tests.steps import submit


def write_an_entry(page: Page, axe_check: Callable, *, title: str, happened_on: dt.date,
                   what_happened: str, what_i_learnt: str) -> None:
    """From My profile, open the learning log, write an entry and save it."""
    page.goto("/people/me/")
    page.get_by_role("link", name="Learning log").first.click()
    expect(page.get_by_text("Only you can read your entries")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Write an entry").click()
    page.get_by_label("Title (optional)").fill(title)
    fill_date(page, happened_on)
    page.get_by_label("What happened").fill(what_happened)
    page.get_by_label("What I learnt").fill(what_i_learnt)
    submit(page, axe_check, "Save my entry", "Your entry has been saved. Only you can read it.")
    axe_check(page)


def share_with_mentor(page: Page, axe_check: Callable, mentor: str) -> None:
    """On the entry just saved, share it with ``mentor`` (their full name)."""
    page.get_by_role("link", name="Share this entry with my mentor, coach or line manager").click()
    page.get_by_role("radio", name=f"{mentor}, your mentor").check()
    submit(page, axe_check, "Share the entry", f"{mentor} can now read this entry")


def read_shared_entry(page: Page, axe_check: Callable, *, title: str, text: str,
                      author: str) -> None:
    """Under "Shared with me", open the entry called ``title`` and read ``text``, shared by
    ``author`` (their full name)."""
    page.goto("/learning/shared-with-me/")
    axe_check(page)
    page.get_by_role("link", name=title).click()
    expect(page.get_by_text(text)).to_be_visible()
    expect(page.get_by_text(f"Reflection shared with you by {author}")).to_be_visible()
    axe_check(page)

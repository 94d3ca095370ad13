"""Paging for lists of results: the NHS pagination component's links, and the line that says
how many results there are. Every app's list pages use these: `paginate` for a whole list
page, or `page_links` and `results_text` on a page of their own.

No list page stops silently at a fixed number of rows: it shows a page and links to the next
(`talentbridge/tests/test_no_silent_cap.py` checks for fixed slices of queries)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page
from django.core.paginator import Paginator
from django.utils.http import urlencode


def page_links(page, query: dict, param: str = "page") -> dict:
    """Params for the NHS pagination component, keeping the search (lists too) in the links;
    empty search fields are left out. ``param`` names the page number in the address (a page
    with two lists pages each with its own)."""

    def href(number: int) -> str:
        kept = {k: v for k, v in query.items() if v not in ("", [], None) and k != param}
        return "?" + urlencode({**kept, param: number}, doseq=True)

    params: dict = {}
    total = page.paginator.num_pages
    if page.has_previous():
        number = page.previous_page_number()
        params["previous"] = {"href": href(number), "labelText": f"Page {number} of {total}"}
    if page.has_next():
        number = page.next_page_number()
        params["next"] = {"href": href(number), "labelText": f"Page {number} of {total}"}
    return params


def results_text(page, singular: str = "person", plural: str = "people") -> str:
    """ "No people found", "3 people found" or "Showing 21 to 40 of 95 people"."""
    count = page.paginator.count
    if count == 0:
        return f"No {plural} found"
    if page.paginator.num_pages == 1:
        return f"{count} {singular if count == 1 else plural} found"
    return f"Showing {page.start_index()} to {page.end_index()} of {count} {plural}"


@dataclass(frozen=True)
class Paged:
    """One page of a list, with what the template shows around it: iterate it for the rows,
    ``results_text`` above them and ``pagination`` (for ``pagination_links``) below."""

    page: Page
    results_text: str
    pagination: dict

    def __iter__(self):
        return iter(self.page)

    def __len__(self) -> int:
        return len(self.page)

    def __bool__(self) -> bool:
        return self.page.paginator.count > 0


def paginate(request, items, per_page: int, singular: str = "person", plural: str = "people",
             *, param: str = "page") -> Paged:
    """Page ``items`` (a queryset, already limited to what the user may see, or a list) by
    ``?page=N`` (or ``?<param>=N``), keeping the address's other parameters in the links. A
    page number that is not a number shows the first page; one past the end, the last."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    query = {key: request.GET.getlist(key) for key in request.GET}
    return Paged(page, results_text(page, singular, plural), page_links(page, query, param))

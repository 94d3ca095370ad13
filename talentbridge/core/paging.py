"""Paging for lists of results: the NHS pagination component's links, and the line that says
how many results there are. Every app's list pages use these."""

from __future__ import annotations

from django.utils.http import urlencode


def page_links(page, query: dict) -> dict:
    """Params for the NHS pagination component, keeping the search (lists too) in the links;
    empty search fields are left out."""

    def href(number: int) -> str:
        kept = {k: v for k, v in query.items() if v not in ("", [], None)}
        return "?" + urlencode({**kept, "page": number}, doseq=True)

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

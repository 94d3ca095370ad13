"""Checking a paged list page as a user reads it: "Showing 1 to N of Z", a link to the next
page, and the next page showing the rest (`talentbridge.core.paging.paginate`)."""

from __future__ import annotations

import html
import re


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def two_pages(client, path: str, total: int, plural: str, per_page: int = 2,
              param: str = "page") -> tuple[str, str]:
    """The text of the first and second pages of a list of ``total`` rows (over one page and
    at most two), after checking what each says it shows and that the first links to the
    second (keeping the address's other parameters)."""
    first = client.get(path)
    text = _text(first)
    assert f"Showing 1 to {per_page} of {total} {plural}" in text, text
    joiner = "&" if "?" in path else "?"
    kept = path.split("?", 1)[1] if "?" in path else ""
    links = re.findall(r'href="(\?[^"]*)"', first.content.decode())
    nexts = [html.unescape(link) for link in links if f"{param}=2" in link]
    assert nexts, f"no link to page 2 by {param} on {path}"
    for part in filter(None, kept.split("&")):
        assert part in nexts[0], (part, nexts[0])
    second = _text(client.get(f"{path}{joiner}{param}=2"))
    assert f"Showing {per_page + 1} to {total} of {total} {plural}" in second, second
    return text, second

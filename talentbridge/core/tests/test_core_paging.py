"""`paginate`: a page of any list with "Showing X to Y of Z" and links that keep the search."""

from __future__ import annotations

from django.test import RequestFactory

from talentbridge.core.paging import paginate


def _get(query: str):
    return RequestFactory().get("/opportunities/" + query)


def test_a_page_says_what_it_shows_and_links_keep_the_other_parameters():
    paged = paginate(_get("?words=nurse&kind=a&kind=b&page=2"), list(range(5)), 2,
                     "opportunity", "opportunities")
    assert list(paged) == [2, 3] and len(paged) == 2 and paged
    assert paged.results_text == "Showing 3 to 4 of 5 opportunities"
    assert paged.pagination["previous"] == {
        "href": "?words=nurse&kind=a&kind=b&page=1", "labelText": "Page 1 of 3"}
    assert paged.pagination["next"]["href"] == "?words=nurse&kind=a&kind=b&page=3"


def test_each_list_of_a_page_has_its_own_page_number():
    paged = paginate(_get("?page=3&involving_page=2"), list(range(5)), 2, param="involving_page")
    assert list(paged) == [2, 3]
    assert paged.pagination["next"]["href"] == "?page=3&involving_page=3"


def test_a_bad_page_number_shows_the_first_page_and_one_past_the_end_the_last():
    assert list(paginate(_get("?page=abc"), list(range(5)), 2)) == [0, 1]
    assert list(paginate(_get("?page=99"), list(range(5)), 2)) == [4]


def test_one_page_and_none():
    assert paginate(_get(""), [1], 2, "run", "runs").results_text == "1 run found"
    empty = paginate(_get(""), [], 2, "run", "runs")
    assert empty.results_text == "No runs found" and not empty and empty.pagination == {}

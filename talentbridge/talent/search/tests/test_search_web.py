"""The talent search page: a GET form that works without JavaScript, paged results, errors in
the NHS error summary naming the value, nothing individual for people who may not search, and a
number of queries that does not grow with the number of results."""

import pytest

from talentbridge.core.tests.test_core_layout import assert_csp_safe
from talentbridge.core.tests.test_core_layout import header_nonce
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models.conversations import domains_to_mask


@pytest.fixture
def w(db):
    return conversation_world()


def _people(w, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        person = make_person(w.rj1, given_name=f"Pat{i:03d}", family_name=f"Search{i:03d}")
        TalentProfile.objects.create(person=person, readiness=w.readiness["ready_now"],
                                     aspiration_role="Chief Executive",
                                     strength_mask=domains_to_mask([1, 2]),
                                     development_need_mask=domains_to_mask([4]))


def test_search_by_form_and_page_through(client, w):
    _people(w, 55)
    client.force_login(w.bob)
    page = client.get("/talent/search/")
    assert page.status_code == 200 and "Talent search" in page_text(page)
    query = {"readiness": str(w.readiness["ready_now"].pk), "strengths": ["1", "2"],
             "development_needs": "4", "aspiration": "chief", "organisation": "rj1"}
    response = client.get("/talent/search/", query)
    assert_csp_safe(response.content.decode(), header_nonce(response))
    text = page_text(response)
    assert "Showing 1 to 50 of 55 people" in text
    assert "Pat000 Search000" in text and "Pat050" not in text
    html = response.content.decode()
    assert "strengths=1&amp;strengths=2" in html  # the next page keeps both strengths
    second = client.get("/talent/search/", {**query, "page": "2"})
    assert "Showing 51 to 55 of 55 people" in page_text(second)


def test_results_name_strengths_and_needs_in_words_not_numbers(client, w):
    _people(w, 1)
    client.force_login(w.bob)
    response = client.get("/talent/search/", {"aspiration": "chief"})
    row = response.content.decode().split("Pat000 Search000")[1].split("</tr>")[0]
    assert "Outcomes; Strategy" in row and "Governance" in row
    assert "1, 2" not in row and ">4<" not in row


def test_the_organisation_is_found_by_part_of_its_name(client, w):
    """Organisations are chosen with a picker: "trust" matches several, so the page asks
    which; the chosen one (organisation_id) filters the search."""
    _people(w, 2)
    client.force_login(w.bob)
    response = client.get("/talent/search/", {"organisation": "trust"})
    assert response.status_code == 400
    assert 'Choose organisation from the matches for "trust"' in error_summary(response)
    assert w.rj1.display_name in page_text(response)
    response = client.get("/talent/search/", {"organisation": "trust",
                                              "organisation_id": str(w.rj1.pk)})
    assert "Pat000 Search000" in page_text(response)
    assert f'name="organisation_id" id="id_organisation_id" value="{w.rj1.pk}"' in (
        response.content.decode())  # kept for the next page


def test_bad_filters_show_the_error_summary(client, w):
    client.force_login(w.bob)
    response = client.get("/talent/search/", {"organisation": "ZZ9", "strengths": "7"})
    assert response.status_code == 400
    summary = error_summary(response)
    assert 'No organisation you can choose for organisation matches "ZZ9"' in summary
    assert '"7" is not one of the options' in summary


def test_people_who_may_not_search_get_nothing(client, w):
    _people(w, 3)
    for user in (w.alice, w.analyst, w.charlie):
        client.force_login(user)
        response = client.get("/talent/search/", {"aspiration": "chief"})
        text = page_text(response)
        assert "Talent search is for line managers, talent leads and administrators" in text
        assert "Pat000" not in text


def test_the_number_of_queries_does_not_grow_with_the_results(client, w,
                                                              django_assert_max_num_queries):
    client.force_login(w.bob)
    query = {"readiness": str(w.readiness["ready_now"].pk), "aspiration": "chief",
             "pay_band": "8d"}
    _people(w, 2)
    client.get("/talent/search/", query)  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/talent/search/", query)
    _people(w, 40, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/talent/search/", query)
    assert "42 people found" in page_text(response)

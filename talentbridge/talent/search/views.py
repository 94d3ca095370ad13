"""Talent search page: an NHS form sent by GET (bookmarkable, works without JavaScript) and a
page of 50 results at a time. The service scopes everything to the people the user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from talentbridge.audit.services import record_read
from talentbridge.core.paging import page_links
from talentbridge.core.paging import results_text
from talentbridge.talent.conversations import policy
from talentbridge.talent.conversations import presenters
from talentbridge.talent.conversations.forms import TalentSearchForm
from talentbridge.talent.search import services as search_services

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    may_search = policy.can_search_talent(request.user)
    form = TalentSearchForm(request.GET)
    context = {"form": form, "searched": False, "may_search": may_search}
    if not may_search or not request.GET or not form.is_valid():
        status = 400 if request.GET and form.errors else 200
        return render(request, "talent/search/search.jinja", context, status=status)
    people = search_services.search_talent(request.user, form.search(), request=request)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(actor=request.user, request=request, target_type="talent.talentprofile",
                people=page, what="search results", detail={"page": page.number})
    context.update({
        "searched": True,
        "rows": presenters.talent_rows(page),
        "results_text": results_text(page),
        "pagination": page_links(page, _query(request)),
    })
    return render(request, "talent/search/search.jinja", context)


def _query(request: HttpRequest) -> dict:
    """The search as it was sent (lists kept), for the pagination links."""
    return {k: v for k, v in request.GET.lists() if k != "page"}

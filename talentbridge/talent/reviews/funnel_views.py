"""The fairness funnel pages of a talent pool and a talent review (funnels.py): the same
engine and the same tables and charts as development programmes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from engine.insights.funnel_tables import funnel_tables
from talentbridge.talent.reviews import funnels
from talentbridge.talent.reviews import policy
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews import services as review_services

POOL_TEXT = ("Nominations decided in each quarter join the figures once the quarter has "
             "ended; members join the last stage when a year after their joining has passed.")
REVIEW_TEXT = ("Shown once the review is locked. The top cells are the three nearest the top "
               "right of the grid; before calibration is where each person was first placed.")


@login_required
@require_GET
def pool_funnel(request: HttpRequest, pk: int) -> HttpResponse:
    pool = pool_services.get_pool(request.user, pk)
    if not policy.can_view_composition(request.user, pool):
        raise Http404("No such pool")
    figures = funnels.pool_funnel(request.user, pool, request=request)
    return render(request, "talent/reviews/funnel.jinja", {
        "name": pool.name, "what": "Talent pool", "explanation": POOL_TEXT,
        "back": reverse("talent:pool", args=[pool.pk]), "tables": funnel_tables(figures)})


@login_required
@require_GET
def review_funnel(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_services.get_review(request.user, pk, audit=False)
    try:
        figures = funnels.review_funnel(request.user, review, request=request)
    except PermissionDenied:
        raise Http404("No such review") from None
    return render(request, "talent/reviews/funnel.jinja", {
        "name": review.name, "what": "Talent review", "explanation": REVIEW_TEXT,
        "back": reverse("talent:review", args=[review.pk]), "tables": funnel_tables(figures)})

"""Generic pages: start page, accessibility statement and error pages.

The project URLconf should point Django's error handlers here::

    handler403 = "talentbridge.core.views.permission_denied"
    handler404 = "talentbridge.core.views.page_not_found"
    handler500 = "talentbridge.core.views.server_error"
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.jinja")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.jinja")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.jinja", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.jinja", status=404)


_FALLBACK_500 = (
    "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
    "<title>Sorry, there is a problem with the service – TalentBridge – NHS</title></head>"
    "<body><h1>Sorry, there is a problem with the service</h1>"
    "<p>Try again later.</p></body></html>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the NHS styled 500 page without touching the database (no user or
    navigation in the header); fall back to plain HTML if even that fails."""
    try:
        html = render_to_string("500.jinja", {"hide_navigation": True}, request=request)
    except Exception:  # the page that reports errors must not raise one itself
        logger.exception("Could not render the 500 page")
        html = _FALLBACK_500
    return HttpResponseServerError(html)

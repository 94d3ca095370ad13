"""Generic pages (start page, accessibility statement, error pages) and the helpers every
app's pages use to make a change: `save_form` for a posted form, `carry_out` for a button.

The project URLconf should point Django's error handlers here::

    handler403 = "talentbridge.core.views.permission_denied"
    handler404 = "talentbridge.core.views.page_not_found"
    handler500 = "talentbridge.core.views.server_error"
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from talentbridge.core import work
from talentbridge.core.forms import add_service_errors
from talentbridge.core.waiting import mark_looked

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.jinja")


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """`/healthz`: the web process is up and answering. No database, cache or template work,
    so a load balancer's check costs nothing, a database blip does not take every web process
    out of service at once, and the load test (talentbridge/loadtest) has a trivial page to
    compare every other page with."""
    return HttpResponse("ok", content_type="text/plain")


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


# --------------------------------------------------------------------------------------
# Making a change from a page
# --------------------------------------------------------------------------------------

#: The success message, or a function of what the service returned that gives it.
Success = str | Callable[[Any], str]


@dataclass(frozen=True)
class Saved:
    """A change that was made; `value` is what the service returned (e.g. the new record)."""

    value: Any


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file that the browser saves under ``filename`` rather than shows."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def open_work_list(request: HttpRequest, page: str) -> None:
    """Before the list ``page`` of background work (imports, feeds) is shown: work whose
    worker died is marked failed (to retry), and the user has now looked at the page, so its
    finished work leaves their home page."""
    work.sweep_quietly()
    mark_looked(request.user, page)


def only_for(allowed: Callable[[Any], bool], refusal: str):
    """A page only for the users ``allowed(user)`` holds for; anyone else is refused (403,
    saying ``refusal``) before the view runs."""
    def wrap(view):
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            refuse_unless(allowed(request.user), refusal)
            return view(request, *args, **kwargs)
        return checked
    return wrap


def refuse_unless(allowed: bool, refusal: str) -> None:
    """A page's check once it has the record it is about: unless ``allowed``, the user is
    refused (403, saying ``refusal``). See only_for for a check that needs only the user."""
    if not allowed:
        raise PermissionDenied(refusal)


def found_or_404(found: Any, message: str) -> Any:
    """``found``, unless it is None (nothing the user may see): then a 404 saying ``message``."""
    if found is None:
        raise Http404(message)
    return found


def form_status(form) -> int:
    """400 for a page showing a posted form's errors, else 200."""
    return 400 if form.is_bound and form.errors else 200


def _say_success(request: HttpRequest, success: Success, value: Any) -> Saved:
    messages.success(request, success(value) if callable(success) else success)
    return Saved(value)


def save_form(request: HttpRequest, form, change: Callable[[dict], Any], success: Success,
              fields: dict[str, str] | None = None) -> Saved | None:
    """Make the change a posted, valid form asks for: ``change(form.cleaned_data)``.

    A service's refusal (ValidationError, nothing changed) goes on the form's fields, renamed
    through ``fields`` where the service's name differs, and None comes back so that the page
    shows the form again; a change that was made shows ``success`` and comes back as Saved.
    """
    if not (form.is_bound and form.is_valid()):
        return None
    try:
        value = change(form.cleaned_data)
    except ValidationError as error:
        if hasattr(form, "add_service_errors"):  # a form that places its own fields' errors
            form.add_service_errors(error)
        else:
            add_service_errors(form, error, fields)
        return None
    return _say_success(request, success, value)


def carry_out(request: HttpRequest, change: Callable[[], Any], success: Success, *,
              one_banner: bool = False) -> Saved | None:
    """Make a change asked for by a button: a service's refusal becomes error messages (one
    banner for all of them with ``one_banner``) and None comes back; a change that was made
    shows ``success`` and comes back as Saved."""
    try:
        value = change()
    except ValidationError as error:
        for message in [" ".join(error.messages)] if one_banner else error.messages:
            messages.error(request, message)
        return None
    return _say_success(request, success, value)
